import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSchematron, extractSchematron, runSchematron, SchematronSchemaError, severityOf } from '../src/check/schematron/index.js';
import { parsed } from './helpers/doc.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'schematron');
const read = (f: string): string => readFileSync(join(fixtures, f), 'utf8');
const SCH = 'http://purl.oclc.org/dsdl/schematron';
const TEI = 'http://www.tei-c.org/ns/1.0';

const basic = read('basic.sch');
const doc = parsed('doc.xml', read('doc.xml'));

function schema(body: string, attrs = 'queryBinding="xslt2"'): string {
  return `<sch:schema xmlns:sch="${SCH}" ${attrs}><sch:ns prefix="tei" uri="${TEI}"/>${body}</sch:schema>`;
}
function tei(body: string) {
  return parsed('t.xml', `<TEI xmlns="${TEI}">${body}</TEI>`);
}

describe('assert and report', () => {
  const compiled = compileSchematron(basic, { path: 'basic.sch' });
  const findings = runSchematron(compiled, doc);

  it('uses the default phase and its patterns only', () => {
    expect(compiled.phase).toBe('refs');
    expect(compiled.title).toBe('diwan engine test schema');
    expect(new Set(findings.map((f) => f.pattern))).toEqual(new Set(['pointers']));
  });

  it('fires a failing assert once, with value-of, name and diagnostics in the message', () => {
    const dangling = findings.filter((f) => f.rule === 'schematron:ref-resolves');
    expect(dangling).toHaveLength(1);
    expect(dangling[0]!.message).toBe('Pointer #nobody on persName does not resolve — known: haftar, putin');
    expect(dangling[0]!.severity).toBe('error');
  });

  it('does not fire asserts that hold (two of the three pointers resolve)', () => {
    expect(findings.filter((f) => f.kind === 'assert')).toHaveLength(1);
  });

  it('a let holds the whole sequence, not its first item', () => {
    const report = findings.find((f) => f.rule === 'schematron:ids-count');
    expect(report?.message).toBe('There are 2 persons, none is nobody');
    expect(report?.severity).toBe('warning');
    expect(report?.flag).toBe('demo');
    expect(report?.role).toBe('info');
  });

  it('locates the context node: line:col of its "<" and an XPath', () => {
    const f = findings.find((x) => x.rule === 'schematron:ref-resolves')!;
    // line 12 of doc.xml: `      <p n="2">  <persName` (the tag continues on the next line)
    expect([f.line, f.col]).toEqual([12, 18]);
    expect(f.xpath).toBe('/TEI[1]/text[1]/body[1]/p[2]/persName[1]');
    expect(f.file).toBe('doc.xml');
  });
});

describe('phases', () => {
  it('chooses a phase by option, with its own lets', () => {
    const c = compileSchematron(basic, { phase: 'structure' });
    const f = runSchematron(c, doc);
    expect(f.some((x) => x.pattern === 'pointers')).toBe(false);
    expect(f.filter((x) => x.rule === 'schematron:enough-paras')).toHaveLength(0); // 2 paragraphs ≥ $minParas
    const one = runSchematron(c, tei('<text><body><p n="1">x</p></body></text>'));
    const warn = one.find((x) => x.rule === 'schematron:enough-paras');
    expect(warn?.message).toBe('Only 1 paragraph(s) in body');
    expect(warn?.severity).toBe('warning');
  });

  it('#ALL runs every pattern, and a phase let is then out of scope', () => {
    expect(() => compileSchematron(basic, { phase: '#ALL', path: 'basic.sch' })).toThrow(
      /basic\.sch:25:7: .*uses \$minParas, which no <let> in scope declares/,
    );
    const s = basic
      .replace('<sch:let name="minParas" value="2"/>', '')
      .replace('<sch:let name="ids"', '<sch:let name="minParas" value="3"/><sch:let name="ids"');
    const f = runSchematron(compileSchematron(s, { phase: '#ALL' }), doc);
    expect(new Set(f.map((x) => x.pattern))).toEqual(new Set(['pointers', 'paras', 'first-match']));
  });

  it('refuses an undeclared phase', () => {
    expect(() => compileSchematron(basic, { phase: 'nope' })).toThrow(/phase "nope" is not declared \(phases: refs, structure/);
  });
});

describe('rule semantics', () => {
  it('a node is handled by the first matching rule of a pattern only', () => {
    const f = runSchematron(compileSchematron(basic, { phase: 'structure' }), doc);
    expect(f.filter((x) => x.rule === 'schematron:first-rule').map((x) => x.xpath)).toEqual(['/TEI[1]/text[1]/body[1]/p[1]']);
    expect(f.filter((x) => x.rule === 'schematron:second-rule').map((x) => x.xpath)).toEqual(['/TEI[1]/text[1]/body[1]/p[2]']);
  });

  it('but every pattern sees every node', () => {
    const s = schema(
      '<sch:pattern id="a"><sch:rule context="tei:p"><sch:report test="true()">a</sch:report></sch:rule></sch:pattern>' +
        '<sch:pattern id="b"><sch:rule context="tei:*"><sch:report test="self::tei:p">b</sch:report></sch:rule></sch:pattern>',
    );
    const f = runSchematron(compileSchematron(s), tei('<p/><p/>'));
    expect(f.map((x) => x.rule).sort()).toEqual(['schematron:a', 'schematron:a', 'schematron:b', 'schematron:b']);
  });

  it('XSLT patterns: unions, attributes, positional predicates, absolute paths', () => {
    const s = schema(
      '<sch:pattern id="u"><sch:rule context="tei:a | tei:b[@n]"><sch:report test="true()">u</sch:report></sch:rule></sch:pattern>' +
        '<sch:pattern id="at"><sch:rule context="@ref"><sch:report test="starts-with(., \'#\')">at <sch:value-of select="."/></sch:report></sch:rule></sch:pattern>' +
        '<sch:pattern id="pos"><sch:rule context="tei:p[1]"><sch:report test="true()">first p</sch:report></sch:rule></sch:pattern>' +
        '<sch:pattern id="abs"><sch:rule context="/tei:TEI/tei:b"><sch:report test="true()">abs</sch:report></sch:rule></sch:pattern>',
    );
    const f = runSchematron(compileSchematron(s), tei('<a/><b/><b n="1" ref="#x"/><d><p/><p/></d><e><p/></e>'));
    expect(f.filter((x) => x.rule === 'schematron:u').map((x) => x.xpath)).toEqual(['/TEI[1]/a[1]', '/TEI[1]/b[2]']);
    const at = f.filter((x) => x.rule === 'schematron:at');
    expect(at.map((x) => [x.xpath, x.message])).toEqual([['/TEI[1]/b[2]/@ref', 'at #x']]);
    expect(f.filter((x) => x.rule === 'schematron:pos').map((x) => x.xpath)).toEqual(['/TEI[1]/d[1]/p[1]', '/TEI[1]/e[1]/p[1]']);
    expect(f.filter((x) => x.rule === 'schematron:abs')).toHaveLength(2);
  });

  it('current() is the rule context node', () => {
    const s = schema(
      '<sch:pattern id="dup"><sch:rule context="tei:p"><sch:assert test="count(//tei:p[@n = current()/@n]) = 1">duplicate n <sch:value-of select="//tei:p[. is current()]/@n"/></sch:assert></sch:rule></sch:pattern>',
    );
    const f = runSchematron(compileSchematron(s), tei('<p n="1"/><p n="2"/><p n="2"/>'));
    expect(f.map((x) => x.message)).toEqual(['duplicate n 2', 'duplicate n 2']);
  });

  it('abstract rules (extends) and abstract patterns (is-a with params)', () => {
    const s = schema(
      '<sch:pattern abstract="true" id="required"><sch:rule context="$el"><sch:assert test="$child">$el needs <sch:value-of select="\'$child\'"/></sch:assert></sch:rule></sch:pattern>' +
        '<sch:pattern id="p-needs-s" is-a="required"><sch:param name="el" value="tei:p"/><sch:param name="child" value="tei:s"/></sch:pattern>' +
        '<sch:pattern id="ext"><sch:rule abstract="true" id="typed"><sch:assert id="has-type" test="@type">no type</sch:assert></sch:rule>' +
        '<sch:rule context="tei:div"><sch:extends rule="typed"/></sch:rule></sch:pattern>',
    );
    const f = runSchematron(compileSchematron(s), tei('<div type="x"><p><s/></p><p/></div><div/>'));
    expect(f.map((x) => [x.rule, x.xpath, x.message])).toEqual([
      ['schematron:p-needs-s', '/TEI[1]/div[1]/p[2]', '$el needs tei:s'],
      ['schematron:has-type', '/TEI[1]/div[2]', 'no type'],
    ]);
  });

  it('a run-time XPath error becomes an error finding at the node, and the run goes on', () => {
    const s = schema(
      '<sch:pattern id="d"><sch:rule context="tei:date"><sch:assert id="d" test="xs:date(@when) lt xs:date(\'2100-01-01\')">late</sch:assert></sch:rule></sch:pattern>'.replace(
        '<sch:pattern',
        '<sch:ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/><sch:pattern',
      ),
    );
    const f = runSchematron(compileSchematron(s), tei('<date when="2016-02-30"/><date when="2200-01-01"/>'));
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toMatch(/cannot evaluate assert test/);
    expect(f[1]!.message).toBe('late');
  });
});

describe('roles', () => {
  it('maps roles to severities', () => {
    expect(['error', 'fatal', 'ERROR', undefined].map(severityOf)).toEqual(['error', 'error', 'error', 'error']);
    expect(['warning', 'warn', 'info', 'information', 'nonfatal'].map(severityOf)).toEqual(Array(5).fill('warning'));
  });
});

describe('schema errors', () => {
  const err = (text: string, opts = {}): SchematronSchemaError => {
    try {
      compileSchematron(text, opts);
    } catch (e) {
      expect(e).toBeInstanceOf(SchematronSchemaError);
      return e as SchematronSchemaError;
    }
    throw new Error('compiled without error');
  };

  it('a missing queryBinding means xslt, run as XPath 3.1 (as the conformance suite expects); unknown ones are refused', () => {
    for (const qb of ['', 'queryBinding="xslt"', 'queryBinding="xslt2"', 'queryBinding="xslt3"', 'queryBinding="xpath2"', 'queryBinding="xpath31"'])
      expect(() => compileSchematron(schema('', qb))).not.toThrow();
    expect(compileSchematron(schema('', '')).queryBinding).toBe('xslt');
    expect(err(schema('', 'queryBinding="exslt"')).message).toMatch(/queryBinding="exslt" is not supported/);
  });

  it('reports a malformed schema with file:line:col', () => {
    const e = err(`<sch:schema xmlns:sch="${SCH}" queryBinding="xslt2">\n  <sch:pattern>\n</sch:schema>`, { path: 'x.sch' });
    expect(e.message).toMatch(/^x\.sch:3:\d+: not well-formed XML/);
    expect(e.line).toBe(3);
  });

  it('reports broken XPath at the element that holds it', () => {
    const e = err(
      `<sch:schema xmlns:sch="${SCH}" queryBinding="xslt2">\n<sch:pattern>\n  <sch:rule context="p">\n    <sch:assert test="count(">x</sch:assert></sch:rule></sch:pattern></sch:schema>`,
      { path: 'y.sch' },
    );
    expect([e.line, e.col]).toEqual([4, 5]);
    expect(e.message).toMatch(/<assert test="count\("> is not valid XPath/);
  });

  it('reports undeclared variables, prefixes and diagnostics', () => {
    expect(err(schema('<sch:pattern><sch:rule context="tei:p"><sch:assert test="$nope">x</sch:assert></sch:rule></sch:pattern>')).message).toMatch(/\$nope/);
    expect(err(schema('<sch:pattern><sch:rule context="foo:p"><sch:assert test="1">x</sch:assert></sch:rule></sch:pattern>')).message).toMatch(/prefix .foo./);
    expect(err(schema('<sch:pattern><sch:rule context="tei:p"><sch:assert test="1" diagnostics="d1">x</sch:assert></sch:rule></sch:pattern>')).message).toMatch(
      /diagnostic "d1"/,
    );
  });

  it('refuses what it does not implement, by name', () => {
    expect(err(schema('<sch:pattern documents="\'x.xml\'"/>')).message).toMatch(/<pattern documents=.*reads other files/);
    expect(err(schema('<sch:include href="x.sch"/>')).message).toMatch(/<include href="x.sch">: a schema read from a string cannot include files/);
    expect(err(schema('<sch:pattern><sch:rule context="tei:p[current()]"><sch:assert test="1">x</sch:assert></sch:rule></sch:pattern>')).message).toMatch(
      /current\(\) in a rule context/,
    );
    expect(err('<schema xmlns="http://www.ascc.net/xml/schematron"/>').message).toMatch(/Schematron 1\.5/);
    expect(err('<foo/>').message).toMatch(/not an ISO Schematron <schema>/);
  });
});

describe('embedded Schematron', () => {
  it('extractSchematron returns null when a grammar embeds none', () => {
    expect(extractSchematron('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="a"><empty/></element></start></grammar>')).toBeNull();
  });

  it('builds a schema from sch:ns, sch:pattern and bare sch:rule inside RELAX NG', () => {
    const rng = `<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="${SCH}" xmlns:t="${TEI}">
      <sch:ns prefix="tei" uri="${TEI}"/>
      <start><element name="TEI" ns="${TEI}"><empty/>
        <sch:pattern id="p1"><sch:rule context="tei:TEI"><sch:assert test="@n">TEI needs n</sch:assert></sch:rule></sch:pattern>
        <sch:rule context="t:TEI"><sch:report test="@n = 'x'">n is x</sch:report></sch:rule>
      </element></start></grammar>`;
    const s = extractSchematron(rng)!;
    const c = compileSchematron(s);
    expect(c.patterns).toHaveLength(2);
    expect(runSchematron(c, tei('')).map((f) => f.message)).toEqual(['TEI needs n']);
    expect(runSchematron(c, parsed('x', `<TEI xmlns="${TEI}" n="x"/>`)).map((f) => f.message)).toEqual(['n is x']);
  });
});
