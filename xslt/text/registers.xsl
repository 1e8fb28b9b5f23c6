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
    <xsl:if test="exists($d:relations)">
      <xsl:sequence select="'', 'RELATIONS', ''"/>
      <xsl:for-each select="$d:relations">
        <xsl:sequence select="d:relation-kind(.) || ': ' || d:register-text(.)"/>
      </xsl:for-each>
    </xsl:if>
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
      d:life-dates($entry) ! ('  life: ' || .),
      (d:coordinates($entry)[2] ! ('  coordinates: ' || d:coordinates-words(d:coordinates($entry)) || ' &lt;' || d:map-url(d:coordinates($entry)) || '&gt;')),
      d:entry-details($entry),
      $entry/tei:idno[normalize-space()] ! ('  ' || (@type[normalize-space()], 'idno')[1] || ': ' || (d:authority-url(.), normalize-space(.))[1]),
      if (exists($mentions)) then '  mentioned in: ' || string-join($mentions ! d:place-label(.), ', ') else (),
      ''"/>
  </xsl:function>

  <!--
    Everything an entry says besides its names and identifiers, one line per child as the HTML
    register has it (occupation, affiliation, birth, event, bibl, location …), dates' normalised
    values and relations included: nothing of a register is left out of the text edition.
  -->
  <xsl:function name="d:entry-details" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:for-each select="$entry/* except (d:entry-names($entry) | $entry/(tei:idno | tei:listPerson | tei:listPlace | tei:listOrg
        | tei:place | tei:person | tei:personGrp | tei:org | tei:linkGrp | tei:listRelation))">
      <xsl:variable name="value" select="string-join((d:register-text(.)[.], (@when | @notBefore | @notAfter | @from | @to) ! ('(' || local-name() || ' ' || normalize-space(.) || ')')), ' ')"/>
      <xsl:sequence select="('  ' || d:detail-label(.) || ': ' || $value)[normalize-space($value)]"/>
    </xsl:for-each>
    <xsl:for-each select="$entry/tei:listRelation/tei:relation">
      <xsl:variable name="value" select="d:register-text(.)"/>
      <!-- The test stands outside the predicate: inside it the context is the line (a string), not the relation. -->
      <xsl:if test="normalize-space($value) or @name">
        <xsl:sequence select="'  relation' || (@name[normalize-space()] ! (' (' || normalize-space(.) || ')'), '')[1] || ': ' || $value"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- An element's text for a register line: parts kept apart by a space (a bibl's title and its range). -->
  <xsl:function name="d:register-text" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/* and not($e/text()[normalize-space()])) then normalize-space(string-join($e/* ! d:register-text(.), ' '))
      else d:plain($e)"/>
  </xsl:function>
</xsl:stylesheet>
