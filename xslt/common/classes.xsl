<?xml version="1.0" encoding="UTF-8"?>
<!-- GENERATED from src/tei/classes.ts by scripts/gen-classes.js (npm run build): do not edit. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <xsl:variable name="d:block-names" as="xs:string*" select="('p', 'ab', 'head', 'l', 'closer', 'opener', 'salute', 'signed', 'dateline', 'byline', 'trailer', 'speaker', 'stage', 'item', 'label', 'castItem', 'roleDesc', 'titlePart', 'docAuthor', 'docImprint', 'docDate', 'docEdition', 'bibl', 'biblStruct', 'quote', 'row', 'u', 'postscript', 'epigraph', 'argument', 'set', 'caption')"/>
  <xsl:variable name="d:block-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}p | Q{http://www.tei-c.org/ns/1.0}ab | Q{http://www.tei-c.org/ns/1.0}head | Q{http://www.tei-c.org/ns/1.0}l | Q{http://www.tei-c.org/ns/1.0}closer | Q{http://www.tei-c.org/ns/1.0}opener | Q{http://www.tei-c.org/ns/1.0}salute | Q{http://www.tei-c.org/ns/1.0}signed | Q{http://www.tei-c.org/ns/1.0}dateline | Q{http://www.tei-c.org/ns/1.0}byline | Q{http://www.tei-c.org/ns/1.0}trailer | Q{http://www.tei-c.org/ns/1.0}speaker | Q{http://www.tei-c.org/ns/1.0}stage | Q{http://www.tei-c.org/ns/1.0}item | Q{http://www.tei-c.org/ns/1.0}label | Q{http://www.tei-c.org/ns/1.0}castItem | Q{http://www.tei-c.org/ns/1.0}roleDesc | Q{http://www.tei-c.org/ns/1.0}titlePart | Q{http://www.tei-c.org/ns/1.0}docAuthor | Q{http://www.tei-c.org/ns/1.0}docImprint | Q{http://www.tei-c.org/ns/1.0}docDate | Q{http://www.tei-c.org/ns/1.0}docEdition | Q{http://www.tei-c.org/ns/1.0}bibl | Q{http://www.tei-c.org/ns/1.0}biblStruct | Q{http://www.tei-c.org/ns/1.0}quote | Q{http://www.tei-c.org/ns/1.0}row | Q{http://www.tei-c.org/ns/1.0}u | Q{http://www.tei-c.org/ns/1.0}postscript | Q{http://www.tei-c.org/ns/1.0}epigraph | Q{http://www.tei-c.org/ns/1.0}argument | Q{http://www.tei-c.org/ns/1.0}set | Q{http://www.tei-c.org/ns/1.0}caption'"/>

  <xsl:variable name="d:not-text-names" as="xs:string*" select="('note', 'figDesc', 'teiHeader', 'standOff', 'listPerson', 'listPlace', 'listOrg', 'interp', 'interpGrp', 'linkGrp', 'link', 'join', 'spanGrp', 'fs', 'fLib')"/>
  <xsl:variable name="d:not-text-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}note | Q{http://www.tei-c.org/ns/1.0}figDesc | Q{http://www.tei-c.org/ns/1.0}teiHeader | Q{http://www.tei-c.org/ns/1.0}standOff | Q{http://www.tei-c.org/ns/1.0}listPerson | Q{http://www.tei-c.org/ns/1.0}listPlace | Q{http://www.tei-c.org/ns/1.0}listOrg | Q{http://www.tei-c.org/ns/1.0}interp | Q{http://www.tei-c.org/ns/1.0}interpGrp | Q{http://www.tei-c.org/ns/1.0}linkGrp | Q{http://www.tei-c.org/ns/1.0}link | Q{http://www.tei-c.org/ns/1.0}join | Q{http://www.tei-c.org/ns/1.0}spanGrp | Q{http://www.tei-c.org/ns/1.0}fs | Q{http://www.tei-c.org/ns/1.0}fLib'"/>

  <xsl:variable name="d:hidden-names" as="xs:string*" select="('teiHeader', 'standOff', 'listPerson', 'listPlace', 'listOrg', 'interpGrp', 'interp', 'linkGrp', 'link', 'spanGrp', 'fs', 'fLib', 'join')"/>
  <xsl:variable name="d:hidden-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}teiHeader | Q{http://www.tei-c.org/ns/1.0}standOff | Q{http://www.tei-c.org/ns/1.0}listPerson | Q{http://www.tei-c.org/ns/1.0}listPlace | Q{http://www.tei-c.org/ns/1.0}listOrg | Q{http://www.tei-c.org/ns/1.0}interpGrp | Q{http://www.tei-c.org/ns/1.0}interp | Q{http://www.tei-c.org/ns/1.0}linkGrp | Q{http://www.tei-c.org/ns/1.0}link | Q{http://www.tei-c.org/ns/1.0}spanGrp | Q{http://www.tei-c.org/ns/1.0}fs | Q{http://www.tei-c.org/ns/1.0}fLib | Q{http://www.tei-c.org/ns/1.0}join'"/>

  <xsl:variable name="d:milestone-names" as="xs:string*" select="('pb', 'cb', 'milestone', 'anchor', 'fw', 'gap')"/>
  <xsl:variable name="d:milestone-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}pb | Q{http://www.tei-c.org/ns/1.0}cb | Q{http://www.tei-c.org/ns/1.0}milestone | Q{http://www.tei-c.org/ns/1.0}anchor | Q{http://www.tei-c.org/ns/1.0}fw | Q{http://www.tei-c.org/ns/1.0}gap'"/>

  <xsl:variable name="d:division-names" as="xs:string*" select="('div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7')"/>
  <xsl:variable name="d:division-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}div | Q{http://www.tei-c.org/ns/1.0}div1 | Q{http://www.tei-c.org/ns/1.0}div2 | Q{http://www.tei-c.org/ns/1.0}div3 | Q{http://www.tei-c.org/ns/1.0}div4 | Q{http://www.tei-c.org/ns/1.0}div5 | Q{http://www.tei-c.org/ns/1.0}div6 | Q{http://www.tei-c.org/ns/1.0}div7'"/>

  <xsl:variable name="d:flow-names" as="xs:string*" select="('p', 'ab', 'lg', 'l', 'list', 'listBibl', 'table', 'sp', 'figure', 'floatingText', 'castList', 'closer', 'opener', 'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7', 'head')"/>
  <xsl:variable name="d:flow-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}p | Q{http://www.tei-c.org/ns/1.0}ab | Q{http://www.tei-c.org/ns/1.0}lg | Q{http://www.tei-c.org/ns/1.0}l | Q{http://www.tei-c.org/ns/1.0}list | Q{http://www.tei-c.org/ns/1.0}listBibl | Q{http://www.tei-c.org/ns/1.0}table | Q{http://www.tei-c.org/ns/1.0}sp | Q{http://www.tei-c.org/ns/1.0}figure | Q{http://www.tei-c.org/ns/1.0}floatingText | Q{http://www.tei-c.org/ns/1.0}castList | Q{http://www.tei-c.org/ns/1.0}closer | Q{http://www.tei-c.org/ns/1.0}opener | Q{http://www.tei-c.org/ns/1.0}div | Q{http://www.tei-c.org/ns/1.0}div1 | Q{http://www.tei-c.org/ns/1.0}div2 | Q{http://www.tei-c.org/ns/1.0}div3 | Q{http://www.tei-c.org/ns/1.0}div4 | Q{http://www.tei-c.org/ns/1.0}div5 | Q{http://www.tei-c.org/ns/1.0}div6 | Q{http://www.tei-c.org/ns/1.0}div7 | Q{http://www.tei-c.org/ns/1.0}head'"/>

  <xsl:variable name="d:mention-names" as="xs:string*" select="('persName', 'placeName', 'orgName', 'rs', 'roleName', 'name')"/>
  <xsl:variable name="d:mention-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}persName | Q{http://www.tei-c.org/ns/1.0}placeName | Q{http://www.tei-c.org/ns/1.0}orgName | Q{http://www.tei-c.org/ns/1.0}rs | Q{http://www.tei-c.org/ns/1.0}roleName | Q{http://www.tei-c.org/ns/1.0}name'"/>

  <xsl:variable name="d:entry-names" as="xs:string*" select="('person', 'personGrp', 'place', 'org')"/>
  <xsl:variable name="d:entry-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}person | Q{http://www.tei-c.org/ns/1.0}personGrp | Q{http://www.tei-c.org/ns/1.0}place | Q{http://www.tei-c.org/ns/1.0}org'"/>

  <xsl:variable name="d:appellation-names" as="xs:string*" select="('persName', 'placeName', 'orgName', 'name', 'geogName')"/>
  <xsl:variable name="d:appellation-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}persName | Q{http://www.tei-c.org/ns/1.0}placeName | Q{http://www.tei-c.org/ns/1.0}orgName | Q{http://www.tei-c.org/ns/1.0}name | Q{http://www.tei-c.org/ns/1.0}geogName'"/>

  <xsl:variable name="d:date-names" as="xs:string*" select="('date', 'time')"/>
  <xsl:variable name="d:date-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}date | Q{http://www.tei-c.org/ns/1.0}time'"/>

  <xsl:variable name="d:token-names" as="xs:string*" select="('w', 'pc', 'c')"/>
  <xsl:variable name="d:token-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}w | Q{http://www.tei-c.org/ns/1.0}pc | Q{http://www.tei-c.org/ns/1.0}c'"/>

  <xsl:variable name="d:collected-names" as="xs:string*" select="('person', 'personGrp', 'place', 'org', 'persName', 'placeName', 'orgName', 'rs', 'roleName', 'name', 'date', 'time', 'note', 'p', 'text', 'teiHeader')"/>
  <xsl:variable name="d:collected-pattern" static="yes" as="xs:string" select="'Q{http://www.tei-c.org/ns/1.0}person | Q{http://www.tei-c.org/ns/1.0}personGrp | Q{http://www.tei-c.org/ns/1.0}place | Q{http://www.tei-c.org/ns/1.0}org | Q{http://www.tei-c.org/ns/1.0}persName | Q{http://www.tei-c.org/ns/1.0}placeName | Q{http://www.tei-c.org/ns/1.0}orgName | Q{http://www.tei-c.org/ns/1.0}rs | Q{http://www.tei-c.org/ns/1.0}roleName | Q{http://www.tei-c.org/ns/1.0}name | Q{http://www.tei-c.org/ns/1.0}date | Q{http://www.tei-c.org/ns/1.0}time | Q{http://www.tei-c.org/ns/1.0}note | Q{http://www.tei-c.org/ns/1.0}p | Q{http://www.tei-c.org/ns/1.0}text | Q{http://www.tei-c.org/ns/1.0}teiHeader'"/>
</xsl:stylesheet>
