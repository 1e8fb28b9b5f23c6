import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPath, launchBrowser, noBrowser, openPage } from './helpers/browser.js';
import { htmlOf } from './helpers/doc.js';
import { needsShared } from './helpers/needs-shared.js';
import { ensureCompiled } from './helpers/xslt.js';

// Screenshots of the HTML edition of a play, a letter, an inscription and the seed, taken by a
// real Chromium under the page's own CSP, written to test-artifacts/ for people to look at; each
// also checks that what the picture is meant to show is there and visible.

const repoRoot = resolve(import.meta.dirname, '..');
const corpus = resolve(repoRoot, '..', 'shared', 'corpus');
const out = join(repoRoot, 'test-artifacts', 'screenshots');

const cases: { name: string; file: string; visible: string[]; styled?: [selector: string, property: string, value: string][] }[] = [
  {
    name: 'play',
    file: join(corpus, 'dracor/gerdracor/lessing-emilia-galotti.xml'),
    visible: ['.tei-speaker', '.tei-stage', '.tei-castList'],
    // The cast list reads as one: roles in small capitals, their descriptions in italics, a braced group marked.
    styled: [
      ['.tei-castList .tei-role', 'font-variant-caps', 'small-caps'],
      ['.tei-castItem > .tei-roleDesc', 'font-style', 'italic'],
      ['.tei-castGroup', 'border-inline-end-style', 'solid'],
    ],
  },
  { name: 'letter', file: join(corpus, 'schnitzler-briefe/editions/L00450.xml'), visible: ['.tei-salute', '.tei-unclear', 'a.mention'] },
  { name: 'inscription', file: join(corpus, 'epidoc/isicily/ISic000007.xml'), visible: ['.tei-ex .sign', '.tei-unclear', '#editorial-signs'] },
  { name: 'seed', file: join(repoRoot, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'), visible: ['a.mention', '.tei-figure', '.registers'] },
];

let browser: Browser | undefined;
beforeAll(async () => {
  ensureCompiled();
  browser = await launchBrowser();
  mkdirSync(out, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!browserPath)(`screenshots of the HTML edition${browserPath ? '' : ` (skipped: ${noBrowser})`}`, () => {
  for (const c of cases) {
    it(`${c.name}: ${c.file.replace(`${repoRoot}/`, '').replace(`${corpus}/`, '')}`, async (ctx) => {
      needsShared(ctx, [c.file]);
      const page = await openPage(browser, htmlOf(readFileSync(c.file, 'utf8')), { bypassCSP: false, viewport: { width: 1000, height: 1400 } });
      try {
        for (const selector of c.visible) expect(await page.isVisible(`${selector} >> nth=0`), `${c.name}: ${selector}`).toBe(true);
        for (const [selector, property, value] of c.styled ?? []) {
          const actual = await page.evaluate(([sel, prop]) => getComputedStyle(document.querySelector(sel!)!).getPropertyValue(prop!), [selector, property]);
          expect(actual, `${c.name}: ${selector} ${property}`).toBe(value);
        }
        const file = join(out, `${c.name}.png`);
        // From the start of <main> (the legend where there is one, then the text), one screen high.
        const top = await page.evaluate(() => Math.max(0, Math.floor(document.querySelector('main')!.getBoundingClientRect().top + window.scrollY) - 16));
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top, width: 1000, height: Math.min(1400, height - top) } });
        const png = readFileSync(file);
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.readUInt32BE(16)).toBe(1000);
        expect(statSync(file).size).toBeGreaterThan(20_000);
      } finally {
        await page.context().close();
      }
    });
  }
});

it('writes into test-artifacts/, which git ignores', () => {
  expect(readFileSync(join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^test-artifacts\/$/m);
  expect(existsSync(join(repoRoot, 'test-artifacts')) || !browserPath).toBe(true);
});
