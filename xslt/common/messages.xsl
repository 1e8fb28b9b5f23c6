<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the stylesheets tell the user about a document, as xsl:message: each message is one
  <d:message severity="warning|error" node="{path()}">, which diwan turns into a finding located
  at that node (src/transform/saxon.ts).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:template name="d:message">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="severity" as="xs:string" select="'warning'"/>
    <xsl:message><d:message severity="{$severity}" node="{path($node)}"><xsl:value-of select="$text"/></d:message></xsl:message>
  </xsl:template>

  <!-- Mentions whose #pointers name no element of this document are shown without a link: say so once. -->
  <xsl:template name="d:report-dangling-mentions">
    <xsl:variable name="dangling" select="$d:mentions[exists(d:local-ids(@ref)) and empty(d:mention-target(.))]"/>
    <xsl:if test="exists($dangling)">
      <xsl:call-template name="d:message">
        <xsl:with-param name="node" select="$dangling[1]"/>
        <xsl:with-param name="text" select="count($dangling) || (if (count($dangling) eq 1) then ' mention points' else ' mentions point')
          || ' to an xml:id that is not in this document (first: ' || normalize-space($dangling[1]/@ref)
          || '); they are shown without a link to a register entry'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
