<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML edition: one self-contained page, no scripts, CSS inline under a hash-pinned CSP. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:include href="common/language.xsl"/>
  <xsl:include href="common/pointers.xsl"/>
  <xsl:include href="common/names-dates.xsl"/>
  <xsl:include href="common/text-structure.xsl"/>
  <xsl:include href="common/metadata.xsl"/>
  <xsl:include href="html/elements.xsl"/>
  <xsl:include href="html/header.xsl"/>
  <xsl:include href="html/registers.xsl"/>
  <xsl:include href="common/messages.xsl"/>

  <xsl:output method="html" html-version="5" include-content-type="no" indent="no" encoding="UTF-8"/>

  <!-- The CSS text (xslt/html/edition.css) and its CSP hash, both supplied by src/transform/html.ts. -->
  <xsl:param name="css" as="xs:string" select="''"/>
  <xsl:param name="csp-style-hash" as="xs:string" select="''"/>
  <!-- Relative links to the edition's other files, set by `diwan build` (empty: not offered). -->
  <xsl:param name="download-tei" as="xs:string" select="''"/>
  <xsl:param name="download-text" as="xs:string" select="''"/>
  <xsl:param name="download-pdf" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:variable name="texts" select="d:texts(.)"/>
    <xsl:variable name="text-lang" select="($texts[1] ! d:lang(.))[normalize-space()][1]"/>
    <xsl:call-template name="d:report-dangling-mentions"/>
    <html lang="{$d:main-lang}" dir="{d:dir($d:main-lang)}">
      <xsl:call-template name="d:html-head"/>
      <body>
        <xsl:call-template name="d:banner"/>
        <nav aria-label="Sections" lang="en" dir="ltr">
          <ul>
            <li><a href="#edition-text">Text</a></li>
            <xsl:if test="exists($d:notes)"><li><a href="#notes">Notes</a></li></xsl:if>
            <xsl:for-each select="('persons', 'places', 'organisations')[. = $d:entries ! d:entry-kind(.)]">
              <li><a href="#register-{.}"><xsl:value-of select="$d:kind-labels(.)"/></a></li>
            </xsl:for-each>
            <xsl:if test="exists($d:dates)"><li><a href="#register-dates">Dates</a></li></xsl:if>
          </ul>
        </nav>
        <main>
          <article id="edition-text" class="tei-text">
            <xsl:if test="$text-lang">
              <xsl:attribute name="lang" select="$text-lang"/>
              <xsl:attribute name="dir" select="d:dir($text-lang)"/>
            </xsl:if>
            <xsl:apply-templates select="$texts/node()"/>
          </article>
          <xsl:call-template name="d:notes-section"/>
          <xsl:call-template name="d:registers-section"/>
        </main>
        <footer lang="en" dir="ltr">
          <p>
            <xsl:text>Digital edition in TEI P5, published with diwan.</xsl:text>
            <xsl:if test="$d:licence-text">
              <xsl:text> Licence: </xsl:text>
              <xsl:value-of select="$d:licence-text"/>
            </xsl:if>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
