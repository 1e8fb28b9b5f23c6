import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPortion } from '../src/transform/text.js';
import { textOf } from './helpers/doc.js';
import { ensureCompiled } from './helpers/xslt.js';

// diwan's stylesheets are XSLT 3.0 for any conformant processor, not only SaxonJS: projects run
// them in Saxon-HE (Oxygen, their own pipelines), and the benchmark uses it as the reference.
// SaxonJS is lenient where Saxon-HE is not (accumulators on the initial document need
// xsl:mode/@use-accumulators), so a stylesheet change that only SaxonJS accepts fails here.
const root = resolve(import.meta.dirname, '..');
const jar = '/usr/share/java/Saxon-HE.jar';
const seed = join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const muqtabas = resolve(root, '..', 'shared', 'corpus', 'openarabicpe', 'al-muqtabas', 'oclc_4770057679-i_31.TEIP5.xml');
const hasJava = spawnSync('sh', ['-c', 'command -v java']).status === 0;
const why = [hasJava ? '' : 'java', existsSync(jar) ? '' : `${jar} (libsaxonhe-java)`, existsSync(muqtabas) ? '' : '../shared/corpus']
  .filter(Boolean)
  .join(', ');
if (why && process.env.CI === 'true') throw new Error(`under CI=true the Saxon-HE test needs ${why}`);

const tmp = mkdtempSync(join(tmpdir(), 'diwan-saxon-he-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => ensureCompiled(), 120_000);

function saxon(kind: 'html' | 'text', file: string): { status: number | null; stderr: string; out: string } {
  const out = join(tmp, `${kind}-${file.length}.out`);
  const r = spawnSync('java', ['-cp', jar, 'net.sf.saxon.Transform', `-s:${file}`, `-xsl:${join(root, 'xslt', `${kind}.xsl`)}`, `-o:${out}`], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stderr: r.stderr, out: existsSync(out) ? readFileSync(out, 'utf8') : '' };
}

describe.skipIf(why !== '')(`the stylesheets in Saxon-HE (Java)${why ? ` (skipped: needs ${why})` : ''}`, () => {
  it("the seed's text edition: its text portion is diwan's, character for character", () => {
    const r = saxon('text', seed);
    expect(r.status, r.stderr).toBe(0);
    // diwan passes what the command line does not (citations, the source's hash, its version),
    // so the whole files differ in those lines; the text portion is the stylesheet's alone.
    expect(textPortion(r.out)).toBe(textPortion(textOf(readFileSync(seed, 'utf8'))));
    expect(textPortion(r.out)).toBe(readFileSync(join(root, 'editions', 'haftar-moscow-2016', 'source.txt'), 'utf8'));
  }, 120_000);

  it.each([
    ['the seed', seed],
    ['an al-Muqtabas issue (OpenArabicPE)', muqtabas],
  ])(
    '%s: the HTML edition runs without a dynamic error, in Arabic',
    (_, file) => {
      const r = saxon('html', file);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/XTDE|Error/);
      expect(r.out).toMatch(/<html[^>]* lang="ar"/);
    },
    120_000,
  );
});
