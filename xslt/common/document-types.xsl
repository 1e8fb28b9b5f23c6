<?xml version="1.0" encoding="UTF-8"?>
<!-- What both editions know of documents of a kind: the letters a header describes (correspDesc, CMIF), verse line numbers. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- The letters described in the header: one for a letter's edition, thousands for a CMIF file. -->
  <xsl:variable name="d:corresp-descs" as="element(tei:correspDesc)*" select="$d:header/tei:profileDesc/tei:correspDesc"/>

  <xsl:function name="d:corresp-action-label" as="xs:string">
    <xsl:param name="action" as="element()"/>
    <xsl:variable name="type" select="normalize-space($action/@type)"/>
    <xsl:sequence select="if ($type) then upper-case(substring($type, 1, 1)) || substring($type, 2) else 'Action'"/>
  </xsl:function>

  <!-- One action as a line of text: names; places; dates (their normalised values beside them). -->
  <xsl:function name="d:corresp-action-text" as="xs:string">
    <xsl:param name="action" as="element()?"/>
    <xsl:sequence select="string-join((
      string-join($action/(tei:persName | tei:orgName | tei:name) ! d:name-string(.), ', ')[.],
      string-join($action/(tei:placeName | tei:settlement) ! d:name-string(.), ', ')[.],
      string-join($action/tei:date ! (let $r := d:date-readings(.) return $r[1] || ($r[2] ! (' (' || . || ')'))), ', ')[.]), '; ')"/>
  </xsl:function>

  <!-- Verse lines: numbered by @n when it is a number, else by their place in their division (the
       play's scene, the poem's division; else the body, front or back text), lines in notes not
       counted. An accumulator holding a stack of counts, one per open division, computed in the one
       pass over the document: a map keyed on generate-id() is not constant-time in SaxonJS
       (xslt/common/counters.xsl). -->
  <xsl:accumulator name="d:line-counts" as="xs:integer*" initial-value="0">
    <xsl:accumulator-rule _match="{$d:division-pattern} | tei:text | tei:body" phase="start" select="(0, $value)"/>
    <xsl:accumulator-rule _match="{$d:division-pattern} | tei:text | tei:body" phase="end" select="tail($value)"/>
    <xsl:accumulator-rule match="tei:l" select="if (d:is-counted-line(.)) then (head($value) + 1, tail($value)) else $value"/>
  </xsl:accumulator>

  <xsl:function name="d:is-counted-line" as="xs:boolean">
    <xsl:param name="l" as="element()"/>
    <xsl:sequence select="exists($l/ancestor::tei:text) and empty($l/ancestor::tei:note)"/>
  </xsl:function>

  <xsl:function name="d:line-number" as="xs:integer?">
    <xsl:param name="l" as="element()"/>
    <xsl:sequence select="
      if (normalize-space($l/@n) castable as xs:integer) then xs:integer(normalize-space($l/@n))
      else if (d:is-counted-line($l)) then head($l/accumulator-before('d:line-counts'))
      else ()"/>
  </xsl:function>
</xsl:stylesheet>
