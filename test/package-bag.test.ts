import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdition } from '../src/edition/build.js';
import { loadEdition } from '../src/edition/load.js';
import { findBrowser } from '../src/print/index.js';
import { ensureCompiled } from './helpers/xslt.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'diwan.js');
const slug = 'haftar-moscow-2016';
const seedDir = join(root, 'editions', slug);
const hasBrowser = findBrowser() !== null;
const has = (tool: string, arg = '--version') => spawnSync(tool, [arg]).error === undefined;
const tmp = mkdtempSync(join(tmpdir(), 'diwan-bag-'));
const sha = (b: Uint8Array | string, alg = 'sha256') => createHash(alg).update(b).digest('hex');

function diwan(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
}

/** Every file of a folder, relative path → bytes. */
function files(dir: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of files(dir, p)) out.set(k, v);
    else out.set(p, readFileSync(join(dir, p)));
  }
  return out;
}

/** A project of its own: the seed in editions/, the schemas beside it, as the xml-model expects. */
function project(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'editions'), { recursive: true });
  cpSync(seedDir, join(dir, 'editions', slug), { recursive: true });
  cpSync(join(root, 'schemas'), join(dir, 'schemas'), { recursive: true });
  return dir;
}

let bag: string;
let packaged: ReturnType<typeof diwan>;
/** What `diwan build` publishes for the seed, by name (in memory, the PDF named, not printed). */
let editionFiles: string[];
beforeAll(async () => {
  if (!hasBrowser) return;
  ensureCompiled();
  const built = await buildEdition(loadEdition(seedDir), { formats: ['html', 'text', 'tei'], validate: false });
  editionFiles = [...built.artifacts.map((a) => a.name), `${slug}.pdf`].sort();
  bag = join(tmp, 'bags', slug);
  packaged = diwan(['package', seedDir, '-o', bag]);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasBrowser)('the seed edition as a BagIt bag (skipped without Chromium)', () => {
  it('diwan package writes the bag (exit 0, one line naming it)', () => {
    expect(packaged.err).toContain(`packaged ${slug} -> ${bag}`);
    expect(packaged.code).toBe(0);
    // data/edition/ holds exactly what the build publishes (the four editions and any others, e.g. citations).
    expect(editionFiles).toEqual(expect.arrayContaining(['index.html', `${slug}.txt`, `${slug}.xml`, `${slug}.pdf`]));
    expect([...files(bag).keys()].sort()).toEqual(
      [
        'bag-info.txt',
        'bagit.txt',
        ...editionFiles.map((f) => `data/edition/${f}`),
        'data/schemas/diwan.rng',
        'data/schemas/diwan.sch',
        'data/source/source.txt',
        'manifest-sha256.txt',
        'manifest-sha512.txt',
        'tagmanifest-sha256.txt',
        'tagmanifest-sha512.txt',
      ].sort(),
    );
    // No staged folder is left beside it.
    expect(readdirSync(join(tmp, 'bags'))).toEqual([slug]);
  });

  it('§2.1.1 bag declaration: exactly two lines, UTF-8 without BOM', () => {
    expect(readFileSync(join(bag, 'bagit.txt'), 'latin1')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  });

  it('§2.4 tag files: UTF-8, no BOM, every line ended by LF, names end in .txt', () => {
    for (const [name, bytes] of files(bag)) {
      if (name.startsWith('data/')) continue;
      expect(name.endsWith('.txt'), name).toBe(true);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), name).toBe(false);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), name).not.toThrow();
      expect(bytes.includes(0x0d), name).toBe(false);
      expect(bytes.at(-1), name).toBe(0x0a);
    }
  });

  it('the payload is the edition: TEI, source.txt and schemas byte for byte, and the published editions', () => {
    const payload = files(join(bag, 'data'));
    expect(payload.get(`edition/${slug}.xml`)!.equals(readFileSync(join(seedDir, `${slug}.xml`)))).toBe(true);
    expect(payload.get('source/source.txt')!.equals(readFileSync(join(seedDir, 'source.txt')))).toBe(true);
    expect(payload.get('schemas/diwan.rng')!.equals(readFileSync(join(root, 'schemas', 'diwan.rng')))).toBe(true);
    expect(payload.get('schemas/diwan.sch')!.equals(readFileSync(join(root, 'schemas', 'diwan.sch')))).toBe(true);
    expect(payload.get(`edition/${slug}.pdf`)!.subarray(0, 5).toString()).toBe('%PDF-');
    // The colophon of each output names the TEI the manifest lists.
    const teiHash = sha(payload.get(`edition/${slug}.xml`)!);
    expect(payload.get('edition/index.html')!.toString()).toContain(`<meta name="diwan.tei-sha256" content="${teiHash}">`);
    expect(payload.get(`edition/${slug}.txt`)!.toString()).toContain(`TEI source, SHA-256: ${teiHash}\n`);
    expect(readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8')).toContain(`${teiHash} data/edition/${slug}.xml\n`);
  });

  it('§2.1.3 payload manifests: every payload file once, "checksum filepath", sorted by path', () => {
    const payload = [...files(bag).keys()].filter((k) => k.startsWith('data/')).sort();
    for (const [alg, hex] of [
      ['sha256', 64],
      ['sha512', 128],
    ] as const) {
      const lines = readFileSync(join(bag, `manifest-${alg}.txt`), 'utf8')
        .split('\n')
        .slice(0, -1);
      expect(lines.map((l) => l.slice(hex + 1))).toEqual(payload);
      for (const l of lines) {
        expect(l).toMatch(new RegExp(`^[0-9a-f]{${hex}} data/`));
        expect(l.slice(0, hex)).toBe(sha(readFileSync(join(bag, l.slice(hex + 1))), alg));
      }
    }
  });

  it('§2.2.1 tag manifests: every other tag file, no payload file, no tag manifest', () => {
    for (const alg of ['sha256', 'sha512']) {
      const listed = readFileSync(join(bag, `tagmanifest-${alg}.txt`), 'utf8')
        .split('\n')
        .slice(0, -1)
        .map((l) => l.split(' ')[1]);
      expect(listed).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt']);
    }
  });

  it('§2.2.2 bag-info.txt: the elements from the edition, Payload-Oxum counted, lines of at most 79 characters', () => {
    const text = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(79);
    const fields = new Map(
      text
        .replace(/\n[ \t]+/g, ' ')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
    expect(fields.get('Source-Organization')).toBe('diwan');
    expect(fields.get('External-Identifier')).toBe(slug);
    expect(fields.get('Bagging-Date')).toBe('2026-11-29');
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(fields.get('Bag-Software-Agent')).toBe(`diwan ${version}`);
    expect(fields.get('External-Description')).toContain('حفتر يجري مباحثات بموسكو');
    const payload = [...files(join(bag, 'data')).values()];
    const octets = payload.reduce((n, b) => n + b.length, 0);
    expect(fields.get('Payload-Oxum')).toBe(`${octets}.${payload.length}`);
    expect(fields.get('Bag-Size')).toBe(`${(octets / 1000).toFixed(1)} KB`);
  });

  it('standard tools read it: sha256sum -c and sha512sum -c pass inside the bag', (ctx) => {
    if (!has('sha256sum') || !has('sha512sum')) return ctx.skip('coreutils sha256sum/sha512sum are not installed');
    for (const [tool, manifest] of [
      ['sha256sum', 'manifest-sha256.txt'],
      ['sha512sum', 'manifest-sha512.txt'],
      ['sha256sum', 'tagmanifest-sha256.txt'],
      ['sha512sum', 'tagmanifest-sha512.txt'],
    ] as const) {
      const r = spawnSync(tool, ['--strict', '-c', manifest], { cwd: bag, encoding: 'utf8' });
      expect(r.stderr, manifest).toBe('');
      expect(r.status, manifest).toBe(0);
      expect(r.stdout.split('\n').filter((l) => l.endsWith(': OK')).length).toBe(manifest.startsWith('tag') ? 4 : editionFiles.length + 3);
    }
  });

  it('diwan verify: a valid bag, exit 0', () => {
    const r = diwan(['verify', bag]);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${bag}: valid bag: ${editionFiles.length + 3} payload files`);
    expect(r.code).toBe(0);
    const json = JSON.parse(diwan(['verify', bag, '--json']).out);
    expect(json.bags[0]).toMatchObject({ valid: true, algorithms: ['sha256', 'sha512'], findings: [] });
  });

  it('is deterministic: the same edition packaged again, from another folder into another, gives the same bag byte for byte', () => {
    const other = project('again');
    const second = join(tmp, 'elsewhere', 'bag');
    const r = diwan(['package', slug, '-o', second], other);
    expect(r.code).toBe(0);
    const a = files(bag);
    const b = files(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(sha(b.get(name)!), name).toBe(sha(bytes));
  }, 300_000);

  it('refuses to clobber: an existing bag needs --force, a folder that is not a bag never is replaced, nor the editions folder', () => {
    const before = readFileSync(join(bag, 'bag-info.txt'));
    const again = diwan(['package', seedDir, '-o', bag, '--no-pdf']);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`${bag}:0:0: error: already exists (a bag)`);
    expect(readFileSync(join(bag, 'bag-info.txt')).equals(before)).toBe(true);
    const folder = join(tmp, 'not-a-bag');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'mine');
    const forced = diwan(['package', seedDir, '-o', folder, '--force', '--no-pdf']);
    expect(forced.code).toBe(2);
    expect(forced.err).toContain('is a folder that is not a bag');
    expect(readFileSync(join(folder, 'keep.txt'), 'utf8')).toBe('mine');
    const inside = project('inside');
    const into = diwan(['package', slug, '-o', join(inside, 'editions', 'bag'), '--no-pdf'], inside);
    expect(into.code).toBe(2);
    expect(into.err).toContain('is inside the editions folder');
    expect(existsSync(join(inside, 'editions', 'bag'))).toBe(false);
  });

  it('--force replaces a bag as one unit (the new bag verifies)', () => {
    const copy = join(tmp, 'forced-bag');
    cpSync(bag, copy, { recursive: true });
    writeFileSync(join(copy, 'data', 'stray.txt'), 'x');
    const r = diwan(['package', seedDir, '-o', copy, '--force', '--no-pdf']);
    expect(r.code).toBe(0);
    expect(existsSync(join(copy, 'data', 'stray.txt'))).toBe(false);
    expect(existsSync(join(copy, 'data', 'edition', `${slug}.pdf`))).toBe(false);
    expect(diwan(['verify', copy]).code).toBe(0);
    expect(readdirSync(tmp).filter((n) => n.endsWith('.diwan-tmp'))).toEqual([]);
  });
});

describe('diwan package: editions by slug, --all, and what it refuses', () => {
  it('--all packages every edition of the project into bags/<slug>, by slug from the project folder', () => {
    const dir = project('all');
    cpSync(join(dir, 'editions', slug), join(dir, 'editions', 'second-copy'), { recursive: true });
    // A folder named by its slug: the TEI inside must be named so too.
    const tei = join(dir, 'editions', 'second-copy');
    cpSync(join(tei, `${slug}.xml`), join(tei, 'second-copy.xml'));
    unlinkSync(join(tei, `${slug}.xml`));
    const r = diwan(['package', '--all', '--no-pdf'], dir);
    expect(r.err).toContain('packaged second-copy');
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'bags')).sort()).toEqual(['haftar-moscow-2016', 'second-copy']);
    for (const b of readdirSync(join(dir, 'bags'))) expect(diwan(['verify', join(dir, 'bags', b)]).code).toBe(0);
    const info = readFileSync(join(dir, 'bags', 'second-copy', 'bag-info.txt'), 'utf8');
    // The identifier is the header's; the slug is the sender's own.
    expect(info).toContain(`External-Identifier: ${slug}\n`);
    expect(info).toContain('Internal-Sender-Identifier: second-copy\n');
  }, 300_000);

  it('an unknown edition, an invalid one and a missing browser are errors with a non-zero exit and no bag', () => {
    const dir = project('bad');
    const unknown = diwan(['package', 'no-such-edition'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no-such-edition:0:0: error: no such edition');
    const tei = join(dir, 'editions', slug, `${slug}.xml`);
    writeFileSync(tei, readFileSync(tei, 'utf8').replace('<body>', '<body><bogus/>'));
    const invalid = diwan(['package', slug, '--no-pdf'], dir);
    expect(invalid.code).toBe(1);
    expect(invalid.out).toMatch(/haftar-moscow-2016\.xml:\d+:\d+: error: /);
    expect(existsSync(join(dir, 'bags'))).toBe(false);
    const nobrowser = diwan(['package', slug, '--chrome', join(dir, 'no-chromium')], dir);
    expect(nobrowser.code).toBe(2);
    expect(nobrowser.err).toContain('--no-pdf');
    expect(existsSync(join(dir, 'bags'))).toBe(false);
  }, 300_000);
});

describe('corpus documents from other projects as bags (--schema: the schema they are validated against)', () => {
  const shared = resolve(root, '..', 'shared');
  const cases = [
    { file: 'corpus/eltec/eng/level1/ENG18872_Lyall.xml', schema: 'corpus/eltec/schemas/eltec-1.rng', title: 'The Autobiography of a Slander' },
    { file: 'corpus/dracor/yidracor/der_get.xml', schema: 'tei/tei_all.rng', title: 'דער געט' },
  ];
  for (const c of cases) {
    it(`${c.file}: packaged (no source.txt, no PDF) and verified, by diwan and by sha256sum -c`, async (ctx) => {
      const { needsShared } = await import('./helpers/needs-shared.js');
      needsShared(ctx, [join(shared, c.file), join(shared, c.schema)]);
      const out = join(tmp, 'corpus', c.file.replace(/\W+/g, '-'));
      const r = diwan(['package', join(shared, c.file), '--schema', join(shared, c.schema), '--no-pdf', '-o', out]);
      expect(r.err).toContain('packaged');
      expect(r.code).toBe(0);
      const names = [...files(out).keys()].filter((k) => k.startsWith('data/')).sort();
      const stem = c.file
        .split('/')
        .pop()!
        .replace(/\.xml$/, '');
      expect(names).toEqual(
        expect.arrayContaining([
          `data/edition/${stem}.txt`,
          `data/edition/${stem}.xml`,
          'data/edition/index.html',
          `data/schemas/${c.schema.split('/').pop()}`,
        ]),
      );
      expect(names.filter((n) => !n.startsWith('data/edition/') && !n.startsWith('data/schemas/'))).toEqual([]);
      expect(names.filter((n) => n.startsWith('data/schemas/'))).toHaveLength(1);
      expect(readFileSync(join(out, `data/edition/${stem}.xml`)).equals(readFileSync(join(shared, c.file)))).toBe(true);
      const info = readFileSync(join(out, 'bag-info.txt'), 'utf8').replace(/\n[ \t]+/g, ' ');
      expect(info).toContain(`External-Description: ${c.title}`);
      expect(info).toMatch(/^Bagging-Date: \d{4}-\d{2}-\d{2}$/m);
      expect(info).toContain(`Validated-Against: data/schemas/${c.schema.split('/').pop()}\n`);
      expect(diwan(['verify', out]).code).toBe(0);
      if (has('sha512sum')) expect(spawnSync('sha512sum', ['--strict', '--quiet', '-c', 'manifest-sha512.txt'], { cwd: out }).status).toBe(0);
    }, 300_000);
  }
});
