<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editorial layer, as both editions read it (docs/tei-conventions.md, "Editorial conventions"):
  which reading of a choice the edition shows, which page breaks count, where a line break joins
  a word, the Leiden-style signs and what they mean, the apparatus and its witnesses. The HTML
  (html/editorial.xsl) and the text edition (text/editorial.xsl and the d:text templates below)
  both take their decisions from here, so the two editions cannot disagree.

  Parameters (set by diwan, src/transform/html.ts and text.ts):
    reading       'diplomatic' (default: what the source shows: sic, orig, abbr) or 'normalised'
                  (corr, reg, expan); the HTML page lets the reader switch.
    page-breaks   the @ed whose page breaks are shown ('' : those without @ed if there are any,
                  else the edition declared first in the header, else the first one met).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <xsl:param name="reading" as="xs:string" select="'diplomatic'"/>
  <xsl:param name="page-breaks" as="xs:string" select="''"/>

  <xsl:variable name="d:normalised" as="xs:boolean" select="lower-case(normalize-space($reading)) = ('normalised', 'normalized', 'normal')"/>

  <!-- Choice -->

  <!-- The reading of a choice the edition shows: the source's (sic, orig, abbr) or the editor's (corr, reg, expan). -->
  <xsl:function name="d:choice-shown" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:param name="normalised" as="xs:boolean"/>
    <xsl:sequence select="
      if ($normalised) then ($choice/(tei:corr | tei:reg | tei:expan), $choice/*)[1]
      else ($choice/(tei:sic | tei:orig | tei:abbr), $choice/*)[1]"/>
  </xsl:function>

  <!-- What a reading of a choice is, for titles and the text edition's list of readings. -->
  <xsl:variable name="d:reading-labels" as="map(xs:string, xs:string)" select="map{
    'sic': 'as in the source', 'corr': 'corrected by the editor', 'orig': 'original spelling',
    'reg': 'regularised by the editor', 'abbr': 'abbreviated in the source', 'expan': 'expanded by the editor',
    'seg': 'alternative', 'unclear': 'possible reading', 'supplied': 'supplied'}"/>

  <xsl:function name="d:reading-label" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($d:reading-labels(local-name($e)), local-name($e))[1]"/>
  </xsl:function>

  <!-- Line breaks -->

  <!-- A line break inside a word: the word is joined again (no break, no space). -->
  <xsl:function name="d:joins-word" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:sequence select="$lb/@break = 'no' or $lb/@type = ('hyphenInWord', 'inWord')"/>
  </xsl:function>

  <xsl:variable name="d:has-word-joins" as="xs:boolean" select="exists(key('d:by-name', 'lb', /)[d:joins-word(.)])"/>

  <!-- Page breaks -->

  <xsl:variable name="d:pbs" as="element()*" select="key('d:by-name', 'pb', /)[ancestor::tei:text]"/>

  <!-- The editions a pb names: @ed tokens without their '#'. -->
  <xsl:function name="d:pb-eds" as="xs:string*">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($pb/@ed), ' ') ! replace(., '^#', '')"/>
  </xsl:function>

  <xsl:variable name="d:pb-edition" as="xs:string">
    <xsl:variable name="named" select="distinct-values($d:pbs ! d:pb-eds(.))"/>
    <xsl:variable name="declared" select="$d:header//*[@xml:id][self::tei:witness or self::tei:bibl or self::tei:biblStruct
      or self::tei:msDesc or self::tei:edition or self::tei:biblFull]/string(@xml:id)[. = $named]"/>
    <xsl:sequence select="
      if (normalize-space($page-breaks)) then replace(normalize-space($page-breaks), '^#', '')
      else if (empty($named) or exists($d:pbs[not(normalize-space(@ed))])) then ''
      else ($declared, $named)[1]"/>
  </xsl:variable>

  <!-- Whether a page break is shown, or only kept as an anchor. -->
  <xsl:function name="d:pb-shown" as="xs:boolean">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="if ($d:pb-edition eq '') then empty(d:pb-eds($pb)) else d:pb-eds($pb) = $d:pb-edition"/>
  </xsl:function>

  <!-- Leiden-style signs -->

  <!-- Opening and closing signs around an element's content (before and after it in both editions). -->
  <xsl:function name="d:signs" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="name" select="local-name($e)"/>
    <xsl:variable name="doubt" select="if ($e/@cert = ('low', 'unknown')) then '?' else ''"/>
    <xsl:sequence select="
      if ($name = 'supplied') then
        (if ($e/@reason = 'omitted') then ('⟨', $doubt || '⟩')
         else if ($e/@reason = ('subaudible', 'explanation')) then ('(scil. ', $doubt || ')')
         else ('[', $doubt || ']'))
      else if ($name = 'ex') then ('(', $doubt || ')')
      else if ($name = 'unclear') then ('', '?')
      else if ($name = 'surplus') then ('{', '}')
      else if ($name = 'secl') then ('{', '}')
      else if ($name = 'del') then ('⟦', '⟧')
      else if ($name = 'add') then d:add-signs($e)
      else if ($name = 'sic') then ('', ' (!)')
      else if ($name = 'corr') then ('⸢', '⸣')
      else ('', '')"/>
  </xsl:function>

  <!-- Additions by their place: \above/, /below\, `elsewhere´ (in the margin, over an erasure, inline). -->
  <xsl:function name="d:add-signs" as="xs:string*">
    <xsl:param name="add" as="element()"/>
    <xsl:variable name="place" select="d:add-place($add)"/>
    <xsl:sequence select="
      if ($place = 'above') then ('\', '/')
      else if ($place = 'below') then ('/', '\')
      else ('`', '´')"/>
  </xsl:function>

  <xsl:function name="d:add-place" as="xs:string">
    <xsl:param name="add" as="element()"/>
    <xsl:variable name="place" select="tokenize(lower-case(normalize-space($add/@place)), ' ')"/>
    <xsl:sequence select="
      if ($place = ('above', 'supralinear', 'superlinear', 'interlinear', 'top')) then 'above'
      else if ($place = ('below', 'sublinear', 'infralinear', 'bottom')) then 'below'
      else if ($place[starts-with(., 'margin')] or $place = ('left', 'right', 'opposite', 'overleaf')) then 'margin'
      else if (exists($place)) then $place[1]
      else 'inline'"/>
  </xsl:function>

  <!-- What a sign means, for the title of the element in the HTML and the legend. -->
  <xsl:function name="d:sign-title" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="name" select="local-name($e)"/>
    <xsl:variable name="why" select="string-join(($e/@reason, $e/@agent, $e/@cert[. = ('low', 'unknown')] ! 'uncertain') ! normalize-space(.)[.], ', ')"/>
    <xsl:sequence select="
      (if ($name = 'supplied') then (if ($e/@reason = 'omitted') then 'omitted in the source, supplied by the editor' else 'supplied by the editor')
       else if ($name = 'ex') then 'expansion of an abbreviation'
       else if ($name = 'unclear') then 'unclear in the source'
       else if ($name = ('surplus', 'secl')) then 'superfluous in the source'
       else if ($name = 'del') then 'deleted in the source' || ($e/@rend[normalize-space()] ! (' (' || normalize-space(.) || ')'), '')[1]
       else if ($name = 'add') then 'added in the source' || (let $p := d:add-place($e) return
         if ($p = 'above') then ' above the line' else if ($p = 'below') then ' below the line'
         else if ($p = 'margin') then ' in the margin' else if ($p ne 'inline') then ' (' || $p || ')' else '')
       else if ($name = 'sic') then 'so in the source'
       else if ($name = 'corr') then 'corrected by the editor'
       else if ($name = 'gap') then 'not transcribed: ' || d:gap-extent($e)
       else $name)
      || ($why[.][not($name = 'gap')] ! ('; ' || .), '')[1]"/>
  </xsl:function>

  <!-- How much a gap leaves out, when the encoding says: "3 characters", "about 5 lines", "2–4 words". -->
  <xsl:function name="d:gap-amount" as="xs:string?">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="unit" select="normalize-space($gap/@unit)"/>
    <xsl:variable name="units" select="($d:gap-units($unit), $unit)[1]"/>
    <xsl:variable name="about" select="if ($gap/@precision = 'low') then 'about ' else ''"/>
    <xsl:variable name="amount" select="
      if (normalize-space($gap/@quantity)) then $about || normalize-space($gap/@quantity)
      else if ($gap/@atLeast and $gap/@atMost) then normalize-space($gap/@atLeast) || '–' || normalize-space($gap/@atMost)
      else if ($gap/@atLeast) then 'at least ' || normalize-space($gap/@atLeast)
      else if ($gap/@atMost) then 'at most ' || normalize-space($gap/@atMost)
      else if (normalize-space($gap/@extent) and not($gap/@extent = 'unknown')) then normalize-space($gap/@extent)
      else ()"/>
    <xsl:sequence select="$amount ! (. || ($units[.] ! (' ' || (if (matches($amount, '(^|\s)1$')) then replace(., 's$', '') else .)), '')[1])"/>
  </xsl:function>

  <!-- The gap described: its amount (or "unknown extent") and its reason. -->
  <xsl:function name="d:gap-extent" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="string-join(((d:gap-amount($gap), 'unknown extent')[1], $gap/@reason[normalize-space()] ! normalize-space(.)), ', ')"/>
  </xsl:function>

  <xsl:variable name="d:gap-units" as="map(xs:string, xs:string)" select="map{
    'character': 'characters', 'chars': 'characters', 'char': 'characters', 'letter': 'letters', 'word': 'words',
    'line': 'lines', 'page': 'pages', 'leaf': 'leaves', 'column': 'columns', 'cm': 'cm', 'mm': 'mm'}"/>

  <!-- A gap as the reader sees it: […] for something lost, … for something illegible, with its amount when known. -->
  <xsl:function name="d:gap-text" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="inner" select="'…' || (d:gap-amount($gap) ! (' ' || .), '')[1]"/>
    <xsl:sequence select="if ($gap/@reason = 'illegible') then $inner else '[' || $inner || ']'"/>
  </xsl:function>

  <!-- The legend: the signs this document uses, each with what it means (both editions). -->
  <xsl:variable name="d:editorial" as="element()*" select="key('d:by-name', $d:editorial-names, /)[ancestor::tei:text]"/>

  <xsl:variable name="d:legend" as="map(xs:string, xs:string)*">
    <xsl:variable name="e" select="$d:editorial"/>
    <xsl:sequence select="
      d:row('supplied', '[abc]', 'lost in the source and supplied by the editor')[$e/self::tei:supplied[not(@reason = ('omitted', 'subaudible', 'explanation'))]],
      d:row('supplied', '⟨abc⟩', 'omitted in the source and supplied by the editor')[$e/self::tei:supplied[@reason = 'omitted']],
      d:row('supplied', '(scil. abc)', 'to be understood, added by the editor')[$e/self::tei:supplied[@reason = ('subaudible', 'explanation')]],
      d:row('ex', 'a(bc)', 'expansion of an abbreviation')[$e/self::tei:ex],
      d:row('unclear', 'abc?', 'unclear in the source: the letters before the ? are doubtful')[$e/self::tei:unclear],
      d:row('gap', '[…]', 'lost or not transcribed; its extent when known: [… 3 characters]')[$e/self::tei:gap[not(@reason = 'illegible')]],
      d:row('gap', '…', 'illegible in the source')[$e/self::tei:gap[@reason = 'illegible']],
      d:row('del', '⟦abc⟧', 'deleted in the source (struck through in the HTML edition)')[$e/self::tei:del],
      d:row('add-above', '\abc/', 'added in the source above the line')[$e/self::tei:add[d:add-place(.) = 'above']],
      d:row('add-below', '/abc\', 'added in the source below the line')[$e/self::tei:add[d:add-place(.) = 'below']],
      d:row('add', '`abc´', 'added in the source in the margin or in the line (the place is in the title of the HTML edition)')[$e/self::tei:add[not(d:add-place(.) = ('above', 'below'))]],
      d:row('surplus', '{abc}', 'superfluous in the source')[$e/(self::tei:surplus | self::tei:secl)],
      d:row('sic', 'abc (!)', 'so in the source')[$e/self::tei:sic[not(parent::tei:choice)]],
      d:row('corr', '⸢abc⸣', 'corrected by the editor')[$e/self::tei:corr[not(parent::tei:choice)]],
      d:row('choice', 'diplomatic / normalised', 'where the source and the editor differ (sic/corr, orig/reg, abbr/expan), the text shows the '
        || (if ($d:normalised) then 'normalised' else 'diplomatic') || ' reading; the other is given too')[$e/self::tei:choice],
      d:row('app', 'lemma] variant A', 'an apparatus entry (lettered a, b, …): the reading of the text, then the variants, each with the sigla of its witnesses (om.: left out)')[$e/self::tei:app[not(ancestor::tei:listApp)]]"/>
  </xsl:variable>

  <xsl:function name="d:row" as="map(xs:string, xs:string)">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="sign" as="xs:string"/>
    <xsl:param name="meaning" as="xs:string"/>
    <xsl:sequence select="map{'key': $key, 'sign': $sign, 'meaning': $meaning}"/>
  </xsl:function>

  <!-- Notes in the text, numbered in document order (both editions number them alike); a register
       entry's notes are part of the entry (both registers print them there). -->
  <xsl:variable name="d:notes" as="element(tei:note)*" select="key('d:by-name', 'note', /)[ancestor::tei:text]
    [not(ancestor::*[local-name() = ($d:entry-names, $d:hidden-names)])]"/>

  <!-- A note's number: the d:note-count accumulator (xslt/common/counters.xsl), not a map keyed on
       generate-id(), which is not constant-time in SaxonJS. -->
  <xsl:function name="d:note-number" as="xs:integer?">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if (d:is-text-note($note)) then $note/accumulator-before('d:note-count') else ()"/>
  </xsl:function>

  <!-- Apparatus -->

  <!-- Apparatus entries in the text (an apparatus outside the text, listApp, stands where it is). -->
  <xsl:variable name="d:apps" as="element(tei:app)*" select="key('d:by-name', 'app', /)[ancestor::tei:text][not(ancestor::tei:listApp)][not(ancestor::tei:app)]"/>


  <!-- Apparatus entries are lettered (a, b, … z, aa, ab …), notes numbered, so the two never look alike. -->
  <xsl:function name="d:app-label" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="n" select="if (exists($app/ancestor::tei:text) and not($app/ancestor::tei:listApp) and not($app/ancestor::tei:app)) then $app/accumulator-before('d:app-count') else ()"/>
    <xsl:sequence select="if (exists($n)) then d:letters($n) else ''"/>
  </xsl:function>

  <xsl:function name="d:letters" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="(if ($n gt 26) then d:letters(($n - 1) idiv 26) else '') || codepoints-to-string(96 + ($n - 1) mod 26 + 1)"/>
  </xsl:function>

  <!-- The lemma of an apparatus entry: lem, else the first reading. -->
  <xsl:function name="d:lemma" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="($app/tei:lem, $app/tei:rdg, $app/tei:rdgGrp/(tei:lem | tei:rdg))[1]"/>
  </xsl:function>

  <!-- The readings other than the lemma (in reading groups too). -->
  <xsl:function name="d:variants" as="element()*">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="($app/(tei:lem | tei:rdg) | $app/tei:rdgGrp/(tei:lem | tei:rdg)) except d:lemma($app)"/>
  </xsl:function>

  <!-- Witnesses: @wit tokens resolved to listWit/witness (its @n, a siglum abbr or idno, or its id). -->
  <xsl:function name="d:sigla" as="map(*)*">
    <xsl:param name="reading" as="element()"/>
    <xsl:for-each select="tokenize(normalize-space(string-join(($reading/@wit, $reading/@source), ' ')), ' ')">
      <xsl:variable name="w" select="d:target(., $reading)"/>
      <xsl:sequence select="map{
        'siglum': (($w/@n, $w/tei:abbr[@type = 'siglum'], $w/tei:idno[@type = 'siglum'], $w/@xml:id) ! normalize-space(.)[.], replace(., '^#', ''))[1],
        'title': ($w ! normalize-space(string-join(text() | *[not(self::tei:abbr[@type = 'siglum'] or self::tei:idno[@type = 'siglum'])], ' ')))[.][1]}"/>
    </xsl:for-each>
  </xsl:function>

  <!-- Text edition: the editorial layer in the text portion (rule 6 and the conventions' signs). -->

  <xsl:template match="tei:space" mode="d:text">
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:lb[d:joins-word(.)]" mode="d:text" priority="1">
    <xsl:sequence select="$d:join"/>
  </xsl:template>

  <xsl:template match="tei:choice" mode="d:text">
    <xsl:apply-templates select="d:choice-shown(., $d:normalised)" mode="d:text"/>
  </xsl:template>

  <!-- Inside a choice the reading's own signs are not added: the apparatus says what it is. -->
  <xsl:template match="tei:choice/tei:sic | tei:choice/tei:corr" mode="d:text" priority="1">
    <xsl:apply-templates mode="d:text"/>
  </xsl:template>

  <xsl:template match="tei:app" mode="d:text">
    <xsl:apply-templates select="d:lemma(.)" mode="d:text"/>
  </xsl:template>

  <xsl:template match="tei:supplied | tei:ex | tei:unclear | tei:surplus | tei:secl | tei:del | tei:add | tei:sic | tei:corr" mode="d:text">
    <xsl:variable name="signs" select="d:signs(.)"/>
    <xsl:sequence select="$signs[1]"/>
    <xsl:apply-templates mode="d:text"/>
    <xsl:sequence select="$signs[2]"/>
  </xsl:template>

  <xsl:template match="tei:gap" mode="d:text" priority="1">
    <xsl:sequence select="d:gap-text(.)"/>
  </xsl:template>
</xsl:stylesheet>
