<?xml version="1.0" encoding="UTF-8"?>
<!--
  The metadata record of an edition as JSON (d:record in common/metadata.xsl): read by the
  TypeScript stages that are not XSLT (the PDF's document information and running head, the
  catalogue, later exports), so no rule about titles, languages or dates exists twice.
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
  <xsl:import href="common/text-structure.xsl"/>
  <xsl:import href="common/metadata.xsl"/>
  <xsl:import href="common/editorial.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:sequence select="d:record()"/>
  </xsl:template>
</xsl:stylesheet>
