<?xml version="1.0" encoding="UTF-8"?>
<!-- The page head (metadata, CSP) and the banner with the bibliographic data and citation. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:template name="d:html-head">
    <head>
      <meta charset="utf-8"/>
      <meta http-equiv="Content-Security-Policy"
        content="default-src 'none'; style-src {if (matches($csp-style-hash, '^sha(256|384|512)-[A-Za-z0-9+/=]+$')) then '''' || $csp-style-hash || '''' else '''none'''}; img-src https: data:; base-uri 'none'; form-action 'none'"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title><xsl:value-of select="$d:main-title"/></title>
      <meta name="description" content="{string-join(($d:titles ! normalize-space(.))[. ne $d:main-title][1], '') ! (if (.) then . else $d:main-title)}"/>
      <meta name="generator" content="diwan"/>
      <meta name="dcterms.title" content="{$d:main-title}"/>
      <xsl:for-each select="$d:editor-names">
        <meta name="dcterms.contributor" content="{.}"/>
      </xsl:for-each>
      <xsl:for-each select="$d:publisher"><meta name="dcterms.publisher" content="{.}"/></xsl:for-each>
      <xsl:for-each select="$d:pub-date"><meta name="dcterms.date" content="{.}"/></xsl:for-each>
      <meta name="dcterms.language" content="{$d:main-lang}"/>
      <xsl:for-each select="$d:licence-text"><meta name="dcterms.rights" content="{.}"/></xsl:for-each>
      <xsl:for-each select="($d:edition-url, $d:idnos)[1]"><meta name="dcterms.identifier" content="{.}"/></xsl:for-each>
      <style><xsl:value-of select="$css"/></style>
    </head>
  </xsl:template>

  <xsl:template name="d:banner">
    <header class="edition-header" lang="en" dir="ltr">
      <h1>
        <xsl:variable name="main" select="($d:titles[normalize-space(.) = $d:main-title])[1]"/>
        <span lang="{if ($main) then d:lang($main) else $d:main-lang}" dir="{d:dir(if ($main) then d:lang($main) else $d:main-lang)}">
          <xsl:value-of select="$d:main-title"/>
        </span>
      </h1>
      <xsl:for-each select="$d:titles[normalize-space(.) ne $d:main-title]">
        <p class="subtitle" lang="{d:lang(.)}" dir="{d:dir(d:lang(.))}"><xsl:value-of select="normalize-space(.)"/></p>
      </xsl:for-each>
      <dl class="metadata">
        <xsl:if test="exists($d:source-bibls)">
          <dt>Source</dt>
          <xsl:for-each select="$d:source-bibls">
            <dd lang="{d:lang(.)}" dir="{d:dir(d:lang(.))}">
              <xsl:apply-templates>
                <xsl:with-param name="inline" tunnel="yes" select="true()"/>
                <xsl:with-param name="notes-inline" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </dd>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="exists($d:resp-lines) or $d:titleStmt/tei:editor">
          <dt>Edition</dt>
          <xsl:for-each select="$d:titleStmt/tei:editor ! ('Editor: ' || d:name-string(.)), $d:resp-lines">
            <dd><xsl:value-of select="."/></dd>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$d:licence-text">
          <dt>Licence</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$d:licence-url"><a href="{$d:licence-url}"><xsl:value-of select="$d:licence-text"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="$d:licence-text"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:if>
        <dt>Cite this edition</dt>
        <dd class="cite"><xsl:value-of select="$d:cite-line"/></dd>
        <xsl:if test="$d:sample-anchor">
          <dd class="cite-paragraph">
            <xsl:text>Cite a paragraph by its number: </xsl:text>
            <a href="#{$d:sample-anchor}" dir="ltr"><xsl:value-of select="($d:edition-url, '')[1] || '#' || $d:sample-anchor"/></a>
          </dd>
        </xsl:if>
      </dl>
    </header>
  </xsl:template>
</xsl:stylesheet>
