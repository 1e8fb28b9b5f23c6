<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI pointers: #id lookup, prefixDef expansion, and which URLs may become live. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <xsl:key name="d:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- The elements the editions collect (registers, mentions, dates, notes), indexed in one pass:
       each // scan of a 4 MB document costs about a second in SaxonJS. -->
  <xsl:variable name="d:collected-set" as="map(xs:string, xs:boolean)" select="map:merge($d:collected-names ! map{.: true()})"/>
  <xsl:key name="d:by-name" match="tei:*" use="local-name()[map:contains($d:collected-set, .)]"/>

  <!-- Every prefixed pointer of the document and its expansion through listPrefixDef, evaluated
       by diwan in linear time (src/tei/pointers.ts) and passed in: a document's @matchPattern is
       never run by the stylesheet's backtracking regex engine (docs/security.md). -->
  <xsl:param name="d:prefix-expansions" as="map(*)" select="map{}"/>

  <!-- The element a pointer token names in this document, if any. -->
  <xsl:function name="d:target" as="element()?">
    <xsl:param name="token" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="expanded" select="d:expand($token)"/>
    <xsl:sequence select="
      if (starts-with($expanded, '#') and string-length($expanded) gt 1)
      then key('d:id', substring($expanded, 2), root($context))[1]
      else ()"/>
  </xsl:function>

  <!-- A prefixed pointer (wd:Q649) rewritten through listPrefixDef; other tokens unchanged. -->
  <xsl:function name="d:expand" as="xs:string">
    <xsl:param name="token" as="xs:string"/>
    <xsl:sequence select="string(($d:prefix-expansions($token), $token)[1])"/>
  </xsl:function>

  <!-- Links the page may make live: web, mail, and in-document fragments. Never javascript:, data:, file:. -->
  <xsl:function name="d:safe-href" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="matches(normalize-space($url), '^(https?://[^\s&quot;&lt;&gt;]+|mailto:[^\s&quot;&lt;&gt;]+|#[^\s]+)$', 'i')
      and not(matches($url, '[\p{Cc}]'))"/>
  </xsl:function>

  <!-- The images the edition carries (src/edition/media.ts): @url as written → the address the
       page loads, inside the edition (media/…) or, in print, a data: URI. Nothing else is loaded. -->
  <xsl:param name="d:images" as="map(*)" select="map{}"/>

  <!-- Where the page loads an image from (the CSP: img-src 'self' data:), or () when it is not shown:
       a copied file, or a raster data: URI written in the TEI itself. -->
  <xsl:function name="d:image-src" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="
      if (map:contains($d:images, $u)) then string($d:images($u))
      else if (matches($u, '^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$', 'i')) then $u
      else ()"/>
  </xsl:function>

  <!-- A web URL for an authority idno: prefixed, full URI, or a bare ID of a known authority. -->
  <xsl:function name="d:authority-url" as="xs:string?">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="v" select="d:expand(normalize-space($idno))"/>
    <xsl:variable name="type" select="lower-case($idno/@type)"/>
    <xsl:sequence select="
      if (matches($v, '^https?://', 'i')) then $v
      else if ($type = 'wikidata' and matches($v, '^Q[0-9]+$')) then 'https://www.wikidata.org/wiki/' || $v
      else if ($type = 'geonames' and matches($v, '^[0-9]+$')) then 'https://www.geonames.org/' || $v
      else if ($type = 'viaf' and matches($v, '^[0-9]+$')) then 'https://viaf.org/viaf/' || $v
      else if ($type = ('gnd', 'pnd') and matches($v, '^[0-9X-]+$')) then 'https://d-nb.info/gnd/' || $v
      else if ($type = 'pleiades' and matches($v, '^[0-9]+$')) then 'https://pleiades.stoa.org/places/' || $v
      else ()"/>
  </xsl:function>
</xsl:stylesheet>
