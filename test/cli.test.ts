import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/print/index.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const seedDir = join(root, 'editions', 'haftar-moscow-2016');
const seed = join(seedDir, 'haftar-moscow-2016.xml');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-cli-'));
const hasBrowser = findBrowser() !== null;
const teiAll = resolve(root, '..', 'shared', 'tei', 'tei_all.rng');
const syriaca = resolve(root, '..', 'shared', 'corpus', 'syriaca', 'persons', 'person-13.xml');
const vnu = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const hasJava = spawnSync('java', ['-version']).error === undefined && existsSync(vnu);

function diwan(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? tmp,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
}
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
function write(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}
// Copies of the seed live in a temp folder: their xml-models (../../schemas/diwan.*) lead nowhere
// there, so diwan's installed schemas of those names are used (with a warning; src/check/plan.ts).
const seedText = readFileSync(seed, 'utf8');

describe('diwan validate', () => {
  it('accepts the seed edition against its xml-model schemas (exit 0, summary line)', () => {
    const r = diwan(['validate', seed]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l.includes(': error:'))).toEqual([]);
    expect(r.err).toMatch(/^1 file, 0 invalid, 0 errors, \d+ warnings?$/m);
  });

  it('reports malformed XML as file:line:col with exit 1 and no stack trace', () => {
    const bad = write('malformed.xml', seedText.replace('</head>', '</hed>'));
    const r = diwan(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: .*hed`, 'm'));
    noStack(r.all);
  });

  it('reports schema errors with what was expected', () => {
    const bad = write('invalid.xml', seedText.replace('<p xml:id="p1" n="1">', '<para xml:id="p1" n="1">').replace(/(<para[\s\S]*?)<\/p>/, '$1</para>'));
    const r = diwan(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/:\d+:\d+: error: element "para" not allowed.*expected.*"p"/);
    expect(r.err).toMatch(/1 file, 1 invalid/);
  });

  it('catches Schematron problems: a dangling pointer and an impossible date', () => {
    const bad = write('sch.xml', seedText.replace('ref="#lavrov"', 'ref="#nobody"').replace('when="2016-11-27"', 'when="2016-02-30"'));
    const r = diwan(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/nobody/);
    expect(r.out).toMatch(/2016-02-30/);
  });

  it('gives JSON findings with file, line, col, severity, rule, message, xpath', () => {
    const bad = write('json.xml', seedText.replace('ref="#lavrov"', 'ref="#nobody"'));
    const r = diwan(['validate', '--json', bad, seed]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.summary).toMatchObject({ files: 2, invalid: 1 });
    const f = report.findings.find((x: { severity: string }) => x.severity === 'error');
    expect(Object.keys(f).sort()).toEqual(['col', 'file', 'line', 'message', 'rule', 'schema', 'severity', 'xpath']);
    expect(f.line).toBeGreaterThan(1);
    // Every finding names the schema it comes from.
    expect(f.schema).toMatch(/schemas\/diwan\.(rng|sch)$/);
    expect(report.files.map((x: { status: string }) => x.status)).toEqual(['invalid', 'valid']);
  });

  it('checks any schema given with --schema, and refuses usage errors with exit 2', () => {
    const rng = write(
      'tiny.rng',
      '<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"><attribute name="status"><choice><value>free</value><value>unknown</value></choice></attribute></element>',
    );
    expect(diwan(['validate', '--schema', rng, write('ok.xml', '<doc status="free"/>')]).code).toBe(0);
    const r = diwan(['validate', '--schema', rng, write('ko.xml', '<doc status="open"/>')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/"free".*"unknown"/);
    expect(diwan(['validate']).code).toBe(2);
    expect(diwan(['validate', '--bogus', seed]).code).toBe(2);
    const missing = diwan(['validate', join(tmp, 'nope.xml')]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/nope\.xml:0:0: error: no such file/);
  });

  it.skipIf(!existsSync(teiAll))(
    `checks TEI conformance with --tei-all, running tei_all's embedded Schematron too${existsSync(teiAll) ? '' : ' (skipped: ../shared is absent)'}`,
    () => {
      const ok = diwan(['validate', '--tei-all', teiAll, seed]);
      expect(ok.code).toBe(0);
      expect(ok.err).toMatch(/1 file, 0 invalid, 0 errors/);
      // A rule RELAX NG cannot express, from tei_all's embedded Schematron: <relatedItem> needs @target or content.
      const bad = write('tei-all-bad.xml', seedText.replace('</sourceDesc>', '<listBibl><bibl><relatedItem/></bibl></listBibl></sourceDesc>'));
      const r = diwan(['validate', '--tei-all', teiAll, '--schema', teiAll, bad]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/relatedItem/);
    },
  );

  it('runs a Schematron given with --schematron, in the phase asked for', () => {
    const sch = write(
      'house.sch',
      `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <phase id="names"><active pattern="names"/></phase>
  <pattern id="names"><rule context="tei:persName"><assert id="has-ref" test="@ref">persName "<value-of select="."/>" has no @ref</assert></rule></pattern>
  <pattern id="paras"><rule context="tei:p"><report id="long" role="warning" test="string-length(.) gt 200">long paragraph</report></rule></pattern>
</schema>`,
    );
    const doc = write('house.xml', seedText.replace('<persName ref="#lavrov">', '<persName>'));
    const all = diwan(['validate', '--schematron', sch, doc]);
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/house\.xml:\d+:\d+: error: persName "سيرغي.لافروف" has no @ref/);
    expect(all.out).toMatch(/warning: long paragraph/);
    const names = diwan(['validate', '--schematron', sch, '--phase', 'names', doc]);
    expect(names.out).not.toMatch(/long paragraph/);
    expect(names.code).toBe(1);
  });

  it.skipIf(!existsSync(syriaca))('says when a schema is remote and nothing but well-formedness could be checked', () => {
    const r = diwan(['validate', syriaca]);
    // Not validated is not valid: its own exit code, and said even with --quiet.
    expect(r.code).toBe(3);
    const remote = r.out.split('\n').filter((l) => /warning: xml-model schema https:\/\/\S+ is not fetched/.test(l));
    expect(remote).toHaveLength(2); // one per schema, though the RNG is named twice
    expect(r.out).toMatch(/error: not validated: no schema could be applied, so only safety and well-formedness were checked/);
    expect(r.err).toMatch(/1 file, 0 invalid, 1 not validated/);
    const q = diwan(['validate', '-q', syriaca]);
    expect(q.code).toBe(3);
    expect(q.out).toMatch(/error: not validated/);
  });

  it('reads an xml-model that names a RELAX NG file as Schematron as its embedded rules, run once', () => {
    mkdirSync(join(tmp, 'odd', 'schema'), { recursive: true });
    mkdirSync(join(tmp, 'odd', 'docs'), { recursive: true });
    writeFileSync(
      join(tmp, 'odd', 'schema', 'g.rng'),
      `<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="t" uri="urn:t"/>
  <start><element name="doc" ns="urn:t"><sch:pattern id="n-set"><sch:rule context="t:doc"><sch:assert test="@n">doc needs @n</sch:assert></sch:rule></sch:pattern>
    <optional><attribute name="n"/></optional></element></start>
</grammar>`,
    );
    const pis = (kinds: string[]) => `${kinds.map((k) => `<?xml-model href="../schema/g.rng" schematypens="${k}"?>`).join('')}<doc xmlns="urn:t"/>`;
    const both = join(tmp, 'odd', 'docs', 'both.xml');
    writeFileSync(both, pis(['http://relaxng.org/ns/structure/1.0', 'http://purl.oclc.org/dsdl/schematron']));
    const onlySch = join(tmp, 'odd', 'docs', 'only-sch.xml');
    writeFileSync(onlySch, pis(['http://purl.oclc.org/dsdl/schematron']));
    for (const doc of [both, onlySch]) {
      const r = diwan(['validate', doc]);
      expect(r.code).toBe(1);
      expect(r.out.match(/error: doc needs @n/g)).toHaveLength(1);
      expect(r.out).not.toMatch(/schema error/);
    }
  });

  it('refuses hostile documents safely', () => {
    const xxe = write('xxe.xml', '<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI>&x;</TEI>');
    const r = diwan(['validate', xxe]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/xxe.xml:1:37: error: the DOCTYPE declares the external entity "x" \(SYSTEM\); diwan never reads external entities/);
    expect(r.all).not.toMatch(/root:x:0/);
    noStack(r.all);
  });
});

describe('diwan validate, in process', () => {
  it('shows progress on a terminal, and --quiet prints errors only', async () => {
    const { main } = await import('../src/cli/main.js');
    const progress: string[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s), write: () => {}, progress: (s: string) => progress.push(s) };
    const files = Array.from({ length: 5 }, (_, i) => write(`many-${i}.xml`, i === 3 ? '<TEI><p></TEI>' : '<doc/>'));
    const rng = write('doc.rng', '<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>');
    expect(await main(['validate', '--schema', rng, ...files], io)).toBe(1);
    expect(progress.filter((p) => /^validating \d\/5 /.test(p))).toHaveLength(5);
    expect(err.at(-1)).toBe('5 files, 1 invalid, 1 error, 0 warnings');
    out.length = 0;
    err.length = 0;
    expect(await main(['validate', '--quiet', '--schema', rng, ...files], { ...io, progress: undefined })).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/many-3\.xml:1:\d+: error: end tag <\/TEI> does not match the open element <p>/);
    expect(err).toEqual([]);
  });
});

describe('diwan html | text', () => {
  it('writes the editions of one file and never half a file on bad input', () => {
    const out = join(tmp, 'one.html');
    expect(diwan(['html', seed, '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    const text = diwan(['text', seed]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('بموسكو');

    const bad = write('bad.xml', '<TEI><text>');
    const target = join(tmp, 'never.html');
    const r = diwan(['html', bad, '-o', target]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.xml:\d+:\d+: error:/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    noStack(r.all);
  });

  it('answers --help and unknown commands', () => {
    for (const c of ['build', 'validate', 'html', 'text', 'pdf', 'init']) {
      const r = diwan([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out).toMatch(/^Usage: diwan/);
    }
    const r = diwan(['publish']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "publish"/);
  });
});

describe('diwan build', () => {
  it('refuses an invalid edition without writing it or touching its source', () => {
    const eds = join(tmp, 'eds-invalid');
    mkdirSync(join(eds, 'broken'), { recursive: true });
    const tei = join(eds, 'broken', 'broken.xml');
    writeFileSync(tei, seedText.replace('ref="#lavrov"', 'ref="#nobody"'));
    const before = sha(tei);
    const out = join(tmp, 'dist-invalid');
    const r = diwan(['build', eds, '-o', out, '--no-pdf']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/broken\.xml:\d+:\d+: error: .*nobody/);
    expect(existsSync(join(out, 'broken'))).toBe(false);
    expect(sha(tei)).toBe(before);
  });

  it('refuses an edition whose text does not reproduce its source.txt, saying where', () => {
    const eds = join(tmp, 'eds-fidelity');
    cpSync(seedDir, join(eds, 'seed'), { recursive: true });
    const changed = seedText.replace('جملة من القضايا', 'جملة القضايا');
    expect(changed).not.toBe(seedText);
    writeFileSync(join(eds, 'seed', 'seed.xml'), changed);
    const r = diwan(['build', eds, '-o', join(tmp, 'dist-fid'), '--no-pdf']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/source\.txt:\d+:\d+: error: the edition's text differs from the source here/);
  });

  it('still builds HTML and text, and says how to install a browser, when none is found', () => {
    const out = join(tmp, 'dist-nobrowser');
    const r = diwan(['build', join(root, 'editions'), '-o', out, '--chrome', '/nonexistent/chromium']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/apt-get install chromium/);
    expect(existsSync(join(out, 'haftar-moscow-2016', 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'haftar-moscow-2016', 'haftar-moscow-2016.txt'))).toBe(true);
    expect(existsSync(join(out, 'haftar-moscow-2016', 'haftar-moscow-2016.pdf'))).toBe(false);
    // The page offers the files that exist, and no PDF.
    const html = readFileSync(join(out, 'haftar-moscow-2016', 'index.html'), 'utf8');
    expect(html).toMatch(/<a href="haftar-moscow-2016\.xml" download="">TEI P5 XML<\/a>/);
    expect(html).not.toMatch(/href="[^"]*\.pdf"/);
  });

  it.skipIf(!hasBrowser)('builds every edition, byte-identical on a second run (PDF included)', () => {
    const a = join(tmp, 'dist-a');
    const b = join(tmp, 'dist-b');
    expect(diwan(['build', join(root, 'editions'), '-o', a]).code).toBe(0);
    expect(diwan(['build', join(root, 'editions'), '-o', b]).code).toBe(0);
    // (Hidden: the corpus build's record of the edition and its DTS files, checked in corpus-site.test.ts.)
    const files = readdirSync(join(a, 'haftar-moscow-2016'))
      .filter((f) => !f.startsWith('.'))
      .sort();
    expect(files).toEqual([
      'haftar-moscow-2016.bib',
      'haftar-moscow-2016.csl.json',
      'haftar-moscow-2016.pdf',
      'haftar-moscow-2016.ris',
      'haftar-moscow-2016.txt',
      'haftar-moscow-2016.xml',
      'index.html',
    ]);
    // The static DTS API beside the editions, the same bytes too.
    for (const f of ['index.json', 'collection.json', 'navigation/haftar-moscow-2016/p3.json', 'document/haftar-moscow-2016/p3.xml']) {
      expect(sha(join(b, '_dts', f)), f).toBe(sha(join(a, '_dts', f)));
    }
    for (const f of files) expect(sha(join(b, 'haftar-moscow-2016', f)), f).toBe(sha(join(a, 'haftar-moscow-2016', f)));
    expect(readFileSync(join(a, 'haftar-moscow-2016', 'index.html'), 'utf8')).toMatch(/href="haftar-moscow-2016\.pdf"/);
    // The catalogue of the build: every edition with its title and files, and nothing else linked.
    const catalogue = readFileSync(join(a, 'index.html'), 'utf8');
    expect(catalogue).toMatch(/^<!DOCTYPE html>/);
    expect(catalogue).toContain('<a href="haftar-moscow-2016/index.html" lang="ar" dir="rtl">حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته</a>');
    for (const href of catalogue.matchAll(/href="([^"]+)"/g)) expect(existsSync(join(a, decodeURIComponent(href[1]!)))).toBe(true);
    expect(sha(join(b, 'index.html'))).toBe(sha(join(a, 'index.html')));
    if (hasJava) {
      const nu = spawnSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', join(a, 'index.html')], { encoding: 'utf8' });
      expect(JSON.parse(nu.stderr || nu.stdout).messages).toEqual([]);
    }
    expect(sha(join(a, 'haftar-moscow-2016', 'haftar-moscow-2016.xml'))).toBe(sha(seed));
  });
});

describe('diwan init', () => {
  it('starts an edition from a plain-text source whose text reproduces the source', () => {
    const eds = join(tmp, 'eds-init');
    const r = diwan(['init', join(seedDir, 'source.txt'), '--slug', 'fresh', '-o', eds]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/warning/);
    const tei = readFileSync(join(eds, 'fresh', 'fresh.xml'), 'utf8');
    expect(tei).toContain('<ab type="blank-line">');
    expect(readFileSync(join(eds, 'fresh', 'source.txt'))).toEqual(readFileSync(join(seedDir, 'source.txt')));
    // Never overwrites.
    expect(diwan(['init', join(seedDir, 'source.txt'), '--slug', 'fresh', '-o', eds]).code).toBe(2);
  });
});
