<?xml version="1.0" encoding="UTF-8"?>
<!--
  Citing the edition (issue 14): what src/cite works out (CSL citations, the citation tree, the
  reference-manager metadata) comes in as one JSON parameter, `cite`; this module puts it on the
  page. Without it (a page made by toHtml alone) the page is as before.
    d:cite-head    Highwire Press and Dublin Core meta elements, links to the .bib/.ris/.csl.json
                   files, schema.org JSON-LD (a data block: no script runs from it)
    d:cite-styles  the suggested citations in Chicago, MLA and APA, of the edition and its source
    d:cite-body    templates and data for the per-passage "cite" control, and its script, which
                   the page's CSP allows by its hash ($d:csp-script), never inline otherwise
  Parameters: cite (JSON, '' = none), cite-script (xslt/html/cite.js), csp-script-hash,
  cite-css (xslt/html/cite.css), cite-css-hash: its own <style>, before the page's main style.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:param name="cite" as="xs:string" select="''"/>
  <xsl:param name="cite-script" as="xs:string" select="''"/>
  <xsl:param name="csp-script-hash" as="xs:string" select="''"/>
  <xsl:param name="cite-css" as="xs:string" select="''"/>
  <xsl:param name="cite-css-hash" as="xs:string" select="''"/>

  <xsl:variable name="d:cite" as="map(*)?" select="if (normalize-space($cite)) then parse-json($cite) else ()"/>

  <!-- Added to the page's Content-Security-Policy: the one script, by its hash (none in print). -->
  <xsl:variable name="d:csp-script" as="xs:string" select="
    if (exists($d:cite) and not($print) and $cite-script and matches($csp-script-hash, '^sha(256|384|512)-[A-Za-z0-9+/=]+$'))
    then '; script-src ''' || $csp-script-hash || '''' else ''"/>

  <!-- Added to style-src: the cite section's own style (cite.css), only on pages with citations. -->
  <xsl:variable name="d:csp-cite-style" as="xs:string" select="
    if (exists($d:cite) and $cite-css and matches($cite-css-hash, '^sha(256|384|512)-[A-Za-z0-9+/=]+$')) then ' ''' || $cite-css-hash || '''' else ''"/>

  <xsl:template name="d:cite-head">
    <xsl:if test="exists($d:cite)">
      <xsl:if test="$d:csp-cite-style"><style><xsl:value-of select="$cite-css"/></style></xsl:if>
      <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
      <xsl:for-each select="$d:cite?meta?*">
        <meta name="{?1}" content="{?2}"/>
      </xsl:for-each>
      <xsl:for-each select="(['bib', 'application/x-bibtex', 'BibTeX'], ['ris', 'application/x-research-info-systems', 'RIS'], ['csl', 'application/vnd.citationstyles.csl+json', 'CSL-JSON'])">
        <link rel="alternate" type="{?2}" title="{?3}" href="{$d:cite?downloads(?1)}"/>
      </xsl:for-each>
      <script type="application/ld+json"><xsl:value-of select="$d:cite?jsonld"/></script>
    </xsl:if>
  </xsl:template>

  <!-- A citation made by citeproc-js, as the safe XHTML fragment src/cite/rich.ts wrote. -->
  <xsl:function name="d:cite-nodes" as="node()*">
    <xsl:param name="html" as="xs:string?"/>
    <xsl:sequence select="if ($html) then parse-xml-fragment($html)/node() else ()"/>
  </xsl:function>

  <xsl:template name="d:cite-styles">
    <xsl:if test="exists($d:cite)">
      <dt>Suggested citations</dt>
      <xsl:for-each select="$d:cite?styles?*">
        <dd class="cite-styles" data-style="{?key}">
          <span class="cite-style-name"><xsl:value-of select="?label"/></span>
          <xsl:text> </xsl:text>
          <span id="cite-edition-{?key}" class="cite-entry">
            <xsl:if test="not($print)"><xsl:attribute name="data-cite-copy" select="?label"/></xsl:if>
            <xsl:sequence select="d:cite-nodes(?edition?entry?html)"/>
          </span>
        </dd>
      </xsl:for-each>
      <xsl:if test="exists($d:cite?styles?*?source)">
        <dt>Cite the source</dt>
        <xsl:for-each select="$d:cite?styles?*[exists(?source)]">
          <dd class="cite-styles" data-style="{?key}">
            <span class="cite-style-name"><xsl:value-of select="?label"/></span>
            <xsl:text> </xsl:text>
            <span id="cite-source-{?key}" class="cite-entry">
              <xsl:if test="not($print)"><xsl:attribute name="data-cite-copy" select="?label || ' source'"/></xsl:if>
              <xsl:sequence select="d:cite-nodes(?source?entry?html)"/>
            </span>
          </dd>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="not($print)">
        <dt>Reference files</dt>
        <dd class="cite-downloads">
          <xsl:for-each select="(['bib', 'BibTeX'], ['ris', 'RIS'], ['csl', 'CSL-JSON'])">
            <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
            <a href="{$d:cite?downloads(?1)}" download=""><xsl:value-of select="?2"/></a>
          </xsl:for-each>
          <xsl:text> (for Zotero, Mendeley, EndNote, BibLaTeX)</xsl:text>
        </dd>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="d:cite-body">
    <xsl:if test="exists($d:cite) and $d:csp-script">
      <xsl:for-each select="$d:cite?templates?*">
        <template id="{?id}">
          <div class="cite-primary"><xsl:sequence select="d:cite-nodes(?primary)"/></div>
          <div class="cite-secondary"><xsl:sequence select="d:cite-nodes(?secondary)"/></div>
        </template>
      </xsl:for-each>
      <script type="application/json" id="diwan-cite-data"><xsl:value-of select="$d:cite?data"/></script>
      <script><xsl:value-of select="$cite-script"/></script>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
