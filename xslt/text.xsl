<?xml version="1.0" encoding="UTF-8"?>
<!-- Plain-text edition: title block (with the legend of signs), ====, the text portion, ====, notes, apparatus, readings, registers and dates. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:import href="common/classes.xsl"/>
  <xsl:import href="common/language.xsl"/>
  <xsl:import href="common/pointers.xsl"/>
  <xsl:import href="common/names-dates.xsl"/>
  <xsl:import href="common/counters.xsl"/>
  <xsl:import href="common/text-structure.xsl"/>
  <xsl:import href="common/metadata.xsl"/>
  <xsl:import href="common/editorial.xsl"/>
  <xsl:import href="common/document-types.xsl"/>
  <xsl:import href="common/register-entries.xsl"/>
  <xsl:import href="text/registers.xsl"/>
  <xsl:import href="text/editorial.xsl"/>
  <xsl:import href="text/document-types.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="rule" select="string-join((1 to 72) ! '=', '')"/>

  <xsl:template match="/">
    <xsl:value-of select="string-join((
      d:title-block(),
      d:correspondence-lines(),
      d:legend-lines(),
      $rule,
      '',
      d:text-portion(.),
      '',
      $rule,
      d:editorial-lines(),
      d:letters-lines(),
      d:register-lines(),
      d:colophon-lines()), '&#10;') || '&#10;'"/>
  </xsl:template>

  <!-- The suggested citations in Chicago, MLA and APA (src/cite), one line each; none when not given. -->
  <xsl:param name="cite-lines" as="xs:string*" select="()"/>

  <xsl:function name="d:title-block" as="xs:string*">
    <xsl:sequence select="
      $d:main-title,
      $d:titles ! normalize-space(.)[. ne $d:main-title],
      for $i in 1 to count($d:source-bibls) return let $b := $d:source-bibls[$i] return (
        'Source' || (if (count($d:source-bibls) gt 1) then ' ' || $i || ($b/@type[normalize-space()] ! (' (' || lower-case(d:label(.)) || ')'), '')[1] else '') || ':',
        d:bibl-parts($b) ! d:part-lines(.)),
      $d:resp-lines ! ('Edited: ' || .),
      $d:titleStmt/tei:editor ! ('Editor: ' || d:names-text(.)),
      ($d:licence-text ! ('Licence: ' || . || ($d:licence-url[. ne $d:licence-text] ! (' &lt;' || . || '&gt;'), '')[1])),
      'Cite as: ' || string-join($d:cite-segments ! string-join(?* ! d:isolated(?text, ?lang), ''), ', ') || '.',
      if ($d:edition-url and $d:sample-anchor) then 'Cite a paragraph: ' || $d:edition-url || '#' || $d:sample-anchor
      else $d:sample-anchor ! ('Cite a paragraph: the edition''s address followed by #' || . || ' (its anchor in the HTML edition)'),
      $cite-lines"/>
  </xsl:function>

  <!--
    The colophon closes the edition under a rule of 72 "-": after the closing "=" rule, so the
    text portion (textPortion in src/transform/text.ts) stays exactly what it was.
  -->
  <xsl:function name="d:colophon-lines" as="xs:string*">
    <xsl:sequence select="'', string-join((1 to 72) ! '-', ''), 'COLOPHON', '', $d:colophon ! (?1 || ': ' || ?2)"/>
  </xsl:function>

  <!-- One labelled, indented line per part; a URL keeps its encoded (copyable) form, the readable one follows. -->
  <xsl:function name="d:part-lines" as="xs:string*">
    <xsl:param name="part" as="map(*)"/>
    <xsl:variable name="value" select="d:part-text($part, true())"/>
    <xsl:sequence select="
      ('  ' || $part?label || ': ' || $value)[normalize-space($value)],
      if ($part?kind = 'url') then d:readable-url($part?url)[. ne $part?url] ! ('  URL (readable): ' || .) else ()"/>
  </xsl:function>

</xsl:stylesheet>
