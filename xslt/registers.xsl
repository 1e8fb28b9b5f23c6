<?xml version="1.0" encoding="UTF-8"?>
<!--
  An edition's register entries and their mentions as JSON, for the corpus-wide registers a corpus
  build joins (src/corpus/registers.ts). The same variables as the HTML edition's registers
  (common/names-dates.xsl), so a mention's anchor here is the id it has in the HTML page.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:import href="common/classes.xsl"/>
  <xsl:import href="common/language.xsl"/>
  <xsl:import href="common/pointers.xsl"/>
  <xsl:import href="common/names-dates.xsl"/>
  <xsl:import href="common/counters.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:variable name="entries" select="$d:entries[@xml:id]"/>
    <xsl:sequence select="map {
      'entries': array { $entries ! d:entry-json(.) },
      'mentions': array {
        $d:mentions[exists(d:mention-id(.))][d:mention-target(.)[@xml:id] intersect $entries] ! map {
          'target': string(d:mention-target(.)/@xml:id),
          'anchor': d:mention-id(.),
          'place': d:place-label(.),
          'text': normalize-space(.),
          'lang': d:lang(.)
        }
      }
    }"/>
  </xsl:template>

  <xsl:function name="d:entry-json" as="map(*)">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="map {
      'id': string($entry/@xml:id),
      'kind': d:entry-kind($entry),
      'names': array { d:entry-names($entry) ! map { 'text': d:name-string(.), 'lang': d:lang(.) } },
      'idnos': array {
        $entry/tei:idno[normalize-space()] ! map {
          'type': string(@type),
          'value': normalize-space(.),
          'url': (d:authority-url(.)[d:safe-href(.)], '')[1]
        }
      }
    }"/>
  </xsl:function>
</xsl:stylesheet>
