import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchematron, runSchematron, SchematronSchemaError, toSvrl } from '../src/check/schematron/index.js';
import { parsed } from './helpers/doc.js';

const SCH = 'http://purl.oclc.org/dsdl/schematron';
const TEI = 'http://www.tei-c.org/ns/1.0';
const XSL = 'http://www.w3.org/1999/XSL/Transform';
const tmp = mkdtempSync(join(tmpdir(), 'diwan-sch-iso-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function schema(body: string, attrs = ''): string {
  return `<sch:schema xmlns:sch="${SCH}" xmlns:xsl="${XSL}" xmlns:f="urn:f" ${attrs}><sch:ns prefix="tei" uri="${TEI}"/><sch:ns prefix="f" uri="urn:f"/>${body}</sch:schema>`;
}
const tei = (body: string) => parsed('t.xml', `<TEI xmlns="${TEI}">${body}</TEI>`);
const run = (s: string, doc = tei('<p n="1"/><p n="2"/><p n="3" type="x"/>'), opts = {}) =>
  runSchematron(compileSchematron(s, { trust: 'trusted', ...opts }), doc).map((f) => `${f.xpath}: ${f.message}`);
const error = (s: string, opts = {}): string => {
  try {
    compileSchematron(s, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(SchematronSchemaError);
    return (e as Error).message;
  }
  throw new Error('compiled without error');
};
const hit = (context: string, test = 'true()', msg = 'hit') =>
  `<sch:pattern><sch:rule context="${context}"><sch:report test="${test}">${msg}</sch:report></sch:rule></sch:pattern>`;

describe('let scoping (ISO: schema, phase, pattern, rule)', () => {
  it('a rule context may use schema, phase and pattern lets (issue 9: refused before, naming $Q)', () => {
    expect(run(schema(`<sch:let name="n" value="('1', '3')"/>${hit('tei:p[@n = $n]')}`))).toEqual(['/TEI[1]/p[1]: hit', '/TEI[1]/p[3]: hit']);
    const phased = schema(
      `<sch:phase id="ph"><sch:let name="n" value="'2'"/><sch:active pattern="a"/></sch:phase><sch:pattern id="a"><sch:rule context="tei:p[@n = $n][not(@type)]"><sch:report test="true()">phase</sch:report></sch:rule></sch:pattern>`,
    );
    expect(run(phased, undefined, { phase: 'ph' })).toEqual(['/TEI[1]/p[2]: phase']);
    const pattern = schema(
      `<sch:pattern><sch:let name="ns" value="('2')"/><sch:rule context="tei:p[for $a in $ns return $a = @n]"><sch:report test="true()">for</sch:report></sch:rule></sch:pattern>`,
    );
    expect(run(pattern)).toEqual(['/TEI[1]/p[2]: for']);
  });

  it('pattern lets are global: another pattern sees them, in whatever order they are written', () => {
    const s = schema(
      `${hit('tei:TEI', '$b = 4', 'b is <sch:value-of select="$b"/>')}<sch:pattern><sch:let name="b" value="$a * 2"/><sch:rule context="nothing"><sch:assert test="true()"/></sch:rule></sch:pattern><sch:let name="a" value="2"/>`,
    );
    expect(run(s)).toEqual(['/TEI[1]: b is 4']);
  });

  it('one abstract pattern used twice keeps its let per instance', () => {
    const s = schema(
      `<sch:pattern abstract="true" id="count"><sch:let name="c" value="count(//$el)"/><sch:rule context="tei:TEI"><sch:report test="true()"><sch:value-of select="'$el'"/>: <sch:value-of select="$c"/></sch:report></sch:rule></sch:pattern>` +
        `<sch:pattern is-a="count"><sch:param name="el" value="tei:p"/></sch:pattern><sch:pattern is-a="count"><sch:param name="el" value="tei:p[@type]"/></sch:pattern>`,
    );
    expect(run(s)).toEqual(['/TEI[1]: tei:p: 3', '/TEI[1]: tei:p[@type]: 1']);
  });

  it('a rule let may shadow a global one; lets that use each other in a cycle are an error', () => {
    expect(
      run(
        schema(
          `<sch:let name="x" value="1"/>${hit('tei:TEI', '$x = 2', '<sch:value-of select="$x"/>').replace('<sch:report', '<sch:let name="x" value="2"/><sch:report')}`,
        ),
      ),
    ).toEqual(['/TEI[1]: 2']);
    expect(error(schema(`<sch:let name="a" value="$b"/><sch:let name="b" value="$a"/>${hit('*')}`))).toMatch(/<let name="a"> depends on itself \(a → b → a\)/);
  });

  it('a let may hold nodes written as its content', () => {
    const s = schema(
      `<sch:let name="names"><n>Ibn Khaldun</n><n>al-Maqrizi</n></sch:let>${hit('tei:TEI', 'count($names) = 2', '<sch:value-of select="$names[2]"/>')}`,
    );
    expect(run(s)).toEqual(['/TEI[1]: al-Maqrizi']);
  });
});

describe('include and extends/@href', () => {
  const dir = join(tmp, 'inc');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'sub', 'rules.sch'), `<rule xmlns="${SCH}" context="tei:p"><extends href="more.sch"/></rule>`);
  writeFileSync(join(dir, 'sub', 'more.sch'), `<rule xmlns="${SCH}" context="x"><report test="@type">typed</report></rule>`);
  writeFileSync(join(tmp, 'outside.sch'), `<rule xmlns="${SCH}" context="tei:p"><report test="true()">outside</report></rule>`);
  const main = join(dir, 'main.sch');

  it('are resolved against the file that holds them', () => {
    writeFileSync(main, schema('<sch:pattern><sch:include href="sub/rules.sch"/></sch:pattern>'));
    expect(
      runSchematron(compileSchematron(schema('<sch:pattern><sch:include href="sub/rules.sch"/></sch:pattern>'), { path: main }), tei('<p/><p type="x"/>')).map(
        (f) => f.message,
      ),
    ).toEqual(['typed']);
  });

  it('a schema the document names may include only files in its own folder or below, by relative path', () => {
    expect(error(schema('<sch:pattern><sch:include href="../outside.sch"/></sch:pattern>'), { path: main })).toMatch(
      /main\.sch:1:\d+: <include href="..\/outside.sch">: a schema named by the document may only include files in its own folder/,
    );
    expect(error(schema(`<sch:pattern><sch:include href="${join(tmp, 'outside.sch')}"/></sch:pattern>`), { path: main })).toMatch(/by relative path only/);
    expect(error(schema('<sch:pattern><sch:include href="https://example.org/x.sch"/></sch:pattern>'), { path: main, trust: 'trusted' })).toMatch(
      /reads no network resources/,
    );
    const trusted = compileSchematron(schema('<sch:pattern><sch:include href="../outside.sch"/></sch:pattern>'), { path: main, trust: 'trusted' });
    expect(runSchematron(trusted, tei('<p/>')).map((f) => f.message)).toEqual(['outside']);
  });

  it('a missing file, a cycle and a wrong target are errors at the include, in the file that holds it', () => {
    expect(error(schema('<sch:include href="none.sch"/>'), { path: main })).toMatch(
      /main\.sch:1:\d+: <include href="none.sch">: cannot read .*none\.sch \(no such file\)/,
    );
    writeFileSync(join(dir, 'loop.sch'), `<pattern xmlns="${SCH}"><include href="loop.sch"/></pattern>`);
    expect(error(schema('<sch:include href="loop.sch"/>'), { path: main })).toMatch(/loop\.sch:1:\d+: <include href="loop.sch">: .* includes itself/);
    writeFileSync(join(dir, 'notrule.sch'), `<pattern xmlns="${SCH}"/>`);
    expect(error(schema(`<sch:pattern><sch:rule context="*"><sch:extends href="notrule.sch"/></sch:rule></sch:pattern>`), { path: main })).toMatch(
      /points to <pattern>, not to a Schematron <rule>/,
    );
  });
});

describe('xsl:key and xsl:function in the schema', () => {
  const doc = tei('<person xml:id="a"/><person xml:id="b"/><p><ref target="#a"/><ref target="#c"/></p>');

  it('key() looks up an xsl:key declared with @use or with content, with two or three arguments', () => {
    const s = schema(
      `<xsl:key name="person" match="tei:person" use="@xml:id"/><xsl:key name="byname" match="tei:*"><xsl:value-of select="local-name()"/></xsl:key>` +
        hit('tei:ref', "not(key('person', substring-after(@target, '#')))", 'dangling <sch:value-of select="@target"/>') +
        hit('tei:TEI', "count(key('byname', ('person', 'ref'))) = 4 and count(key('byname', 'ref', //tei:p)) = 2", 'keys ok'),
    );
    expect(run(s, doc)).toEqual(['/TEI[1]: keys ok', '/TEI[1]/p[1]/ref[2]: dangling #c']);
  });

  it('an undeclared key or a computed key name is a located schema error', () => {
    expect(error(schema(hit('*', "key('nope', 'x')")), { path: 'k.sch' })).toMatch(
      /k\.sch:1:\d+: <report test="key\('nope', 'x'\)">: key "nope" is not declared/,
    );
    expect(error(schema(`<xsl:key name="k" match="*" use="1"/>${hit('*', "key(name(), 'x')")}`))).toMatch(/computed key name/);
  });

  it('xsl:functions are called from tests, lets, messages and rule contexts; they may recurse and call each other', () => {
    const s = schema(
      `<xsl:function name="f:fact" as="xs:integer" xmlns:xs="http://www.w3.org/2001/XMLSchema"><xsl:param name="n" as="xs:integer"/>
         <xsl:choose><xsl:when test="$n le 1"><xsl:sequence select="1"/></xsl:when><xsl:otherwise><xsl:sequence select="$n * f:fact($n - 1)"/></xsl:otherwise></xsl:choose></xsl:function>
       <xsl:function name="f:id"><xsl:param name="ref"/><xsl:variable name="bare" select="substring-after($ref, '#')"/><xsl:sequence select="if (contains($ref, '#')) then $bare else $ref"/></xsl:function>
       <xsl:function name="f:known"><xsl:param name="ref"/><xsl:sequence select="f:id($ref) = $ids"/></xsl:function>` +
        `<sch:let name="ids" value="//tei:person/@xml:id"/><sch:let name="six" value="f:fact(3)"/>` +
        hit('tei:ref[not(f:known(@target))]', '$six = 6', '<sch:value-of select="f:id(@target)"/> unknown, 4! = <sch:value-of select="f:fact(4)"/>'),
    );
    expect(run(s, doc)).toEqual(['/TEI[1]/p[1]/ref[2]: c unknown, 4! = 24']);
  });

  it('what cannot be translated, and other embedded XSLT, is refused by name', () => {
    expect(error(schema(`<xsl:function name="f:e"><x/></xsl:function>${hit('*')}`))).toMatch(/<x> in <xsl:function name="f:e"> is not supported/);
    expect(error(schema(`<xsl:function name="f:m"><xsl:message>x</xsl:message></xsl:function>${hit('*')}`))).toMatch(
      /<xsl:message> in <xsl:function name="f:m"> is not supported/,
    );
    expect(error(schema(`<xsl:include href="x.xsl"/>${hit('*')}`))).toMatch(/<xsl:include> is not supported in a schema/);
    expect(error(schema(`<xsl:function name="f:r"><xsl:sequence select="unparsed-text('file:///etc/passwd')"/></xsl:function>${hit('*', 'f:r()')}`))).toMatch(
      /calls unparsed-text\(\), which reads files/,
    );
  });
});

describe('one language per constraint (--lang)', () => {
  it("TEI's translated constraints (ident-fr beside ident): English by default, French with lang fr", () => {
    const pattern = (id: string, msg: string) =>
      `<sch:pattern id="${id}"><sch:rule context="tei:addSpan"><sch:assert test="@spanTo">${msg}</sch:assert></sch:rule></sch:pattern>`;
    const s = schema(
      pattern('tei_all-addSpan-addSpan-requires-spanTo-constraint-rule-43', 'The spanTo attribute is required.') +
        pattern('tei_all-addSpan-addSpan-requires-spanTo-fr-constraint-rule-44', "L'attribut spanTo est requis.") +
        pattern('tei_all-p-abstract-model-constraint-rule-1', 'kept').replace('tei:addSpan', 'tei:TEI'),
    );
    const doc = tei('<addSpan/>');
    expect(run(s, doc)).toEqual(['/TEI[1]: kept', '/TEI[1]/addSpan[1]: The spanTo attribute is required.']);
    expect(run(s, doc, { lang: 'fr' })).toEqual(['/TEI[1]: kept', "/TEI[1]/addSpan[1]: L'attribut spanTo est requis."]);
    expect(run(s, doc, { lang: 'de' })).toEqual(['/TEI[1]: kept', '/TEI[1]/addSpan[1]: The spanTo attribute is required.']);
  });

  it('assertions and diagnostics marked with xml:lang', () => {
    const s = schema(
      `<sch:pattern><sch:rule context="tei:TEI"><sch:assert test="@n" xml:lang="en" diagnostics="d-en d-ar">needs n</sch:assert><sch:assert test="@n" xml:lang="ar">يلزم n</sch:assert></sch:rule></sch:pattern>` +
        '<sch:diagnostics><sch:diagnostic id="d-en" xml:lang="en">add it</sch:diagnostic><sch:diagnostic id="d-ar" xml:lang="ar">أضفه</sch:diagnostic></sch:diagnostics>',
    );
    expect(run(s, tei(''))).toEqual(['/TEI[1]: needs n — add it']);
    expect(run(s, tei(''), { lang: 'ar' })).toEqual(['/TEI[1]: يلزم n']);
  });
});

describe('subordinate documents and SVRL', () => {
  it('pattern/@documents checks the named files (relative to the document) when the schema is trusted', () => {
    const d = join(tmp, 'docs');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'other.xml'), `<TEI xmlns="${TEI}"><p/></TEI>`);
    const s = schema(
      `<sch:pattern documents="'other.xml'"><sch:rule context="tei:p"><sch:report test="true()">p in other</sch:report></sch:rule></sch:pattern>`,
    );
    const f = runSchematron(compileSchematron(s, { trust: 'trusted' }), parsed(join(d, 'main.xml'), `<TEI xmlns="${TEI}"/>`));
    expect(f.map((x) => [x.file, x.line, x.message])).toEqual([[join(d, 'other.xml'), 1, 'p in other']]);
  });

  it('toSvrl writes failed-assert and successful-report with location, diagnostics and properties', () => {
    const s = schema(
      `<sch:pattern id="p1"><sch:rule context="tei:p"><sch:assert id="a1" test="@n" role="warning" diagnostics="d" properties="pr">p needs n</sch:assert></sch:rule></sch:pattern>` +
        '<sch:diagnostics><sch:diagnostic id="d" xml:lang="en">at <sch:value-of select="name()"/></sch:diagnostic></sch:diagnostics>' +
        '<sch:properties><sch:property id="pr" role="copy"><xsl:copy-of select="."/></sch:property></sch:properties>',
    );
    const c = compileSchematron(s);
    const svrl = toSvrl(c, runSchematron(c, tei('<p type="x"/>')));
    expect(svrl).toContain('<svrl:active-pattern id="p1"/>');
    expect(svrl).toContain('<svrl:failed-assert test="@n" location="/TEI[1]/p[1]" id="a1" role="warning">');
    expect(svrl).toContain('<svrl:diagnostic-reference diagnostic="d"><svrl:text xml:lang="en">at p</svrl:text></svrl:diagnostic-reference>');
    expect(svrl).toMatch(
      /<svrl:property-reference property="pr" role="copy"><svrl:text><p xmlns="http:\/\/www\.tei-c\.org\/ns\/1\.0" type="x"\/><\/svrl:text>/,
    );
    expect(svrl).toContain('<svrl:text>p needs n</svrl:text>');
  });
});
