import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdition, type BuildResult } from '../src/edition/build.js';
import { loadEdition } from '../src/edition/load.js';
import { sourceFromText } from '../src/parse/index.js';
import { findBrowser } from '../src/print/index.js';
import { metadataOf } from '../src/transform/metadata.js';
import { textPortion, toText } from '../src/transform/text.js';
import { toHtml } from '../src/transform/html.js';
import { ensureCompiled } from './helpers/xslt.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const seedDir = join(root, 'editions', 'haftar-moscow-2016');
const slug = 'haftar-moscow-2016';
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const teiHash = sha(readFileSync(join(seedDir, `${slug}.xml`)));
const sourceHash = sha(readFileSync(join(seedDir, 'source.txt')));
const hasBrowser = findBrowser() !== null;
const has = (tool: string) => spawnSync(tool, ['-v']).error === undefined;
const tmp = mkdtempSync(join(tmpdir(), 'diwan-provenance-'));

const tei = (header: string, pub = '<p/>') => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>${header}
<publicationStmt>${pub}</publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body><p>Body.</p></body></text></TEI>`;

let seed: BuildResult;
beforeAll(async () => {
  ensureCompiled();
  seed = await buildEdition(loadEdition(seedDir), { formats: hasBrowser ? ['html', 'text', 'tei', 'pdf'] : ['html', 'text', 'tei'] });
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const artifact = (format: string) => seed.artifacts.find((a) => a.format === format)?.data;

describe('provenance in every output of the seed', () => {
  it('the record carries identifier, version, date (from the header) and the checksums of the inputs', () => {
    expect(seed.ok).toBe(true);
    expect(seed.record?.provenance).toEqual({
      id: slug,
      version: '1.0',
      statement: 'First diwan edition, hand-curated, 29 November 2026.',
      date: '2026-11-29',
      teiSha256: teiHash,
      sourceSha256: sourceHash,
      diwan: version,
    });
    expect(seed.fixity).toEqual({ teiSha256: teiHash, sourceSha256: sourceHash, diwanVersion: version });
  });

  it('HTML: meta tags and a visible colophon in the footer', () => {
    const html = String(artifact('html'));
    const meta = (name: string) => new RegExp(`<meta name="${name.replace('.', '\\.')}" content="([^"]*)"`).exec(html)?.[1];
    expect(meta('generator')).toBe(`diwan ${version}`);
    expect(meta('diwan.edition')).toBe(slug);
    expect(meta('diwan.edition-version')).toBe('1.0');
    expect(meta('diwan.edition-date')).toBe('2026-11-29');
    expect(meta('diwan.tei-sha256')).toBe(teiHash);
    expect(meta('diwan.source-sha256')).toBe(sourceHash);
    const footer = /<footer[\s\S]*<\/footer>/.exec(html)?.[0] ?? '';
    const colophon = footer.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(colophon).toContain('Colophon');
    expect(colophon).toContain(`Edition ${slug}, version 1.0`);
    expect(colophon).toContain('Date of the edition 2026-11-29');
    expect(colophon).toContain(`TEI source, SHA-256 ${teiHash}`);
    expect(colophon).toContain(`Archival source (source.txt), SHA-256 ${sourceHash}`);
    expect(colophon).toContain(`Made with diwan ${version}`);
  });

  it('text: a closing colophon after the registers, the text portion still source.txt exactly', () => {
    const text = String(artifact('text'));
    expect(textPortion(text)).toBe(readFileSync(join(seedDir, 'source.txt'), 'utf8'));
    const colophon = text.slice(text.lastIndexOf(`${'-'.repeat(72)}\nCOLOPHON\n`));
    expect(text.indexOf(colophon)).toBeGreaterThan(text.lastIndexOf('='.repeat(72)));
    expect(colophon.split('\n').slice(3)).toEqual([
      `Edition: ${slug}, version 1.0`,
      'Edition statement: First diwan edition, hand-curated, 29 November 2026.',
      'Date of the edition: 2026-11-29',
      `TEI source, SHA-256: ${teiHash}`,
      `Archival source (source.txt), SHA-256: ${sourceHash}`,
      `Made with: diwan ${version}`,
      '',
    ]);
  });

  it.skipIf(!hasBrowser || !has('pdfinfo'))('PDF: information dictionary entries and the colophon on the page (skipped without Chromium or poppler)', () => {
    const pdf = artifact('pdf') as Uint8Array;
    const file = join(tmp, 'seed.pdf');
    writeFileSync(file, pdf);
    const info = spawnSync('pdfinfo', ['-custom', file], { encoding: 'utf8' }).stdout;
    const entry = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(info)?.[1];
    expect(entry('DiwanEdition')).toBe(slug);
    expect(entry('DiwanEditionVersion')).toBe('1.0');
    expect(entry('DiwanEditionDate')).toBe('2026-11-29');
    expect(entry('DiwanTEISHA256')).toBe(teiHash);
    expect(entry('DiwanSourceSHA256')).toBe(sourceHash);
    expect(entry('DiwanVersion')).toBe(version);
    expect(entry('Creator')).toBe(`diwan ${version}`);
    expect(entry('CreationDate')).toMatch(/Nov 29 00:00:00 2026/);
    // The printed colophon: a checksum may be broken across lines, so compare without white space.
    const words = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    expect(words).toContain('Colophon');
    expect(words).toContain(teiHash);
    expect(words).toContain(sourceHash);
    expect(words).toContain(`diwan${version}`);
  });
});

describe('provenance rules on other headers', () => {
  it('the identifier falls back to the slug, the date is the header\'s or "not stated", never the day of the build', () => {
    const none = sourceFromText('x.xml', tei(''));
    const record = metadataOf(none, { slug: 'my-slug' });
    expect(record.provenance.id).toBe('my-slug');
    expect(record.provenance.version).toBeNull();
    expect(record.provenance.date).toBeNull();
    expect(record.provenance.sourceSha256).toBeNull();
    expect(record.provenance.teiSha256).toBe(sha(none.bytes));
    const text = toText(none).output;
    expect(text).toContain('Edition: not identified in the header\n');
    expect(text).toContain('Date of the edition: not stated in the header\n');
    const today = new Date().toISOString().slice(0, 10);
    expect(text).not.toContain(today);

    const dated = sourceFromText(
      'y.xml',
      tei(
        '<editionStmt n="2b"><edition>Second</edition></editionStmt>',
        '<publisher>P</publisher><date when="1999-01-02"/><idno type="URI">https://example.org/e</idno><idno type="local">E-7</idno>',
      ),
    );
    const p = metadataOf(dated).provenance;
    expect([p.id, p.version, p.statement, p.date]).toEqual(['E-7', '2b', 'Second', '1999-01-02']);
    const html = toHtml(dated).output;
    expect(html).toContain('<meta name="diwan.edition-date" content="1999-01-02">');
    expect(html).not.toContain('diwan.source-sha256');
  });

  it('only a SHA-256 is stated as one: a parameter that is not one is left out', () => {
    const s = sourceFromText('z.xml', tei(''));
    const html = toHtml(s, { provenance: { fixity: { teiSha256: '<script>', sourceSha256: 'nope', diwanVersion: '1"x' } } }).output;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('diwan.tei-sha256');
    expect(html).toContain('<meta name="generator" content="diwan">');
  });
});

describe.skipIf(!hasBrowser)('reproducible builds (skipped without Chromium)', () => {
  it('two builds of the seed from different folders, into different folders, give byte-identical HTML, text and PDF', () => {
    // Each copy is a project of its own (editions/ and schemas/ side by side, as the xml-model expects), at another path.
    const outs: string[] = [];
    for (const name of ['first', 'second/deeper']) {
      const project = join(tmp, name, 'project');
      mkdirSync(join(project, 'editions'), { recursive: true });
      cpSync(seedDir, join(project, 'editions', slug), { recursive: true });
      cpSync(join(root, 'schemas'), join(project, 'schemas'), { recursive: true });
      const cwd = join(tmp, name);
      const out = join(tmp, `out-${outs.length}`, 'site');
      const r = spawnSync(process.execPath, [bin, 'build', join(project, 'editions'), '-o', out], { cwd, encoding: 'utf8', timeout: 300_000 });
      expect(r.stderr).toContain(`built ${slug}`);
      expect(r.status).toBe(0);
      outs.push(join(out, slug));
    }
    for (const file of ['index.html', `${slug}.txt`, `${slug}.pdf`, `${slug}.xml`]) {
      const [a, b] = outs.map((o) => readFileSync(join(o, file)));
      expect(a!.length, file).toBeGreaterThan(1000);
      expect(sha(a!), file).toBe(sha(b!));
    }
    // No path of either build leaked into the outputs.
    for (const file of ['index.html', `${slug}.txt`]) expect(readFileSync(join(outs[0]!, file), 'utf8')).not.toContain(tmp);
  }, 600_000);
});
