<?xml version="1.0" encoding="UTF-8"?>
<!--
  What both editions say of a register entry beyond its names: a person's life dates in the
  form readers of registers expect ("1542–1616", "d. 373", "fl. 1200–1250"), a place's
  coordinates in degrees with a link to a map, and the labels of the entry's details in words
  ("born", "description") rather than element names. Everything the entry holds is still printed
  as it stands in the source (these are added, never substituted).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- Details whose TEI name is not the word a reader would use; the rest keep their name. -->
  <xsl:variable name="d:detail-labels" as="map(xs:string, xs:string)" select="map {
    'birth': 'born', 'death': 'died', 'floruit': 'active', 'desc': 'description', 'bibl': 'source',
    'biblStruct': 'source', 'listBibl': 'sources', 'langKnowledge': 'languages', 'socecStatus': 'social status',
    'persona': 'persona', 'noteGrp': 'notes', 'geogFeat': 'feature', 'offset': 'offset'}"/>

  <xsl:function name="d:detail-label" as="xs:string">
    <xsl:param name="detail" as="element()"/>
    <xsl:sequence select="($d:detail-labels(local-name($detail)), local-name($detail))[1]"/>
  </xsl:function>

  <!-- An ISO 8601 (XSD) year as a reader writes it: 0373 → 373, -0304 → 304 BCE. -->
  <xsl:function name="d:year-words" as="xs:string?">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:variable name="v" select="normalize-space($iso)"/>
    <xsl:if test="matches($v, '^-?[0-9]{4,}')">
      <xsl:variable name="year" select="xs:integer(replace($v, '^(-?[0-9]{4,}).*$', '$1'))"/>
      <xsl:sequence select="if ($year lt 0) then abs($year) || ' BCE' else string($year)"/>
    </xsl:if>
  </xsl:function>

  <!-- The year(s) an event element (birth, death, floruit) or its first date gives: "1542",
       "500/550" for a range of uncertainty, "1200–1250" for a span. -->
  <xsl:function name="d:event-years" as="xs:string?">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="when" select="d:year-words($e/@when)"/>
    <xsl:variable name="after" select="d:year-words($e/@notBefore)"/>
    <xsl:variable name="before" select="d:year-words($e/@notAfter)"/>
    <xsl:variable name="from" select="d:year-words($e/@from)"/>
    <xsl:variable name="to" select="d:year-words($e/@to)"/>
    <xsl:sequence select="
      if (empty($e)) then ()
      else if ($when) then $when
      else if ($after and $before) then (if ($after eq $before) then $after else $after || '/' || $before)
      else if ($from or $to) then ($from, '')[1] || '–' || ($to, '')[1]
      else if ($after) then 'after ' || $after
      else if ($before) then 'before ' || $before
      else d:event-years($e/tei:date[1])"/>
  </xsl:function>

  <!-- A person's life dates for the line of names; none when the entry dates neither end. -->
  <xsl:function name="d:life-dates" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="born" select="d:event-years($entry/tei:birth[1])"/>
    <xsl:variable name="died" select="d:event-years($entry/tei:death[1])"/>
    <xsl:variable name="active" select="d:event-years($entry/tei:floruit[1])"/>
    <xsl:sequence select="
      if (not($entry/self::tei:person or $entry/self::tei:personGrp)) then ()
      else if ($born and $died) then $born || ' – ' || $died
      else if ($born) then 'b. ' || $born
      else if ($died) then 'd. ' || $died
      else if ($active) then 'fl. ' || $active
      else ()"/>
  </xsl:function>

  <!-- A place's coordinates as two numbers (latitude, longitude) written as in the source, when
       its first geo has exactly two in range and the header declares no other datum than WGS84
       (TEI's default notation: "latitude longitude"). -->
  <!-- Once per document: looked up per entry, a scan of the whole document for each of thousands of
       entries made the text edition of a 5,000-entry register four times slower. -->
  <xsl:variable name="d:geo-decl" as="element()?" select="/*/tei:teiHeader/tei:encodingDesc/tei:geoDecl[1]"/>

  <xsl:function name="d:coordinates" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="geo" select="$entry/self::tei:place/(tei:location/tei:geo, tei:geo)[1]"/>
    <xsl:if test="exists($geo)">
      <xsl:variable name="parts" select="tokenize(normalize-space($geo), '[\s,]+')[.]"/>
      <xsl:if test="count($parts) eq 2 and (every $p in $parts satisfies $p castable as xs:decimal)
          and (empty($d:geo-decl) or normalize-space($d:geo-decl/@datum) = ('', 'WGS84'))
          and abs(xs:decimal($parts[1])) le 90 and abs(xs:decimal($parts[2])) le 180">
        <xsl:sequence select="$parts"/>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!-- 37.15° N, 38.8° E -->
  <xsl:function name="d:coordinates-words" as="xs:string">
    <xsl:param name="lat-long" as="xs:string+"/>
    <xsl:sequence select="
      replace($lat-long[1], '^[-+]', '') || '° ' || (if (starts-with($lat-long[1], '-')) then 'S' else 'N') || ', ' ||
      replace($lat-long[2], '^[-+]', '') || '° ' || (if (starts-with($lat-long[2], '-')) then 'W' else 'E')"/>
  </xsl:function>

  <!-- A link to the point on OpenStreetMap (a link the reader follows; nothing is loaded by the edition). -->
  <xsl:function name="d:map-url" as="xs:string">
    <xsl:param name="lat-long" as="xs:string+"/>
    <xsl:variable name="lat" select="replace($lat-long[1], '^\+', '')"/>
    <xsl:variable name="long" select="replace($lat-long[2], '^\+', '')"/>
    <xsl:sequence select="'https://www.openstreetmap.org/?mlat=' || $lat || '&amp;mlon=' || $long || '#map=12/' || $lat || '/' || $long"/>
  </xsl:function>
</xsl:stylesheet>
