import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/print/index.js';
import { jingAvailable, runJing } from './helpers/jing.js';
import { needsShared } from './helpers/needs-shared.js';
import { installTarball, packDiwan, run } from './helpers/packed.js';
import { startServe } from './helpers/serve.js';

// The published package, as a user gets it: packed with npm's own lifecycle, installed into a
// folder outside the repository (no diwan sources around), run through npx and from a global
// install. Slow (a build and two installs): one file does it all once.
const root = resolve(import.meta.dirname, '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
const seed = join(root, 'editions', 'haftar-moscow-2016');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

let tgz: string;
let files: string[];
let app: string;
// Compiled schemas and stylesheets of the installed diwan go to a cache of the test's own.
const env = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'diwan-cache-')) };

beforeAll(() => {
  tgz = packDiwan();
  files = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  app = installTarball(tgz);
}, 600_000);

/** The seed edition in a folder of its own, its xml-models dropped (it then gets diwan's own schemas). */
function seedCopy(dir: string): string {
  const to = join(dir, 'editions', 'haftar-moscow-2016');
  mkdirSync(to, { recursive: true });
  cpSync(join(seed, 'source.txt'), join(to, 'source.txt'));
  const xml = readFileSync(join(seed, 'haftar-moscow-2016.xml'), 'utf8').replace(/<\?xml-model [^?]*\?>\n/g, '');
  writeFileSync(join(to, 'haftar-moscow-2016.xml'), xml);
  return to;
}

describe('the packed tarball', () => {
  it('carries the compiled library with its types, the stylesheets, schemas and CSS, and no sources or tests', () => {
    for (const f of [
      'package.json',
      'bin/diwan.js',
      'scripts/prepare.js',
      'lib/index.js',
      'lib/index.d.ts',
      'lib/xdm/saxon-js.d.ts',
      'lib/cli/main.js',
      'lib/xslt/html.sef.json',
      'lib/xslt/text.sef.json',
      'lib/xslt/metadata.sef.json',
      'xslt/html.xsl',
      'xslt/text.xsl',
      'xslt/common/classes.xsl',
      'xslt/html/hooks.xsl',
      'xslt/html/edition.css',
      'xslt/html/print.css',
      'xslt/html/cite.css',
      'xslt/html/cite.js',
      'csl/chicago-notes-bibliography.csl',
      'csl/modern-language-association.csl',
      'csl/apa.csl',
      'csl/locales-en-US.xml',
      'csl/NOTICE.md',
      'schemas/diwan.rng',
      'schemas/diwan.sch',
      'README.md',
      'LICENSE',
    ]) {
      expect(files, f).toContain(f);
    }
    for (const prefix of ['src/', 'test/', 'editions/', 'node_modules/', '.ci/', 'scripts/bench']) {
      expect(
        files.filter((f) => f.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    }
  });

  it('has no compiled module that reads from src/ (which the package does not carry)', () => {
    const dir = join(app, 'node_modules', 'diwan', 'lib');
    const js = files.filter((f) => f.startsWith('lib/') && f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(20);
    for (const f of js) {
      const text = readFileSync(join(dir, f.slice(4)), 'utf8');
      // A path into src/: join(…, 'src', …), resolve(…, 'src'), or a literal '../src/…'.
      expect(text, f).not.toMatch(/\b(?:join|resolve)\([^)]*['"`]src['"`]|['"`](?:\.\.?\/)+src\//);
    }
  });
});

describe('installed from the tarball into an empty project', () => {
  it("runs through npx: --version, validate and build with diwan's own schemas", () => {
    expect(run('npx', ['diwan', '--version'], app, env).out.trim()).toBe(version);
    const ed = seedCopy(app);
    const v = run('npx', ['diwan', 'validate', join(ed, 'haftar-moscow-2016.xml')], app, env);
    expect(v.err).toMatch(/1 file, 0 invalid, 0 errors/);
    expect(v.code).toBe(0);
    const b = run('npx', ['diwan', 'build', 'editions', '--no-pdf', '-o', 'site'], app, env);
    expect(b.code, b.err).toBe(0);
    const html = readFileSync(join(app, 'site', 'haftar-moscow-2016', 'index.html'), 'utf8');
    expect(html).toContain('حفتر');
    expect(readFileSync(join(app, 'site', 'haftar-moscow-2016', 'haftar-moscow-2016.txt'), 'utf8')).toContain(
      readFileSync(join(seed, 'source.txt'), 'utf8').split('\n')[0]!,
    );
  });

  it('prints a PDF with the fonts of its installed dependencies', (ctx) => {
    if (!findBrowser()) {
      if (process.env.CI === 'true') throw new Error('under CI=true: Chromium is required');
      ctx.skip('no Chromium or Chrome installed');
    }
    const ed = seedCopy(mkdtempSync(join(tmpdir(), 'diwan-pdf-')));
    const out = join(app, 'seed.pdf');
    const r = run('npx', ['diwan', 'pdf', join(ed, 'haftar-moscow-2016.xml'), '-o', out], app, env);
    expect(r.code, r.err).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The Arabic face is embedded from @fontsource/amiri, a dependency of the installed package.
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+Amiri/);
  });

  it('is importable as a library, and its types compile against the published .d.ts', () => {
    const script = `import { loadEdition, buildEdition } from 'diwan';
const r = await buildEdition(loadEdition(process.argv[1]), { formats: ['html', 'text'] });
console.log(JSON.stringify({ ok: r.ok, files: r.artifacts.map((a) => a.name) }));`;
    const ed = seedCopy(mkdtempSync(join(tmpdir(), 'diwan-lib-')));
    const r = run(process.execPath, ['--input-type=module', '-e', script, ed], app, env);
    // The page, the text and the reference-manager files the page links to (.bib, .ris, .csl.json).
    expect(JSON.parse(r.out), r.err).toEqual({
      ok: true,
      files: ['index.html', 'haftar-moscow-2016.bib', 'haftar-moscow-2016.ris', 'haftar-moscow-2016.csl.json', 'haftar-moscow-2016.txt'],
    });

    writeFileSync(
      join(app, 'use.ts'),
      `import { loadEdition, buildEdition, type BuildResult, type Finding } from 'diwan';
const result: BuildResult = await buildEdition(loadEdition('x'), { formats: ['html'] });
const first: Finding | undefined = result.findings[0];
export const line: number | undefined = first?.line;
`,
    );
    const t = run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--typeRoots',
        join(root, 'node_modules', '@types'),
        'use.ts',
      ],
      app,
    );
    expect(t.out + t.err).toBe('');
    expect(t.code).toBe(0);
  });

  it("under npm 11's install-script policy: nothing diwan needs is skipped, and approving diwan's own script is harmless", () => {
    // npm lists the tarball's `prepare` (and core-js-pure's banner) as skipped; diwan ships lib/
    // built, so the script an approval would run must do nothing and succeed.
    const r = run(process.execPath, [join(app, 'node_modules', 'diwan', 'scripts', 'prepare.js')], join(app, 'node_modules', 'diwan'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/prebuilt/);
    const ls = run('npm', ['install-scripts', 'ls'], app);
    const skipped = ls.out + ls.err;
    // At most these two: anything else would be a dependency whose install script diwan might need.
    const names = [...skipped.matchAll(/^\s+(\S+)@\S+ \((\w+):/gm)].map((m) => m[1]!);
    expect(names).toContain('core-js-pure');
    expect(names.filter((n) => n !== 'core-js-pure' && n !== 'diwan')).toEqual([]);
  });
});

describe('installed globally (npm install -g into a prefix)', () => {
  it('runs as "diwan" on the PATH from a folder with no diwan sources', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'diwan-global-'));
    const i = run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tgz], prefix);
    expect(i.code, i.err).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'diwan-empty-'));
    const PATH = `${join(prefix, 'bin')}:${process.env.PATH}`;
    expect(run('diwan', ['--version'], empty, { ...env, PATH }).out.trim()).toBe(version);
    const ed = seedCopy(empty);
    const v = run('diwan', ['validate', join(ed, 'haftar-moscow-2016.xml')], empty, { ...env, PATH });
    expect(v.code, v.err).toBe(0);
  });
});

describe("done when: an archivist's project from the packed tarball, outside the repository", () => {
  const seedSource = resolve(root, '..', 'shared', 'seeds', '000_ba317d13d3125263.txt');
  const TITLE = 'Haftar holds talks in Moscow, and al-Ghawil calls for him to be put on trial';

  it('new, init the seed, mark it up, validate, build, serve --watch with an edit picked up; jing agrees', async (ctx) => {
    needsShared(ctx, [seedSource]);
    const npx = (args: string[], cwd: string) => run('npx', ['diwan', ...args], cwd, env);
    expect(npx(['new', 'my-archive', '--title', 'Libyan press archive'], app).code).toBe(0);
    const project = join(app, 'my-archive');

    // init the seed's plain text, then mark it up: the seed's TEI element in place of the skeleton's.
    const init = npx(['init', seedSource, '--slug', 'haftar-moscow-2016', '--json'], project);
    expect(init.code, init.err).toBe(0);
    const file = JSON.parse(init.out).edition as string;
    expect(file).toBe(join(project, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'));
    const prolog = readFileSync(file, 'utf8').split('<TEI')[0]!;
    expect(prolog).toContain('href="../../schemas/diwan.rng"');
    const seedTei = readFileSync(join(seed, 'haftar-moscow-2016.xml'), 'utf8');
    writeFileSync(file, prolog + seedTei.slice(seedTei.indexOf('<TEI')));

    const v = npx(['validate', file], project);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.err).toMatch(/1 file, 0 invalid, 0 errors/);
    if (jingAvailable()) {
      expect((await runJing(join(project, 'schemas', 'diwan.rng'), [file])).get(file)).toEqual([]);
    } else if (process.env.CI === 'true') throw new Error('under CI=true: jing is required');

    const b = npx(['build', '--json'], project);
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out).summary).toMatchObject({ editions: 1, built: 1, failed: 0, out: join(project, 'dist') });
    const out = join(project, 'dist', 'haftar-moscow-2016');
    for (const f of ['index.html', 'haftar-moscow-2016.txt', 'haftar-moscow-2016.xml']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(existsSync(join(out, 'haftar-moscow-2016.pdf'))).toBe(findBrowser() !== null);
    expect(readFileSync(join(out, 'haftar-moscow-2016.txt'), 'utf8')).toContain(readFileSync(seedSource, 'utf8'));

    const serve = await startServe([join(app, 'node_modules', '.bin', 'diwan'), 'serve', '--watch', '--no-pdf'], project, env);
    try {
      expect(await (await fetch(new URL('haftar-moscow-2016/', serve.url))).text()).toContain(TITLE);
      const from = serve.events.length;
      writeFileSync(file, readFileSync(file, 'utf8').replace(TITLE, `${TITLE} (edited)`));
      await serve.waitFor((e) => e.event === 'built' && e.slug === 'haftar-moscow-2016' && e.cause === 'edition', from);
      expect(await (await fetch(new URL('haftar-moscow-2016/', serve.url))).text()).toContain(`${TITLE} (edited)`);
    } finally {
      expect(await serve.stop()).toBe(0);
    }

    const d = JSON.parse(npx(['doctor', '--json'], project).out);
    expect(d.project.root).toBe(project);
    expect(d.diwan.root).toBe(join(app, 'node_modules', 'diwan'));
    expect(d.checks.find((c: { id: string }) => c.id === 'cache').found).toBe(join(env.XDG_CACHE_HOME, 'diwan'));
  });
});
