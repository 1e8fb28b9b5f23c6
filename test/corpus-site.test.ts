import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/print/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/build.js';
import { authorityKey } from '../src/corpus/registers.js';
import { foldedWords } from '../src/corpus/search.js';
import { browserPath, noBrowser } from './helpers/browser.js';
import { seedCorpus } from './helpers/corpus.js';
import { bin, tmp } from './helpers/project.js';
import { startServe, type ServeProcess } from './helpers/serve.js';

// The corpus pages: registers across editions, and full-text search run in a real browser over HTTP.
const base = tmp('diwan-corpus-site-');
const slugs = ['s1', 's2', 's3'];
const editions = seedCorpus(base, slugs);
const out = join(base, 'dist');
const register = join(base, 'register.xml');
let built: Awaited<ReturnType<typeof buildCorpus>>;
// Two editions a search bucket: the three editions' index is two buckets, merged by the search page.
const build = () =>
  buildCorpus({ editions, out, formats: ['html', 'text', 'tei'], paper: 'A4', customise: {}, jobs: 2, registers: [register], searchBucketSize: 2 });

beforeAll(async () => {
  // A project register naming Haftar (the seed's entry has no authority id): its id joins him across editions.
  writeFileSync(
    register,
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>R</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><listPerson><person xml:id="haftar"><persName>Khalifa Haftar</persName></person></listPerson></body></text></TEI>',
  );
  built = await build();
}, 600_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('corpus registers', () => {
  it('authority ids in their several spellings are one key', () => {
    expect(authorityKey({ value: '', url: 'https://www.wikidata.org/entity/Q649' })).toBe('wikidata:Q649');
    expect(authorityKey({ value: 'https://wikidata.org/wiki/Q649', url: '' })).toBe('wikidata:Q649');
    expect(authorityKey({ value: 'http://www.geonames.org/524901/', url: '' })).toBe('url:geonames.org/524901');
    expect(authorityKey({ value: 'local 12', url: '' })).toBeNull();
  });

  it('one entry per person or place across the editions, linking to every mention', () => {
    expect(built.counts).toMatchObject({ built: 3, failed: 0 });
    expect(built.site).toEqual([]);
    const page = readFileSync(join(out, 'registers.html'), 'utf8');
    // Moscow shares its Wikidata id in the three editions: one entry, mentions in each.
    expect(page.match(/<li class="entity" id="moscow--s1">/g)?.length).toBe(1);
    expect(page).not.toContain('id="moscow--s2"');
    const seedHtml = readFileSync(join(out, 's1', 'index.html'), 'utf8');
    const anchors = [...seedHtml.matchAll(/id="(m-moscow-\d+)"/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(2);
    for (const s of slugs) for (const a of anchors) expect(page).toContain(`href="${s}/index.html#${a}"`);
    // Haftar is joined by the project register's id.
    expect(page).toContain('<li class="entity" id="haftar">');
    expect(page).not.toContain('id="haftar--');
    // An entry with neither stays one per edition.
    expect(page).toContain('id="badri--s1"');
    expect(page).toContain('id="badri--s3"');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<a href="registers.html">Registers</a>');
  });
});

describe('the static DTS API of the corpus', () => {
  it('lists every edition and serves their units, from the files kept beside each edition', async () => {
    const root = JSON.parse(readFileSync(join(out, '_dts', 'collection.json'), 'utf8'));
    expect(root.member.map((m: { '@id': string }) => m['@id'])).toEqual(slugs);
    for (const s of slugs) {
      expect(readFileSync(join(out, '_dts', 'document', `${s}.xml`))).toEqual(readFileSync(join(editions, s, `${s}.xml`)));
      expect(JSON.parse(readFileSync(join(out, '_dts', 'navigation', s, 'p3.json'), 'utf8')).ref.identifier).toBe('p3');
    }
    // A build with nothing changed leaves the API as it was, byte for byte, without copying it again.
    const before = readFileSync(join(out, '_dts', 'collection.json'));
    const again = await build();
    expect(again.counts).toMatchObject({ built: 0, fresh: 3 });
    expect(readFileSync(join(out, '_dts', 'collection.json'))).toEqual(before);
  }, 300_000);
});

describe('search folding', () => {
  it('indexes the folded form of words whose spelling folding changes', () => {
    expect(foldedWords('قال أحمد إن الـــقاهرة مُحاضرة Haftar')).toEqual(['احمد', 'ان', 'القاهره', 'محاضره']);
  });
});

describe.skipIf(!browserPath)(`search in a real browser over diwan serve${browserPath ? '' : ` (skipped: ${noBrowser})`}`, () => {
  let browser: Browser | undefined;
  let serve: ServeProcess;
  beforeAll(async () => {
    // diwan's own Chromium flags resolve no host at all; this browser must reach the loopback server.
    const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--host-resolver-rules=') ? `${a}, EXCLUDE 127.0.0.1` : a));
    browser = await chromium.launch({ executablePath: browserPath!, args });
    serve = await startServe([process.execPath, bin, 'serve', '-o', out], base);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  async function search(q: string) {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${serve.url}search.html?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== '', null, { timeout: 60_000 });
    const hrefs = await page.locator('#results a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const marks = await page.locator('#results mark').allTextContents();
    await page.close();
    return { hrefs, marks, errors };
  }

  it('finds an Arabic word with and without hamza (الأحد / الاحد), and links to the editions', async () => {
    const withHamza = await search('الأحد');
    const without = await search('الاحد');
    for (const r of [withHamza, without]) {
      expect(r.errors).toEqual([]);
      expect(r.hrefs.sort()).toEqual(slugs.map((s) => `${serve.url}${s}/index.html`));
      // The excerpt shows the word as the edition spells it.
      expect(r.marks).toContain('الأحد');
    }
    const page = await (await fetch(withHamza.hrefs[0]!)).text();
    expect(page).toContain('الأحد');
    // A word in no edition finds nothing.
    expect((await search('قطار')).hrefs).toEqual([]);
    // The editions were in two buckets of the index (s1, s2 | s3), so the page merged them.
    expect(readdirSync(join(out, 'pagefind')).map((n) => n.slice(0, 3))).toEqual(['00-', '01-']);
  }, 180_000);

  it('a changed edition re-indexes its own bucket only, as a new folder the page then names', async () => {
    const buckets = () => readdirSync(join(out, 'pagefind')).sort();
    const [a, b] = buckets();
    const stamp = (n: string) => `${statSync(join(out, 'pagefind', n)).ino}`;
    const first = stamp(a!);
    appendFileSync(join(editions, 's3', 's3.xml'), '\n<!-- edited -->\n');
    const again = await build();
    expect(again.counts).toMatchObject({ built: 1 });
    expect(again.site).toEqual([]);
    const [a2, b2] = buckets();
    // s1 and s2's bucket is the same folder; s3's is a new one, the old one gone.
    expect(a2).toBe(a);
    expect(stamp(a2!)).toBe(first);
    expect(b2).not.toBe(b);
    expect(b2!.slice(0, 3)).toBe('01-');
    expect(existsSync(join(out, 'pagefind', b2!, 'pagefind.js'))).toBe(true);
    expect(readFileSync(join(out, 'search.js'), 'utf8')).toContain(`"pagefind/${b2}/"`);
    expect(readFileSync(join(out, 'search.js'), 'utf8')).not.toContain(b!);
  }, 300_000);
});
