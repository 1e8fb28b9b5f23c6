import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdition, catalogueEntry, loadEdition, parseCounter, validate, writeEdition } from '../src/index.js';
import { openPrinter, type Printer } from '../src/print/printer.js';
import { SaxonJS } from '../src/xdm/saxon.js';
import { main } from '../src/cli/main.js';
import { browserPath, noBrowser } from './helpers/browser.js';
import { parsed } from './helpers/doc.js';
import { ensureCompiled } from './helpers/xslt.js';

const root = resolve(import.meta.dirname, '..');
const seedDir = join(root, 'editions', 'haftar-moscow-2016');
const TEI = 'http://www.tei-c.org/ns/1.0';
const tmp = mkdtempSync(join(tmpdir(), 'diwan-pipeline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => ensureCompiled());

const quiet = { out: () => {}, err: () => {}, write: () => {} };

function doc(header: string, body = '<p xml:id="p1" n="1">نص</p>', rootAttrs = ''): string {
  return `<TEI xmlns="${TEI}"${rootAttrs}><teiHeader><fileDesc><titleStmt>${header}</titleStmt><publicationStmt><publisher>P</publisher><date when="2020-05-06">2020</date></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader><text><body>${body}</body></text></TEI>`;
}

describe('parse once', () => {
  it('a library build (validate, metadata, HTML, text, TEI) parses the edition exactly once', async () => {
    const before = parseCounter.documents;
    const edition = loadEdition(seedDir);
    const result = await buildEdition(edition, { formats: ['html', 'text', 'tei'] });
    expect(result.ok).toBe(true);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(parseCounter.documents - before).toBe(1);
  });

  it('`diwan build` parses each edition exactly once', async () => {
    const editions = join(tmp, 'editions-once');
    for (const slug of ['one', 'two', 'three']) {
      mkdirSync(join(editions, slug), { recursive: true });
      writeFileSync(join(editions, slug, `${slug}.xml`), doc(`<title>${slug}</title>`));
    }
    // With the seed among them (and the schemas its xml-models name, ../../schemas/ from it).
    cpSync(seedDir, join(editions, 'haftar-moscow-2016'), { recursive: true });
    cpSync(join(root, 'schemas'), join(tmp, 'schemas'), { recursive: true });
    const said: string[] = [];
    const before = parseCounter.documents;
    await main(['build', editions, '-o', join(tmp, 'out-once'), '--no-pdf', '--jobs', '1'], { ...quiet, err: (s) => said.push(s) });
    expect(said).toContain(`diwan: built haftar-moscow-2016 -> ${join(tmp, 'out-once', 'haftar-moscow-2016')} (no PDF)`);
    // Built or refused as invalid, every edition was parsed once (--jobs 1: in this thread, where the counter is).
    expect(parseCounter.documents - before).toBe(4);
  });

  it('the stylesheets see the document at its own address (base-uri)', () => {
    const src = parsed(join(tmp, 'x', 'doc.xml'), doc('<title>t</title>'));
    expect(SaxonJS.XPath.evaluate('base-uri(/)', src.tree.doc)).toBe(`file://${join(tmp, 'x', 'doc.xml')}`);
  });
});

describe('one finding per problem', () => {
  it('a duplicate xml:id is one error (RELAX NG, at the second occurrence), not one per schema', async () => {
    const file = join(tmp, 'dup.xml');
    writeFileSync(file, doc('<title>t</title>', '<p xml:id="p1" n="1">a</p>\n<p xml:id="p1" n="2">b</p>'));
    const report = await validate(file);
    const dup = report.findings.filter((f) => /p1/.test(f.message));
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ line: 2, severity: 'error', rule: 'relaxng' });
    expect(dup[0]!.message).toMatch(/already been defined \(first occurrence at 1:/);
  });
});

describe('stylesheet messages become findings', () => {
  it('mentions pointing nowhere give one located warning from the HTML stylesheet', async () => {
    const dir = join(tmp, 'dangling');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dangling.xml'), doc('<title>t</title>', '<p>a\n<persName ref="#nobody">X</persName> <persName ref="#nope">Y</persName></p>'));
    const result = await buildEdition(loadEdition(dir), { validate: false, formats: ['html'] });
    const w = result.findings.filter((f) => f.rule === 'xslt:html');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', line: 2, col: 1 });
    expect(w[0]!.message).toMatch(/^2 mentions point to an xml:id that is not in this document \(first: #nobody\)/);
  });
});

describe('the library API', () => {
  it('buildEdition returns the files in memory and writes nothing; writeEdition writes them', async () => {
    const out = join(tmp, 'api-out');
    const result = await buildEdition(loadEdition(seedDir), { formats: ['html', 'text', 'tei'] });
    expect(result.artifacts.map((a) => a.name)).toEqual([
      'index.html',
      'haftar-moscow-2016.bib',
      'haftar-moscow-2016.ris',
      'haftar-moscow-2016.csl.json',
      'haftar-moscow-2016.txt',
      'haftar-moscow-2016.xml',
    ]);
    expect(existsSync(out)).toBe(false);
    const written = writeEdition(result, out);
    const files = [
      'haftar-moscow-2016.bib',
      'haftar-moscow-2016.csl.json',
      'haftar-moscow-2016.ris',
      'haftar-moscow-2016.txt',
      'haftar-moscow-2016.xml',
      'index.html',
    ];
    expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual(files.map((f) => `haftar-moscow-2016/${f}`));
    expect(readdirSync(join(out, 'haftar-moscow-2016')).sort()).toEqual(files);
  });

  it("is importable as 'diwan' (package exports), and --no-pdf never loads Chromium's driver", () => {
    const script = `
      import { loadEdition, buildEdition } from 'diwan';
      import { createRequire } from 'node:module';
      const r = await buildEdition(loadEdition(${JSON.stringify(seedDir)}), { formats: ['html', 'text'] });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('playwright'));
      console.log(JSON.stringify({ ok: r.ok, files: r.artifacts.length, playwright: loaded.length }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    // index.html, the text, and the three reference-manager files the page links to.
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, files: 5, playwright: 0 });
  });

  it('the same edition builds to byte-identical files twice', async () => {
    const a = await buildEdition(loadEdition(seedDir), { formats: ['html', 'text'] });
    const b = await buildEdition(loadEdition(seedDir), { formats: ['html', 'text'] });
    expect(b.artifacts.map((x) => x.data)).toEqual(a.artifacts.map((x) => x.data));
  });
});

/** One header variant and what every output must agree on. */
const VARIANTS: { name: string; xml: string; title: string; lang: string }[] = [
  {
    name: 'main title in another language than the text',
    xml: doc('<title xml:lang="ar">عنوان عربي</title><title type="main" xml:lang="en">An English main title</title>', undefined, ' xml:lang="ar"'),
    title: 'An English main title',
    lang: 'ar',
  },
  {
    name: 'several titles, none marked main: the one in the document language',
    xml: doc(
      '<title xml:lang="en">English first</title><title xml:lang="ar">العنوان</title><title type="sub" xml:lang="ar">فرعي</title>',
      undefined,
      ' xml:lang="ar"',
    ),
    title: 'العنوان',
    lang: 'ar',
  },
  { name: 'no title at all', xml: doc(''), title: 'Untitled TEI document', lang: 'und' },
  { name: 'three-letter code with a two-letter form (kur)', xml: doc('<title>Kurdî</title>', undefined, ' xml:lang="kur"'), title: 'Kurdî', lang: 'ku' },
  {
    name: 'three-letter code (ara) from langUsage',
    xml: doc('<title>t</title>').replace('</fileDesc>', '</fileDesc><profileDesc><langUsage><language ident="ara">Arabic</language></langUsage></profileDesc>'),
    title: 't',
    lang: 'ar',
  },
];

function pdfString(dict: PDFDict | undefined, key: string): string | undefined {
  const v = dict?.get(PDFName.of(key));
  return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
}

describe('one metadata record: the HTML, the PDF and the catalogue agree', () => {
  let printer: Printer | undefined;
  beforeAll(async () => {
    if (browserPath) printer = await openPrinter();
  });
  afterAll(async () => printer?.close());

  for (const v of VARIANTS) {
    it(v.name, async (ctx) => {
      const dir = join(tmp, 'variants', v.name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      const slug = dir.split('/').pop()!;
      writeFileSync(join(dir, `${slug}.xml`), v.xml);
      const formats = printer ? (['html', 'pdf'] as const) : (['html'] as const);
      const result = await buildEdition(loadEdition(dir), { validate: false, formats, printer });
      expect(result.ok).toBe(true);
      expect(result.record!.title.text).toBe(v.title);
      expect(result.record!.lang).toBe(v.lang);
      const html = String(result.artifacts.find((a) => a.format === 'html')!.data);
      expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(v.title);
      expect(/<html lang="([^"]*)"/.exec(html)?.[1]).toBe(v.lang);
      expect(catalogueEntry(result).title).toBe(v.title);
      if (!printer) return ctx.skip(`PDF part: ${noBrowser}`);
      const pdf = await PDFDocument.load(result.artifacts.find((a) => a.format === 'pdf')!.data as Uint8Array, { updateMetadata: false });
      expect(pdf.getTitle()).toBe(v.title);
      expect(pdfString(pdf.catalog, 'Lang')).toBe(v.lang);
    });
  }
});

describe('the seed edition through the API equals the CLI build', () => {
  it('index.html and the text edition are the same bytes either way', async () => {
    const editions = join(tmp, 'seed', 'editions');
    cpSync(seedDir, join(editions, 'haftar-moscow-2016'), { recursive: true });
    cpSync(join(root, 'schemas'), join(tmp, 'seed', 'schemas'), { recursive: true });
    expect(await main(['build', editions, '-o', join(tmp, 'seed-out'), '--no-pdf'], quiet)).toBe(0);
    const result = await buildEdition(loadEdition(join(editions, 'haftar-moscow-2016')), { formats: ['html', 'text', 'tei'] });
    const { readFileSync } = await import('node:fs');
    for (const a of result.artifacts) {
      expect(Buffer.from(readFileSync(join(tmp, 'seed-out', 'haftar-moscow-2016', a.name))).equals(Buffer.from(a.data))).toBe(true);
    }
  });
});
