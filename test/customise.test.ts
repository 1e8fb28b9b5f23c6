import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileStylesheet, StylesheetCompileError } from '../src/transform/custom.js';
import { launchBrowser, noBrowser } from './helpers/browser.js';
import { htmlOf, parsed } from './helpers/doc.js';
import { toHtml } from '../src/transform/html.js';
import { needsShared } from './helpers/needs-shared.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const example = join(root, 'docs', 'examples', 'project-html.xsl');
const css = readFileSync(join(root, 'docs', 'examples', 'project.css'), 'utf8');
const seed = join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const play = resolve(root, '..', 'shared', 'corpus', 'dracor', 'gerdracor', 'lessing-emilia-galotti.xml');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-custom-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cacheDir = join(tmp, 'cache');

const TEI = (body: string) =>
  `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>${body}</body></text></TEI>`;

describe("a project stylesheet that imports diwan's html.xsl", () => {
  it("overrides a behaviour map entry, an element rule and a hook; the rest is diwan's", async () => {
    const sheet = await compileStylesheet(example, { cacheDir });
    const xml = TEI('<p>Er sagt <foreign xml:lang="la">ecce</foreign>.<fw>12</fw></p><sp><stage>geht ab</stage></sp>');
    const html = toHtml(parsed('t.xml', xml), { stylesheet: sheet }).output;
    expect(html).toMatch(/<i class="tei-foreign" lang="la" dir="ltr">ecce<\/i>/);
    expect(html).not.toContain('12');
    expect(html).toMatch(/<p class="tei-stage project-stage">\[geht ab\]<\/p>/);
    expect(html).toContain('<p class="project-credit">Published by the Example Archive.</p>');
    // diwan's own page otherwise: the same header, footer line and CSP.
    expect(html).toContain('Digital edition in TEI P5, published with diwan.');
    const plain = htmlOf(xml);
    expect(plain).toMatch(/<span class="tei-foreign" lang="la" dir="ltr">ecce<\/span>/);
    expect(plain).not.toContain('project-credit');
  });

  it('works on a play from another project too (stage directions)', async (ctx) => {
    needsShared(ctx, [play]);
    const sheet = await compileStylesheet(example, { cacheDir });
    const html = toHtml(parsed(play, readFileSync(play, 'utf8')), { stylesheet: sheet }).output;
    expect((html.match(/class="tei-stage project-stage">\[/g) ?? []).length).toBeGreaterThan(50);
  });

  it('is compiled once: the cached SEF is reused until the stylesheet or a module it imports changes', async () => {
    const dir = join(tmp, 'recompile');
    const own = join(dir, 'my.xsl');
    const mod = join(dir, 'module.xsl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      mod,
      `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:d="urn:diwan" exclude-result-prefixes="#all"><xsl:template name="d:hook-footer"><p class="v">one</p></xsl:template></xsl:stylesheet>`,
    );
    writeFileSync(
      own,
      `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:import href="${join(root, 'xslt', 'html.xsl')}"/><xsl:include href="module.xsl"/></xsl:stylesheet>`,
    );
    const cache = join(tmp, 'cache-recompile');
    await compileStylesheet(own, { cacheDir: cache });
    const files = () => readdirSync(join(cache, 'xslt')).filter((f) => f.endsWith('.sef.json'));
    expect(files()).toHaveLength(1);
    const mtime = statSync(join(cache, 'xslt', files()[0]!)).mtimeMs;
    await compileStylesheet(own, { cacheDir: cache });
    expect(files()).toHaveLength(1);
    expect(statSync(join(cache, 'xslt', files()[0]!)).mtimeMs).toBe(mtime);
    writeFileSync(mod, readFileSync(mod, 'utf8').replace('one', 'two'));
    const changed = await compileStylesheet(own, { cacheDir: cache });
    expect(files()).toHaveLength(2);
    expect(toHtml(parsed('t.xml', TEI('<p>x</p>')), { stylesheet: changed }).output).toContain('<p class="v">two</p>');
  });

  it('a stylesheet that does not compile is refused with file:line:col and the reason, exit 2', () => {
    const bad = join(tmp, 'bad.xsl');
    writeFileSync(
      bad,
      `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n  <xsl:import href="${join(root, 'xslt', 'html.xsl')}"/>\n  <xsl:template match="/"><xsl:bogus/></xsl:template>\n</xsl:stylesheet>`,
    );
    const r = spawnSync(process.execPath, [bin, 'html', seed, '--xslt', bad], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheDir } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${bad}:3:\\d+: error: the stylesheet does not compile: xsl:bogus is not a known XSLT element`));
    expect(r.stdout).toBe('');
    return expect(compileStylesheet(join(tmp, 'missing.xsl'))).rejects.toBeInstanceOf(StylesheetCompileError);
  });
});

describe('project CSS', () => {
  it("comes after diwan's in the one style element, the CSP hash covers both, and Chromium applies it under that CSP", async (ctx) => {
    const html = toHtml(parsed(seed, readFileSync(seed, 'utf8')), { css }).output;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(style.endsWith(css)).toBe(true);
    const hash = `sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}`;
    expect(html).toContain(`style-src '${hash}'`);
    const browser = await launchBrowser();
    if (!browser) return ctx.skip(noBrowser);
    try {
      const context = await browser.newContext({ bypassCSP: false });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.setContent(html, { waitUntil: 'load' });
      const color = await page.evaluate(() => getComputedStyle(document.querySelector('.tei-text .persName')!).color);
      expect(color).toBe('rgb(128, 0, 0)');
      expect(violations).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('a CSS file that would close the style element is refused', () => {
    const evil = join(tmp, 'evil.css');
    writeFileSync(evil, 'p{}</style><script>alert(1)</script>');
    const r = spawnSync(process.execPath, [bin, 'html', seed, '--css', evil], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/contains "<\/style"/);
  });
});

describe('without customisation', () => {
  it('diwan build --xslt/--css leaves the default build untouched, and the seed builds with them', () => {
    const out = join(tmp, 'dist-custom');
    const r = spawnSync(
      process.execPath,
      [bin, 'build', join(root, 'editions'), '-o', out, '--no-pdf', '--xslt', example, '--css', join(root, 'docs', 'examples', 'project.css')],
      {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cacheDir },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const page = readFileSync(join(out, 'haftar-moscow-2016', 'index.html'), 'utf8');
    expect(page).toContain('project-credit');
    expect(existsSync(join(out, 'haftar-moscow-2016', 'haftar-moscow-2016.txt'))).toBe(true);
  });
});

describe('docs/customising.md', () => {
  it('documents every global parameter of the HTML and text stylesheets and their modules', () => {
    const doc = readFileSync(join(root, 'docs', 'customising.md'), 'utf8');
    const dir = join(root, 'xslt');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xsl'));
    // Global parameters are the stylesheet's children: two spaces of indentation in diwan's modules.
    const params = new Set(files.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^ {2}<xsl:param name="([^"]+)"/gm)].map((m) => m[1]!)));
    expect(params.size).toBeGreaterThan(15);
    const missing = [...params].filter((p) => !doc.includes(`\`${p}\``));
    expect(missing).toEqual([]);
  });
});
