import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserPath, noBrowser } from './helpers/browser.js';
import { seedCorpus, treeOf } from './helpers/corpus.js';
import { diwan, tmp } from './helpers/project.js';

// `diwan build` over a corpus: a pool of workers, the manifest, rebuilding only what changed.
const base = tmp('diwan-corpus-');
afterAll(() => rmSync(base, { recursive: true, force: true }));
const slugs = ['a1', 'a2', 'a3', 'a4', 'a5'];
const editions = seedCorpus(base, slugs);
const out = join(base, 'dist');

type Summary = { editions: number; built: number; upToDate: number; failed: number; removed: number };
function build(...extra: string[]): { code: number | null; summary: Summary; err: string; editions: { slug: string; status: string }[] } {
  return buildIn(editions, out, extra);
}
function buildIn(editions: string, out: string, extra: string[]): ReturnType<typeof build> {
  const r = diwan(['build', editions, '-o', out, '--no-pdf', '--no-search', '--json', ...extra], base);
  const parsed = JSON.parse(r.out || '{}');
  return { code: r.code, summary: parsed.summary, err: r.err, editions: parsed.editions };
}
const builtSlugs = (r: ReturnType<typeof build>) => r.editions.filter((e) => e.status === 'built').map((e) => e.slug);

describe('diwan build: incremental, from the manifest', () => {
  it('builds every edition once, then nothing; a change rebuilds only what it affects', () => {
    const first = build('--jobs', '2');
    expect(first.code, first.err).toBe(0);
    expect(first.summary).toMatchObject({ editions: 5, built: 5, upToDate: 0, failed: 0 });
    const manifest = readFileSync(join(out, '.diwan-manifest.json'), 'utf8');
    expect(Object.keys(JSON.parse(manifest).editions)).toEqual(slugs);
    // The manifest holds no absolute path (it is an output like the others).
    expect(manifest).not.toContain(base);

    const again = build('--jobs', '2');
    expect(again.summary).toMatchObject({ built: 0, upToDate: 5 });
    expect(readFileSync(join(out, '.diwan-manifest.json'), 'utf8')).toBe(manifest);

    // One edition's TEI changes: that one is rebuilt; the index still lists all five.
    appendFileSync(join(editions, 'a3', 'a3.xml'), '\n<!-- edited -->\n');
    const one = build('--jobs', '2');
    expect(builtSlugs(one)).toEqual(['a3']);
    expect(one.summary).toMatchObject({ built: 1, upToDate: 4 });
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const s of slugs) expect(index).toContain(`href="${s}/index.html"`);

    // source.txt is an input too.
    const src = join(editions, 'a2', 'source.txt');
    writeFileSync(src, readFileSync(src, 'utf8'));
    expect(build().summary.built).toBe(0);
    appendFileSync(src, ' ');
    const bad = build();
    expect(bad.summary).toMatchObject({ built: 0, failed: 1 });
    expect(bad.code).toBe(1);
    // A failed rebuild keeps the last good edition published and listed; it is tried again next time.
    expect(existsSync(join(out, 'a2', 'index.html'))).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="a2/index.html"');
    writeFileSync(src, readFileSync(join(editions, 'a1', 'source.txt')));
    expect(builtSlugs(build())).toEqual(['a2']);

    // A schema the editions were validated against: every edition that used it.
    appendFileSync(join(base, 'schemas', 'diwan.sch'), '\n<!-- edited -->\n');
    expect(build().summary).toMatchObject({ built: 5, upToDate: 0 });

    // --force rebuilds all; a deleted output file is rebuilt.
    expect(build('--force').summary.built).toBe(5);
    rmSync(join(out, 'a4', 'a4.txt'));
    expect(builtSlugs(build())).toEqual(['a4']);

    // An edition removed from the editions folder leaves the site.
    rmSync(join(editions, 'a5'), { recursive: true });
    const removed = build();
    expect(removed.summary).toMatchObject({ editions: 4, built: 0, upToDate: 4, removed: 1 });
    expect(existsSync(join(out, 'a5'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('a5/index.html');
  }, 600_000);

  it('one failing edition is reported and the others are built; the output does not depend on --jobs', () => {
    const own = join(base, 'second');
    const editions = seedCorpus(own, ['a1', 'a2', 'a3', 'a4']);
    const out = join(own, 'dist');
    const other = join(own, 'dist-jobs1');
    expect(buildIn(editions, out, ['--jobs', '2']).summary.built).toBe(4);
    const broken = join(editions, 'a1', 'a1.xml');
    const good = readFileSync(broken, 'utf8');
    writeFileSync(broken, good.replace('<body>', '<body><unknownElement/>'));
    {
      const two = buildIn(editions, out, ['--jobs', '2', '--force']);
      expect(two.code).toBe(1);
      expect(two.summary).toMatchObject({ built: 3, failed: 1 });
      expect(two.editions.find((e) => e.slug === 'a1')?.status).toBe('failed');
      const r = diwan(['build', editions, '-o', other, '--no-pdf', '--no-search', '--jobs', '1'], own);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^diwan: a1: not built \(invalid\)$/m);
      expect(r.err).toMatch(/^4 editions: 3 built, 1 not built, into /m);
      // Same files, byte for byte, whether two workers or this thread built them. (`out` still
      // publishes its last good a1, and so lists it; `other` never had one.)
      const a = treeOf(out);
      const b = treeOf(other);
      const editionFiles = (t: Record<string, string>) => Object.keys(t).filter((k) => /^a[2-4]\//.test(k));
      expect(editionFiles(b)).toEqual(editionFiles(a));
      expect(editionFiles(a).filter((k) => a[k] !== b[k])).toEqual([]);
      expect(a['index.html']).toContain('href="a1/index.html"');
      expect(b['index.html']).not.toContain('href="a1/index.html"');
    }
  }, 600_000);
});

describe('diwan build: the site pages change in place', () => {
  it("rewrites only the changed editions' DTS files and the pages they are in; the result equals a whole build", () => {
    const own = join(base, 'site');
    // d1 and d10: the files of one must not be taken for the other's.
    const slugs = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd10'];
    const editions = seedCorpus(own, slugs);
    const out = join(own, 'dist');
    expect(buildIn(editions, out, ['--jobs', '2']).summary.built).toBe(9);
    // Each file's identity: every write here goes through a new file (a rename or a fresh copy).
    const stamps = () => {
      const m = new Map<string, string>();
      for (const name of readdirSync(out, { recursive: true }) as string[]) {
        const st = statSync(join(out, name));
        if (st.isFile()) m.set(name.split(sep).join('/'), `${st.ino} ${st.mtimeMs}`);
      }
      return m;
    };
    const changedSince = (before: Map<string, string>) => {
      const now = stamps();
      return [...now]
        .filter(([k, v]) => before.get(k) !== v)
        .map(([k]) => k)
        .sort();
    };
    const siteFiles = (names: string[]) => names.filter((n) => !/^d\d+\//.test(n) && !n.startsWith('.diwan-manifest'));

    // Nothing changed: not one site file is written again.
    let before = stamps();
    expect(buildIn(editions, out, []).summary.upToDate).toBe(9);
    expect(changedSince(before)).toEqual([]);

    // d1's main title changes: its DTS files, its collection, the root collection, and the pages that show titles.
    const d1 = join(editions, 'd1', 'd1.xml');
    writeFileSync(d1, readFileSync(d1, 'utf8').replace('type="main">', 'type="main">(1) '));
    before = stamps();
    expect(buildIn(editions, out, []).summary.built).toBe(1);
    const rewritten = siteFiles(changedSince(before));
    expect(rewritten.filter((n) => n.includes('d10'))).toEqual([]);
    expect(rewritten.filter((n) => /^_dts\/(document|navigation)\//.test(n) && !/^_dts\/(document|navigation)\/d1[/;.]/.test(n))).toEqual([]);
    expect(rewritten).toEqual(
      expect.arrayContaining(['_dts/collection.json', '_dts/collection/d1.json', '_dts/document/d1.xml', 'index.html', 'registers.html']),
    );
    expect(rewritten).not.toContain('_dts/collection/d2.json');
    expect(rewritten).not.toContain('_dts/index.json');

    // A change to the text only (a comment): the registers page and the index stay as they were.
    appendFileSync(join(editions, 'd3', 'd3.xml'), '\n<!-- edited -->\n');
    before = stamps();
    expect(buildIn(editions, out, []).summary.built).toBe(1);
    const text = siteFiles(changedSince(before));
    expect(text).not.toContain('registers.html');
    expect(text).not.toContain('index.html');

    // One edition goes, one comes: gone from the API, and in it.
    rmSync(join(editions, 'd2'), { recursive: true });
    cpSync(join(editions, 'd4'), join(editions, 'd9'), { recursive: true });
    renameSync(join(editions, 'd9', 'd4.xml'), join(editions, 'd9', 'd9.xml'));
    expect(buildIn(editions, out, []).summary).toMatchObject({ built: 1, removed: 1 });
    expect(existsSync(join(out, '_dts', 'document', 'd2.xml'))).toBe(false);
    expect(existsSync(join(out, '_dts', 'navigation', 'd2'))).toBe(false);
    expect(readdirSync(join(out, '_dts', 'navigation')).filter((n) => n.startsWith('d2;'))).toEqual([]);
    expect(existsSync(join(out, '_dts', 'document', 'd9', 'p3.xml'))).toBe(true);

    // Byte for byte what one build from nothing makes of the same editions.
    const whole = join(own, 'whole');
    expect(buildIn(editions, whole, ['--jobs', '2']).summary.built).toBe(9);
    const a = treeOf(out);
    const b = treeOf(whole);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Object.keys(a).filter((k) => a[k] !== b[k])).toEqual([]);

    // Another build fingerprint (here the paper size) rebuilds every edition and remakes the pages
    // even though no edition's registers changed: a new diwan may write them otherwise.
    const pages = () =>
      ['registers.html', 'index.html', '_dts/collection.json'].map((n) => `${statSync(join(whole, n)).ino} ${statSync(join(whole, n)).mtimeMs}`);
    const was = pages();
    expect(buildIn(editions, whole, ['--paper', 'Letter']).summary.built).toBe(9);
    const now = pages();
    expect(now.filter((x, i) => x === was[i])).toEqual([]);
  }, 600_000);
});

describe.skipIf(!browserPath)(`PDFs from the pool: one browser in the main thread${browserPath ? '' : ` (skipped: ${noBrowser})`}`, () => {
  it('workers send their print pages to the one Chromium; every edition gets its PDF', () => {
    const own = join(base, 'pdf');
    const editions = seedCorpus(own, ['p1', 'p2', 'p3']);
    const out = join(own, 'dist');
    const r = diwan(['build', editions, '-o', out, '--jobs', '2', '--no-search'], own);
    expect(r.code, r.err).toBe(0);
    for (const s of ['p1', 'p2', 'p3']) {
      const pdf = join(out, s, `${s}.pdf`);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('Haftar');
      expect(text).toContain(`Copy ${Number(s.slice(1))}`);
      expect(readFileSync(join(out, s, 'index.html'), 'utf8')).toContain(`href="${s}.pdf"`);
    }
  }, 600_000);

  it('starts the browser only when an edition is to be built with its PDF', () => {
    const own = join(base, 'pdf-lazy');
    const editions = seedCorpus(own, ['q1', 'q2']);
    const out = join(own, 'dist');
    // A browser that notes each start, then is the real one.
    const marker = join(own, 'starts');
    const chrome = join(own, 'chrome.sh');
    writeFileSync(chrome, `#!/bin/sh\necho start >> '${marker}'\nexec '${browserPath}' "$@"\n`, { mode: 0o755 });
    const starts = () => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean).length : 0);
    const run = () => diwan(['build', editions, '-o', out, '--jobs', '2', '--no-search', '--chrome', chrome], own);
    expect(run().code).toBe(0);
    expect(starts()).toBe(1);
    expect(existsSync(join(out, 'q1', 'q1.pdf'))).toBe(true);
    // Nothing to build: no browser.
    expect(run().err).toMatch(/0 built, 2 up to date/);
    expect(starts()).toBe(1);
    // One edition changed: the browser again, and its PDF made anew.
    appendFileSync(join(editions, 'q2', 'q2.xml'), '\n<!-- edited -->\n');
    const before = statSync(join(out, 'q2', 'q2.pdf')).ino;
    expect(run().err).toMatch(/1 built, 1 up to date/);
    expect(starts()).toBe(2);
    expect(statSync(join(out, 'q2', 'q2.pdf')).ino).not.toBe(before);
  }, 600_000);
});

describe('diwan build: schemas that include other files', () => {
  it('an edited include (RELAX NG or Schematron) makes the editions validated against it stale', () => {
    const dir = tmp('diwan-corpus-includes-');
    const eds = seedCorpus(dir, ['inc1']);
    const schemas = join(dir, 'schemas');
    const tei = join(eds, 'inc1', 'inc1.xml');
    writeFileSync(tei, readFileSync(tei, 'utf8').replace('schemas/diwan.rng', 'schemas/main.rng').replace('schemas/diwan.sch', 'schemas/main.sch'));
    writeFileSync(join(schemas, 'main.rng'), '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="any.rng"/></grammar>\n');
    const any =
      '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="any"/></start><define name="any"><element><anyName/>' +
      '<zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice></zeroOrMore></element></define></grammar>\n';
    writeFileSync(join(schemas, 'any.rng'), any);
    writeFileSync(
      join(schemas, 'main.sch'),
      '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><include href="rule.sch"/></schema>\n',
    );
    const rule = (words: string) =>
      `<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="tei:TEI"><report test="true()" role="warning">${words}</report></rule></pattern>\n`;
    writeFileSync(join(schemas, 'rule.sch'), rule('the included rule, first wording'));
    const dist = join(dir, 'dist');
    const messages = (r: ReturnType<typeof build>) => (r.editions[0] as unknown as { findings: { message: string }[] }).findings.map((f) => f.message);
    try {
      const first = buildIn(eds, dist, []);
      expect(first.summary, first.err).toMatchObject({ built: 1, failed: 0 });
      expect(messages(first)).toContain('the included rule, first wording');
      expect(buildIn(eds, dist, []).summary).toMatchObject({ built: 0, upToDate: 1 });
      // The included Schematron pattern is reworded: rebuilt, with the new words.
      writeFileSync(join(schemas, 'rule.sch'), rule('the included rule, second wording'));
      const second = buildIn(eds, dist, []);
      expect(second.summary).toMatchObject({ built: 1, upToDate: 0 });
      expect(messages(second)).toContain('the included rule, second wording');
      // The included grammar now allows only <letter>: the edition is checked again, and fails.
      writeFileSync(
        join(schemas, 'any.rng'),
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="letter"><text/></element></start></grammar>\n',
      );
      const third = buildIn(eds, dist, []);
      expect(third.summary).toMatchObject({ built: 0, upToDate: 0, failed: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
