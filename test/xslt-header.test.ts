import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, noBrowser, openPage } from './helpers/browser.js';
import { ensureCompiled } from './helpers/xslt.js';
import { htmlOf, textOf } from './helpers/doc.js';

const repoRoot = resolve(import.meta.dirname, '..');
const seedFile = join(repoRoot, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const shared = resolve(repoRoot, '..', 'shared');

const encodedUrl =
  'https://www.aljazeera.net/news/arabic/2016/11/28/%D8%AD%D9%81%D8%AA%D8%B1-%D9%8A%D8%AC%D8%B1%D9%8A-%D9%85%D8%A8%D8%A7%D8%AD%D8%AB%D8%A7%D8%AA-%D8%A8%D9%85%D9%88%D8%B3%D9%83%D9%88-%D9%88%D8%A7%D9%84%D8%BA%D9%88%D9%8A%D9%84';

/** The title block of a plain-text edition: everything before the first rule. */
function titleBlock(text: string): string {
  return text.split('='.repeat(72))[0]!;
}

/** The lines of the "Source" sections of a title block (heading lines and their indented parts). */
function sourceLines(block: string): string[] {
  const out: string[] = [];
  let inSource = false;
  for (const line of block.split('\n')) {
    if (/^Source( \d+.*)?:$/.test(line)) inSource = true;
    else if (!line.startsWith('  ')) inSource = false;
    if (inSource) out.push(line);
  }
  return out;
}

let browser: Browser | undefined;

beforeAll(async () => {
  ensureCompiled();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** What the header's source citations and citation line look like in the browser. */
async function headerFacts(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('header.edition-header')!;
    const sources = [...header.querySelectorAll('dd.source')];
    return {
      sources: sources.map((dd) => ({
        labels: [...dd.querySelectorAll('dl.bibl > dt')].map((dt) => dt.textContent ?? ''),
        values: [...dd.querySelectorAll('dl.bibl > dd')].map((v) => (v as HTMLElement).textContent.trim()),
        links: [...dd.querySelectorAll('a.url')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent })),
        text: (dd as HTMLElement).textContent,
      })),
      h1: { lang: header.querySelector('h1')?.getAttribute('lang'), dir: header.querySelector('h1')?.getAttribute('dir') },
      cite: (header.querySelector('dd.cite') as HTMLElement | null)?.textContent ?? '',
      citeIsolates: [...header.querySelectorAll('dd.cite bdi')].map((b) => [b.getAttribute('lang'), b.getAttribute('dir'), b.textContent]),
      urlWrap: [...header.querySelectorAll('a.url')].map((a) => getComputedStyle(a).overflowWrap),
      headerWidth: header.getBoundingClientRect().width,
      widest: Math.max(...[...header.querySelectorAll('*')].map((e) => e.getBoundingClientRect().width)),
    };
  });
}

describe.skipIf(!existsSync(seedFile))('seed edition header', () => {
  const xml = existsSync(seedFile) ? readFileSync(seedFile, 'utf8') : '';

  it('HTML: the source is a labelled citation with the URL once, linked encoded and shown decoded', async (ctx) => {
    if (!browser) return ctx.skip(noBrowser);
    const html = htmlOf(xml);
    expect(html.split(encodedUrl).length - 1).toBe(1);
    const page = await openPage(browser, html);
    const f = await headerFacts(page);
    expect(f.sources).toHaveLength(1);
    const source = f.sources[0]!;
    expect(source.labels).toEqual(['Title', 'Publisher', 'Agencies', 'Photograph', 'Date', 'URL', 'Note']);
    expect(source.links).toEqual([{ href: encodedUrl, text: decodeURIComponent(encodedUrl) }]);
    expect(source.links[0]!.text).toContain('حفتر-يجري-مباحثات-بموسكو');
    expect(source.values).toContain('28 November 2016 (2016-11-28)');
    expect(source.values.some((v) => v.startsWith('dpa (Deutsche Presse-Agentur); Al Jazeera'))).toBe(true);
    expect(source.values.some((v) => v.startsWith('Reuters; Esam Omran Al-Fetori'))).toBe(true);
    expect(source.text).not.toContain('%D8');
    // Titles: one per line, each in its own language and direction.
    const titles = await page.evaluate(() => [...document.querySelectorAll('dd.source cite')].map((c) => [c.getAttribute('lang'), c.getAttribute('dir')]));
    expect(titles).toEqual([
      ['ar', 'rtl'],
      ['en', 'ltr'],
    ]);
    expect(f.h1).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(f.urlWrap.every((w) => w === 'anywhere')).toBe(true);
    expect(f.widest).toBeLessThanOrEqual(f.headerWidth + 1);
    await page.context().close();
  });

  it('HTML: the citation line isolates the Arabic title and has no run of project names and ids', async (ctx) => {
    if (!browser) return ctx.skip(noBrowser);
    const page = await openPage(browser, htmlOf(xml));
    const f = await headerFacts(page);
    expect(f.citeIsolates[0]).toEqual(['ar', 'rtl', 'حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته']);
    expect(f.cite).toContain('«حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته» [Haftar holds talks in Moscow');
    expect(f.cite).toContain('diwan edition haftar-moscow-2016, 2026-11-29.');
    expect(f.cite).not.toMatch(/\. diwan\. |diwan: haftar/);
    await page.context().close();
  });

  it('text: the title block has a Source section over several labelled lines, the URL once', () => {
    const block = titleBlock(textOf(xml));
    const lines = sourceLines(block);
    expect(lines[0]).toBe('Source:');
    const labels = lines.slice(1).map((l) => l.trim().split(':')[0]);
    expect(labels).toEqual(expect.arrayContaining(['Title', 'Publisher', 'Agencies', 'Photograph', 'Date', 'URL', 'Note']));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(block.split(encodedUrl).length - 1).toBe(1);
    expect(lines).toContain(`  URL: ${encodedUrl}`);
    expect(lines).toContain(`  URL (readable): ${decodeURIComponent(encodedUrl)}`);
    expect(lines).toContain('  Date: 28 November 2016 (2016-11-28)');
    expect(block).toMatch(/^Cite as: .*«\u2068حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته\u2069» \[Haftar holds talks/m);
    // No line of the block repeats the whole source as one run.
    expect(block.split('\n').every((l) => l.length < 400)).toBe(true);
  });
});

describe('URL decoding stays honest', () => {
  const tei = (target: string) => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
    <titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>
    <sourceDesc><bibl><title>S</title><ptr target="${target}"/></bibl></sourceDesc></fileDesc></teiHeader>
    <text><body><p>x</p></body></text></TEI>`;

  it('decodes UTF-8 beyond ASCII, keeps reserved ASCII, bidi controls and broken octets encoded', () => {
    const url = 'https://example.org/a%2Fb/%D8%AD%D9%81%E2%80%8Fx%C3%28%20y';
    const lines = sourceLines(titleBlock(textOf(tei(url))));
    expect(lines).toContain(`  URL: ${url}`);
    expect(lines).toContain('  URL (readable): https://example.org/a%2Fb/حف%E2%80%8Fx%C3%28%20y');
  });

  it('HTML keeps the href exact and never makes an unsafe target live', () => {
    const html = htmlOf(tei('javascript:alert(1)'));
    expect(html).not.toMatch(/href="javascript:/i);
    const ok = htmlOf(tei('https://example.org/%D8%AD'));
    expect(ok).toContain('href="https://example.org/%D8%AD"');
    expect(ok).toContain('>https://example.org/ح</a>');
  });
});

const corpus: { file: string; labels: string[]; sources: number }[] = [
  { file: 'eltec/eng/level1/ENG18872_Lyall.xml', labels: ['Title', 'Author', 'Publisher', 'Date', 'URL'], sources: 3 },
  {
    file: 'schnitzler-briefe/editions/L00450.xml',
    labels: ['Repository', 'Shelfmark', 'Title', 'Authors', 'Editor', 'Publisher', 'Place', 'Date'],
    sources: 2,
  },
  {
    file: 'openarabicpe/al-muqtabas/oclc_4770057679-i_31.TEIP5.xml',
    labels: ['Title', 'Editor', 'Publisher', 'Place', 'Date', 'Scope', 'Identifier'],
    sources: 1,
  },
  { file: 'syriaca/persons/person-13.xml', labels: ['Description'], sources: 1 },
];

describe.skipIf(!existsSync(shared))('corpus headers (skipped: ../shared is absent)', () => {
  for (const { file, labels, sources } of corpus) {
    it(`${file}: source sections are labelled citations, not one run`, async (ctx) => {
      const xml = readFileSync(join(shared, 'corpus', file), 'utf8');
      const lines = sourceLines(titleBlock(textOf(xml)));
      expect(lines.filter((l) => /^Source/.test(l))).toHaveLength(sources);
      const textLabels = new Set(lines.filter((l) => l.startsWith('  ')).map((l) => l.trim().split(':')[0]));
      for (const label of labels) expect(textLabels).toContain(label);
      if (!browser) return ctx.skip(noBrowser);
      const page = await openPage(browser, htmlOf(xml));
      const f = await headerFacts(page);
      expect(f.sources).toHaveLength(sources);
      for (const label of labels) expect(f.sources.flatMap((s) => s.labels)).toContain(label);
      expect(f.sources.every((s) => s.values.length > 0 && s.values.every((v) => v.length > 0))).toBe(true);
      await page.context().close();
    }, 120_000);
  }

  it('ELTeC: each URL appears once per source, decoded text equals the plain URL', async (ctx) => {
    if (!browser) return ctx.skip(noBrowser);
    const page = await openPage(browser, htmlOf(readFileSync(join(shared, 'corpus', 'eltec/eng/level1/ENG18872_Lyall.xml'), 'utf8')));
    const f = await headerFacts(page);
    expect(f.sources.map((s) => s.links.map((l) => l.href))).toEqual([
      ['http://www.gutenberg.org/files/1273/1273-h/1273-h.htm'],
      [],
      ['http://archive.org/details/autobiographyofs00lyal_0'],
    ]);
    expect(f.sources[0]!.links[0]!.text).toBe(f.sources[0]!.links[0]!.href);
    await page.context().close();
  });

  it('Schnitzler: the letter shelfmark is not repeated as an identifier', () => {
    const block = titleBlock(textOf(readFileSync(join(shared, 'corpus', 'schnitzler-briefe/editions/L00450.xml'), 'utf8')));
    expect(block.split('Yale Collection of German Literature, MSS 31').length - 1).toBe(1);
  });
});
