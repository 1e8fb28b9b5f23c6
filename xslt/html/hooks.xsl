<?xml version="1.0" encoding="UTF-8"?>
<!--
  Hook templates of the HTML edition, empty here: a project's stylesheet that imports
  xslt/html.xsl defines any of them to add to the page without copying diwan's templates
  (docs/customising.md). The context item is the document node.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- At the end of <head> (meta elements; styles belong in the project CSS, which the CSP allows). -->
  <xsl:template name="d:hook-head"/>
  <!-- In <body>, before the banner. -->
  <xsl:template name="d:hook-before-banner"/>
  <!-- In <main>, before the text. -->
  <xsl:template name="d:hook-before-text"/>
  <!-- In <main>, after the text, the notes and the registers. -->
  <xsl:template name="d:hook-after-text"/>
  <!-- In the footer, after diwan's line. -->
  <xsl:template name="d:hook-footer"/>
</xsl:stylesheet>
