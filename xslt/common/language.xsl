<?xml version="1.0" encoding="UTF-8"?>
<!-- BCP 47 tag -> writing direction, and the language in force at a TEI node. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:d="urn:diwan"
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
    <xsl:sequence select="string($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
  </xsl:function>

  <!-- lang and dir for an HTML element made from a TEI element that carries xml:lang. -->
  <xsl:template name="d:lang-attributes">
    <xsl:param name="tag" as="xs:string?" select="@xml:lang"/>
    <xsl:if test="exists($tag)">
      <xsl:attribute name="lang" select="$tag"/>
      <xsl:if test="normalize-space($tag)">
        <xsl:attribute name="dir" select="d:dir($tag)"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
