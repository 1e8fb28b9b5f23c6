<?xml version="1.0" encoding="UTF-8"?>
<!--
  A project's own HTML edition, made by overriding diwan's (docs/customising.md).
  In a project with diwan installed, the import is "node_modules/diwan/xslt/html.xsl"
  (relative to this file); here, inside diwan's repository, it is "../../xslt/html.xsl".
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:import href="../../xslt/html.xsl"/>

  <!-- 1. The behaviour map: foreign words become <i>, the ornamental <fw> is hidden. -->
  <xsl:variable name="d:html-inline-extra" as="map(xs:string, xs:string)" select="map{'foreign': 'i', 'fw': ''}"/>

  <!-- 2. An element rule: stage directions in a drama set in brackets. -->
  <xsl:template match="tei:stage">
    <p class="tei-stage project-stage">[<xsl:apply-templates/>]</p>
  </xsl:template>

  <!-- 3. A hook: the project's own line in the footer. -->
  <xsl:template name="d:hook-footer">
    <p class="project-credit">Published by the Example Archive.</p>
  </xsl:template>
</xsl:stylesheet>
