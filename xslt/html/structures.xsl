<?xml version="1.0" encoding="UTF-8"?>
<!--
  Structures the generic element mapping (html/elements.xsl) gets wrong: a list of label/item
  pairs is a definition list, not bullets that part each label from its item.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:d="urn:diwan"
  exclude-result-prefixes="#all">

  <!-- label/item pairs (list type="gloss", and any list with labels): dt/dd, one div per pair. -->
  <xsl:template match="tei:list[tei:label]">
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <div>
          <xsl:call-template name="d:attributes"/>
          <xsl:for-each select="tei:head">
            <p><xsl:call-template name="d:attributes"/><xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></p>
          </xsl:for-each>
          <dl class="pairs">
            <xsl:for-each-group select="* except tei:head" group-starting-with="tei:label">
              <div>
                <xsl:choose>
                  <xsl:when test="self::tei:label">
                    <dt>
                      <xsl:call-template name="d:attributes"/>
                      <xsl:apply-templates><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                    </dt>
                  </xsl:when>
                  <xsl:otherwise><dt class="empty"/></xsl:otherwise>
                </xsl:choose>
                <xsl:variable name="rest" select="current-group() except self::tei:label"/>
                <xsl:for-each select="$rest[self::tei:item]">
                  <dd>
                    <xsl:call-template name="d:attributes"/>
                    <xsl:apply-templates/>
                  </dd>
                </xsl:for-each>
                <!-- A page break or milestone between pairs: inside the pair's last dd, as HTML allows nothing else there. -->
                <xsl:if test="$rest[not(self::tei:item)] or empty($rest)">
                  <dd class="between"><xsl:apply-templates select="$rest[not(self::tei:item)]"/></dd>
                </xsl:if>
              </div>
            </xsl:for-each-group>
          </dl>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
