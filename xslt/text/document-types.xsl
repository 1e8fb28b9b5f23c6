<?xml version="1.0" encoding="UTF-8"?>
<!-- The letters a header describes, in the plain-text edition: one letter in the title block, a CMIF file's list after the text. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:function name="d:correspondence-lines" as="xs:string*">
    <xsl:if test="count($d:corresp-descs) eq 1">
      <xsl:sequence select="$d:corresp-descs/tei:correspAction ! (d:corresp-action-label(.) || ': ' || d:corresp-action-text(.))"/>
    </xsl:if>
  </xsl:function>

  <xsl:function name="d:letters-lines" as="xs:string*">
    <xsl:if test="count($d:corresp-descs) gt 1">
      <xsl:sequence select="'', 'LETTERS (' || count($d:corresp-descs) || ')', ''"/>
      <xsl:for-each select="$d:corresp-descs">
        <xsl:sequence select="position() || '. ' || d:corresp-action-text(tei:correspAction[@type = 'sent'][1])
          || ' → ' || d:corresp-action-text(tei:correspAction[@type = 'received'][1])
          || ((@source, @ref)[1] ! (' [' || normalize-space(.) || ']'), '')[1]"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:function>
</xsl:stylesheet>
