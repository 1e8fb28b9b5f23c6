<?xml version="1.0" encoding="UTF-8"?>
<!-- Plain-text edition: title block, ====, the text portion, ====, registers and dates. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:include href="common/language.xsl"/>
  <xsl:include href="common/pointers.xsl"/>
  <xsl:include href="common/names-dates.xsl"/>
  <xsl:include href="common/text-structure.xsl"/>
  <xsl:include href="common/metadata.xsl"/>
  <xsl:include href="text/registers.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="rule" select="string-join((1 to 72) ! '=', '')"/>

  <xsl:template match="/">
    <xsl:value-of select="string-join((
      d:title-block(),
      $rule,
      '',
      d:text-portion(.),
      '',
      $rule,
      d:register-lines()), '&#10;') || '&#10;'"/>
  </xsl:template>

  <xsl:function name="d:title-block" as="xs:string*">
    <xsl:sequence select="
      $d:main-title,
      $d:titles ! normalize-space(.)[. ne $d:main-title],
      $d:source-bibls ! ('Source: ' || normalize-space(string-join(.//text()[not(ancestor::tei:note)], ''))),
      $d:resp-lines ! ('Edited: ' || .),
      $d:titleStmt/tei:editor ! ('Editor: ' || d:name-string(.)),
      ($d:licence-text ! ('Licence: ' || . || ($d:licence-url[. ne $d:licence-text] ! (' &lt;' || . || '&gt;'), '')[1])),
      'Cite as: ' || $d:cite-line,
      if ($d:edition-url and $d:sample-anchor) then 'Cite a paragraph: ' || $d:edition-url || '#' || $d:sample-anchor else ()"/>
  </xsl:function>
</xsl:stylesheet>
