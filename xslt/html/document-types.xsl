<?xml version="1.0" encoding="UTF-8"?>
<!--
  What documents of a kind need beyond the generic mapping: letters (correspDesc as a table in
  the banner; a CMIF file's many correspDesc as a list of letters), verse and drama (line numbers
  every 5 lines, indentation from @rend), inscriptions (EpiDoc divisions labelled: edition,
  apparatus, translation, commentary, bibliography).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- Letters -->

  <!-- One letter's correspondence metadata: a table in the banner (sent, received, …). -->
  <xsl:template name="d:correspondence">
    <xsl:if test="count($d:corresp-descs) eq 1">
      <dt>Correspondence</dt>
      <dd class="correspondence">
        <table class="corresp">
          <thead><tr><th scope="col">Action</th><th scope="col">Who</th><th scope="col">Where</th><th scope="col">When</th></tr></thead>
          <tbody>
            <xsl:for-each select="$d:corresp-descs/tei:correspAction">
              <tr>
                <th scope="row"><xsl:value-of select="d:corresp-action-label(.)"/></th>
                <td><xsl:call-template name="d:corresp-names"><xsl:with-param name="names" select="tei:persName | tei:orgName | tei:name"/></xsl:call-template></td>
                <td><xsl:call-template name="d:corresp-names"><xsl:with-param name="names" select="tei:placeName | tei:settlement"/></xsl:call-template></td>
                <td><xsl:for-each select="tei:date"><xsl:if test="position() gt 1">; </xsl:if><xsl:value-of select="string-join(d:date-readings(.), ' = ')"/></xsl:for-each></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- Names of a correspondence action, linked where their @ref leads somewhere on this page or to a safe address. -->
  <xsl:template name="d:corresp-names">
    <xsl:param name="names" as="element()*"/>
    <xsl:for-each select="$names">
      <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
      <xsl:variable name="href" select="d:href(tokenize(normalize-space(@ref), ' '), .)"/>
      <xsl:element name="{if ($href) then 'a' else 'span'}">
        <xsl:if test="$href"><xsl:attribute name="href" select="$href"/></xsl:if>
        <xsl:for-each select="d:lang(.)[.]"><xsl:attribute name="lang" select="."/><xsl:attribute name="dir" select="d:dir(.)"/></xsl:for-each>
        <xsl:value-of select="d:name-string(.)"/>
      </xsl:element>
    </xsl:for-each>
  </xsl:template>

  <!-- A CMIF file (many correspDesc): the list of its letters. -->
  <xsl:template name="d:letters-section">
    <xsl:if test="count($d:corresp-descs) gt 1">
      <section id="letters" class="letters" aria-labelledby="letters-heading" lang="en" dir="ltr">
        <h2 id="letters-heading">Letters (<xsl:value-of select="count($d:corresp-descs)"/>)</h2>
        <table class="letters">
          <thead><tr><th scope="col">From</th><th scope="col">Sent from</th><th scope="col">Date</th><th scope="col">To</th><th scope="col">Received at</th><th scope="col">Source</th></tr></thead>
          <tbody>
            <xsl:for-each select="$d:corresp-descs">
              <xsl:variable name="sent" select="tei:correspAction[@type = 'sent']"/>
              <xsl:variable name="received" select="tei:correspAction[@type = 'received']"/>
              <tr>
                <td><xsl:call-template name="d:corresp-names"><xsl:with-param name="names" select="$sent/(tei:persName | tei:orgName | tei:name)"/></xsl:call-template></td>
                <td><xsl:call-template name="d:corresp-names"><xsl:with-param name="names" select="$sent/(tei:placeName | tei:settlement)"/></xsl:call-template></td>
                <td><xsl:value-of select="string-join($sent/tei:date ! d:date-readings(.)[1], '; ')"/></td>
                <td><xsl:call-template name="d:corresp-names"><xsl:with-param name="names" select="$received/(tei:persName | tei:orgName | tei:name)"/></xsl:call-template></td>
                <td><xsl:call-template name="d:corresp-names"><xsl:with-param name="names" select="$received/(tei:placeName | tei:settlement)"/></xsl:call-template></td>
                <td>
                  <xsl:variable name="src" select="(@source, @ref, tei:correspContext/tei:ref/@target)[1] ! d:expand(normalize-space(.))"/>
                  <xsl:choose>
                    <xsl:when test="$src[d:safe-href(.)][not(starts-with(., '#'))]"><a href="{$src}" class="url" dir="ltr"><xsl:value-of select="d:readable-url($src)"/></a></xsl:when>
                    <xsl:when test="$src"><xsl:value-of select="(d:target($src, .) ! normalize-space(.), $src)[1]"/></xsl:when>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Verse and drama: line numbers every 5 lines (its @n, else its place in its division), indentation from @rend. -->
  <xsl:template match="tei:l[ancestor::tei:text]" priority="1">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="n" select="d:line-number(.)"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}">
      <xsl:call-template name="d:attributes"/>
      <xsl:if test="exists($n) and $n mod 5 eq 0 and not($inline)">
        <span class="ln" aria-hidden="true"><xsl:value-of select="$n"/></span>
      </xsl:if>
      <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- Inscriptions: EpiDoc's divisions say what they are, in a heading of their own when they have none. -->
  <xsl:variable name="d:epidoc-labels" as="map(xs:string, xs:string)" select="map{
    'edition': 'Edition', 'apparatus': 'Apparatus criticus', 'translation': 'Translation',
    'commentary': 'Commentary', 'bibliography': 'Bibliography', 'textpart': 'Text part'}"/>

  <xsl:template match="tei:div[@type = ('edition', 'apparatus', 'translation', 'commentary', 'bibliography')][not(tei:head)][ancestor::tei:body]" priority="1">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="level" select="min((6, 1 + count(ancestor-or-self::*[local-name() = $d:division-names])))"/>
    <xsl:variable name="own-lang" select="d:lang(.)"/>
    <xsl:variable name="qualifier" select="string-join((@subtype ! translate(normalize-space(.), '-_', '  '), $own-lang[normalize-space()][. ne d:lang(current()/..)]), ', ')"/>
    <div>
      <xsl:call-template name="d:attributes"/>
      <xsl:if test="not($inline)">
        <xsl:element name="h{$level}">
          <xsl:attribute name="class" select="'division-label'"/>
          <xsl:attribute name="lang" select="'en'"/>
          <xsl:attribute name="dir" select="'ltr'"/>
          <xsl:value-of select="$d:epidoc-labels(string(@type)) || ($qualifier[.] ! (' (' || . || ')'), '')[1]"/>
        </xsl:element>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>
</xsl:stylesheet>
