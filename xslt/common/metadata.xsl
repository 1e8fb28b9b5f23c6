<?xml version="1.0" encoding="UTF-8"?>
<!-- What both editions say about the edition: titles, source, editors, licence, how to cite. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!--
    Provenance that the header cannot give, set by diwan (src/package/provenance.ts): the SHA-256
    of the TEI file and of the archival source.txt (empty: none), diwan's version, and the
    edition's slug (its identifier when the header has none).
  -->
  <xsl:param name="tei-sha256" as="xs:string" select="''"/>
  <xsl:param name="source-sha256" as="xs:string" select="''"/>
  <xsl:param name="diwan-version" as="xs:string" select="''"/>
  <xsl:param name="edition-slug" as="xs:string" select="''"/>

  <!-- The root's own header first: indexing a 4 MB document for one element would cost a second. -->
  <xsl:variable name="d:header" as="element(tei:teiHeader)?" select="(/*/tei:teiHeader, key('d:by-name', 'teiHeader', /))[1]"/>
  <xsl:variable name="d:fileDesc" as="element(tei:fileDesc)?" select="$d:header/tei:fileDesc"/>
  <xsl:variable name="d:titleStmt" as="element(tei:titleStmt)?" select="$d:fileDesc/tei:titleStmt"/>
  <xsl:variable name="d:pubStmt" as="element(tei:publicationStmt)?" select="$d:fileDesc/tei:publicationStmt"/>

  <xsl:variable name="d:main-lang" as="xs:string" select="
    (/*/@xml:lang, key('d:by-name', 'text', /)[1]/@xml:lang, $d:header/tei:profileDesc/tei:langUsage/tei:language[1]/@ident, 'und')[normalize-space()][1] ! d:bcp47(.)"/>

  <xsl:variable name="d:titles" as="element(tei:title)*" select="$d:titleStmt/tei:title[normalize-space()]"/>

  <xsl:variable name="d:main-title" as="xs:string" select="
    (($d:titles[@type = 'main'], $d:titles[not(@type = 'sub')][d:lang(.) = $d:main-lang], $d:titles)[1] ! normalize-space(.),
     'Untitled TEI document')[1]"/>

  <xsl:variable name="d:source-bibls" as="element()*" select="
    $d:fileDesc/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc | tei:p | tei:recordingStmt
      | tei:listBibl/(tei:bibl | tei:biblStruct) | tei:listWit/tei:witness)"/>

  <xsl:variable name="d:editor-names" as="xs:string*" select="
    distinct-values(($d:titleStmt/tei:editor, $d:titleStmt/tei:respStmt/(tei:persName | tei:name | tei:orgName))
      ! d:name-string(.)[normalize-space()])"/>

  <xsl:variable name="d:resp-lines" as="xs:string*" select="
    $d:titleStmt/tei:respStmt ! (normalize-space(string-join(tei:resp, ', ')) || ': '
      || string-join((tei:persName | tei:name | tei:orgName) ! d:name-string(.), ', '))"/>

  <xsl:variable name="d:licence" as="element()?" select="($d:pubStmt/tei:availability/tei:licence, $d:pubStmt/tei:availability)[1]"/>

  <xsl:variable name="d:licence-text" as="xs:string?" select="
    $d:licence ! (if (normalize-space(.)) then normalize-space(.) else string(@target))"/>

  <xsl:variable name="d:licence-url" as="xs:string?" select="
    ($d:licence/@target ! normalize-space(.))[d:safe-href(.)][not(starts-with(., '#'))][1]"/>

  <xsl:variable name="d:edition-url" as="xs:string?" select="
    (($d:pubStmt/tei:idno, $d:pubStmt/tei:ptr/@target) ! normalize-space(.))[matches(., '^https?://', 'i')][d:safe-href(.)][1]"/>

  <xsl:variable name="d:publisher" as="xs:string?" select="
    string-join(($d:pubStmt/(tei:publisher | tei:distributor | tei:authority)) ! normalize-space(.), ', ')[normalize-space()]"/>

  <xsl:variable name="d:pub-date" as="xs:string?" select="
    ($d:pubStmt/tei:date ! (normalize-space(.)[.], @when ! string(.))[1])[1]"/>

  <xsl:variable name="d:idnos" as="xs:string*" select="
    $d:pubStmt/tei:idno[normalize-space()][not(matches(normalize-space(.), '^https?://', 'i'))]
      ! ((@type[normalize-space()] ! (string(.) || ': '), '')[1] || normalize-space(.))"/>

  <!-- The first paragraph id, to show how a paragraph is cited (…#p3). -->
  <xsl:variable name="d:sample-anchor" as="xs:string?" select="(key('d:by-name', 'p', /)[@xml:id][ancestor::tei:text])[1]/@xml:id ! string(.)"/>

  <!--
    Source descriptions as labelled parts, so both editions print a citation instead of the
    concatenated text of every child. A part is a map:
      label  what the reader sees before it (English, like the rest of the header);
      kind   'titles' (nodes: a main title and its subtitles), 'names' (nodes; resp: the role),
             'date' (nodes: one date), 'url' (url, text: the link's own wording), 'inline'
             (the content of nodes, rendered as in the text) or 'text' (text only).
  -->
  <xsl:function name="d:bibl-parts" as="map(*)*">
    <xsl:param name="b" as="element()"/>
    <xsl:choose>
      <!-- A citation written as prose is the editor's own wording: keep it whole. -->
      <xsl:when test="$b/self::tei:p or $b/self::tei:recordingStmt or exists($b/text()[matches(., '[\p{L}\p{N}]')])">
        <xsl:sequence select="map{'label': 'Description', 'kind': 'inline', 'nodes': $b}"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="scope" select="$b/descendant::*[not(ancestor::*[. >> $b][
          self::tei:note or self::tei:relatedItem or self::tei:physDesc or self::tei:msContents or self::tei:history
          or self::tei:additional or self::tei:msPart or self::tei:title or self::tei:publisher or self::tei:pubPlace
          or self::tei:respStmt or self::tei:author or self::tei:editor or self::tei:availability or self::tei:date])]"/>
        <xsl:variable name="titles" select="$scope/self::tei:title[normalize-space()]"/>
        <xsl:variable name="series" select="$titles[ancestor::tei:series or ancestor::tei:seriesStmt or @level = 's']"/>
        <xsl:variable name="rest" select="$titles except $series"/>
        <xsl:variable name="container" select="$rest[ancestor::tei:monogr[preceding-sibling::tei:analytic]
          or (@level = ('j', 'm') and exists($rest[@level = ('a', 'u')]))]"/>
        <xsl:variable name="links" select="$scope/(self::tei:ptr | self::tei:ref)[@target]"/>
        <xsl:variable name="urls" as="map(*)*">
          <xsl:for-each-group group-by="?url" select="
            ($links ! (for $t in tokenize(normalize-space(@target), ' ') return map{'url': d:expand($t), 'text': normalize-space(.)}),
             $scope/self::tei:idno ! map{'url': normalize-space(.), 'text': ''})[matches(?url, '^https?://\S+$', 'i')]">
            <xsl:sequence select="map{'label': 'URL', 'kind': 'url', 'url': current-grouping-key(),
              'text': (current-group()?text[. ne current-grouping-key()][normalize-space()], '')[1]}"/>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:variable name="containers" select="$b | $b/(tei:analytic | tei:monogr | tei:monogr/tei:imprint | tei:series
          | tei:msDesc | tei:titleStmt | tei:editionStmt | tei:publicationStmt | tei:seriesStmt)"/>
        <xsl:variable name="known" select="('title', 'author', 'editor', 'respStmt', 'publisher', 'pubPlace', 'date',
          'edition', 'biblScope', 'idno', 'ptr', 'ref', 'note', 'analytic', 'monogr', 'imprint', 'series', 'msDesc',
          'msIdentifier', 'physDesc', 'msContents', 'history', 'additional', 'msPart', 'titleStmt', 'editionStmt',
          'publicationStmt', 'seriesStmt', 'relatedItem', 'objectType', 'availability', 'sourceDesc', 'notesStmt')"/>
        <xsl:sequence select="
          d:title-lines($rest except $container, 'Title'),
          d:title-lines($container, 'In'),
          d:title-lines($series, 'Series'),
          $scope/self::tei:author[normalize-space()] => d:names-part('Author'),
          $scope/self::tei:editor[normalize-space()] => d:names-part('Editor'),
          $scope/self::tei:edition[normalize-space()] ! map{'label': 'Edition', 'kind': 'inline', 'nodes': .},
          $scope/self::tei:publisher[normalize-space()] ! map{'label': 'Publisher', 'kind': 'inline', 'nodes': .},
          $scope/self::tei:pubPlace[normalize-space()] ! map{'label': 'Place', 'kind': 'inline', 'nodes': .},
          $scope/self::tei:respStmt ! d:resp-part(.),
          $scope/self::tei:date[normalize-space() or @when or @when-iso or @notBefore or @notAfter or @from or @to]
            ! map{'label': 'Date', 'kind': 'date', 'nodes': .},
          $scope/self::tei:biblScope ! map{'label': 'Scope', 'kind': 'text', 'text': normalize-space(string-join((
            @unit, if (normalize-space()) then normalize-space() else string-join(distinct-values((@from, @to)[normalize-space()] ! string(.)), '–')), ' '))}
            [normalize-space(?text)],
          $scope/self::tei:idno[not(ancestor::tei:msIdentifier)][normalize-space()][not(matches(normalize-space(.), '^https?://\S+$', 'i'))]
            ! map{'label': 'Identifier', 'kind': 'text', 'text': (@type[normalize-space()] ! (string(.) || ': '), '')[1] || normalize-space(.)},
          $urls,
          $links[not(tokenize(normalize-space(@target), ' ') ! d:expand(.) = $urls?url)][normalize-space()]
            ! map{'label': 'Reference', 'kind': 'inline', 'nodes': .},
          $scope/self::tei:msIdentifier ! (
            map{'label': 'Repository', 'kind': 'text', 'text': string-join((tei:country, tei:region, tei:settlement, tei:institution,
              tei:repository, tei:collection) ! normalize-space(.)[.], ', ')}[normalize-space(?text)],
            (tei:idno, tei:altIdentifier/tei:idno)[normalize-space()] ! map{'label': 'Shelfmark', 'kind': 'text', 'text': normalize-space(.)},
            tei:msName[normalize-space()] ! map{'label': 'Name', 'kind': 'inline', 'nodes': .}),
          $containers/*[not(local-name() = $known)][normalize-space()]
            ! map{'label': d:label(local-name()), 'kind': 'inline', 'nodes': .},
          $scope/self::tei:note[normalize-space()] ! map{'label': 'Note', 'kind': 'inline', 'nodes': .}"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- One line per main title, its subtitles in the same language after it. -->
  <xsl:function name="d:title-lines" as="map(*)*">
    <xsl:param name="titles" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:variable name="mains" select="$titles[not(@type = 'sub')]"/>
    <xsl:variable name="subs" select="$titles[@type = 'sub']"/>
    <xsl:sequence select="
      (for $m in $mains return map{'label': $label, 'kind': 'titles', 'nodes': ($m,
        if ($m is $mains[d:lang(.) eq d:lang($m)][1]) then $subs[d:lang(.) eq d:lang($m)] else ())}),
      $subs[not(d:lang(.) = $mains ! d:lang(.))] ! map{'label': $label, 'kind': 'titles', 'nodes': .}"/>
  </xsl:function>

  <xsl:function name="d:names-part" as="map(*)?">
    <xsl:param name="names" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:sequence select="if (exists($names)) then map{'label': $label || (if (count($names) gt 1) then 's' else ''), 'kind': 'names', 'nodes': $names} else ()"/>
  </xsl:function>

  <!-- The label says what kind of contribution it was, the resp itself is kept as the role. -->
  <xsl:function name="d:resp-part" as="map(*)?">
    <xsl:param name="resp-stmt" as="element(tei:respStmt)"/>
    <xsl:variable name="role" select="lower-case(normalize-space(string-join($resp-stmt/tei:resp, ' ')))"/>
    <xsl:variable name="names" select="$resp-stmt/*[not(self::tei:resp or self::tei:note)][normalize-space()]"/>
    <xsl:sequence select="if (empty($names) and not($role)) then () else map{
      'label': if (matches($role, 'photo|picture|image|illustrat')) then 'Photograph'
               else if (matches($role, 'agenc|wire|news service')) then 'Agencies'
               else if (matches($role, 'transl')) then 'Translation'
               else 'Contributors',
      'kind': 'names', 'nodes': $names, 'resp': $resp-stmt/tei:resp}"/>
  </xsl:function>

  <!-- textLang -> "Text lang": a readable label for an element the citation has no slot for. -->
  <xsl:function name="d:label" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="words" select="lower-case(replace($name, '([a-z])([A-Z])', '$1 $2'))"/>
    <xsl:sequence select="upper-case(substring($words, 1, 1)) || substring($words, 2)"/>
  </xsl:function>

  <!-- A name element as one string; several names in it (one per language) are kept apart. -->
  <xsl:function name="d:names-text" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="parts" select="$name/(tei:persName | tei:orgName | tei:name | tei:placeName)"/>
    <xsl:sequence select="
      if (count($parts) gt 1 and not($name/text()[normalize-space()]))
      then string-join($parts ! d:name-string(.), ' / ')
      else d:name-string($name)"/>
  </xsl:function>

  <!-- Text of an element for the plain-text edition, leaving out notes nested in it. -->
  <xsl:function name="d:plain" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::tei:note except $e/ancestor-or-self::*)], ''))"/>
  </xsl:function>

  <!-- A date as (what it says, its ISO value if that is something else). -->
  <xsl:function name="d:date-readings" as="xs:string*">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="iso" select="(d:date-value($date), $date/@when-iso ! normalize-space(.))[normalize-space()][1]"/>
    <xsl:variable name="said" select="d:plain($date)"/>
    <xsl:variable name="human" select="
      if ($said) then $said
      else if ($iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else $iso"/>
    <xsl:sequence select="$human, $iso[. ne $human]"/>
  </xsl:function>

  <!--
    A URL for people to read: percent-encoded UTF-8 beyond ASCII is decoded (…/حفتر-يجري-…);
    ASCII octets stay encoded because they may be delimiters (%2F is not /), and so do
    invalid UTF-8, controls, format characters (bidi marks) and spaces, which could mislead.
  -->
  <xsl:function name="d:readable-url" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:analyze-string select="$url" regex="(%[0-9A-Fa-f]{{2}})+">
        <xsl:matching-substring>
          <xsl:sequence select="if (string-length(.) gt 9000) then . else d:utf8(tokenize(substring(., 2), '%'))"/>
        </xsl:matching-substring>
        <xsl:non-matching-substring><xsl:sequence select="."/></xsl:non-matching-substring>
      </xsl:analyze-string>
    </xsl:variable>
    <xsl:sequence select="string-join($parts, '')"/>
  </xsl:function>

  <xsl:function name="d:utf8" as="xs:string">
    <xsl:param name="hex" as="xs:string*"/>
    <xsl:variable name="bytes" select="subsequence($hex, 1, 4) ! d:hex-value(.)"/>
    <xsl:variable name="b1" select="$bytes[1]"/>
    <xsl:variable name="n" select="
      if (empty($b1)) then 0 else if ($b1 ge 194 and $b1 le 223) then 2
      else if ($b1 ge 224 and $b1 le 239) then 3 else if ($b1 ge 240 and $b1 le 244) then 4 else 1"/>
    <xsl:variable name="valid" select="$n gt 1 and count($bytes) ge $n and (every $c in subsequence($bytes, 2, $n - 1) satisfies $c ge 128 and $c le 191)"/>
    <xsl:variable name="cp" select="
      if (not($valid)) then 0
      else if ($n eq 2) then ($b1 - 192) * 64 + ($bytes[2] - 128)
      else if ($n eq 3) then ($b1 - 224) * 4096 + ($bytes[2] - 128) * 64 + ($bytes[3] - 128)
      else ($b1 - 240) * 262144 + ($bytes[2] - 128) * 4096 + ($bytes[3] - 128) * 64 + ($bytes[4] - 128)"/>
    <xsl:variable name="ok" select="$valid and $cp ge 160 and not($cp ge 55296 and $cp le 57343) and $cp le 1114111
      and not(($n eq 3 and $cp lt 2048) or ($n eq 4 and $cp lt 65536))
      and not(matches(codepoints-to-string($cp), '[\p{C}\p{Z}]'))"/>
    <xsl:variable name="used" select="if ($ok) then $n else max((1, min(($n, count($bytes)))[$valid]))"/>
    <xsl:sequence select="
      if (empty($hex)) then ''
      else (if ($ok) then codepoints-to-string($cp) else string-join(subsequence($hex, 1, $used) ! ('%' || .), ''))
        || d:utf8(subsequence($hex, $used + 1))"/>
  </xsl:function>

  <xsl:function name="d:hex-value" as="xs:integer">
    <xsl:param name="hex" as="xs:string"/>
    <xsl:variable name="digits" select="string-to-codepoints(lower-case($hex)) ! (index-of(string-to-codepoints('0123456789abcdef'), .) - 1)"/>
    <xsl:sequence select="$digits[1] * 16 + $digits[2]"/>
  </xsl:function>

  <!--
    "Cite this edition" as a sequence of segments (joined by ", "), each a sequence of pieces:
    map{'text'} or, for a title, map{'text', 'lang'} that renderers isolate from the
    surrounding punctuation (bdi in HTML, FSI/PDI in plain text).
  -->
  <xsl:variable name="d:main-title-element" as="element()?" select="($d:titles[normalize-space(.) = $d:main-title])[1]"/>

  <xsl:variable name="d:cite-segments" as="array(map(*)*)*">
    <xsl:variable name="authors" select="distinct-values($d:titleStmt/tei:author ! d:names-text(.)[normalize-space()])"/>
    <xsl:variable name="editors" select="distinct-values($d:titleStmt/tei:editor ! d:names-text(.)[normalize-space()])"/>
    <xsl:variable name="resp-names" select="$d:editor-names[not(. = $editors)]"/>
    <xsl:variable name="eds" select="if (exists($editors)) then $editors else if (empty($authors)) then $resp-names else ()"/>
    <xsl:variable name="translation" select="($d:titles[not(@type = ('sub', 'main'))][d:lang(.) ne d:lang(($d:main-title-element, .)[1])])[1]"/>
    <xsl:variable name="idno" select="($d:pubStmt/tei:idno[normalize-space()][not(matches(normalize-space(.), '^https?://', 'i'))])[1] ! normalize-space(.)"/>
    <xsl:sequence select="
      array{map{'text': replace(string-join($authors, '; '), '\.$', '')}}[exists($authors)],
      array{map{'text': (if (exists($authors)) then 'ed. ' || string-join($eds, ', ')
                         else string-join($eds, ', ') || (if (count($eds) gt 1) then ' (eds.)' else ' (ed.)'))}}[exists($eds)],
      array{
        map{'text': '«'},
        map{'text': $d:main-title, 'lang': ($d:main-title-element ! d:lang(.), $d:main-lang)[normalize-space()][1]},
        map{'text': '»'},
        $translation ! (map{'text': ' ['}, map{'text': normalize-space(.), 'lang': d:lang(.)}, map{'text': ']'})},
      array{map{'text': string-join(($d:publisher[normalize-space()], if ($idno) then (if ($d:publisher) then 'edition ' else '') || $idno else ()), ' ')}}
        [$d:publisher or $idno],
      array{map{'text': $d:pub-date}}[$d:pub-date],
      array{map{'text': $d:edition-url, 'url': $d:edition-url}}[$d:edition-url]"/>
  </xsl:variable>

  <xsl:variable name="d:cite-line" as="xs:string" select="
    string-join($d:cite-segments ! string-join(?*?text, ''), ', ') || '.'"/>
  <!--
    A bibliography part as one line of text: the same rule for the plain-text edition (with
    right-to-left titles isolated by FSI … PDI, $isolate) and for the metadata record.
  -->
  <xsl:function name="d:part-text" as="xs:string?">
    <xsl:param name="part" as="map(*)"/>
    <xsl:param name="isolate" as="xs:boolean"/>
    <xsl:variable name="kind" select="$part?kind"/>
    <xsl:sequence select="
      if ($kind = 'titles') then string-join($part?nodes ! d:title-text(., $isolate), ': ')
      else if ($kind = 'names') then string-join($part?nodes ! d:names-text(.), '; ')
        || ($part?resp ! normalize-space(string-join(., ' '))[.] ! (' — ' || .))
      else if ($kind = 'date') then (let $r := d:date-readings($part?nodes) return $r[1] || ($r[2] ! (' (' || . || ')')))
      else if ($kind = 'url') then $part?url || ($part?text[normalize-space()] ! (' (' || . || ')'))
      else if ($kind = 'inline') then string-join($part?nodes ! (if (self::tei:publisher | self::tei:pubPlace) then d:names-text(.) else d:plain(.)), ' ')
      else string($part?text)"/>
  </xsl:function>

  <!-- Article titles in guillemets; right-to-left titles isolated (FSI … PDI) so the marks stay put. -->
  <xsl:function name="d:title-text" as="xs:string">
    <xsl:param name="title" as="element()"/>
    <xsl:param name="isolate" as="xs:boolean"/>
    <xsl:variable name="t" select="if ($isolate) then d:isolated(d:plain($title), d:lang($title)) else d:plain($title)"/>
    <xsl:sequence select="if ($title/@level = ('a', 'u')) then '«' || $t || '»' else $t"/>
  </xsl:function>

  <xsl:function name="d:isolated" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:sequence select="if ($lang and d:dir($lang) = 'rtl') then '&#x2068;' || $text || '&#x2069;' else $text"/>
  </xsl:function>

  <!-- yyyy-mm-dd from the first reading of a date element that starts with a year (month and day default to 01). -->
  <xsl:function name="d:iso-day" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="(($date/@when, $date/@notAfter, $date/@to) ! normalize-space(.), normalize-space($date))
      [matches(., '^-?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?')][1]
      ! replace(., '^(-?[0-9]{4})(-([0-9]{2}))?(-([0-9]{2}))?.*$', '$1-$3-$5')
      ! replace(., '--', '-01-') ! replace(., '-$', '-01')"/>
  </xsl:function>

  <!-- The edition's date: its publication date, else its latest recorded change. -->
  <xsl:variable name="d:edition-date" as="xs:string?" select="(
    ($d:pubStmt/tei:date ! d:iso-day(.))[1],
    (reverse(sort($d:header/tei:revisionDesc/(tei:change | tei:listChange/tei:change) ! d:iso-day(.))))[1])[1]"/>

  <xsl:variable name="d:main-title-lang" as="xs:string" select="($d:main-title-element ! d:lang(.), $d:main-lang)[normalize-space()][1]"/>

  <!-- Who made the edition, for one-line uses (PDF /Author): authors, then editors; else the responsibility statements. -->
  <xsl:variable name="d:creator-names" as="xs:string*" select="
    let $authors := $d:titleStmt/tei:author ! d:names-text(.)[normalize-space()],
        $editors := $d:titleStmt/tei:editor ! d:names-text(.)[normalize-space()],
        $people := ($authors, $editors ! (. || ' (ed.)'))
    return distinct-values(if (exists($people)) then $people else $d:titleStmt/tei:respStmt/(tei:persName | tei:name | tei:orgName) ! d:name-string(.)[normalize-space()])"/>

  <xsl:variable name="d:keywords" as="xs:string*" select="
    distinct-values(($d:header/tei:profileDesc/tei:textClass/tei:keywords/tei:term ! normalize-space(.)[.], 'TEI',
      $d:header/tei:profileDesc/tei:langUsage/tei:language/@ident ! d:bcp47(.)))"/>

  <!-- The edition's identifier: the first idno of the publication statement that is not an address, else the address, else the slug. -->
  <xsl:variable name="d:edition-id" as="xs:string?" select="(
    ($d:pubStmt/tei:idno ! normalize-space(.))[.][not(matches(., '^https?://', 'i'))][1],
    $d:edition-url, $edition-slug[normalize-space()])[1]"/>

  <!-- The edition's version: editionStmt/edition/@n, else editionStmt/@n. -->
  <xsl:variable name="d:edition-version" as="xs:string?" select="
    ($d:fileDesc/tei:editionStmt/(tei:edition/@n, @n) ! normalize-space(.))[.][1]"/>

  <xsl:variable name="d:edition-statement" as="xs:string?" select="
    normalize-space(string-join($d:fileDesc/tei:editionStmt/tei:edition ! d:plain(.), ' '))[.]"/>

  <!-- Only a hex SHA-256 is stated as one (a parameter is never shown as anything else). -->
  <xsl:function name="d:sha256" as="xs:string?">
    <xsl:param name="hex" as="xs:string"/>
    <xsl:sequence select="lower-case($hex)[matches(., '^[0-9a-f]{64}$')]"/>
  </xsl:function>

  <xsl:variable name="d:diwan" as="xs:string" select="string-join(('diwan', $diwan-version[matches(., '^[0-9A-Za-z.+-]+$')]), ' ')"/>

  <!--
    The colophon as (label, value) pairs, the same in every output: what the edition is, its date
    (from the header, never the day it was built), the checksums of the files it was made from
    (sha256sum recomputes them) and the tool that made it.
  -->
  <xsl:variable name="d:colophon" as="array(xs:string)*" select="
    ['Edition', string-join(($d:edition-id, 'not identified in the header')[1], '')
      || ($d:edition-version ! (', version ' || .), '')[1]],
    ['Edition statement', $d:edition-statement][exists($d:edition-statement)],
    ['Date of the edition', ($d:edition-date, 'not stated in the header')[1]],
    ['TEI source, SHA-256', d:sha256($tei-sha256)][exists(d:sha256($tei-sha256))],
    ['Archival source (source.txt), SHA-256', d:sha256($source-sha256)][exists(d:sha256($source-sha256))],
    ['Made with', $d:diwan]"/>

  <!--
    The metadata record of the edition (sources[].text: a one-line description of each source,
    without its links, notes and contributors, for document properties such as the PDF Subject): the one description every output reads (the HTML and
    text editions through the variables above, the PDF, the catalogue and later exports through
    this map, serialised as JSON by xslt/metadata.xsl). An absent value is an empty sequence,
    which JSON writes as null.
  -->
  <xsl:function name="d:record" as="map(*)">
    <xsl:sequence select="map{
      'title': map{'text': $d:main-title, 'lang': $d:main-title-lang, 'dir': d:dir($d:main-title-lang)},
      'titles': array{$d:titles ! map{'text': normalize-space(.), 'lang': d:lang(.), 'type': string(@type), 'level': string(@level)}},
      'authors': array{distinct-values($d:titleStmt/tei:author ! d:names-text(.)[normalize-space()])},
      'editors': array{distinct-values($d:titleStmt/tei:editor ! d:names-text(.)[normalize-space()])},
      'contributors': array{$d:titleStmt/tei:respStmt ! map{
        'role': normalize-space(string-join(tei:resp, ', ')),
        'names': array{(tei:persName | tei:name | tei:orgName) ! d:name-string(.)[normalize-space()]}}},
      'creator': string-join($d:creator-names, '; '),
      'publisher': $d:publisher,
      'date': $d:edition-date,
      'dateText': $d:pub-date,
      'licence': map{'text': $d:licence-text, 'url': $d:licence-url},
      'identifiers': array{$d:pubStmt/tei:idno[normalize-space()] ! map{'type': string(@type), 'value': normalize-space(.)}},
      'url': $d:edition-url,
      'lang': $d:main-lang,
      'dir': d:dir($d:main-lang),
      'languages': array{$d:header/tei:profileDesc/tei:langUsage/tei:language[normalize-space(@ident)] ! map{'ident': d:bcp47(@ident), 'name': normalize-space(.)}},
      'keywords': array{$d:keywords},
      'sources': array{$d:source-bibls ! map{
        'type': string(@type),
        'titles': array{descendant-or-self::tei:title[normalize-space()][not(ancestor::tei:series or ancestor::tei:note or ancestor::tei:relatedItem)]
          ! map{'text': d:plain(.), 'lang': d:lang(.), 'level': string(@level), 'type': string(@type)}},
        'authors': array{distinct-values(descendant::tei:author ! d:names-text(.)[normalize-space()])},
        'date': (descendant::tei:date[not(ancestor::tei:note)] ! d:iso-day(.))[1],
        'url': (d:bibl-parts(.)[?kind = 'url']?url)[1],
        'parts': array{d:bibl-parts(.) ! map{'label': ?label, 'kind': ?kind, 'text': d:part-text(., false()), 'url': ?url}},
        'text': string-join(d:bibl-parts(.)[not(?label = ('URL', 'Note', 'Reference', 'Identifier', 'Contributors', 'Photograph', 'Agencies', 'Translation'))]
          ! d:part-text(., false())[normalize-space()], '. ')}},
      'citation': map{'text': $d:cite-line, 'segments': array{$d:cite-segments}},
      'anchor': $d:sample-anchor,
      'provenance': map{
        'id': $d:edition-id,
        'version': $d:edition-version,
        'statement': $d:edition-statement,
        'date': $d:edition-date,
        'teiSha256': d:sha256($tei-sha256),
        'sourceSha256': d:sha256($source-sha256),
        'diwan': $diwan-version[matches(., '^[0-9A-Za-z.+-]+$')]},
      'normalisations': array{distinct-values($d:header/tei:encodingDesc/tei:editorialDecl/tei:normalization/@n
        ! tokenize(.)[starts-with(., 'diwan:')])}
    }"/>
  </xsl:function>
</xsl:stylesheet>
