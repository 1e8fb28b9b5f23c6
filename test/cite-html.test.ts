import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/print/browser.js';
import { editionItem } from '../src/cite/csl.js';
import { formatItem } from '../src/cite/format.js';
import { isolatedText } from '../src/cite/rich.js';
import { buildEdition, type BuildResult } from '../src/edition/build.js';
import { loadEdition } from '../src/edition/load.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { writeEdition } from '../src/write/edition.js';
import { browserPath, noBrowser } from './helpers/browser.js';
import { htmlOf } from './helpers/doc.js';
import { zoteroEmbeddedMetadata } from './helpers/zotero-em.js';

// The seed edition built as diwan build builds it, served over loopback, read in a real headless
// Chromium under the page's own Content-Security-Policy.
const repo = path.resolve(import.meta.dirname, '..');
const seedDir = path.join(repo, 'editions', 'haftar-moscow-2016');
const slug = 'haftar-moscow-2016';
const AR_TITLE = 'حفتر يجري مباحثات بموسكو والغويل يطالب بمحاكمته';
const SOURCE_URL =
  'https://www.aljazeera.net/news/arabic/2016/11/28/%D8%AD%D9%81%D8%AA%D8%B1-%D9%8A%D8%AC%D8%B1%D9%8A-%D9%85%D8%A8%D8%A7%D8%AD%D8%AB%D8%A7%D8%AA-%D8%A8%D9%85%D9%88%D8%B3%D9%83%D9%88-%D9%88%D8%A7%D9%84%D8%BA%D9%88%D9%8A%D9%84';

let out: string;
let result: BuildResult;
let server: RunningServer;
let browser: Browser | undefined;
const file = (name: string) => readFileSync(path.join(out, slug, name), 'utf8');

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'diwan-cite-'));
  result = await buildEdition(loadEdition(seedDir), { formats: ['html', 'text', 'tei'] });
  expect(result.ok).toBe(true);
  writeEdition(result, out);
  server = await startServer({ root: out, port: 0 });
  // Chromium as diwan runs it, resolving no host but the loopback address the server is on.
  if (browserPath)
    browser = await chromium.launch({
      executablePath: browserPath,
      args: CHROMIUM_ARGS.map((a) => (a.startsWith('--host-resolver-rules=') ? `${a}, EXCLUDE 127.0.0.1` : a)),
    });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('reference-manager files beside the edition', () => {
  it('writes <slug>.bib, .ris and .csl.json, and the page links to each', () => {
    expect(result.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining([`${slug}.bib`, `${slug}.ris`, `${slug}.csl.json`]));
    const html = file('index.html');
    for (const ext of ['bib', 'ris', 'csl.json']) {
      expect(html).toContain(`<a href="${slug}.${ext}" download="">`);
      expect(html).toContain(`href="${slug}.${ext}"`);
    }
  });

  it('CSL-JSON: the edition and its source, Arabic titles as they are, no isolation marks', () => {
    const items = JSON.parse(file(`${slug}.csl.json`));
    expect(items.map((i: { id: string; type: string }) => [i.id, i.type])).toEqual([
      [slug, 'webpage'],
      [`${slug}-source`, 'article-newspaper'],
    ]);
    expect(items[0].title.startsWith(`${AR_TITLE} [Haftar holds talks`)).toBe(true);
    expect(items[0].editor).toEqual([{ literal: 'diwan project' }, { literal: 'diwan editors' }]);
    expect(items[0].issued).toEqual({ 'date-parts': [[2026, 11, 29]] });
    expect(items[1]).toMatchObject({
      URL: SOURCE_URL,
      issued: { 'date-parts': [[2016, 11, 28]] },
      language: 'ar',
      'container-title': 'Al Jazeera (الجزيرة نت)',
    });
    for (const name of [`${slug}.csl.json`, `${slug}.bib`, `${slug}.ris`]) expect(file(name)).not.toMatch(/[\uE000-\uF8FF\u2066-\u2069]/);
  });

  it('BibTeX keeps the Arabic title in UTF-8 and protects organisations as names; RIS has one tag per line', () => {
    const bib = file(`${slug}.bib`);
    expect(bib).toContain(`@online{${slug},`);
    expect(bib).toContain(`title = {${AR_TITLE} [Haftar holds talks in Moscow`);
    expect(bib).toContain('editor = {{diwan project} and {diwan editors}},');
    expect(bib).toContain(`@article{${slug}-source,`);
    const ris = file(`${slug}.ris`);
    const lines = ris.split('\r\n');
    expect(lines.filter((l) => l !== '').every((l) => /^[A-Z][A-Z0-9]  - /.test(l))).toBe(true);
    expect(lines).toContain(`UR  - ${SOURCE_URL}`);
    expect(lines).toContain('TY  - NEWS');
    expect(lines.filter((l) => l.startsWith('A2  - '))).toEqual(['A2  - diwan project', 'A2  - diwan editors']);
  });
});

describe('suggested citations in the text edition', () => {
  it('gives the edition and its source in Chicago, MLA and APA, the Arabic title isolated (FSI … PDI)', () => {
    const text = file(`${slug}.txt`);
    const block = text.slice(0, text.indexOf('='.repeat(72)));
    expect(block).toMatch(/^ {2}Chicago: diwan project and diwan editors, eds\. “\u2068حفتر/m);
    expect(block).toMatch(/^ {2}MLA: diwan project and diwan editors, editors\./m);
    expect(block).toMatch(/^ {2}APA: diwan project & diwan editors \(Eds\.\)\. \(2026, November 29\)\./m);
    expect(block).toContain(`\u2068${AR_TITLE}\u2069`);
    expect(block).toContain('The source:');
    expect(block).toContain(SOURCE_URL);
  });
});

describe.skipIf(!browserPath)(`the HTML page in Chromium${browserPath ? '' : ` (skipped: ${noBrowser})`}`, () => {
  const pageUrl = () => new URL(`${slug}/`, server.url).href;

  it('shows a cite control on a paragraph, with the three styles, and copies the Chicago note for it', async () => {
    const context = await browser!.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    page.on('pageerror', (e) => refused.push(e.message));
    await page.goto(pageUrl(), { waitUntil: 'load' });
    const open = page.locator('#p3 > button.cite-open');
    await expect.poll(() => open.count()).toBe(1);
    expect(await open.getAttribute('aria-label')).toBe('Cite paragraph 3');
    expect(await page.locator('button.cite-open').count()).toBe(14);
    await open.click();
    const panel = page.locator('#cite-panel-p3');
    expect(await panel.locator('.cite-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.style))).toEqual(['chicago', 'mla', 'apa']);
    const chicago = await panel.locator('[data-style="chicago"] .cite-primary').innerText();
    expect(chicago).toContain('para. 3');
    expect(chicago).toContain(`${pageUrl()}#p3`);
    expect(await panel.locator('[data-style="mla"] .cite-secondary').innerText()).toBe('(diwan project and diwan editors, par. 3)');
    expect(await panel.locator('[data-style="apa"] .cite-secondary').innerText()).toBe('(diwan project & diwan editors, 2026, para. 3)');
    // The Arabic title stands in its own <bdi dir="rtl">.
    expect(await panel.locator('[data-style="chicago"] .cite-primary bdi[dir="rtl"]').first().innerText()).toBe(AR_TITLE);

    await panel.locator('[data-style="chicago"] button.cite-copy').click();
    await expect.poll(() => panel.locator('[data-style="chicago"] button.cite-copy').innerText()).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // What citeproc-js makes of the same item cited at the same place, straight from the record.
    const item = { ...editionItem(result.record!, slug, true), URL: `${pageUrl()}#p3` };
    const expected = isolatedText(formatItem(item, { label: 'paragraph', value: '3' })[0]!.cite.text);
    expect(copied).toBe(expected);
    expect(copied).toContain(`\u2068${AR_TITLE}\u2069`);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('copies the edition citations of the banner, and needs no network', async () => {
    const context = await browser!.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pageUrl(), { waitUntil: 'load' });
    const entry = page.locator('#cite-edition-apa');
    expect(await entry.innerText()).toMatch(/^diwan project & diwan editors \(Eds\.\)\. \(2026, November 29\)\./);
    await page.locator('#cite-edition-apa + button.cite-copy').click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(result.record && isolatedText(formatItem(editionItem(result.record, slug, true))[2]!.entry.text));
    expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    expect(requests).toHaveLength(1);
    await context.close();
  });

  it("is read by Zotero's Embedded Metadata logic as the edition, and its JSON-LD is a CreativeWork based on the article", async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl(), { waitUntil: 'load' });
    const item = await page.evaluate(zoteroEmbeddedMetadata);
    const record = result.record!;
    // Zotero guesses a journal article from citation_title (Highwire has no type for an edition); the .ris and .bib carry the right type.
    expect(item).toMatchObject({
      itemType: 'journalArticle',
      title: record.title.text,
      date: '2026/11/29',
      publisher: 'diwan',
      language: 'ar',
      // dcterms.rights (the licence's wording) stands before DC.rights (its address), and Zotero takes the first.
      rights: record.licence.text,
      creators: [
        { name: 'diwan project', creatorType: 'contributor' },
        { name: 'diwan editors', creatorType: 'contributor' },
      ],
    });
    expect(item.tags).toEqual(['Khalifa Haftar', 'Libya', 'Russia', 'Moscow', 'Libyan civil war', 'news article', 'TEI']);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '');
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'CreativeWork',
      name: AR_TITLE,
      inLanguage: 'ar',
      datePublished: '2026-11-29',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      editor: [
        { '@type': 'Organization', name: 'diwan project' },
        { '@type': 'Organization', name: 'diwan editors' },
      ],
      isBasedOn: { '@type': 'NewsArticle', url: SOURCE_URL, datePublished: '2016-11-28', inLanguage: 'ar' },
    });
    await context.close();
  });
});

describe.skipIf(!browserPath)(`the PDF's title page${browserPath ? '' : ` (skipped: ${noBrowser})`}`, () => {
  it('carries the suggested citations (read back with pdftotext)', async () => {
    const built = await buildEdition(loadEdition(seedDir), { formats: ['pdf'], validate: false });
    const pdf = built.artifacts.find((a) => a.format === 'pdf')!;
    const file = path.join(out, 'seed.pdf');
    writeFileSync(file, pdf.data);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '2', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(first).toContain('Suggested citations');
    expect(first).toMatch(/Chicago diwan project and diwan editors, eds\./);
    expect(first).toMatch(/APA diwan project & diwan editors \(Eds\.\)\. \(2026, November 29\)/);
    expect(first).toContain('Cite the source');
    // No cite controls or copy buttons in print.
    expect(first).not.toMatch(/\bCopy\b/);
  }, 300_000);
});

describe('a page made without the citations (toHtml alone)', () => {
  it('has no script, no script-src and no citation meta elements', () => {
    const html = htmlOf(readFileSync(path.join(seedDir, `${slug}.xml`), 'utf8'));
    expect(html).not.toMatch(/<script/);
    expect(html).not.toContain('script-src');
    expect(html).not.toContain('citation_title');
  });
});
