<?xml version="1.0" encoding="UTF-8"?>
<!--
  Blocks of the text and the character-exact "text portion" (docs/tei-conventions.md, rules 1-6).
  A block is an element a reader sees as a paragraph-like unit; containers (div, lg, sp, list,
  figure, ...) only hold blocks.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  exclude-result-prefixes="#all">

  <!-- Element classes (blocks, not text, milestones) come from common/classes.xsl, generated from src/tei/classes.ts. -->

  <!-- Private-use stand-in for lb while XML white space is being collapsed. -->
  <xsl:variable name="d:lb" as="xs:string" select="'&#xE000;'"/>
  <!-- And for a line break inside a word (lb break="no"), which joins the word instead. -->
  <xsl:variable name="d:join" as="xs:string" select="'&#xE001;'"/>

  <xsl:function name="d:texts" as="element(tei:text)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="key('d:by-name', 'text', root($doc))[not(ancestor::tei:text)]"/>
  </xsl:function>

  <xsl:function name="d:blocks" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:apply-templates select="d:texts($doc)/node()" mode="d:blocks"/>
  </xsl:function>

  <xsl:template match="text() | comment() | processing-instruction()" mode="d:blocks"/>

  <!-- Names spelled out at compile time (static patterns), not a predicate on a list, so SaxonJS dispatches on the name: much faster on big texts. -->
  <xsl:template _match="{$d:not-text-pattern}" mode="d:blocks" priority="3"/>

  <!-- A block that only wraps other blocks (item > p, quote > p) is a container. -->
  <xsl:template _match="{$d:block-pattern}" mode="d:blocks" priority="2">
    <xsl:choose>
      <xsl:when test="*[local-name() = $d:block-names] and not(text()[normalize-space()])">
        <xsl:apply-templates mode="d:blocks"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="."/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Unknown elements are containers unless text stands directly in them. -->
  <xsl:template match="*" mode="d:blocks">
    <xsl:choose>
      <xsl:when test="text()[normalize-space()]">
        <xsl:sequence select="."/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="d:blocks"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Rule 2 and 3: collapse XML white space, join words broken by lb break="no", trim, then turn lb into newlines. -->
  <xsl:function name="d:block-text" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="raw" as="xs:string">
      <xsl:value-of>
        <xsl:apply-templates select="$block/node()" mode="d:text"/>
      </xsl:value-of>
    </xsl:variable>
    <xsl:variable name="collapsed" select="replace($raw, '[ &#9;&#13;&#10;]+', ' ')"/>
    <!-- A line break inside a word takes the white space around it along: the word is whole again. -->
    <xsl:variable name="joined" select="if (contains($collapsed, $d:join)) then replace($collapsed, ' ?' || $d:join || ' ?', '') else $collapsed"/>
    <xsl:variable name="trimmed" select="replace($joined, '^ | $', '')"/>
    <xsl:sequence select="
      if (contains($trimmed, $d:lb)) then replace(replace($trimmed, ' ?' || $d:lb || ' ?', '&#10;'), '^&#10;+|&#10;+$', '')
      else $trimmed"/>
  </xsl:function>

  <xsl:template _match="{$d:not-text-pattern}" mode="d:text" priority="3"/>
  <xsl:template _match="{$d:milestone-pattern}" mode="d:text"/>
  <xsl:template match="tei:lb" mode="d:text">
    <xsl:sequence select="$d:lb"/>
  </xsl:template>
  <!-- Rule 6 (choice, app) and the editorial signs: common/editorial.xsl. -->
  <xsl:template match="tei:cell[preceding-sibling::tei:cell]" mode="d:text">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="d:text"/>
  </xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="d:text"/>

  <!--
    Rule 4: a block made only of non-XML white space (a line of no-break spaces) stands in
    place of the blank line between its neighbours.
  -->
  <xsl:function name="d:is-blank-line" as="xs:boolean">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="matches($text, '^[\p{Z}&#x200B;-&#x200D;&#x2060;&#xFEFF;]+$')"/>
  </xsl:function>

  <!--
    The text portion: blocks joined by blank lines, single newlines inside a figure or around a
    blank-line block. Each block is worked out once, into an array: positional filters
    ($texts[$i], $blocks[$i - 1]) on computed sequences inside a loop over the blocks grew
    quadratically in SaxonJS (10 s of 10.5 s on a 2 MB novel of 7,300 blocks); array lookups do not.
  -->
  <xsl:function name="d:text-portion" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="blocks" as="array(map(*))" select="array {
      d:blocks($doc) ! map { 'text': d:block-text(.), 'figure': ancestor::tei:figure[1] }[?text ne '']
        ! map:put(., 'blank', d:is-blank-line(?text)) }"/>
    <xsl:sequence select="string-join(
      for $i in 1 to array:size($blocks) return
        let $b := $blocks($i), $prev := if ($i gt 1) then $blocks($i - 1) else () return (
          if (empty($prev)) then ''
          else if ($b?blank or $prev?blank) then '&#10;'
          else if (exists($b?figure) and $b?figure is $prev?figure) then '&#10;'
          else '&#10;&#10;'
        ) || $b?text, '')"/>
  </xsl:function>
</xsl:stylesheet>
