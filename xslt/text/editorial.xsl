<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editorial layer of the plain-text edition, after the text portion (which stays the text
  alone, so that it can be compared with the source): the notes, numbered as in the HTML edition;
  the apparatus, lettered as in the HTML edition; the other reading of every choice. The legend
  of the signs goes in the title block. Decisions are common/editorial.xsl's.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:variable name="d:root" as="document-node()" select="/"/>

  <!-- The signs this document uses, for the title block. -->
  <xsl:function name="d:legend-lines" as="xs:string*">
    <xsl:variable name="signs" select="$d:legend[?key ne 'choice']"/>
    <xsl:if test="exists($d:legend)">
      <xsl:variable name="width" select="max($signs ! string-length(?sign))"/>
      <xsl:sequence select="'Editorial signs:'[exists($signs)],
        $signs ! ('  ' || ?sign || string-join((1 to $width - string-length(?sign) + 2) ! ' ', '') || ?meaning),
        $d:legend[?key = 'choice'] ! ('Reading: the text shows the ' || (if ($d:normalised) then 'normalised' else 'diplomatic')
          || ' reading of each choice; the other one is under READINGS')"/>
    </xsl:if>
  </xsl:function>

  <!-- Where something stands, for the sections after the text: "¶3 ", or nothing when the block has no label. -->
  <xsl:function name="d:where" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="label" select="d:place-label($node)"/>
    <xsl:sequence select="if ($label = ('↑', '')) then '' else '[' || $label || '] '"/>
  </xsl:function>

  <xsl:function name="d:editorial-lines" as="xs:string*">
    <xsl:if test="exists($d:notes)">
      <xsl:sequence select="'', 'NOTES', ''"/>
      <xsl:for-each select="$d:notes">
        <xsl:sequence select="position() || '. ' || d:where(.) || d:block-text(.)"/>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="exists($d:apps)">
      <xsl:sequence select="'', 'APPARATUS', ''"/>
      <xsl:for-each select="$d:apps">
        <xsl:sequence select="d:app-label(.) || '. ' || d:where(.) || d:app-line(.)"/>
      </xsl:for-each>
    </xsl:if>
    <!-- What the HTML edition shows of a figure besides its captions (its description, as alt text or in place of the image). -->
    <xsl:variable name="descriptions" select="key('d:by-name', 'figDesc', $d:root)[ancestor::tei:text][normalize-space()]"/>
    <xsl:if test="exists($descriptions)">
      <xsl:sequence select="'', 'FIGURES', ''"/>
      <xsl:for-each select="$descriptions">
        <xsl:sequence select="position() || '. ' || d:where(..) || d:block-text(.)"/>
      </xsl:for-each>
    </xsl:if>
    <xsl:variable name="choices" select="$d:editorial/self::tei:choice"/>
    <xsl:if test="exists($choices)">
      <xsl:sequence select="'', 'READINGS', ''"/>
      <xsl:for-each select="$choices">
        <xsl:variable name="shown" select="d:choice-shown(., $d:normalised)"/>
        <xsl:sequence select="d:where(.) || ($shown ! d:block-text(.), '')[1] || '] '
          || string-join((* except $shown) ! (d:block-text(.) || ' (' || d:reading-label(.) || ')'), '; ')"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:function>

  <!-- lemma sigla] reading sigla; reading sigla (note n) -->
  <xsl:function name="d:app-line" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="lemma" select="d:lemma($app)"/>
    <xsl:sequence select="string-join((
      ($lemma ! d:block-text(.), '')[1], $lemma ! d:sigla(.)?siglum), ' ') || '] '
      || string-join(d:variants($app) ! string-join(((d:block-text(.)[normalize-space()], 'om.')[1], d:sigla(.)?siglum), ' '), '; ')
      || string-join($app/tei:note ! (' (note ' || d:note-number(.) || ')'), '')"/>
  </xsl:function>
</xsl:stylesheet>
