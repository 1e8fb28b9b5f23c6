import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPath, launchBrowser, noBrowser, openPage } from './helpers/browser.js';
import { htmlOf } from './helpers/doc.js';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '..', 'shared', 'corpus');
const vnu = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const hasJava = spawnSync('java', ['-version']).error === undefined && existsSync(vnu);
const documents = [
  'dracor/yidracor/der_get.xml',
  'dracor/gerdracor/lessing-emilia-galotti.xml',
  'schnitzler-briefe/editions/L00450.xml',
  'eltec/eng/level1/ENG18872_Lyall.xml',
  'openarabicpe/al-muqtabas/oclc_4770057679-i_31.TEIP5.xml',
  'syriaca/places/place-78.xml',
  'epidoc/isicily/ISic000007.xml',
  'tei-p5-testsuite/Test/names-demo-en.xml',
];
const why = !existsSync(corpus) ? ' (skipped: ../shared is absent)' : !hasJava ? ' (skipped: java or vnu.jar missing)' : '';

describe.skipIf(why !== '')(`HTML editions of TEI from other projects are valid HTML (Nu checker)${why}`, () => {
  it('reports no error on any of them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diwan-nu-'));
    const files = documents.map((d) => {
      const out = join(dir, `${basename(d, '.xml')}.html`);
      writeFileSync(out, htmlOf(readFileSync(join(corpus, d), 'utf8')));
      return out;
    });
    const r = spawnSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const messages = (JSON.parse(r.stderr || r.stdout).messages as { url: string; message: string }[]).map((m) => `${basename(m.url)}: ${m.message}`);
    expect(messages).toEqual([]);
  });
});

const axeWhy = !existsSync(corpus) ? ' (skipped: ../shared is absent)' : browserPath ? '' : ` (skipped: ${noBrowser})`;

describe.skipIf(axeWhy !== '')(`HTML editions of TEI from other projects are accessible (axe-core in Chromium)${axeWhy}`, () => {
  it('reports no violation on any of them', async () => {
    const axe = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const browser = await launchBrowser();
    const found: string[] = [];
    try {
      for (const d of documents) {
        const page = await openPage(browser, htmlOf(readFileSync(join(corpus, d), 'utf8')));
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async () => {
          const w = window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } };
          return (await w.axe.run()).violations.map((v) => `${v.id} ×${v.nodes.length}`);
        });
        found.push(...violations.map((v) => `${basename(d)}: ${v}`));
        await page.context().close();
      }
    } finally {
      await browser?.close();
    }
    expect(found).toEqual([]);
  });
});
