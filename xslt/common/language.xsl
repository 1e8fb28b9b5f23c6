<?xml version="1.0" encoding="UTF-8"?>
<!-- BCP 47 tag -> writing direction, and the language in force at a TEI node. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:d="urn:diwan"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <!-- Languages whose default script is right-to-left (2- and 3-letter codes, since corpora use both). -->
  <xsl:variable name="d:rtl-languages" as="xs:string*" select="
    ('ar', 'ara', 'fa', 'fas', 'per', 'he', 'heb', 'iw', 'yi', 'yid', 'ji', 'syr', 'syc', 'arc',
     'ur', 'urd', 'ckb', 'dv', 'div', 'ps', 'pus', 'sd', 'snd', 'ug', 'uig', 'arz', 'apc', 'ajp',
     'acm', 'ary', 'aeb', 'arq', 'ayl', 'afb', 'jrb', 'prs', 'pes', 'bal', 'mzn', 'glk',
     'nqo', 'sam', 'mid', 'rhg')"/>

  <xsl:variable name="d:rtl-scripts" as="xs:string*" select="
    ('arab', 'aran', 'hebr', 'syrc', 'syre', 'syrj', 'syrn', 'thaa', 'nkoo', 'adlm', 'rohg',
     'mand', 'samr', 'mend', 'avst', 'phnx', 'nbat', 'palm', 'hatr', 'mani', 'armi', 'prti',
     'phli', 'phlp', 'sogd', 'sogo', 'yezi', 'chrs', 'elym', 'khar', 'lydi', 'narb', 'sarb',
     'orkh', 'hung')"/>

  <!--
    An explicit script subtag decides (ar-Latn is LTR, tr-Arab is RTL); otherwise the primary
    language does. Private-use and extension parts are ignored, so ar-Latn-x-ijmes stays LTR.
  -->
  <xsl:function name="d:dir" as="xs:string">
    <xsl:param name="tag" as="xs:string?"/>
    <xsl:variable name="subtags" select="tokenize(lower-case(normalize-space($tag)), '[-_]')"/>
    <xsl:variable name="before-private" select="
      if (index-of($subtags, 'x')[1]) then subsequence($subtags, 1, index-of($subtags, 'x')[1] - 1)
      else $subtags"/>
    <xsl:variable name="script" select="$before-private[position() gt 1][matches(., '^[a-z]{4}$')][1]"/>
    <xsl:sequence select="
      if (exists($script)) then (if ($script = $d:rtl-scripts) then 'rtl' else 'ltr')
      else if ($before-private[1] = $d:rtl-languages) then 'rtl'
      else 'ltr'"/>
  </xsl:function>

  <!-- The xml:lang in force at a node ('' when none is declared). -->
  <xsl:function name="d:lang" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="d:bcp47($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
  </xsl:function>

  <!-- ISO 639-2/3 codes that have a two-letter ISO 639-1 equivalent: BCP 47 (and so HTML's lang)
       wants the short one. Corpora use both (DraCor: "ger", "yid"). -->
  <xsl:variable name="d:iso639-short" as="map(xs:string, xs:string)" select="map{
    'ara':'ar', 'heb':'he', 'yid':'yi', 'per':'fa', 'fas':'fa', 'urd':'ur', 'pus':'ps', 'snd':'sd',
    'uig':'ug', 'div':'dv', 'ger':'de', 'deu':'de', 'eng':'en', 'fre':'fr', 'fra':'fr', 'lat':'la',
    'ita':'it', 'spa':'es', 'por':'pt', 'rus':'ru', 'tur':'tr', 'gre':'el', 'ell':'el', 'dut':'nl',
    'nld':'nl', 'pol':'pl', 'cze':'cs', 'ces':'cs', 'chi':'zh', 'zho':'zh', 'jpn':'ja', 'swe':'sv',
    'dan':'da', 'nor':'no', 'fin':'fi', 'hun':'hu', 'rum':'ro', 'ron':'ro', 'ukr':'uk', 'arm':'hy',
    'hye':'hy', 'geo':'ka', 'kat':'ka', 'kur':'ku', 'amh':'am', 'hin':'hi', 'ben':'bn', 'cat':'ca',
    'bul':'bg', 'srp':'sr', 'hrv':'hr', 'slv':'sl', 'slo':'sk', 'slk':'sk', 'lit':'lt', 'lav':'lv',
    'est':'et', 'ice':'is', 'isl':'is', 'gle':'ga', 'wel':'cy', 'cym':'cy', 'alb':'sq', 'sqi':'sq',
    'mac':'mk', 'mkd':'mk', 'may':'ms', 'msa':'ms', 'ind':'id', 'vie':'vi', 'tha':'th', 'kor':'ko',
    'swa':'sw', 'som':'so', 'hau':'ha', 'yor':'yo', 'san':'sa', 'tam':'ta', 'tel':'te'}"/>

  <!-- A language tag as HTML should carry it: the same tag, with its primary subtag shortened. -->
  <xsl:function name="d:bcp47" as="xs:string">
    <xsl:param name="tag" as="xs:string?"/>
    <xsl:variable name="t" select="normalize-space($tag)"/>
    <xsl:variable name="primary" select="lower-case(replace($t, '[-_].*$', ''))"/>
    <xsl:sequence select="
      if (map:contains($d:iso639-short, $primary))
      then $d:iso639-short($primary) || substring($t, string-length($primary) + 1)
      else $t"/>
  </xsl:function>

  <!-- lang and dir for an HTML element made from a TEI element that carries xml:lang. -->
  <xsl:template name="d:lang-attributes">
    <xsl:param name="tag" as="xs:string?" select="@xml:lang"/>
    <xsl:if test="exists($tag)">
      <xsl:attribute name="lang" select="d:bcp47($tag)"/>
      <xsl:if test="normalize-space($tag)">
        <xsl:attribute name="dir" select="d:dir($tag)"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
