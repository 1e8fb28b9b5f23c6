import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editionStyle } from '../src/transform/html.js';
import { browserPath, launchBrowser, noBrowser, openPage } from './helpers/browser.js';
import { ensureCompiled } from './helpers/xslt.js';
import { htmlOf } from './helpers/doc.js';

const repoRoot = resolve(import.meta.dirname, '..');
const fixture = join(repoRoot, 'test', 'fixtures', 'xslt', 'mixed.xml');
const seedFile = join(repoRoot, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const shared = resolve(repoRoot, '..', 'shared');
const hasJava = spawnSync('java', ['-version']).status === 0;

let browser: Browser | undefined;
const pages = new Map<string, string>();

beforeAll(async () => {
  ensureCompiled();
  pages.set('fixture', htmlOf(readFileSync(fixture, 'utf8')));
  if (existsSync(seedFile)) pages.set('seed', htmlOf(readFileSync(seedFile, 'utf8')));
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** Facts about a rendered page that the assertions below need. */
async function facts(page: Page) {
  return page.evaluate(() => {
    const ids = new Set([...document.querySelectorAll('[id]')].map((e) => e.id));
    const hrefs = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '');
    return {
      htmlLang: document.documentElement.lang,
      htmlDir: document.documentElement.dir,
      duplicateIds: [...document.querySelectorAll('[id]')].length - ids.size,
      broken: hrefs.filter((h) => h.startsWith('#') && !ids.has(decodeURIComponent(h.slice(1)))),
      unsafe: [
        ...hrefs.filter((h) => !/^(https?:|mailto:|#)/i.test(h)),
        ...[...document.querySelectorAll('[src]')]
          .map((e) => e.getAttribute('src') ?? '')
          .filter((s) => !/^(https:|data:image\/(png|jpeg|gif|webp);base64,)/i.test(s)),
      ],
      scripts: document.querySelectorAll('script').length,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      mentions: [...document.querySelectorAll('#edition-text a.mention[href^="#"]')].map((a) => ({ href: a.getAttribute('href'), id: a.id })),
      backlinks: [...document.querySelectorAll('.entry .mentions a')].map((a) => a.getAttribute('href') ?? ''),
      langDir: [...document.querySelectorAll('[lang]')].map((e) => [e.getAttribute('lang'), e.getAttribute('dir')]),
      h1: document.querySelectorAll('h1').length,
      text: document.body.textContent,
    };
  });
}

async function axeViolations(page: Page) {
  const axe = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axe });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document);
    return result.violations.map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

function nuErrors(html: string): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), 'diwan-vnu-'));
  const file = join(dir, 'page.html');
  writeFileSync(file, html);
  const jar = join(repoRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', file], { encoding: 'utf8' });
  return (JSON.parse(run.stderr || run.stdout || '{"messages":[]}') as { messages: unknown[] }).messages;
}

describe('serialisation', () => {
  it('is deterministic and has a CSP without scripts, pinned to the CSS hash', () => {
    const xml = readFileSync(fixture, 'utf8');
    const html = htmlOf(xml);
    expect(htmlOf(xml)).toBe(html);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`style-src '${editionStyle().hash}'`);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/http-equiv/g)?.length).toBe(1);
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).not.toMatch(/src="data:text/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe.skipIf(!browserPath)(`rendered pages (skipped: ${noBrowser})`, () => {
  for (const name of ['fixture', 'seed']) {
    it(`${name}: links resolve, languages and directions are right, nothing unsafe`, async (ctx) => {
      const html = pages.get(name);
      if (!html) return ctx.skip(`the ${name} page was not built (see the failure above)`);
      const page = await openPage(browser, html);
      const f = await facts(page);
      expect(f.htmlLang).toBe('ar');
      expect(f.htmlDir).toBe('rtl');
      expect(f.duplicateIds).toBe(0);
      expect(f.broken).toEqual([]);
      expect(f.unsafe).toEqual([]);
      expect(f.scripts).toBe(0);
      expect(f.csp).toMatch(/default-src 'none'; style-src 'sha256-[^']+'( 'sha256-[^']+')?; img-src 'self' data:; base-uri 'none'; form-action 'none'/);
      expect(f.mentions.length).toBeGreaterThan(3);
      expect(f.mentions.every((m) => m.id.startsWith('m-'))).toBe(true);
      expect(f.backlinks.length).toBeGreaterThan(3);
      for (const [lang, dir] of f.langDir) {
        if (!lang) continue;
        const rtl = /^(ar|he|yi|fa|ur|syr)(-|$)/.test(lang) && !/-Latn/.test(lang);
        expect(`${lang}:${dir}`).toBe(`${lang}:${rtl ? 'rtl' : 'ltr'}`);
      }
      expect(f.h1).toBe(1);
      const ids = await page.evaluate(() => [...document.querySelectorAll('.tei-p[id]')].map((p) => p.id));
      const xml = readFileSync(name === 'seed' ? seedFile : fixture, 'utf8');
      const teiIds = [...xml.matchAll(/<p xml:id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids).toEqual(teiIds);
      await page.context().close();
    });

    it(`${name}: axe-core finds no violation`, async (ctx) => {
      const html = pages.get(name);
      if (!html) return ctx.skip(`the ${name} page was not built (see the failure above)`);
      const page = await openPage(browser, html);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });

    it.skipIf(!hasJava)(`${name}: the Nu HTML checker reports no error${hasJava ? '' : ' (skipped without java)'}`, (ctx) => {
      const html = pages.get(name);
      if (!html) return ctx.skip(`the ${name} page was not built (see the failure above)`);
      expect(nuErrors(html)).toEqual([]);
    });
  }

  it('fixture: specific renderings', async () => {
    const page = await openPage(browser, pages.get('fixture')!);
    const r = await page.evaluate(() => ({
      ijmes: document.querySelector('[lang="ar-Latn-x-ijmes"]')?.getAttribute('dir'),
      yi: document.querySelector('[lang="yi"]')?.getAttribute('dir'),
      en: document.querySelector('#fig1-en')?.getAttribute('dir'),
      captions: document.querySelectorAll('#fig1 figcaption p').length,
      wd: document.querySelector('a.placeName[href^="https://www.wikidata.org/entity/Q649"]') !== null,
      hostileRef: [...document.querySelectorAll('.tei-ref')].find((e) => e.textContent === 'a hostile link')?.tagName,
      when: document.querySelector('time[datetime="2016-11-27"]')?.getAttribute('title'),
      p6m: [...document.querySelectorAll('span.date')].find((e) => e.textContent === 'ستة شهور')?.getAttribute('title'),
      between: [...document.querySelectorAll('span.date')].find((e) => e.textContent === 'earlier')?.getAttribute('title'),
      pn: document.querySelector('#p1 a.pn')?.getAttribute('href'),
      noteBack: document.querySelector('#note-1 a.backlink')?.getAttribute('href'),
      authority: [...document.querySelectorAll('#moscow .authority')].map((p) => p.querySelector('a')?.getAttribute('href') ?? null),
    }));
    expect(r).toEqual({
      ijmes: 'ltr',
      yi: 'rtl',
      en: 'ltr',
      captions: 2,
      wd: true,
      hostileRef: 'SPAN',
      when: '2016-11-27',
      p6m: 'duration: 6 months',
      between: 'between 2016-06 and 2016-11',
      pn: '#p1',
      noteBack: '#noteref-1',
      authority: ['https://www.wikidata.org/entity/Q649', null],
    });
    await page.context().close();
  });
});

const corpus: [string, RegExp][] = [
  ['dracor/yidracor/der_get.xml', /דער/],
  ['openarabicpe/al-muqtabas/oclc_4770057679-i_31.TEIP5.xml', /المقتبس/],
  ['schnitzler-briefe/editions/L00450.xml', /Schnitzler/],
  ['eltec/eng/level2/ENG18570_Bronte.xml', /PROFESSOR/],
];

describe.skipIf(!existsSync(shared))('corpus documents (skipped: ../shared is absent)', () => {
  for (const [file, sample] of corpus) {
    it(`${file} transforms and keeps its text`, async () => {
      const t0 = Date.now();
      const html = htmlOf(readFileSync(join(shared, 'corpus', file), 'utf8'));
      expect(Date.now() - t0).toBeLessThan(90_000);
      expect(html).toMatch(sample);
      expect(html).not.toMatch(/<script/i);
      if (browser && html.length < 2_000_000) {
        const page = await openPage(browser, html);
        const f = await facts(page);
        expect(f.broken).toEqual([]);
        expect(f.unsafe).toEqual([]);
        expect(f.duplicateIds).toBe(0);
        if (file.includes('yidracor')) expect(await page.evaluate(() => document.querySelector('[lang="yi"], [lang="yid"]')?.getAttribute('dir'))).toBe('rtl');
        await page.context().close();
      }
    }, 180_000);
  }
});
