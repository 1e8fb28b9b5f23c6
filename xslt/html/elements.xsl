<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> HTML for the text. The two maps below are the whole element mapping; templates after
  them only handle what a map cannot say (links, dates, notes, lists, tables, figures).
  Tunnel parameter $inline: the HTML parent accepts only phrasing content, so everything
  becomes a span. $in-link: inside an <a>, so no nested links.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!--
    The element -> behaviour maps (CETEIcean's idea): a project overrides or extends them by
    defining $d:html-block-extra / $d:html-inline-extra in its own stylesheet (which imports this
    one), e.g. map{'persName': 'strong'}; the value '' hides the element and its content.
  -->
  <xsl:variable name="d:html-block-extra" as="map(xs:string, xs:string)" select="map{}"/>
  <xsl:variable name="d:html-inline-extra" as="map(xs:string, xs:string)" select="map{}"/>
  <xsl:variable name="d:html-block" as="map(xs:string, xs:string)" select="map:merge(($d:html-block-default, $d:html-block-extra), map{'duplicates': 'use-last'})"/>
  <xsl:variable name="d:html-inline" as="map(xs:string, xs:string)" select="map:merge(($d:html-inline-default, $d:html-inline-extra), map{'duplicates': 'use-last'})"/>

  <!-- TEI element -> HTML element where the HTML parent accepts flow content. -->
  <xsl:variable name="d:html-block-default" as="map(xs:string, xs:string)" select="map {
    'p': 'p', 'ab': 'p', 'lg': 'div', 'l': 'div', 'sp': 'div', 'speaker': 'p', 'stage': 'p',
    'quote': 'blockquote', 'said': 'div', 'cit': 'div', 'figure': 'figure', 'closer': 'div', 'opener': 'div',
    'salute': 'p', 'signed': 'p', 'dateline': 'p', 'byline': 'p', 'trailer': 'p', 'label': 'p',
    'castList': 'div', 'castItem': 'p', 'titlePage': 'div', 'docTitle': 'div', 'titlePart': 'p',
    'docAuthor': 'p', 'docImprint': 'p', 'docDate': 'p', 'bibl': 'p', 'listBibl': 'div', 'u': 'p',
    'figDesc': 'p', 'epigraph': 'div', 'argument': 'div', 'postscript': 'div', 'lb': 'br',
    'body': 'div', 'front': 'div', 'back': 'div', 'group': 'div', 'text': 'div', 'floatingText': 'div',
    'div': 'div', 'div1': 'div', 'div2': 'div', 'div3': 'div', 'div4': 'div', 'div5': 'div', 'div6': 'div', 'div7': 'div'}"/>

  <!-- TEI element -> HTML element inside phrasing content (anything else becomes span). -->
  <xsl:variable name="d:html-inline-default" as="map(xs:string, xs:string)" select="map {
    'emph': 'em', 'title': 'cite', 'del': 'del', 'add': 'ins', 'abbr': 'abbr', 'lb': 'br', 'code': 'code', 'gi': 'code', 'tag': 'code'}"/>

  <!-- HTML elements whose content model is phrasing only. -->
  <xsl:variable name="d:phrasing-html" as="xs:string*" select="
    ('p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span', 'a', 'em', 'cite', 'abbr', 'code', 'time', 'sup', 'dt')"/>

  <!-- TEI elements that need a flow (div) parent in HTML ($d:flow-names) and the divisions
       ($d:division-names) come from common/classes.xsl. -->

  <!-- Not rendered in the text: registers have their own section; the rest is not reading text. -->
  <xsl:template _match="{$d:hidden-pattern} | comment() | processing-instruction()"/>

  <!-- Tokens (ELTeC level 2 has ~100k): their text alone, unless they carry an id or a language. -->
  <xsl:template match="tei:w[not(@xml:id | @xml:lang)] | tei:pc[not(@xml:id | @xml:lang)] | tei:c[not(@xml:id | @xml:lang)]">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- Text holding explicit bidi controls (embeddings, overrides, isolates: U+202A–U+202E,
       U+2066–U+2069) is kept as in the source, but isolated: an override in a name cannot reorder
       the text that follows it (docs/security.md). The check stage warns about each. -->
  <xsl:template match="text()[matches(., '[&#x202A;-&#x202E;&#x2066;-&#x2069;]')]">
    <bdi class="bidi-controls"><xsl:value-of select="."/></bdi>
  </xsl:template>

  <xsl:template match="*" priority="-1">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="name" select="local-name()"/>
    <xsl:variable name="needs-flow" select="not($inline) and exists(descendant::*[local-name() = $d:flow-names][not(ancestor::tei:note)])"/>
    <xsl:variable name="out" select="
      if ($inline) then ($d:html-inline($name), 'span')[1]
      else if ($needs-flow) then (if ($d:html-block($name) = ('blockquote', 'figure')) then $d:html-block($name) else 'div')
      else if (map:contains($d:html-block, $name)) then $d:html-block($name)
      else if (../text()[normalize-space()] or $name = $d:phrase-names) then ($d:html-inline($name), 'span')[1]
      else 'div'"/>
    <!-- '' in a behaviour map: the element is not shown. -->
    <xsl:if test="$out ne ''">
      <xsl:element name="{$out}">
        <xsl:call-template name="d:attributes"/>
        <xsl:if test="$out ne 'br'">
          <xsl:call-template name="d:paragraph-number"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" tunnel="yes" select="$out = $d:phrasing-html"/>
          </xsl:apply-templates>
        </xsl:if>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- id = xml:id (so #p3 cites paragraph 3), class = tei-<name> plus rend tokens, lang/dir. -->
  <xsl:template name="d:attributes">
    <xsl:param name="class" as="xs:string*" select="()"/>
    <!-- Only the text carries anchors (header and register parts are not cited), and a duplicated xml:id only once. -->
    <xsl:if test="@xml:id and ancestor::tei:text and (key('d:id', string(@xml:id))[1] is .)">
      <xsl:attribute name="id" select="@xml:id"/>
    </xsl:if>
    <xsl:attribute name="class" select="string-join((
      $class, 'tei-' || local-name(),
      @type ! replace(normalize-space(.), '[^A-Za-z0-9_-]+', '-') ! ('type-' || .),
      tokenize(normalize-space(@rend), ' ') ! replace(., '[^A-Za-z0-9_-]+', '-') ! ('rend-' || .)), ' ')"/>
    <xsl:call-template name="d:lang-attributes"/>
    <xsl:if test="$print and @n and (self::tei:p or self::tei:ab)">
      <xsl:attribute name="data-print-n" select="normalize-space(@n)"/>
    </xsl:if>
  </xsl:template>

  <!-- A visible paragraph number that links to the paragraph itself (the citation anchor). -->
  <xsl:template name="d:paragraph-number">
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <!-- In print the number stands in the margin (data-print-n, print.css). -->
    <xsl:if test="@n and (self::tei:p or self::tei:ab) and not($print)">
      <xsl:choose>
        <xsl:when test="@xml:id and not($in-link)">
          <a class="pn" href="#{@xml:id}" aria-label="paragraph {normalize-space(@n)}">
            <xsl:value-of select="normalize-space(@n)"/>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <span class="pn"><xsl:value-of select="normalize-space(@n)"/></span>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*[local-name() = $d:division-names]/tei:head">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="level" select="min((6, 1 + count(ancestor::*[local-name() = $d:division-names])))"/>
    <xsl:variable name="out" select="
      if ($inline) then 'span' else if (descendant::*[local-name() = $d:flow-names]) then 'div' else 'h' || $level"/>
    <xsl:element name="{$out}">
      <xsl:call-template name="d:attributes"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" tunnel="yes" select="$out ne 'div'"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- HTML allows one figcaption: all captions (head, p, ab) go into it, each keeping its id and language. -->
  <xsl:template match="tei:figure">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="captions" select="tei:head | tei:p | tei:ab"/>
    <xsl:element name="{if ($inline) then 'span' else 'figure'}">
      <xsl:call-template name="d:attributes"/>
      <xsl:apply-templates select="* except ($captions | tei:figDesc)"/>
      <!-- The description stands in for an image that is not shown (none, or one the CSP would not load). -->
      <xsl:if test="not((tei:graphic | tei:media)[exists(d:image-src(@url))])">
        <xsl:apply-templates select="tei:figDesc"/>
      </xsl:if>
      <xsl:if test="$captions">
        <xsl:element name="{if ($inline) then 'span' else 'figcaption'}">
          <xsl:for-each select="$captions">
            <xsl:element name="{if ($inline) then 'span' else 'p'}">
              <xsl:call-template name="d:attributes"><xsl:with-param name="class" select="'caption'"/></xsl:call-template>
              <xsl:apply-templates>
                <xsl:with-param name="inline" tunnel="yes" select="true()"/>
              </xsl:apply-templates>
            </xsl:element>
          </xsl:for-each>
        </xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span><xsl:call-template name="d:attributes"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <div>
          <xsl:call-template name="d:attributes"/>
          <xsl:for-each select="tei:head">
            <p><xsl:call-template name="d:attributes"/><xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></p>
          </xsl:for-each>
          <xsl:if test="* except tei:head">
            <xsl:element name="{if (@type = ('ordered', 'numbered') or @rend = 'numbered') then 'ol' else 'ul'}">
              <xsl:for-each select="* except tei:head">
                <li>
                  <xsl:call-template name="d:attributes"/>
                  <xsl:apply-templates select="if (self::tei:item) then node() else ."/>
                </li>
              </xsl:for-each>
            </xsl:element>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:table">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span><xsl:call-template name="d:attributes"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <table>
          <xsl:call-template name="d:attributes"/>
          <xsl:for-each select="tei:head[1]">
            <caption><xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></caption>
          </xsl:for-each>
          <tbody>
            <xsl:for-each select="* except tei:head[1]">
              <tr>
                <xsl:call-template name="d:attributes"/>
                <xsl:for-each select="if (self::tei:row) then tei:cell else .">
                  <td>
                    <xsl:if test="@cols castable as xs:integer"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
                    <xsl:if test="@rows castable as xs:integer"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
                    <xsl:call-template name="d:attributes"/>
                    <xsl:apply-templates select="if (self::tei:cell) then node() else ."/>
                  </td>
                </xsl:for-each>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- pb, gap, choice and the rest of the editorial layer: html/editorial.xsl. -->

  <xsl:template match="tei:cb | tei:milestone | tei:anchor">
    <xsl:if test="@xml:id"><span id="{@xml:id}" class="tei-{local-name()}"/></xsl:if>
  </xsl:template>

  <!-- Mentions: a link to the register entry with a stable id for the entry's back-links. -->
  <xsl:template match="tei:persName[@ref] | tei:placeName[@ref] | tei:orgName[@ref] | tei:rs[@ref] | tei:roleName[@ref] | tei:name[@ref]">
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="target" select="d:mention-target(.)"/>
    <xsl:variable name="href" select="d:href(tokenize(normalize-space(@ref), ' '), .)"/>
    <xsl:variable name="id" select="(d:mention-id(.), @xml:id)[1]"/>
    <xsl:element name="{if ($href and not($in-link)) then 'a' else 'span'}">
      <xsl:if test="$href and not($in-link)"><xsl:attribute name="href" select="$href"/></xsl:if>
      <xsl:if test="$id"><xsl:attribute name="id" select="$id"/></xsl:if>
      <xsl:attribute name="class" select="local-name() || ' mention' || (@type ! (' type-' || replace(normalize-space(.), '[^A-Za-z0-9_-]+', '-')))"/>
      <xsl:call-template name="d:lang-attributes"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" tunnel="yes" select="true()"/>
        <xsl:with-param name="in-link" tunnel="yes" select="$in-link or exists($href)"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- The first pointer that leads somewhere on this page, or to a safe web address. -->
  <xsl:function name="d:href" as="xs:string?">
    <xsl:param name="tokens" as="xs:string*"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="(
      for $t in $tokens, $e in d:target($t, $context)[d:on-page(.)] return '#' || $e/@xml:id,
      for $t in $tokens return d:expand($t)[not(starts-with(., '#'))][d:safe-href(.)])[1]"/>
  </xsl:function>

  <!-- Elements rendered with their xml:id as HTML id: the text (outside registers) and register entries. -->
  <xsl:function name="d:on-page" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      (: by name, not by `$e intersect $d:entries`: that sorts thousands of entries per mention :)
      ($e/self::tei:* and local-name($e) = $d:entry-names)
      or (exists($e/ancestor::tei:text) and empty($e/ancestor-or-self::*[
            self::tei:listPerson or self::tei:listPlace or self::tei:listOrg or self::tei:figDesc
            or self::tei:interpGrp or self::tei:linkGrp or self::tei:spanGrp or self::tei:fs]))"/>
  </xsl:function>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="tokens" select="tokenize(normalize-space(@target), ' ')"/>
    <xsl:variable name="href" select="d:href($tokens, .)"/>
    <xsl:element name="{if ($href and not($in-link)) then 'a' else 'span'}">
      <xsl:if test="$href and not($in-link)"><xsl:attribute name="href" select="$href"/></xsl:if>
      <xsl:call-template name="d:attributes"/>
      <xsl:choose>
        <xsl:when test="self::tei:ref">
          <xsl:apply-templates>
            <xsl:with-param name="inline" tunnel="yes" select="true()"/>
            <xsl:with-param name="in-link" tunnel="yes" select="$in-link or exists($href)"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="($href[not(starts-with(., '#'))], $tokens[1] ! d:expand(.))[1]"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- Only the images the edition carries are shown (docs/security.md); others are named, not loaded. -->
  <xsl:template match="tei:graphic | tei:media">
    <xsl:variable name="src" select="d:image-src(@url)"/>
    <xsl:choose>
      <xsl:when test="exists($src)">
        <img src="{$src}" alt="{normalize-space((../tei:figDesc, tei:desc)[1])}">
          <xsl:call-template name="d:attributes"/>
        </img>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-graphic unavailable">[image not shown]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Dates: <time datetime> when HTML can say the value, otherwise a span; the title reads the value. -->
  <xsl:template match="tei:date[@when or @notBefore or @notAfter or @from or @to or @dur]
                     | tei:time[@when or @notBefore or @notAfter or @from or @to or @dur]">
    <xsl:variable name="datetime" select="d:html-datetime(.)"/>
    <xsl:variable name="id" select="(d:date-id(.), @xml:id)[1]"/>
    <xsl:element name="{if ($datetime) then 'time' else 'span'}">
      <xsl:if test="$datetime"><xsl:attribute name="datetime" select="$datetime"/></xsl:if>
      <xsl:if test="$id"><xsl:attribute name="id" select="$id"/></xsl:if>
      <xsl:attribute name="class" select="'date tei-' || local-name()"/>
      <xsl:attribute name="title" select="d:date-label(.)"/>
      <xsl:call-template name="d:lang-attributes"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" tunnel="yes" select="true()"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- Notes become endnotes: a numbered link here, the note in the notes section. -->
  <xsl:template match="tei:note">
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:param name="notes-inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="k" select="d:note-number(.)"/>
    <xsl:choose>
      <xsl:when test="$notes-inline or empty($k)">
        <span>
          <xsl:call-template name="d:attributes"/>
          <xsl:text> (</xsl:text>
          <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
          <xsl:text>)</xsl:text>
        </span>
      </xsl:when>
      <xsl:when test="$in-link">
        <sup class="noteref" id="noteref-{$k}"><xsl:value-of select="$k"/></sup>
      </xsl:when>
      <xsl:otherwise>
        <a class="noteref" href="#{d:note-id(.)}" id="noteref-{$k}" aria-label="note {$k}"><sup><xsl:value-of select="$k"/></sup></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- $d:notes and their numbers: common/editorial.xsl (the text edition numbers them the same way). -->

  <xsl:function name="d:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($note/@xml:id, 'note-' || d:note-number($note))[1]"/>
  </xsl:function>

  <xsl:template name="d:notes-section">
    <xsl:if test="exists($d:notes)">
      <section id="notes" class="notes" aria-labelledby="notes-heading" lang="en" dir="ltr">
        <h2 id="notes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$d:notes">
            <li id="{d:note-id(.)}">
              <xsl:for-each select="d:lang(.)[.]"><xsl:attribute name="lang" select="."/><xsl:attribute name="dir" select="d:dir(.)"/></xsl:for-each>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#noteref-{position()}" aria-label="back to note {position()} in the text"><xsl:value-of select="d:arrow('↑')"/></a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
