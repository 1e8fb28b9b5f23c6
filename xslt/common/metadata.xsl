<?xml version="1.0" encoding="UTF-8"?>
<!-- What both editions say about the edition: titles, source, editors, licence, how to cite. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:variable name="d:header" as="element(tei:teiHeader)?" select="key('d:by-name', 'teiHeader', /)[1]"/>
  <xsl:variable name="d:fileDesc" as="element(tei:fileDesc)?" select="$d:header/tei:fileDesc"/>
  <xsl:variable name="d:titleStmt" as="element(tei:titleStmt)?" select="$d:fileDesc/tei:titleStmt"/>
  <xsl:variable name="d:pubStmt" as="element(tei:publicationStmt)?" select="$d:fileDesc/tei:publicationStmt"/>

  <xsl:variable name="d:main-lang" as="xs:string" select="
    (/*/@xml:lang, key('d:by-name', 'text', /)[1]/@xml:lang, $d:header/tei:profileDesc/tei:langUsage/tei:language[1]/@ident, 'und')[normalize-space()][1] ! string(.)"/>

  <xsl:variable name="d:titles" as="element(tei:title)*" select="$d:titleStmt/tei:title[normalize-space()]"/>

  <xsl:variable name="d:main-title" as="xs:string" select="
    (($d:titles[@type = 'main'], $d:titles[not(@type = 'sub')][d:lang(.) = $d:main-lang], $d:titles)[1] ! normalize-space(.),
     'Untitled TEI document')[1]"/>

  <xsl:variable name="d:source-bibls" as="element()*" select="
    $d:fileDesc/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc | tei:p | tei:recordingStmt | tei:listBibl/tei:bibl)"/>

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

  <xsl:variable name="d:cite-line" as="xs:string" select="
    string-join((
      if (exists($d:editor-names)) then string-join($d:editor-names, ', ') || (if (count($d:editor-names) gt 1) then ' (eds.)' else ' (ed.)') else (),
      $d:main-title,
      $d:publisher,
      $d:pub-date,
      $d:idnos,
      $d:edition-url)[normalize-space()], '. ') || '.'"/>
</xsl:stylesheet>
