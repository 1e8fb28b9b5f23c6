import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../src/transform/html.js';
import { textPortion, toText } from '../src/transform/text.js';
import type { EditorialOptions } from '../src/transform/editorial.js';
import { browserPath, launchBrowser, noBrowser, openPage } from './helpers/browser.js';
import { parsed } from './helpers/doc.js';
import { ensureCompiled } from './helpers/xslt.js';

// Each defect of issue 13 on a small document of its kind; every assertion failed on the code before the fix.

const repoRoot = resolve(import.meta.dirname, '..');
const leiden = readFileSync(join(repoRoot, 'test', 'fixtures', 'editorial', 'leiden.xml'), 'utf8');

const tei = (body: string, { lang = 'de', sourceDesc = '<p/>' } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="${lang}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc>${sourceDesc}</sourceDesc></fileDesc></teiHeader>
<text><body>${body}</body></text></TEI>`;

const html = (xml: string, opts: EditorialOptions = {}) => toHtml(parsed('t.xml', xml), opts).output;
const text = (xml: string, opts: EditorialOptions = {}) => toText(parsed('t.xml', xml), opts).output;
const portion = (xml: string, opts: EditorialOptions = {}) => textPortion(text(xml, opts));
/** The text of the HTML edition's article (tags dropped, entities of the fixtures are plain). */
const articleText = (page: string) =>
  (page.match(/<article[^>]*>([\s\S]*)<\/article>/)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

let browser: Browser | undefined;
beforeAll(async () => {
  ensureCompiled();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('words stay words', () => {
  it('<space/> stands for a space in both editions (no "11per")', () => {
    const xml = tei('<p>Es waren 11<space unit="chars" quantity="1"/>per cent, warum<space/><c>s</c>chreiben</p>');
    expect(articleText(html(xml))).toContain('11 per cent, warum schreiben');
    expect(portion(xml)).toBe('Es waren 11 per cent, warum schreiben');
  });

  it('lb break="no" and lb type="hyphenInWord" join the word; other lb still break the line', () => {
    const xml = tei('<p>ein Wort<lb break="no"/>\n      teil und <lb/>mehr, Zei<lb type="hyphenInWord" rend="hidden"/>\n tung</p>');
    const page = html(xml);
    expect(articleText(page)).toContain('ein Wortteil und mehr, Zeitung');
    expect(page.match(/<br\b/g)?.length).toBe(1);
    expect(portion(xml)).toBe('ein Wortteil und\nmehr, Zeitung');
  });

  it.skipIf(!browserPath)(`a verse line of <w xml:id> tokens is one line, not one word per line${browserPath ? '' : ` (skipped: ${noBrowser})`}`, async () => {
    const xml = tei('<lg><l n="1"><w xml:id="w1">Es</w> <w xml:id="w2">war</w> <w xml:id="w3" xml:lang="en">once</w><pc xml:id="w4">,</pc></l></lg>');
    const page = await openPage(browser, html(xml));
    const tops = await page.evaluate(() => ['w1', 'w2', 'w3', 'w4'].map((id) => Math.round(document.getElementById(id)!.getBoundingClientRect().top)));
    const tags = await page.evaluate(() => ['w1', 'w2', 'w3', 'w4'].map((id) => document.getElementById(id)!.tagName));
    await page.context().close();
    expect(new Set(tops).size).toBe(1);
    expect(tags).toEqual(['SPAN', 'SPAN', 'SPAN', 'SPAN']);
  });

  it('a list of label/item pairs is a definition list', () => {
    const page = html(tei('<list type="gloss"><label>A</label><item>alpha</item><label>B</label><item>beta</item></list>'));
    expect(page).toMatch(
      /<dl class="pairs"><div><dt class="tei-label">A<\/dt><dd class="tei-item">alpha<\/dd><\/div><div><dt class="tei-label">B<\/dt><dd class="tei-item">beta<\/dd><\/div><\/dl>/,
    );
    expect(page.match(/<article[\s\S]*<\/article>/)![0]).not.toMatch(/<li/);
  });
});

describe('page breaks of several source editions (pb/@ed)', () => {
  const wits = '<listWit><witness xml:id="A1">first print</witness><witness xml:id="B2">second print</witness></listWit>';
  const body = '<p>eins <pb ed="#B2" n="7"/>zwei <pb ed="#A1" n="1"/>drei</p>';
  const shown = (page: string) => [...page.matchAll(/<span class="tei-pb"[^>]*>([^<]*)<\/span>/g)].map((m) => m[1]);

  it('shows the breaks of the edition declared first by default, the others only as anchors', () => {
    const page = html(tei(body, { sourceDesc: wits }));
    expect(shown(page)).toEqual(['[p. 1]']);
    expect(page).toContain('<span class="tei-pb other-edition" data-ed="B2" title="page 7 of edition B2 (not shown)"></span>');
  });

  it('shows the edition asked for', () => {
    expect(shown(html(tei(body, { sourceDesc: wits }), { pageBreaks: 'B2' }))).toEqual(['[p. 7]']);
    expect(shown(html(tei(body, { sourceDesc: wits }), { pageBreaks: '#A1' }))).toEqual(['[p. 1]']);
  });

  it('shows the breaks without @ed when there are such', () => {
    expect(shown(html(tei('<p>a<pb n="3"/>b<pb ed="#X" n="9"/>c</p>')))).toEqual(['[p. 3]']);
  });
});

describe('editorial conventions in the text edition', () => {
  it('prints the Leiden-style signs, the diplomatic reading, and a legend of the signs used', () => {
    const out = text(leiden);
    const parts = out.split('='.repeat(72));
    expect(parts[1]).toContain('Di[s manibus] co(n)s(ule) porta?m [… 3 characters] et […] turres.');
    expect(parts[1]).toContain('Scripsit ⟦male⟧ \\bene/ et `in margine´; teh vnus dns.');
    expect(parts[1]).toContain('Arma virumque cano.');
    expect(parts[0]).toMatch(/^Editorial signs:$/m);
    expect(parts[0]).toMatch(/^ {2}\[abc\] +lost in the source and supplied by the editor$/m);
    expect(parts[0]).toMatch(/^ {2}⟦abc⟧ +deleted in the source/m);
    expect(parts[0]).not.toMatch(/⟨abc⟩/); // only the signs the document uses
  });

  it('prints notes, apparatus (with sigla from listWit) and the other readings as sections after the text', () => {
    const after = text(leiden).split('='.repeat(72))[2]!;
    expect(after).toMatch(/\nNOTES\n\n1\. \[¶3\] A note on the line\.\n/);
    expect(after).toMatch(/\nAPPARATUS\n\na\. \[¶3\] virumque A\] virosque B; om\. C\n/);
    expect(after).toContain(
      '\nREADINGS\n\n[¶2] teh] the (corrected by the editor)\n[¶2] vnus] unus (regularised by the editor)\n[¶2] dns] dominus (expanded by the editor)\n',
    );
  });

  it('shows the normalised reading when asked, and the diplomatic one among the readings', () => {
    const out = text(leiden, { reading: 'normalised' });
    expect(textPortion(out)).toContain('the unus dominus.');
    expect(out).toContain('[¶2] the] teh (as in the source)');
  });

  it('leaves documents without an editorial layer as they were (no legend, no sections)', () => {
    const out = text(tei('<p>plain</p>'));
    expect(out).not.toMatch(/Editorial signs|NOTES|APPARATUS|READINGS/);
  });
});

describe('editorial conventions in the HTML edition', () => {
  it('marks each sign with its meaning and shows the legend of the signs used', () => {
    const page = html(leiden);
    expect(articleText(page)).toContain('Di[s manibus] co(n)s(ule) porta?m [… 3 characters] et […] turres.');
    expect(page).toMatch(/<del class="tei-del[^"]*" title="deleted in the source[^"]*">male<\/del>/);
    expect(page).toMatch(/<ins class="place-above tei-add" title="added in the source above the line">/);
    expect(page).toMatch(/<aside id="editorial-signs" class="legend"/);
    expect(page).toMatch(/<dd>expansion of an abbreviation<\/dd>/);
    expect(page).toMatch(/<section id="apparatus"/);
    expect(page).toMatch(/<span class="siglum" title="Codex Beta, 12th century">B<\/span>/);
  });

  it('has the editorial CSS only where it is used, allowed by its own CSP hash, and no script', () => {
    const page = html(leiden);
    const hashes = page.match(/style-src ([^;]+);/)![1]!.split(' ');
    expect(hashes).toHaveLength(2);
    expect(page.match(/<style>/g)).toHaveLength(2);
    expect(page).not.toMatch(/<script/i);
    const plain = html(tei('<p>plain</p>'));
    expect(plain.match(/<style>/g)).toHaveLength(1);
    expect(plain).not.toContain('editorial-signs');
  });

  it.skipIf(!browserPath)(
    `the reader toggles diplomatic/normalised and opens the apparatus popover, under the page's own CSP${browserPath ? '' : ` (skipped: ${noBrowser})`}`,
    async () => {
      const page = await openPage(browser, html(leiden), { bypassCSP: false });
      const visible = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('#p2 .tei-choice > span')].filter((s) => (s as HTMLElement).offsetParent !== null).map((s) => s.textContent),
        );
      expect(await visible()).toEqual(['teh', 'vnus', 'dns']);
      await page.check('#reading-normalised');
      expect(await visible()).toEqual(['the', 'unus', 'dominus']);
      await page.check('#reading-diplomatic');
      expect(await visible()).toEqual(['teh', 'vnus', 'dns']);
      // The popover is closed, then open after the marker is pressed, and says what the apparatus says.
      expect(await page.isVisible('#app-a-pop')).toBe(false);
      await page.click('#appref-a');
      expect(await page.isVisible('#app-a-pop')).toBe(true);
      expect(await page.textContent('#app-a-pop')).toContain('virumque A] virosque B; om. C');
      // The sign styles apply (the CSP admitted the editorial <style>): the deletion is struck through.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('#p2 del')!).textDecorationLine)).toBe('line-through');
      await page.context().close();
    },
  );

  it('print shows only the reading the edition asks for, and the apparatus marker is a link', () => {
    const page = toHtml(parsed('t.xml', leiden), { print: true, reading: 'normalised' }).output;
    expect(articleText(page)).toContain('the unus dominus.');
    expect(articleText(page)).not.toContain('teh');
    expect(page).toMatch(/<a class="appref" href="#app-a"/);
    expect(page).not.toMatch(/ popover=/);
  });

  it.skipIf(spawnSync('java', ['-version']).status !== 0)('is valid HTML for the Nu checker (skipped without java)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diwan-editorial-'));
    try {
      const file = join(dir, 'leiden.html');
      writeFileSync(file, html(leiden));
      const jar = join(repoRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
      const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', file], { encoding: 'utf8' });
      expect((JSON.parse(run.stderr || run.stdout) as { messages: { message: string }[] }).messages.map((m) => m.message)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!browserPath)(`axe-core finds no violation${browserPath ? '' : ` (skipped: ${noBrowser})`}`, async () => {
    const page = await openPage(browser, html(leiden));
    await page.addScriptTag({ content: readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
    const violations = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
      return (await w.axe.run()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    await page.context().close();
    expect(violations).toEqual([]);
  });
});

describe('header and registers', () => {
  const doc = (titleStmt: string, body: string, lang = '') => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"${lang}><teiHeader><fileDesc><titleStmt>${titleStmt}</titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<standOff><listPerson><person xml:id="ws"><persName>William Shakespeare</persName><note>A poet.</note></person></listPerson></standOff>
<text><body>${body}</body></text></TEI>`;

  it('cites authors by their names only, never their identifiers', () => {
    for (const author of [
      '<author><persName>William Shakespeare</persName><idno type="wikidata">Q692</idno></author>',
      '<author>William Shakespeare <idno type="wikidata">Q692</idno></author>',
    ]) {
      const xml = doc(`<title>Hamlet</title>${author}`, '<p>x</p>');
      expect(text(xml)).toContain('Cite as: William Shakespeare, «Hamlet».');
      const cite = html(xml).match(/<dd class="cite">([\s\S]*?)<\/dd>/)![1]!;
      expect(cite).toContain('William Shakespeare');
      expect(cite).not.toContain('Q692');
    }
  });

  it('writes no empty lang where the document declares no language', () => {
    const page = html(doc('<title>T</title>', '<p><persName ref="#ws">Will</persName> on <date when="1600-01-01">new year</date>.<note>A note.</note></p>'));
    expect(page).toContain('id="ws"');
    expect(page).toContain('id="note-1"');
    expect(page).not.toMatch(/lang=""/);
  });
});
