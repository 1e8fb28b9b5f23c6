<?xml version="1.0" encoding="UTF-8"?>
<!-- Running numbers of mentions, dates and notes, for their ids: accumulators, computed in one
     pass over the document. (Maps keyed on generate-id() made the HTML of a document with 4,000
     register entries take minutes: SaxonJS's generate-id() on its DOM is not constant-time.) -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- The document being transformed gets every accumulator. XSLT 3.0 makes none applicable to the
       initial match selection unless its mode says so (xsl:mode/@use-accumulators); SaxonJS is
       lenient, Saxon-HE is not ("XTDE3362: Accumulator d:mention-ordinal is not applicable"). One
       declaration here, where the accumulators are; a project's importing stylesheet inherits it. -->
  <xsl:mode use-accumulators="#all"/>

  <!-- A name in the text pointing somewhere (names inside registers are not mentions). -->
  <xsl:function name="d:is-mention" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/@ref) and exists($e/ancestor::tei:text)
      and empty($e/(ancestor::tei:listPerson | ancestor::tei:listPlace | ancestor::tei:listOrg))"/>
  </xsl:function>

  <!-- A date in the text with a normalised value. -->
  <xsl:function name="d:is-dated" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/(@when | @notBefore | @notAfter | @from | @to | @dur)) and exists($e/ancestor::tei:text)"/>
  </xsl:function>

  <!-- The ordinal of each mention in the document: an integer key for the mention-id map. (accumulator-before: the value once the start of the node is counted, so nested mentions differ. An
       accumulator holding a map of counts per entry was quadratic too: SaxonJS copies a map on
       map:put.) -->
  <xsl:accumulator name="d:mention-ordinal" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule _match="{$d:mention-pattern}" select="if (d:is-mention(.)) then $value + 1 else $value"/>
  </xsl:accumulator>

  <xsl:accumulator name="d:date-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule _match="{$d:date-pattern}" select="if (d:is-dated(.)) then $value + 1 else $value"/>
  </xsl:accumulator>

  <!-- Notes in the text, as $d:notes has them (xslt/common/editorial.xsl): not a register entry's. -->
  <xsl:function name="d:is-text-note" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/ancestor::tei:text) and empty($e/ancestor::*[local-name() = ($d:entry-names, $d:hidden-names)])"/>
  </xsl:function>

  <xsl:accumulator name="d:note-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:note" select="if (d:is-text-note(.)) then $value + 1 else $value"/>
  </xsl:accumulator>

  <!-- Apparatus entries in the text, as $d:apps has them (not in listApp, not nested). -->
  <xsl:accumulator name="d:app-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:app" select="
      if (ancestor::tei:text and not(ancestor::tei:listApp) and not(ancestor::tei:app)) then $value + 1 else $value"/>
  </xsl:accumulator>
</xsl:stylesheet>
