<?xml version="1.0" encoding="UTF-8"?>
<!-- Mentions of register entries, the registers themselves, and dates with their normalised values. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">


  <!-- Only mentions in the text get ids and back-links; names inside registers are not mentions. -->
  <xsl:key name="d:mentions-of"
    match="tei:text//tei:persName[@ref] | tei:text//tei:placeName[@ref] | tei:text//tei:orgName[@ref]
         | tei:text//tei:rs[@ref] | tei:text//tei:roleName[@ref] | tei:text//tei:name[@ref]"
    use="d:local-ids(@ref)"/>

  <!-- "/." puts the nodes in document order: key() with several values should, but SaxonJS 2.7
       returns them grouped by value, which numbered the first mention of Haftar m-haftar-14. -->
  <xsl:variable name="d:mentions" as="element()*" select="
    key('d:by-name', $d:mention-names, /)/.[@ref][ancestor::tei:text]
      [not(ancestor::tei:listPerson | ancestor::tei:listPlace | ancestor::tei:listOrg)]"/>

  <xsl:variable name="d:entries" as="element()*"
    select="key('d:by-name', $d:entry-names, /)/."/>

  <!-- Ids a pointer list names (#x, or a prefixed pointer expanding to #x). -->
  <xsl:function name="d:local-ids" as="xs:string*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:sequence select="tokenize(normalize-space($pointers), ' ')
      ! d:expand(.)[starts-with(., '#') and string-length(.) gt 1] ! substring(., 2)"/>
  </xsl:function>

  <!-- The first register entry (or other element) a mention points to in this document. -->
  <xsl:function name="d:mention-target" as="element()?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="(d:local-ids($mention/@ref) ! key('d:id', ., root($mention)))[1]"/>
  </xsl:function>

  <!--
    Mention ids are m-<entry>-<k>: k counts the mentions whose first target is that entry, in
    document order. Computed once, as a map keyed on each mention's ordinal (the
    d:mention-ordinal accumulator, xslt/common/counters.xsl), so big documents stay linear and
    the ids are stable. An @xml:id of the mention's own wins.
  -->
  <xsl:variable name="d:mention-ids" as="map(xs:integer, xs:string)">
    <xsl:map>
      <xsl:for-each-group select="$d:mentions" group-by="string(d:mention-target(.)/@xml:id)">
        <xsl:variable name="entry" select="current-grouping-key()"/>
        <xsl:for-each select="current-group()">
          <xsl:map-entry key="accumulator-before('d:mention-ordinal')" select="
            if (@xml:id) then string(@xml:id)
            else if ($entry) then 'm-' || $entry || '-' || position()
            else 'm-' || position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="d:mention-id" as="xs:string?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="if (d:is-mention($mention)) then $d:mention-ids($mention/accumulator-before('d:mention-ordinal')) else ()"/>
  </xsl:function>

  <!-- Where a mention or date stands, for back-links: "¶3", or the block's id. -->
  <xsl:function name="d:place-label" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="numbered" select="$node/ancestor-or-self::*[@n][self::tei:p | self::tei:ab | self::tei:l | self::tei:head | self::tei:closer | self::tei:sp | self::tei:lg | self::tei:item][1]"/>
    <xsl:variable name="identified" select="$node/ancestor::*[@xml:id][1]"/>
    <!-- Unnumbered blocks a reader recognises by kind: captions (by language, since a figure may
         have one per language), the headline, a closer. -->
    <xsl:variable name="caption" select="$node/ancestor-or-self::*[parent::tei:figure][self::tei:head | self::tei:p | self::tei:figDesc][1]"/>
    <xsl:sequence select="
      if ($numbered) then '¶' || normalize-space($numbered/@n)
      else if ($caption) then 'caption' || (d:lang($caption)[normalize-space()] ! (' (' || . || ')'))
      else if ($node/ancestor-or-self::tei:head[parent::tei:div | parent::tei:body]) then 'heading'
      else if ($node/ancestor-or-self::tei:closer) then 'closer'
      else if ($identified) then string($identified/@xml:id)
      else '↑'"/>
  </xsl:function>

  <!-- A name as one line, putting a space between name parts that the encoding ran together. -->
  <!-- Identifiers (idno, ptr) are not part of a name: an author's Wikidata idno is not cited ("Shakespeare Q692"). -->
  <xsl:function name="d:name-string" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="
      if ($name/* and not($name/text()[normalize-space()]))
      then string-join($name/*[not(self::tei:note or self::tei:idno or self::tei:ptr)] ! normalize-space(.), ' ')
      else if ($name/(tei:idno | tei:ptr)) then normalize-space(string-join($name/node()[not(self::tei:idno or self::tei:ptr)] ! string(.), ''))
      else normalize-space($name)"/>
  </xsl:function>

  <xsl:function name="d:entry-names" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$entry/*[local-name() = $d:appellation-names]"/>
  </xsl:function>

  <!-- Relations stated outside any entry (an entry's own are among its details). -->
  <xsl:variable name="d:relations" as="element()*" select="key('d:by-name', 'listRelation', /)
    [not(ancestor::*[local-name() = ($d:entry-names, 'teiHeader')])]/tei:relation"/>

  <xsl:function name="d:relation-kind" as="xs:string">
    <xsl:param name="relation" as="element()"/>
    <xsl:sequence select="string-join(('relation', ($relation/@name, $relation/@type)[normalize-space()][1] ! normalize-space(.)), ' ')"/>
  </xsl:function>

  <xsl:function name="d:entry-kind" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="
      if ($entry/self::tei:place) then 'places'
      else if ($entry/self::tei:org) then 'organisations'
      else 'persons'"/>
  </xsl:function>

  <!-- Dates -->

  <xsl:variable name="d:dates" as="element()*" select="
    key('d:by-name', $d:date-names, /)/.[@when or @notBefore or @notAfter or @from or @to or @dur][ancestor::tei:text]"/>

  <xsl:function name="d:date-id" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="
      if (not(d:is-dated($date))) then ()
      else if ($date/@xml:id) then string($date/@xml:id)
      else 'date-' || $date/accumulator-before('d:date-count')"/>
  </xsl:function>

  <!-- The normalised value: an ISO 8601 date, interval (a/b, open ends as ..) or duration. -->
  <xsl:function name="d:date-value" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="v" select="$date/@*[local-name() = ('when', 'from', 'to', 'notBefore', 'notAfter', 'dur')] ! normalize-space(.)"/>
    <xsl:sequence select="string-join((
      $date/@when ! normalize-space(.),
      if ($date/(@from | @to)) then (($date/@from, '..')[1] || '/' || ($date/@to, '..')[1]) ! normalize-space(.) else (),
      if ($date/(@notBefore | @notAfter)) then ('[' || ($date/@notBefore, '..')[1] || ',' || ($date/@notAfter, '..')[1] || ']') ! normalize-space(.) else (),
      $date/@dur ! normalize-space(.)), ' ')"/>
  </xsl:function>

  <!-- A human-readable reading of the normalised value. -->
  <xsl:function name="d:date-label" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="string-join((
      $date/@when ! normalize-space(.),
      if ($date/@from and $date/@to) then 'from ' || $date/@from || ' to ' || $date/@to
      else if ($date/@from) then 'from ' || $date/@from
      else if ($date/@to) then 'until ' || $date/@to else (),
      if ($date/@notBefore and $date/@notAfter) then 'between ' || $date/@notBefore || ' and ' || $date/@notAfter
      else if ($date/@notBefore) then 'not before ' || $date/@notBefore
      else if ($date/@notAfter) then 'not after ' || $date/@notAfter else (),
      $date/@dur ! ('duration: ' || d:duration-words(normalize-space(.)))), '; ')"/>
  </xsl:function>

  <!-- P6M -> "6 months", PT1H30M -> "1 hour 30 minutes". -->
  <xsl:function name="d:duration-words" as="xs:string">
    <xsl:param name="dur" as="xs:string"/>
    <xsl:variable name="date-part" select="substring-before(substring-after($dur, 'P') || 'T', 'T')"/>
    <xsl:variable name="time-part" select="substring-after($dur, 'T')"/>
    <xsl:variable name="words" select="
      (analyze-string($date-part, '([0-9]+(\.[0-9]+)?)([YMWD])')/*:match
        ! d:unit(string(*:group[@nr = 1]), map{'Y':'year','M':'month','W':'week','D':'day'}(string(*:group[@nr = 3]))),
       analyze-string($time-part, '([0-9]+(\.[0-9]+)?)([HMS])')/*:match
        ! d:unit(string(*:group[@nr = 1]), map{'H':'hour','M':'minute','S':'second'}(string(*:group[@nr = 3]))))"/>
    <xsl:sequence select="if (exists($words)) then string-join($words, ' ') else $dur"/>
  </xsl:function>

  <xsl:function name="d:unit" as="xs:string">
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="unit" as="xs:string"/>
    <xsl:sequence select="$n || ' ' || $unit || (if ($n = ('1', '1.0')) then '' else 's')"/>
  </xsl:function>

  <!-- The value HTML's <time datetime> accepts for this date, if any (HTML has no month or year durations). -->
  <xsl:function name="d:html-datetime" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="when" select="normalize-space($date/@when)"/>
    <xsl:variable name="dur" select="normalize-space($date/@dur)"/>
    <xsl:sequence select="
      if ($date/(@from | @to | @notBefore | @notAfter)) then ()
      else if ($date/@when) then
        (if (matches($when, '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$')) then $when
         else if (matches($when, '^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$')) then substring($when, 3)
         else if (matches($when, '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$')) then $when
         else ())
      else if (matches($dur, '^P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$') and matches($dur, '[0-9]')
               and not(ends-with($dur, 'T'))) then $dur
      else ()"/>
  </xsl:function>
</xsl:stylesheet>
