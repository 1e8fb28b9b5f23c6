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
        content="default-src 'none'; style-src {d:style-sources()}{$d:csp-cite-style}; img-src 'self' data:; base-uri 'none'; form-action 'none'{$d:csp-script}"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title><xsl:value-of select="$d:main-title"/></title>
      <meta name="description" content="{string-join(($d:titles ! normalize-space(.))[. ne $d:main-title][1], '') ! (if (.) then . else $d:main-title)}"/>
      <meta name="generator" content="{$d:diwan}"/>
      <meta name="dcterms.title" content="{$d:main-title}"/>
      <xsl:for-each select="$d:editor-names">
        <meta name="dcterms.contributor" content="{.}"/>
      </xsl:for-each>
      <xsl:for-each select="$d:publisher"><meta name="dcterms.publisher" content="{.}"/></xsl:for-each>
      <xsl:for-each select="$d:pub-date"><meta name="dcterms.date" content="{.}"/></xsl:for-each>
      <meta name="dcterms.language" content="{$d:main-lang}"/>
      <xsl:for-each select="$d:licence-text"><meta name="dcterms.rights" content="{.}"/></xsl:for-each>
      <xsl:for-each select="($d:edition-url, $d:idnos)[1]"><meta name="dcterms.identifier" content="{.}"/></xsl:for-each>
      <!-- Provenance, for harvesters: the same statements as the visible colophon (d:colophon). -->
      <xsl:for-each select="$d:edition-id"><meta name="diwan.edition" content="{.}"/></xsl:for-each>
      <xsl:for-each select="$d:edition-version"><meta name="diwan.edition-version" content="{.}"/></xsl:for-each>
      <xsl:for-each select="$d:edition-date"><meta name="diwan.edition-date" content="{.}"/></xsl:for-each>
      <xsl:for-each select="d:sha256($tei-sha256)"><meta name="diwan.tei-sha256" content="{.}"/></xsl:for-each>
      <xsl:for-each select="d:sha256($source-sha256)"><meta name="diwan.source-sha256" content="{.}"/></xsl:for-each>
      <xsl:call-template name="d:editorial-style"/>
      <xsl:call-template name="d:cite-head"/>
      <style><xsl:value-of select="$css"/></style>
      <xsl:call-template name="d:hook-head"/>
    </head>
  </xsl:template>

  <!-- The header speaks English (lang="en" on the header); titles keep their own language and direction. -->
  <xsl:template name="d:banner">
    <header class="edition-header{' diwan-print-title-page'[$print]}" lang="en" dir="ltr">
      <xsl:variable name="main-lang" select="($d:main-title-element ! d:lang(.), $d:main-lang)[normalize-space()][1]"/>
      <h1 lang="{$main-lang}" dir="{d:dir($main-lang)}"><xsl:value-of select="$d:main-title"/></h1>
      <xsl:for-each select="$d:titles[normalize-space(.) ne $d:main-title]">
        <p class="subtitle">
          <xsl:for-each select="d:lang(.)[.]">
            <xsl:attribute name="lang" select="."/>
            <xsl:attribute name="dir" select="d:dir(.)"/>
          </xsl:for-each>
          <xsl:value-of select="normalize-space(.)"/>
        </p>
      </xsl:for-each>
      <dl class="metadata">
        <xsl:for-each select="$d:source-bibls">
          <dt>
            <xsl:text>Source</xsl:text>
            <xsl:if test="count($d:source-bibls) gt 1">
              <xsl:value-of select="' ' || position() || (@type[normalize-space()] ! (' (' || lower-case(d:label(.)) || ')'), '')[1]"/>
            </xsl:if>
          </dt>
          <dd class="source">
            <dl class="bibl">
              <xsl:for-each-group select="d:bibl-parts(.)" group-adjacent="?label">
                <dt><xsl:value-of select="current-grouping-key()"/></dt>
                <xsl:for-each select="current-group()">
                  <xsl:call-template name="d:bibl-part"><xsl:with-param name="part" select="."/></xsl:call-template>
                </xsl:for-each>
              </xsl:for-each-group>
            </dl>
          </dd>
        </xsl:for-each>
        <xsl:if test="exists($d:resp-lines) or $d:titleStmt/tei:editor">
          <dt>Edition</dt>
          <xsl:for-each select="$d:titleStmt/tei:editor ! ('Editor: ' || d:names-text(.)), $d:resp-lines">
            <dd><xsl:value-of select="."/></dd>
          </xsl:for-each>
        </xsl:if>
        <xsl:call-template name="d:correspondence"/>
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
        <dd class="cite">
          <xsl:for-each select="$d:cite-segments">
            <xsl:if test="position() gt 1">, </xsl:if>
            <xsl:for-each select="?*">
              <xsl:choose>
                <xsl:when test="exists(?lang)">
                  <bdi>
                    <xsl:for-each select="?lang[normalize-space()]">
                      <xsl:attribute name="lang" select="."/>
                      <xsl:attribute name="dir" select="d:dir(.)"/>
                    </xsl:for-each>
                    <xsl:value-of select="?text"/>
                  </bdi>
                </xsl:when>
                <xsl:when test="exists(?url)"><a href="{?url}" class="url" dir="ltr"><xsl:value-of select="d:readable-url(?url)"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="?text"/></xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </dd>
        <xsl:if test="$d:sample-anchor">
          <dd class="cite-paragraph">
            <xsl:text>Paragraph: </xsl:text>
            <a href="#{$d:sample-anchor}" class="url" dir="ltr"><xsl:value-of select="($d:edition-url ! d:readable-url(.), '')[1] || '#' || $d:sample-anchor"/></a>
            <xsl:text> (each paragraph is cited by its number)</xsl:text>
          </dd>
        </xsl:if>
        <xsl:call-template name="d:cite-styles"/>
      </dl>
      <xsl:variable name="downloads" select="(['TEI P5 XML', $download-tei], ['Plain text', $download-text], ['PDF', $download-pdf])[normalize-space(?2)]"/>
      <xsl:if test="exists($downloads)">
        <p class="downloads">
          <xsl:text>Files of this edition: </xsl:text>
          <xsl:for-each select="$downloads">
            <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
            <a href="{?2}" download=""><xsl:value-of select="?1"/></a>
          </xsl:for-each>
        </p>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- The value of one labelled part of a source citation. -->
  <xsl:template name="d:bibl-part">
    <xsl:param name="part" as="map(*)"/>
    <xsl:variable name="kind" select="$part?kind"/>
    <xsl:variable name="lang" select="($part?nodes[1] ! d:lang(.))[normalize-space()]"/>
    <dd class="part-{$kind}">
      <xsl:if test="$lang and $lang ne 'en' and $kind = ('inline', 'names', 'date')">
        <xsl:attribute name="lang" select="$lang"/>
        <xsl:attribute name="dir" select="d:dir($lang)"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$kind = 'titles'">
          <xsl:for-each select="$part?nodes">
            <xsl:if test="position() gt 1">: </xsl:if>
            <xsl:variable name="quoted" select="@level = ('a', 'u')"/>
            <xsl:if test="$quoted">«</xsl:if>
            <cite class="{if ($quoted) then 'title-quoted' else 'title-italic'}">
              <xsl:for-each select="d:lang(.)[.]">
                <xsl:attribute name="lang" select="."/>
                <xsl:attribute name="dir" select="d:dir(.)"/>
              </xsl:for-each>
              <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
            </cite>
            <xsl:if test="$quoted">»</xsl:if>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="$kind = 'names'">
          <xsl:for-each select="$part?nodes">
            <xsl:if test="position() gt 1">; </xsl:if>
            <xsl:call-template name="d:name-value"/>
          </xsl:for-each>
          <xsl:for-each select="$part?resp[normalize-space()]">
            <xsl:text> — </xsl:text>
            <span class="role">
              <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
            </span>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="$kind = 'date'">
          <xsl:variable name="readings" select="d:date-readings($part?nodes)"/>
          <xsl:variable name="datetime" select="d:html-datetime($part?nodes)"/>
          <xsl:choose>
            <xsl:when test="$datetime"><time datetime="{$datetime}"><xsl:value-of select="$readings[1]"/></time></xsl:when>
            <xsl:otherwise><xsl:value-of select="$readings[1]"/></xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="$readings[2]"> (<span dir="ltr" class="iso"><xsl:value-of select="."/></span>)</xsl:for-each>
        </xsl:when>
        <xsl:when test="$kind = 'url'">
          <xsl:choose>
            <xsl:when test="d:safe-href($part?url)">
              <a href="{$part?url}" class="url" dir="ltr" translate="no"><xsl:value-of select="d:readable-url($part?url)"/></a>
            </xsl:when>
            <xsl:otherwise><span class="url" dir="ltr"><xsl:value-of select="$part?url"/></span></xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="$part?text[normalize-space()]"> (<xsl:value-of select="."/>)</xsl:for-each>
        </xsl:when>
        <xsl:when test="$kind = 'inline'">
          <xsl:for-each select="$part?nodes">
            <xsl:choose>
              <xsl:when test="self::tei:publisher | self::tei:pubPlace"><xsl:call-template name="d:name-value"/></xsl:when>
              <xsl:when test="self::tei:ref | self::tei:ptr">
                <xsl:apply-templates select="."><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>
                <xsl:apply-templates>
                  <xsl:with-param name="inline" tunnel="yes" select="true()"/>
                  <xsl:with-param name="notes-inline" tunnel="yes" select="true()"/>
                </xsl:apply-templates>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$part?text"/></xsl:otherwise>
      </xsl:choose>
    </dd>
  </xsl:template>

  <!-- A name, or several names in one element (one per language), kept apart by a slash. -->
  <xsl:template name="d:name-value">
    <xsl:variable name="names" select="tei:persName | tei:orgName | tei:name | tei:placeName"/>
    <xsl:choose>
      <xsl:when test="count($names) gt 1 and not(text()[normalize-space()])">
        <xsl:for-each select="$names">
          <xsl:if test="position() gt 1"> / </xsl:if>
          <xsl:apply-templates select="."><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="self::tei:persName | self::tei:orgName | self::tei:name | self::tei:placeName">
        <xsl:apply-templates select="."><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
