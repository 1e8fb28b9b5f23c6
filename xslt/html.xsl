<?xml version="1.0" encoding="UTF-8"?>
<!--
  HTML edition: one self-contained page, no scripts, CSS inline under a hash-pinned CSP.

  Customising (docs/customising.md): a project stylesheet imports this one
  (<xsl:import href="…/xslt/html.xsl"/>) and overrides what it needs: any element rule (a template
  matching a TEI element in the default mode), the named templates (d:banner, d:footer, d:colophon,
  d:notes-section, d:registers-section, the d:hook-* templates of html/hooks.xsl), the behaviour
  maps $d:html-block-extra / $d:html-inline-extra, or the parameters below.
  Parameters (set by diwan; a project may give its own defaults):
    css, csp-style-hash   the page's CSS and the CSP hash that allows it (diwan's, then the project's)
    download-tei|text|pdf relative links to the edition's other files ('' : not offered)
    print                 true for the page the PDF is printed from (html/print.xsl)
    reading, page-breaks  the reading of choice and the page breaks shown (common/editorial.xsl)
    editorial-css, editorial-csp-hash  CSS of the editorial layer (html/editorial.xsl)
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
  <xsl:import href="common/document-types.xsl"/>
  <xsl:import href="common/register-entries.xsl"/>
  <xsl:import href="html/elements.xsl"/>
  <xsl:import href="html/editorial.xsl"/>
  <xsl:import href="html/structures.xsl"/>
  <xsl:import href="html/document-types.xsl"/>
  <xsl:import href="html/header.xsl"/>
  <xsl:import href="html/registers.xsl"/>
  <xsl:import href="common/messages.xsl"/>
  <xsl:import href="html/print.xsl"/>
  <xsl:import href="html/cite.xsl"/>
  <xsl:import href="html/hooks.xsl"/>

  <xsl:output method="html" html-version="5" include-content-type="no" indent="no" encoding="UTF-8"/>

  <!-- The CSS text (xslt/html/edition.css) and its CSP hash, both supplied by src/transform/html.ts. -->
  <xsl:param name="css" as="xs:string" select="''"/>
  <xsl:param name="csp-style-hash" as="xs:string" select="''"/>
  <!-- Relative links to the edition's other files, set by `diwan build` (empty: not offered). -->
  <xsl:param name="download-tei" as="xs:string" select="''"/>
  <xsl:param name="download-text" as="xs:string" select="''"/>
  <xsl:param name="download-pdf" as="xs:string" select="''"/>
  <!-- The page Chromium prints (set by diwan for the PDF edition): see html/print.xsl. -->
  <xsl:param name="print" as="xs:boolean" select="false()"/>

  <xsl:template match="/">
    <xsl:variable name="texts" select="d:texts(.)"/>
    <xsl:variable name="text-lang" select="($texts[1] ! d:lang(.))[normalize-space()][1]"/>
    <xsl:call-template name="d:report-dangling-mentions"/>
    <html lang="{$d:main-lang}" dir="{d:dir($d:main-lang)}">
      <xsl:call-template name="d:html-head"/>
      <body>
        <xsl:call-template name="d:hook-before-banner"/>
        <xsl:call-template name="d:banner"/>
        <nav aria-label="Sections" lang="en" dir="ltr">
          <ul>
            <li><a href="#edition-text">Text</a></li>
            <xsl:if test="exists($d:notes)"><li><a href="#notes">Notes</a></li></xsl:if>
            <xsl:if test="exists($d:apps)"><li><a href="#apparatus">Apparatus</a></li></xsl:if>
            <xsl:if test="count($d:corresp-descs) gt 1"><li><a href="#letters">Letters</a></li></xsl:if>
            <xsl:for-each select="('persons', 'places', 'organisations')[. = $d:entries ! d:entry-kind(.)]">
              <li><a href="#register-{.}"><xsl:value-of select="$d:kind-labels(.)"/></a></li>
            </xsl:for-each>
            <xsl:if test="exists($d:dates)"><li><a href="#register-dates">Dates</a></li></xsl:if>
          </ul>
        </nav>
        <main>
          <xsl:call-template name="d:hook-before-text"/>
          <xsl:call-template name="d:editorial-legend"/>
          <article id="edition-text" class="tei-text">
            <xsl:if test="$text-lang">
              <xsl:attribute name="lang" select="$text-lang"/>
              <xsl:attribute name="dir" select="d:dir($text-lang)"/>
            </xsl:if>
            <xsl:apply-templates select="$texts/node()"/>
          </article>
          <xsl:call-template name="d:notes-section"/>
          <xsl:call-template name="d:apparatus-section"/>
          <xsl:call-template name="d:letters-section"/>
          <xsl:call-template name="d:registers-section"/>
          <xsl:call-template name="d:hook-after-text"/>
        </main>
        <xsl:call-template name="d:footer"/>
        <xsl:call-template name="d:cite-body"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="d:footer">
    <footer lang="en" dir="ltr">
      <p>
        <xsl:text>Digital edition in TEI P5, published with diwan.</xsl:text>
        <xsl:if test="$d:licence-text">
          <xsl:text> Licence: </xsl:text>
          <xsl:value-of select="$d:licence-text"/>
        </xsl:if>
      </p>
      <xsl:call-template name="d:colophon"/>
      <xsl:call-template name="d:hook-footer"/>
    </footer>
  </xsl:template>

  <!-- What the edition is and what it was made from (d:colophon in common/metadata.xsl); printed in the PDF too. -->
  <xsl:template name="d:colophon">
    <section class="colophon" aria-labelledby="colophon-heading">
      <h2 id="colophon-heading">Colophon</h2>
      <dl>
        <xsl:for-each select="$d:colophon">
          <dt><xsl:value-of select="?1"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="ends-with(?1, 'SHA-256')"><code class="checksum" dir="ltr"><xsl:value-of select="?2"/></code></xsl:when>
              <xsl:otherwise><xsl:value-of select="?2"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>
</xsl:stylesheet>
