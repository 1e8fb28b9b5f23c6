<?xml version="1.0" encoding="UTF-8"?>
<!-- Registers (persons, places, organisations) and the dates index, with back-links to every mention. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:variable name="d:kind-labels" as="map(xs:string, xs:string)"
    select="map {'persons': 'Persons', 'places': 'Places', 'organisations': 'Organisations'}"/>

  <xsl:template name="d:registers-section">
    <xsl:if test="exists($d:entries) or exists($d:dates) or exists($d:relations)">
      <section id="registers" class="registers{' diwan-print-endmatter'[$print]}" aria-labelledby="registers-heading" lang="en" dir="ltr">
        <h2 id="registers-heading">Registers</h2>
        <xsl:for-each select="('persons', 'places', 'organisations')">
          <xsl:variable name="kind" select="."/>
          <xsl:variable name="entries" select="$d:entries[d:entry-kind(.) = $kind]"/>
          <xsl:if test="exists($entries)">
            <section id="register-{$kind}" aria-labelledby="register-{$kind}-heading">
              <h3 id="register-{$kind}-heading"><xsl:value-of select="$d:kind-labels($kind)"/></h3>
              <ul class="register">
                <xsl:apply-templates select="$entries" mode="d:register"/>
              </ul>
            </section>
          </xsl:if>
        </xsl:for-each>
        <xsl:call-template name="d:dates-index"/>
        <xsl:call-template name="d:relations-index"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*" mode="d:register">
    <xsl:variable name="mentions" select="@xml:id ! key('d:mentions-of', string(.))[exists(d:mention-id(.))]"/>
    <li class="entry tei-{local-name()}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <!-- No lang="" where the document declares none: it would say "unknown language" of the entry. -->
      <xsl:if test="d:lang(.)"><xsl:attribute name="lang" select="d:lang(.)"/><xsl:attribute name="dir" select="d:dir(d:lang(.))"/></xsl:if>
      <p class="names">
        <xsl:for-each select="d:entry-names(.)">
          <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
          <span class="name">
            <xsl:call-template name="d:lang-attributes"/>
            <xsl:value-of select="d:name-string(.)"/>
          </span>
        </xsl:for-each>
        <xsl:if test="empty(d:entry-names(.))">
          <span class="name"><xsl:value-of select="(@xml:id, normalize-space(.))[1]"/></span>
        </xsl:if>
        <xsl:for-each select="d:life-dates(.)">
          <xsl:text> </xsl:text>
          <span class="life" lang="en" dir="ltr"><xsl:value-of select="'(' || . || ')'"/></span>
        </xsl:for-each>
      </p>
      <xsl:variable name="coordinates" select="d:coordinates(.)"/>
      <xsl:if test="exists($coordinates)">
        <p class="coordinates" lang="en" dir="ltr">
          <span class="label">coordinates: </span>
          <a href="{d:map-url($coordinates)}"><xsl:value-of select="d:coordinates-words($coordinates)"/></a>
        </p>
      </xsl:if>
      <xsl:for-each select="* except (d:entry-names(.) | tei:idno | tei:listPerson | tei:listPlace | tei:listOrg | tei:place | tei:person | tei:org | tei:linkGrp | tei:listRelation)">
        <p class="detail">
          <xsl:call-template name="d:attributes"/>
          <span class="label" lang="en" dir="ltr"><xsl:value-of select="d:detail-label(.) || ': '"/></span>
          <xsl:apply-templates>
            <xsl:with-param name="inline" tunnel="yes" select="true()"/>
            <xsl:with-param name="notes-inline" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="@when | @notBefore | @notAfter | @from | @to" mode="d:register"/>
        </p>
      </xsl:for-each>
      <!-- Relations the entry states (a gazetteer's "shares a name with …"): their kind and description. -->
      <xsl:for-each select="tei:listRelation/tei:relation">
        <p class="detail relation">
          <span class="label" lang="en" dir="ltr"><xsl:value-of select="'relation' || (@name[normalize-space()] ! (' (' || normalize-space(.) || ')'), '')[1] || ': '"/></span>
          <xsl:apply-templates>
            <xsl:with-param name="inline" tunnel="yes" select="true()"/>
            <xsl:with-param name="notes-inline" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
        </p>
      </xsl:for-each>
      <xsl:for-each select="tei:idno[normalize-space()]">
        <xsl:variable name="url" select="d:authority-url(.)[d:safe-href(.)]"/>
        <p class="authority">
          <span class="label" lang="en" dir="ltr"><xsl:value-of select="(@type[normalize-space()], 'identifier')[1] || ': '"/></span>
          <xsl:choose>
            <xsl:when test="$url"><a href="{$url}" dir="ltr"><xsl:value-of select="$url"/></a></xsl:when>
            <xsl:otherwise><span dir="ltr"><xsl:value-of select="normalize-space(.)"/></span></xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:for-each>
      <xsl:if test="exists($mentions)">
        <p class="mentions" lang="en" dir="ltr">
          <span class="label">Mentions: </span>
          <xsl:call-template name="d:backlinks"><xsl:with-param name="targets" select="$mentions"/></xsl:call-template>
        </p>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="@*" mode="d:register">
    <xsl:value-of select="' (' || local-name() || ' ' || normalize-space(.) || ')'"/>
  </xsl:template>

  <!-- Relations stated beside the entries (listRelation in listPlace, listPerson, standOff): their kind and description. -->
  <xsl:template name="d:relations-index">
    <xsl:if test="exists($d:relations)">
      <section id="register-relations" aria-labelledby="register-relations-heading">
        <h3 id="register-relations-heading">Relations</h3>
        <ul class="register relations">
          <xsl:for-each select="$d:relations">
            <li>
              <xsl:for-each select="d:lang(.)[.]"><xsl:attribute name="lang" select="."/><xsl:attribute name="dir" select="d:dir(.)"/></xsl:for-each>
              <span class="label" lang="en" dir="ltr"><xsl:value-of select="d:relation-kind(.) || ': '"/></span>
              <xsl:apply-templates>
                <xsl:with-param name="inline" tunnel="yes" select="true()"/>
                <xsl:with-param name="notes-inline" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="d:dates-index">
    <xsl:if test="exists($d:dates)">
      <section id="register-dates" aria-labelledby="register-dates-heading">
        <h3 id="register-dates-heading">Dates</h3>
        <ul class="register dates">
          <xsl:for-each select="$d:dates">
            <li>
              <span class="wording">
                <xsl:for-each select="d:lang(.)[.]"><xsl:attribute name="lang" select="."/><xsl:attribute name="dir" select="d:dir(.)"/></xsl:for-each>
              <xsl:value-of select="normalize-space(.)"/></span>
              <xsl:value-of select="' ' || d:arrow('→') || ' '"/>
              <code><xsl:value-of select="d:date-value(.)"/></code>
              <xsl:value-of select="' (' || d:date-label(.) || ') '"/>
              <xsl:call-template name="d:backlinks"><xsl:with-param name="targets" select="."/></xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
