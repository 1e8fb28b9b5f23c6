<?xml version="1.0" encoding="UTF-8"?>
<!--
  The print page ($print = true()): what the PDF edition needs, made here rather than by script in
  the browser. Paragraph numbers move to the margin (data-print-n, placed by print.css); a register
  entry cites the paragraphs of its mentions ("¶ 3"), each paragraph once; the header becomes the
  title page and the registers the end matter; the arrows of the screen page, which no embedded
  font has, become marks the fonts have.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:variable name="d:print-arrows" as="map(xs:string, xs:string)" select="map{'←': '‹', '→': '›', '↑': '^', '↓': 'v', '↔': '–'}"/>

  <!-- An arrow of the page's furniture, or in print its stand-in. -->
  <xsl:function name="d:arrow" as="xs:string">
    <xsl:param name="arrow" as="xs:string"/>
    <xsl:sequence select="if ($print) then ($d:print-arrows($arrow), $arrow)[1] else $arrow"/>
  </xsl:function>

  <!-- Where a mention or date stands, as print cites it: the margin number of its paragraph. -->
  <xsl:function name="d:print-label" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="numbered" select="$node/ancestor-or-self::*[self::tei:p or self::tei:ab][@n][1]"/>
    <xsl:sequence select="
      if ($numbered) then '¶&#xA0;' || normalize-space($numbered/@n)
      else replace(d:place-label($node), '^↑$', '^')"/>
  </xsl:function>

  <!-- Back-links from a register line to the places in the text; in print, one per paragraph. -->
  <xsl:template name="d:backlinks">
    <xsl:param name="targets" as="element()*"/>
    <xsl:choose>
      <xsl:when test="$print">
        <xsl:for-each-group select="$targets" group-by="d:print-label(.)">
          <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
          <a class="backlink diwan-print-backlink" href="#{(d:mention-id(.), d:date-id(.))[1]}" dir="ltr"><xsl:value-of select="current-grouping-key()"/></a>
        </xsl:for-each-group>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$targets">
          <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
          <a class="backlink" href="#{(d:mention-id(.), d:date-id(.))[1]}">↑ <xsl:value-of select="d:place-label(.)"/></a>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
