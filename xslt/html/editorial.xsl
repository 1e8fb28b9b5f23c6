<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editorial layer of the HTML edition: Leiden-style signs around supplied, expanded, unclear,
  superfluous text, struck deletions and raised additions, gaps with their extent, choice with
  both readings and the reader's toggle, app as lemma + popover + apparatus section, the legend,
  page breaks of the chosen edition, words joined across line breaks. The decisions themselves
  (which reading, which signs, which page breaks) are common/editorial.xsl's, shared with the text
  edition; this module only says how HTML shows them.

  The page runs no script (the CSP forbids it): the toggle is two radio inputs and CSS (:has),
  the popover is HTML's popover attribute driven by a button (popovertarget), both without script.
  The CSS (html/editorial.css) is its own <style>, with its own CSP hash, and only on pages that
  have an editorial layer, so other pages stay as they were.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- The editorial CSS and its CSP hash (src/transform/html.ts). -->
  <xsl:param name="editorial-css" as="xs:string" select="''"/>
  <xsl:param name="editorial-csp-hash" as="xs:string" select="''"/>

  <xsl:variable name="d:has-choices" as="xs:boolean" select="exists($d:editorial/self::tei:choice)"/>

  <!-- Pages with signs, readings, an apparatus or a legend get the editorial CSS. -->
  <xsl:variable name="d:editorial-page" as="xs:boolean" select="exists($d:editorial) or exists(key('d:by-name', 'l', /)) or exists($d:corresp-descs)
    or exists(key('d:by-name', 'text', /)/tei:body/tei:div[@type = ('edition', 'translation', 'commentary')])"/>

  <!-- The style-src of the page's CSP: diwan's (and the project's) CSS, and the editorial CSS where it is used. -->
  <xsl:function name="d:style-sources" as="xs:string">
    <xsl:variable name="hashes" select="($csp-style-hash, $editorial-csp-hash[$d:editorial-page])[matches(., '^sha(256|384|512)-[A-Za-z0-9+/=]+$')]"/>
    <xsl:sequence select="if (exists($hashes)) then string-join($hashes ! ('''' || . || ''''), ' ') else '''none'''"/>
  </xsl:function>

  <!-- Before the page's main style, so that diwan's and a project's CSS can still override it. -->
  <xsl:template name="d:editorial-style">
    <xsl:if test="$d:editorial-page and normalize-space($editorial-css)">
      <style><xsl:value-of select="$editorial-css"/></style>
    </xsl:if>
  </xsl:template>

  <!-- Space: a space, so that words around it stay apart. -->
  <xsl:template match="tei:space">
    <span class="tei-space">
      <xsl:if test="@quantity | @extent">
        <xsl:attribute name="title" select="'space in the source (' || normalize-space(string-join((@quantity, @extent, @unit), ' ')) || ')'"/>
      </xsl:if>
      <xsl:text> </xsl:text>
    </span>
  </xsl:template>

  <!-- A line break inside a word: no break, and the word is whole (an anchor if it has an id). -->
  <xsl:template match="tei:lb[d:joins-word(.)]" priority="1">
    <xsl:if test="@xml:id"><span id="{@xml:id}" class="tei-lb break-no"/></xsl:if>
  </xsl:template>

  <!-- The white space that indents the line after such a break is not a word boundary. -->
  <xsl:template match="text()[$d:has-word-joins][preceding-sibling::node()[1][self::tei:lb] or following-sibling::node()[1][self::tei:lb]]">
    <xsl:variable name="after-join" select="exists(preceding-sibling::node()[1][self::tei:lb][d:joins-word(.)])"/>
    <xsl:variable name="before-join" select="exists(following-sibling::node()[1][self::tei:lb][d:joins-word(.)])"/>
    <xsl:variable name="t" select="if ($after-join) then replace(., '^[ &#9;&#13;&#10;]+', '') else string(.)"/>
    <xsl:value-of select="if ($before-join) then replace($t, '[ &#9;&#13;&#10;]+$', '') else $t"/>
  </xsl:template>

  <!-- Page breaks: those of the chosen edition are shown; the others stay as empty anchors. -->
  <xsl:template match="tei:pb">
    <xsl:variable name="eds" select="d:pb-eds(.)"/>
    <xsl:choose>
      <xsl:when test="d:pb-shown(.)">
        <span class="tei-pb" title="page break{$eds[1] ! (' (edition ' || string-join($eds, ', ') || ')')}">
          <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
          <xsl:value-of select="'[' || (normalize-space(@n)[.] ! ('p. ' || .), 'page')[1] || ']'"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-pb other-edition" data-ed="{string-join($eds, ' ')}"
          title="page {normalize-space(@n)} of edition {string-join($eds, ', ')} (not shown)">
          <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="tei-gap" title="{d:sign-title(.)}"><xsl:value-of select="d:gap-text(.)"/></span>
  </xsl:template>

  <!-- Signs around the content: [supplied], (ex), unclear?, {surplus}, sic (!), ⸢corr⸣, \add/. -->
  <xsl:template match="tei:supplied | tei:ex | tei:unclear | tei:surplus | tei:secl | tei:sic | tei:corr | tei:add">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="signs" select="d:signs(.)"/>
    <xsl:variable name="out" select="
      if (not($inline) and descendant::*[local-name() = $d:flow-names]) then 'div'
      else if (self::tei:add) then 'ins' else 'span'"/>
    <xsl:element name="{$out}">
      <xsl:call-template name="d:attributes">
        <xsl:with-param name="class" select="
          (if (self::tei:add) then 'place-' || d:add-place(.) else ()),
          (if (self::tei:supplied) then 'reason-' || (@reason[normalize-space()] ! replace(normalize-space(.), '[^A-Za-z0-9_-]+', '-'), 'lost')[1] else ())"/>
      </xsl:call-template>
      <xsl:attribute name="title" select="d:sign-title(.)"/>
      <xsl:if test="$signs[1]"><span class="sign"><xsl:value-of select="$signs[1]"/></span></xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" tunnel="yes" select="$out ne 'div'"/>
      </xsl:apply-templates>
      <xsl:if test="$signs[2]"><span class="sign"><xsl:value-of select="$signs[2]"/></span></xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- Deleted: struck through (the text edition writes ⟦…⟧). -->
  <xsl:template match="tei:del">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <del>
      <xsl:call-template name="d:attributes"/>
      <xsl:attribute name="title" select="d:sign-title(.)"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" tunnel="yes" select="$inline or empty(descendant::*[local-name() = $d:flow-names])"/>
      </xsl:apply-templates>
    </del>
  </xsl:template>

  <!--
    Choice: both readings, each marked; the reader's toggle (or, without :has support, the
    brackets around the second) decides which one shows. Print shows the edition's reading only.
  -->
  <xsl:template match="tei:choice">
    <xsl:variable name="dipl" select="d:choice-shown(., false())"/>
    <xsl:variable name="norm" select="d:choice-shown(., true())"/>
    <span>
      <xsl:call-template name="d:attributes"/>
      <xsl:choose>
        <xsl:when test="empty($dipl)"/>
        <xsl:when test="$dipl is $norm or $print">
          <xsl:variable name="shown" select="d:choice-shown(., $d:normalised)"/>
          <xsl:apply-templates select="$shown" mode="d:reading"/>
          <xsl:if test="not($print)">
            <xsl:apply-templates select="* except $shown" mode="d:reading"><xsl:with-param name="class" select="'alt'"/></xsl:apply-templates>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$dipl" mode="d:reading">
            <xsl:with-param name="class" select="'reading-dipl'"/>
            <xsl:with-param name="other" select="$norm"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="$norm" mode="d:reading">
            <xsl:with-param name="class" select="'reading-norm'"/>
            <xsl:with-param name="other" select="$dipl"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- One reading of a choice; its title says what it is and what the other reading is. -->
  <xsl:template match="*" mode="d:reading">
    <xsl:param name="class" as="xs:string?" select="()"/>
    <xsl:param name="other" as="element()?" select="()"/>
    <span>
      <xsl:call-template name="d:attributes"><xsl:with-param name="class" select="$class"/></xsl:call-template>
      <xsl:attribute name="title" select="d:reading-label(.) || ($other ! ('; ' || d:reading-label(.) || ': ' || d:block-text(.)), '')[1]"/>
      <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- The readings of a choice that are not choice's own (nested choice, unclear alternatives) keep their rules. -->
  <xsl:template match="tei:choice/*">
    <span>
      <xsl:call-template name="d:attributes"/>
      <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- An apparatus entry in the text: the lemma, a lettered marker and its readings in a popover. -->
  <xsl:template match="tei:app">
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="label" select="d:app-label(.)"/>
    <span>
      <xsl:call-template name="d:attributes"/>
      <xsl:for-each select="d:lemma(.)">
        <span>
          <xsl:call-template name="d:attributes"/>
          <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        </span>
      </xsl:for-each>
      <xsl:choose>
        <xsl:when test="not($label)"/>
        <xsl:when test="$in-link">
          <sup class="appref" id="appref-{$label}"><xsl:value-of select="$label"/></sup>
        </xsl:when>
        <xsl:when test="$print">
          <a class="appref" href="#app-{$label}" id="appref-{$label}" aria-label="apparatus entry {$label}"><sup><xsl:value-of select="$label"/></sup></a>
        </xsl:when>
        <xsl:otherwise>
          <button type="button" class="appref" id="appref-{$label}" popovertarget="app-{$label}-pop" aria-label="apparatus entry {$label}"><xsl:value-of select="$label"/></button>
          <span popover="" id="app-{$label}-pop" class="app-pop" lang="en" dir="ltr">
            <xsl:call-template name="d:app-summary"/>
            <xsl:text> </xsl:text>
            <a href="#app-{$label}">apparatus <xsl:value-of select="$label"/></a>
          </span>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- The popover's entry as text: lemma] reading sigla; … (the entry with its links is in the apparatus). -->
  <xsl:template name="d:app-summary">
    <xsl:variable name="lang" select="d:lang(.)"/>
    <bdi class="app-lemma">
      <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/><xsl:attribute name="dir" select="d:dir($lang)"/></xsl:if>
      <xsl:value-of select="d:lemma(.) ! d:block-text(.)"/>
    </bdi>
    <xsl:for-each select="d:lemma(.)"><xsl:call-template name="d:sigla"/></xsl:for-each>
    <xsl:text>] </xsl:text>
    <xsl:for-each select="d:variants(.)">
      <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
      <xsl:variable name="text" select="d:block-text(.)"/>
      <xsl:choose>
        <xsl:when test="normalize-space($text)">
          <bdi class="app-rdg">
            <xsl:for-each select="d:lang(.)[.]"><xsl:attribute name="lang" select="."/><xsl:attribute name="dir" select="d:dir(.)"/></xsl:for-each>
            <xsl:value-of select="$text"/>
          </bdi>
        </xsl:when>
        <xsl:otherwise><em class="app-om">om.</em></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="d:sigla"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="d:sigla">
    <xsl:for-each select="d:sigla(.)">
      <xsl:text> </xsl:text>
      <span class="siglum">
        <xsl:for-each select="?title"><xsl:attribute name="title" select="."/></xsl:for-each>
        <xsl:value-of select="?siglum"/>
      </span>
    </xsl:for-each>
  </xsl:template>

  <!-- The apparatus section: every entry with where it stands, the lemma, and each reading rendered as in the text. -->
  <xsl:template name="d:apparatus-section">
    <xsl:if test="exists($d:apps)">
      <section id="apparatus" class="apparatus{' diwan-print-endmatter'[$print]}" aria-labelledby="apparatus-heading" lang="en" dir="ltr">
        <h2 id="apparatus-heading">Apparatus</h2>
        <ol class="apparatus-entries">
          <xsl:for-each select="$d:apps">
            <xsl:variable name="label" select="d:app-label(.)"/>
            <xsl:variable name="lang" select="d:lang(.)"/>
            <li id="app-{$label}">
              <a class="app-label" href="#appref-{$label}" aria-label="back to apparatus entry {$label} in the text"><xsl:value-of select="$label"/></a>
              <xsl:text> </xsl:text>
              <span class="app-place"><xsl:value-of select="d:place-label(.)"/></span>
              <xsl:text> </xsl:text>
              <bdi class="app-lemma">
                <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/><xsl:attribute name="dir" select="d:dir($lang)"/></xsl:if>
                <xsl:value-of select="d:lemma(.) ! d:block-text(.)"/>
              </bdi>
              <xsl:for-each select="d:lemma(.)"><xsl:call-template name="d:sigla"/></xsl:for-each>
              <xsl:text>] </xsl:text>
              <xsl:for-each select="d:variants(.)">
                <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
                <xsl:choose>
                  <xsl:when test="normalize-space(d:block-text(.))">
                    <span>
                      <xsl:call-template name="d:attributes"><xsl:with-param name="class" select="'app-rdg'"/></xsl:call-template>
                      <xsl:if test="not(@xml:lang) and $lang"><xsl:attribute name="lang" select="$lang"/><xsl:attribute name="dir" select="d:dir($lang)"/></xsl:if>
                      <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                    </span>
                  </xsl:when>
                  <xsl:otherwise><em class="app-om">om.</em></xsl:otherwise>
                </xsl:choose>
                <xsl:call-template name="d:sigla"/>
              </xsl:for-each>
              <xsl:for-each select="tei:note | tei:wit[normalize-space()]">
                <xsl:text> </xsl:text>
                <xsl:apply-templates select="."><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
              </xsl:for-each>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The legend of the signs this page uses, and the reading toggle where the text has choices. -->
  <xsl:template name="d:editorial-legend">
    <xsl:if test="exists($d:legend)">
      <aside id="editorial-signs" class="legend" aria-labelledby="legend-heading" lang="en" dir="ltr">
        <h2 id="legend-heading">Editorial signs</h2>
        <dl>
          <xsl:for-each select="$d:legend">
            <dt><xsl:call-template name="d:legend-sample"><xsl:with-param name="row" select="."/></xsl:call-template></dt>
            <dd><xsl:value-of select="?meaning"/></dd>
          </xsl:for-each>
        </dl>
        <xsl:if test="$d:has-choices and not($print)">
          <fieldset class="reading-toggle">
            <legend>Reading shown</legend>
            <label><input type="radio" name="diwan-reading" id="reading-diplomatic" value="diplomatic">
              <xsl:if test="not($d:normalised)"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
            </input> diplomatic (as in the source)</label>
            <xsl:text> </xsl:text>
            <label><input type="radio" name="diwan-reading" id="reading-normalised" value="normalised">
              <xsl:if test="$d:normalised"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
            </input> normalised (corrected, regularised, expanded)</label>
          </fieldset>
        </xsl:if>
      </aside>
    </xsl:if>
  </xsl:template>

  <!-- A legend sample looks exactly as the text shows that sign. -->
  <xsl:template name="d:legend-sample">
    <xsl:param name="row" as="map(*)"/>
    <xsl:choose>
      <xsl:when test="$row?key = 'del'"><del class="tei-del">abc</del></xsl:when>
      <xsl:when test="$row?key = ('add-above', 'add-below', 'add')">
        <ins class="tei-add place-{if ($row?key = 'add') then 'margin' else substring-after($row?key, 'add-')}"><xsl:value-of select="$row?sign"/></ins>
      </xsl:when>
      <xsl:when test="$row?key = 'app'">lemma<span class="appref sample">a</span></xsl:when>
      <xsl:otherwise><span class="legend-sign tei-{$row?key}"><xsl:value-of select="$row?sign"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
