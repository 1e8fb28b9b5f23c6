<?xml version="1.0" encoding="UTF-8"?>
<!-- Registers and dates as plain-text lines, after the text portion. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:function name="d:register-lines" as="xs:string*">
    <xsl:for-each select="('persons', 'places', 'organisations')">
      <xsl:variable name="kind" select="."/>
      <xsl:variable name="entries" select="$d:entries[d:entry-kind(.) = $kind]"/>
      <xsl:if test="exists($entries)">
        <xsl:sequence select="'', upper-case($kind), ''"/>
        <xsl:for-each select="$entries">
          <xsl:sequence select="d:entry-lines(.)"/>
        </xsl:for-each>
      </xsl:if>
    </xsl:for-each>
    <xsl:if test="exists($d:dates)">
      <xsl:sequence select="'', 'DATES', ''"/>
      <xsl:for-each select="$d:dates">
        <xsl:sequence select="normalize-space(.) || ' → ' || d:date-value(.) || ' (' || d:date-label(.) || '; ' || d:place-label(.) || ')'"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:function>

  <xsl:function name="d:entry-lines" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="mentions" select="$entry/@xml:id ! key('d:mentions-of', string(.), root($entry))[exists(d:mention-id(.))]"/>
    <xsl:sequence select="
      (($entry/@xml:id ! string(.)), '(no id)')[1],
      d:entry-names($entry) ! ('  ' || (d:lang(.)[.], 'name')[1] || ': ' || d:name-string(.)),
      $entry/(tei:occupation | tei:roleName | tei:state | tei:birth | tei:death | tei:floruit | tei:note | tei:desc)[normalize-space()]
        ! ('  ' || local-name() || ': ' || normalize-space(.)),
      $entry/tei:idno[normalize-space()] ! ('  ' || (@type[normalize-space()], 'idno')[1] || ': ' || (d:authority-url(.), normalize-space(.))[1]),
      if (exists($mentions)) then '  mentioned in: ' || string-join($mentions ! d:place-label(.), ', ') else (),
      ''"/>
  </xsl:function>
</xsl:stylesheet>
