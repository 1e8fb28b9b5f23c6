import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findBrowser, PrintSession, type PdfMeta } from '../src/print/index.js';
import { htmlOf, metaOf } from './helpers/doc.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const editionDir = path.join(repoRoot, 'editions', 'haftar-moscow-2016');
const editionXml = path.join(editionDir, 'haftar-moscow-2016.xml');
const fixtureHtml = path.join(repoRoot, 'test', 'fixtures', 'print', 'haftar.html');
const browser = findBrowser();
const tmp = mkdtempSync(path.join(tmpdir(), 'diwan-print-'));

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Arabic words: letters, marks and tatweel; Arabic comma and other punctuation separate. */
function arabicWords(s: string): string[] {
  return s.match(/[\u0621-\u065F\u0670-\u06D3\u06FA-\u06FF]+/g) ?? [];
}

function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The HTML edition when the stylesheet and seed exist; the hand-made fixture otherwise. */
async function editionHtml(): Promise<{ html: string; meta: PdfMeta; source: string; kind: string }> {
  if (existsSync(editionXml) && existsSync(path.join(repoRoot, 'lib', 'xslt', 'html.sef.json'))) {
    const tei = readFileSync(editionXml, 'utf8');
    return { html: htmlOf(tei, { print: true }), meta: metaOf(tei), source: readFileSync(path.join(editionDir, 'source.txt'), 'utf8'), kind: 'seed edition' };
  }
  const html = readFileSync(fixtureHtml, 'utf8');
  const meta: PdfMeta = {
    title: 'حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته',
    author: 'diwan editors (ed.)',
    subject: 'Al Jazeera Net, 28 November 2016',
    keywords: ['Libya', 'TEI'],
    lang: 'ar',
    date: new Date(Date.UTC(2016, 10, 28)),
    licence: 'CC BY 4.0',
  };
  const source = html.replace(/<header[\s\S]*?<\/header>|<section class="registers"[\s\S]*$/g, '').replace(/<[^>]+>/g, ' ');
  return { html, meta, source, kind: 'fixture' };
}

describe('findBrowser', () => {
  it('takes the option first and does not replace a wrong one', () => {
    expect(findBrowser({ executablePath: '/nonexistent/chrome' })).toBeNull();
    if (browser) expect(findBrowser({ executablePath: browser })).toBe(browser);
  });
  it('reads CHROME_PATH before the usual paths', () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = '/nonexistent/chromium';
    try {
      expect(findBrowser()).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });
  it('says in one line how to install a browser', () => {
    const msg = new BrowserNotFoundError().message;
    expect(msg).not.toContain('\n');
    expect(msg).toMatch(/apt-get install chromium/);
  });
});

describe('pdfMeta (from the metadata record)', () => {
  it('reads title, editors, source, language and date from a header', () => {
    const tei = `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ar"><teiHeader><fileDesc>
      <titleStmt><title xml:lang="en">English title</title><title xml:lang="ar">عنوان</title>
        <editor>A. Editor</editor></titleStmt>
      <publicationStmt><publisher>diwan</publisher><idno>x-1</idno><date when="2024-03-05"/>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability></publicationStmt>
      <sourceDesc><bibl><title>Source article</title><note>not in the subject</note></bibl></sourceDesc></fileDesc>
      <profileDesc><langUsage><language ident="ar"/><language ident="en"/></langUsage>
        <textClass><keywords><term>Libya</term></keywords></textClass></profileDesc>
      <revisionDesc><change when="2025-01-01"/></revisionDesc></teiHeader><text><body><p/></body></text></TEI>`;
    const meta = metaOf(tei);
    expect(meta.title).toBe('عنوان');
    expect(meta.author).toBe('A. Editor (ed.)');
    expect(meta.subject).toBe('Source article');
    expect(meta.lang).toBe('ar');
    expect(meta.keywords).toEqual(expect.arrayContaining(['Libya', 'ar', 'en']));
    expect(meta.date.toISOString()).toBe('2024-03-05T00:00:00.000Z');
    expect(meta.licence).toBe('CC BY 4.0');
    expect(meta.citation).toContain('x-1');
  });
  it('falls back on the latest revision date', () => {
    const meta = metaOf(`<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p>born digital</p></sourceDesc></fileDesc>
      <revisionDesc><change when="2019-02-01"/><change when="2021-07-09"/></revisionDesc></teiHeader></TEI>`);
    expect(meta.date.toISOString().slice(0, 10)).toBe('2021-07-09');
    expect(meta.lang).toBe('und');
  });
  it.skipIf(!existsSync(shared))('reads an ELTeC header (../shared present)', () => {
    const meta = metaOf(readFileSync(path.join(shared, 'corpus/eltec/eng/level1/ENG18530_Dickens.xml'), 'utf8'));
    expect(meta.title).toBe('Bleak House : ELTeC edition');
    expect(meta.author).toContain('Dickens');
    expect(meta.lang).toBe('en');
    expect(meta.date.toISOString().slice(0, 10)).toBe('2021-04-09');
  });
});

describe.skipIf(!browser)(`printPdf through Chromium${browser ? '' : ' (skipped: no Chromium/Chrome found; set CHROME_PATH)'}`, () => {
  let session: PrintSession;
  let input: Awaited<ReturnType<typeof editionHtml>>;
  let a4: Uint8Array;
  let a4File: string;
  let report: Record<string, unknown>;

  beforeAll(async () => {
    input = await editionHtml();
    session = await PrintSession.open();
    const out = await session.printWithReport(input.html, { meta: input.meta, paper: 'A4' });
    a4 = out.pdf;
    report = out.report as unknown as Record<string, unknown>;
    a4File = path.join(tmp, 'a4.pdf');
    writeFileSync(a4File, a4);
    const artifacts = path.join(repoRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(path.join(artifacts, 'print-a4.pdf'), a4);
    tool('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', a4File, path.join(artifacts, 'print-page')]);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('recovers >= 99% of the Arabic words in reading order (pdftotext)', () => {
    const ref = arabicWords(input.source);
    const got = arabicWords(tool('pdftotext', [a4File, '-']));
    expect(ref.length).toBeGreaterThan(100);
    const share = lcsLength(ref, got) / ref.length;
    expect(share, `${input.kind}: ${(share * 100).toFixed(1)}% of ${ref.length} words`).toBeGreaterThanOrEqual(0.99);
  });

  it('embeds every font, and only the shipped families', () => {
    const rows = tool('pdffonts', [a4File]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      expect(row).toMatch(/^[A-Z]{6}\+(Amiri|Noto(Serif|NaskhArabic))-/);
      expect(cols.at(-5), row).toBe('yes');
    }
  });

  it('writes the document information and catalog /Lang', async () => {
    const info = tool('pdfinfo', [a4File]);
    const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(info)?.[1];
    expect(field('Title')).toBe(input.meta.title);
    expect(field('Author')).toBe(input.meta.author);
    expect(field('Subject')).toBe(input.meta.subject);
    expect(field('Keywords')).toBe(input.meta.keywords.join('; '));
    const d = input.meta.date;
    expect(field('CreationDate')).toContain(String(d.getUTCFullYear()));
    expect(field('CreationDate')).toContain('00:00:00');
    expect(field('Tagged')).toBe('yes');
    expect(Number(field('Pages'))).toBeGreaterThanOrEqual(3);
    const doc = await PDFDocument.load(a4, { updateMetadata: false });
    expect(doc.getCreationDate()?.getTime()).toBe(d.getTime());
    expect(String(doc.catalog.get(PDFName.of('Lang')))).toContain(input.meta.lang);
    // Bookmarks: an outline dictionary whose first entry has a title.
    const outlines = doc.context.lookup(doc.catalog.get(PDFName.of('Outlines')), PDFDict);
    const first = doc.context.lookup(outlines.get(PDFName.of('First')), PDFDict);
    expect(String(first.get(PDFName.of('Title'))).length, 'outline (bookmarks)').toBeGreaterThan(2);
  });

  it('sets the English caption left to right inside the right-to-left page', () => {
    const text = tool('pdftotext', ['-layout', a4File, '-'])
      .replace(/[\u200e\u200f\u202a-\u202e]/g, '')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Then-General Khalifa Haftar speaks during a news conference in Abyar');
  });

  it('puts paragraph numbers in the margin and points register entries at paragraphs', () => {
    expect(report.numbered).toBeGreaterThanOrEqual(9);
    expect(report.backlinks).toBeGreaterThan(0);
    expect(report.endmatter).toBeGreaterThanOrEqual(1);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(tool('pdfinfo', [a4File]))?.[1]);
    const last = tool('pdftotext', ['-f', String(pages), '-l', String(pages), a4File, '-']);
    expect(last).toMatch(/¶\s?\d+/);
  });

  it('prints the running head and page numbers, not on the title page', () => {
    const p1 = tool('pdftotext', ['-f', '1', '-l', '1', a4File, '-']);
    const p2 = tool('pdftotext', ['-f', '2', '-l', '2', a4File, '-']).replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    const lines2 = p2
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines2[0]).toBe(input.meta.title);
    expect(lines2.at(-1)).toBe('2');
    expect(
      p1
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .at(-1),
    ).not.toBe('1');
  });

  it('gives A4 and US Letter their own page sizes', async () => {
    const letter = await session.print(input.html, { meta: input.meta, paper: 'Letter' });
    const size = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPage(0).getSize();
    const [sa, sl] = [await size(a4), await size(letter)];
    expect(Math.round(sa.width)).toBe(595);
    expect(Math.round(sa.height)).toBe(842);
    expect(Math.round(sl.width)).toBe(612);
    expect(Math.round(sl.height)).toBe(792);
  });

  it('gives byte-identical output for two runs', async () => {
    const again = await session.print(input.html, { meta: input.meta, paper: 'A4' });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(a4))).toBe(0);
  });
});
