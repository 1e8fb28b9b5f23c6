import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadProject } from '../src/project/index.js';
import { readStamp, schemaStatus, stamped } from '../src/project/schemas.js';
import { jingAvailable, runJing } from './helpers/jing.js';
import { bin, diwan, initSeed, newProject, seedDir, tmp } from './helpers/project.js';

const root = resolve(import.meta.dirname, '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

/** The href of each xml-model of a TEI file, resolved as oXygen and diwan resolve it (against the file). */
function xmlModelTargets(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/<\?xml-model href="([^"]+)"/g)].map((m) => resolve(dirname(file), m[1]!));
}
function editConfig(project: string, change: (c: Record<string, unknown>) => void): void {
  const file = join(project, 'diwan.config.json');
  const c = JSON.parse(readFileSync(file, 'utf8'));
  change(c);
  writeFileSync(file, JSON.stringify(c, null, 2));
}

describe('diwan new', () => {
  it('starts a project: config, editions/, the register, stamped schemas, .gitignore, README', () => {
    const p = newProject('my-archive', ['--title', 'Libyan press archive', '--lang', 'ar']);
    for (const f of ['diwan.config.json', 'editions', 'registers/register.xml', 'schemas/diwan.rng', 'schemas/diwan.sch', '.gitignore', 'README.md']) {
      expect(existsSync(join(p, f)), f).toBe(true);
    }
    const project = loadProject(p)!;
    expect(project.root).toBe(p);
    expect(project.site.title).toBe('Libyan press archive');
    expect(project.header).toEqual({ lang: 'ar', publisher: 'Libyan press archive' });
    // The copies are diwan's schemas byte for byte, but for the stamp naming this diwan's version.
    for (const name of ['diwan.rng', 'diwan.sch']) {
      const copy = readFileSync(join(p, 'schemas', name), 'utf8');
      expect(readStamp(copy)?.version).toBe(version);
      expect(copy.replace(/<!-- diwan-schema [^>]*-->\n/, '')).toBe(readFileSync(join(root, 'schemas', name), 'utf8'));
    }
    expect(schemaStatus(project).map((s) => s.state)).toEqual(['current', 'current']);
    expect(readFileSync(join(p, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m);
  });

  it('writes a register that is valid TEI against the project schema (diwan and jing agree)', async (ctx) => {
    const p = newProject();
    const reg = join(p, 'registers', 'register.xml');
    const r = diwan(['validate', reg], p);
    expect(r.err).toMatch(/1 file, 0 invalid, 0 errors/);
    if (!jingAvailable()) {
      if (process.env.CI === 'true') throw new Error('under CI=true: jing is required');
      return ctx.skip('jing is not installed');
    }
    expect([...(await runJing(xmlModelTargets(reg)[0]!, [reg])).values()].flat()).toEqual([]);
  });

  it('never writes into a folder with files, a file or a symbolic link', () => {
    const parent = tmp();
    mkdirSync(join(parent, 'full'));
    writeFileSync(join(parent, 'full', 'notes.txt'), 'mine');
    writeFileSync(join(parent, 'afile'), 'x');
    symlinkSync(tmp(), join(parent, 'link'));
    for (const [name, why] of [
      ['full', /is not empty/],
      ['afile', /is a file/],
      ['link', /symbolic link/],
    ] as const) {
      const r = diwan(['new', name], parent);
      expect(r.code, name).toBe(2);
      expect(r.err).toMatch(why);
      noStack(r.err);
    }
    expect(readFileSync(join(parent, 'full', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(parent, 'full', 'diwan.config.json'))).toBe(false);
    // A project already there is named as such.
    const p = newProject();
    expect(diwan(['new', p], tmp()).err).toMatch(/holds a diwan project already/);
  });

  it('--json lists the files written; --quiet prints nothing', () => {
    const parent = tmp();
    const j = diwan(['new', 'a', '--json'], parent);
    expect(JSON.parse(j.out)).toMatchObject({ project: join(parent, 'a'), files: expect.arrayContaining(['diwan.config.json', 'schemas/diwan.rng']) });
    const q = diwan(['new', 'b', '--quiet'], parent);
    expect(q.code).toBe(0);
    expect(q.out + q.err).toBe('');
  });
});

describe('the project configuration', () => {
  it('is found by walking up from a subfolder, or from a "diwan" key in package.json', () => {
    const p = newProject();
    const deep = join(p, 'editions', 'x', 'y');
    mkdirSync(deep, { recursive: true });
    expect(loadProject(deep)?.root).toBe(p);
    const q = tmp();
    writeFileSync(join(q, 'package.json'), JSON.stringify({ name: 'q', diwan: { out: 'site', paper: 'Letter' } }, null, 2));
    const project = loadProject(join(q, 'sub'))!;
    expect(project.configFile).toBe(join(q, 'package.json'));
    expect(project.out).toBe(join(q, 'site'));
    expect(project.paper).toBe('Letter');
    expect(project.editions).toBe(join(q, 'editions'));
    // A package.json without the key is not a project.
    const none = tmp();
    writeFileSync(join(none, 'package.json'), '{"name":"none"}');
    expect(loadProject(none)).toBeNull();
  });

  it('names the file, line:col and key of an unknown key or a wrong type, and the command exits 2', () => {
    const p = newProject();
    writeFileSync(
      join(p, 'diwan.config.json'),
      '{\n  "editions": "editions",\n  "formts": ["html"],\n  "paper": "A5",\n  "header": { "editors": [ { "name": 7 } ] }\n}\n',
    );
    let err: ConfigError | undefined;
    try {
      loadProject(p);
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const file = join(p, 'diwan.config.json');
    expect(err!.problems).toEqual([
      expect.objectContaining({
        file,
        line: 3,
        col: 3,
        key: 'formts',
        message: expect.stringMatching(/^unknown key "formts"; expected one of: editions, out, .*formats/),
      }),
      expect.objectContaining({ file, line: 4, col: 3, key: 'paper', message: '"paper" must be one of "A4", "Letter", got "A5"' }),
      expect.objectContaining({ file, line: 5, col: 30, key: 'header.editors[0].name', message: '"header.editors[0].name" must be a string, got number 7' }),
    ]);
    for (const cmd of [['build'], ['init', join(seedDir, 'source.txt'), '--slug', 'x'], ['validate', join(seedDir, 'haftar-moscow-2016.xml')]]) {
      const r = diwan(cmd, p);
      expect(r.code, cmd[0]).toBe(2);
      expect(r.err).toContain(`${file}:3:3: error: unknown key "formts"`);
      noStack(r.err);
    }
  });

  it('locates errors inside package.json\'s "diwan" key, and bad JSON at its line:col', () => {
    const q = tmp();
    writeFileSync(join(q, 'package.json'), '{\n  "name": "q",\n  "diwan": {\n    "out": 5\n  }\n}\n');
    const r = diwan(['build'], q);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(q, 'package.json')}:4:5: error: "out" must be a string, got number 5`);
    const p = newProject();
    writeFileSync(join(p, 'diwan.config.json'), '{\n  "out": "dist",\n}\n');
    expect(diwan(['build'], p).err).toContain(`${join(p, 'diwan.config.json')}:3:1: error: not valid JSON`);
  });

  it('gives build its folders, formats, paper and customisation; command-line options win', () => {
    const p = newProject();
    initSeed(p);
    writeFileSync(join(p, 'extra.css'), '.diwan-test-marker { color: #123456 }');
    editConfig(p, (c) => {
      c.out = 'site';
      c.formats = ['html', 'text'];
      c.customise = { css: 'extra.css' };
    });
    const r = diwan(['build'], p);
    expect(r.code, r.err).toBe(0);
    const out = join(p, 'site', 'haftar-moscow-2016');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'haftar-moscow-2016.txt'))).toBe(true);
    // Not in the project's formats: no TEI copy, no PDF.
    expect(existsSync(join(out, 'haftar-moscow-2016.xml'))).toBe(false);
    expect(existsSync(join(out, 'haftar-moscow-2016.pdf'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('.diwan-test-marker');
    // -o and --css win over the file.
    writeFileSync(join(p, 'other.css'), '.other-marker { color: #654321 }');
    const o = diwan(['build', '-o', 'elsewhere', '--css', 'other.css'], p);
    expect(o.code, o.err).toBe(0);
    const html = readFileSync(join(p, 'elsewhere', 'haftar-moscow-2016', 'index.html'), 'utf8');
    expect(html).toContain('.other-marker');
    expect(html).not.toContain('.diwan-test-marker');
  });
});

describe('diwan init in a project', () => {
  it("writes xml-models that resolve to the project's schemas, and the header defaults of the config", () => {
    const p = newProject();
    editConfig(p, (c) => {
      c.header = {
        lang: 'ar',
        publisher: 'Libyan press archive',
        licence: { text: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
        editors: [
          { name: 'Layla Haddad', ref: 'https://orcid.org/0000-0002-1825-0097' },
          { name: 'Omar Said', resp: 'proofreading' },
        ],
      };
    });
    // From a subfolder of the project: the edition still goes to the project's editions/.
    const sub = join(p, 'registers');
    const r = diwan(['init', join(seedDir, 'source.txt'), '--slug', 'sample'], sub);
    expect(r.code, r.err).toBe(0);
    const file = join(p, 'editions', 'sample', 'sample.xml');
    expect(xmlModelTargets(file)).toEqual([join(p, 'schemas', 'diwan.rng'), join(p, 'schemas', 'diwan.sch')]);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<publisher>Libyan press archive</publisher>');
    expect(xml).toContain('<licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence>');
    expect(xml).toContain('<editor ref="https://orcid.org/0000-0002-1825-0097">Layla Haddad</editor>');
    expect(xml).toMatch(/<respStmt>\s*<resp>proofreading<\/resp>\s*<persName>Omar Said<\/persName>\s*<\/respStmt>/);
    expect(r.err).not.toMatch(/no diwan project here/);
    const v = diwan(['validate', file], p);
    expect(v.out).not.toMatch(/: error:/);
    expect(v.code).toBe(0);
  });

  it('jing and diwan validate the same edition against the same project schema, and agree', async (ctx) => {
    if (!jingAvailable()) {
      if (process.env.CI === 'true') throw new Error('under CI=true: jing is required');
      return ctx.skip('jing is not installed');
    }
    const p = newProject();
    // A deeper editions folder: the hrefs must climb out of it.
    editConfig(p, (c) => {
      c.editions = 'texts/arabic';
    });
    const r = diwan(['init', join(seedDir, 'source.txt'), '--slug', 'haftar-moscow-2016'], p);
    expect(r.code, r.err).toBe(0);
    const file = join(p, 'texts', 'arabic', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
    expect(readFileSync(file, 'utf8')).toContain('href="../../../schemas/diwan.rng"');
    const [rng] = xmlModelTargets(file);
    expect(rng).toBe(join(p, 'schemas', 'diwan.rng'));
    expect((await runJing(rng!, [file])).get(file)).toEqual([]);
    expect(diwan(['validate', file], p).code).toBe(0);
    // An invalid edit: both refuse it, at the same line.
    const bad = readFileSync(file, 'utf8')
      .replace('<p xml:id="p1" n="1">', '<para xml:id="p1" n="1">')
      .replace(/(<para[\s\S]*?)<\/p>/, '$1</para>');
    writeFileSync(file, bad);
    const jing = (await runJing(rng!, [file])).get(file)!;
    expect(jing.length).toBeGreaterThan(0);
    const d = diwan(['validate', file], p);
    expect(d.code).toBe(1);
    expect(d.out).toContain(`${file}:${jing[0]!.line}:`);
  });

  it("outside any project, points at the installed diwan's schemas and says so", () => {
    const dir = tmp();
    const r = diwan(['init', join(seedDir, 'source.txt'), '--slug', 'loose'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/no diwan project here/);
    expect(xmlModelTargets(join(dir, 'editions', 'loose', 'loose.xml'))).toEqual([join(root, 'schemas', 'diwan.rng'), join(root, 'schemas', 'diwan.sch')]);
  });
});

describe("the project's copy of the schema", () => {
  /** Makes the project's copy one that another diwan would have written: other content, another version. */
  function age(p: string, name: string, to = '0.0.1'): void {
    const shipped = readFileSync(join(root, 'schemas', name), 'utf8');
    const other = shipped.replace(/(<title>|<!--)/, `$1 (as in diwan ${to}) `);
    expect(other).not.toBe(shipped);
    writeFileSync(join(p, 'schemas', name), stamped(other, to));
  }

  it("validate warns when it is older than the installed diwan's; upgrade-schema refreshes it", () => {
    const p = newProject();
    const file = initSeed(p);
    age(p, 'diwan.sch');
    const v = diwan(['validate', file], p);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(
      new RegExp(
        `schemas/diwan\\.sch:2:1: warning: the project's schemas/diwan\\.sch is diwan 0\\.0\\.1's schema; the installed diwan \\(${version.replace(/\./g, '\\.')}\\) has a newer one: run "diwan upgrade-schema"`,
      ),
    );
    const j = JSON.parse(diwan(['validate', '--json', file], p).out);
    expect(j.findings.filter((f: { rule: string }) => f.rule === 'schema-version')).toHaveLength(1);

    const u = diwan(['upgrade-schema'], p);
    expect(u.code, u.err).toBe(0);
    expect(u.err).toContain(`schemas/diwan.sch: diwan 0.0.1 -> diwan ${version}`);
    expect(u.err).toContain(`schemas/diwan.rng: already diwan ${version}'s`);
    expect(readFileSync(join(p, 'schemas', 'diwan.sch'), 'utf8').replace(/<!-- diwan-schema [^>]*-->\n/, '')).toBe(
      readFileSync(join(root, 'schemas', 'diwan.sch'), 'utf8'),
    );
    expect(diwan(['validate', file], p).out).not.toMatch(/schema-version|upgrade-schema/);
  });

  it('keeps a copy edited in the project, or a schema diwan did not copy, unless --force', () => {
    const p = newProject();
    const sch = join(p, 'schemas', 'diwan.sch');
    age(p, 'diwan.sch');
    // An edit after diwan copied it: a project rule added by hand.
    writeFileSync(sch, readFileSync(sch, 'utf8').replace('<title>', '<!-- our rule --><title>'));
    const rng = join(p, 'schemas', 'diwan.rng');
    writeFileSync(rng, readFileSync(join(root, 'schemas', 'diwan.rng'), 'utf8')); // no stamp: "our own"
    const u = diwan(['upgrade-schema'], p);
    expect(u.code).toBe(1);
    expect(u.err).toContain(`${sch}:0:0: warning: kept: it was edited since diwan 0.0.1 copied it; --force replaces it`);
    expect(u.err).toContain(`${rng}:0:0: warning: kept: it was not copied by diwan`);
    expect(readFileSync(sch, 'utf8')).toContain('our rule');
    const f = diwan(['upgrade-schema', '--force', '--json'], p);
    expect(f.code).toBe(0);
    expect(JSON.parse(f.out).schemas.map((s: { action: string }) => s.action)).toEqual(['written', 'written']);
    expect(readFileSync(sch, 'utf8')).not.toContain('our rule');
  });

  it('a copy from a newer diwan asks for diwan to be updated', () => {
    const p = newProject();
    const file = initSeed(p);
    age(p, 'diwan.rng', '99.0.0');
    expect(diwan(['validate', file], p).out).toMatch(/schemas\/diwan\.rng comes from diwan 99\.0\.0, newer than the installed diwan .*update diwan/);
  });

  it('is what a document naming no schema is validated against', () => {
    const p = newProject();
    const file = initSeed(p);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/<\?xml-model [^?]*\?>\n/g, ''));
    // A project rule in its copy of the Schematron: it must fire, so the project's copy was used.
    const sch = join(p, 'schemas', 'diwan.sch');
    writeFileSync(
      sch,
      readFileSync(sch, 'utf8')
        .replace('<phase id="strict">', '<phase id="strict"><active pattern="project-rule"/>')
        .replace(
          '</schema>',
          '<pattern id="project-rule"><rule context="tei:TEI"><report test="true()" id="project-rule-fired">the project rule ran</report></rule></pattern></schema>',
        ),
    );
    const v = diwan(['validate', file], p);
    expect(v.out).toContain('the project rule ran');
    expect(v.out).toContain('[schemas/diwan.sch]');
  });
});

describe('reporting: --json, --quiet and a progress bar on a terminal', () => {
  /** A project with two editions: the seed, and a copy whose text no longer reproduces its source. */
  function twoEditions(): string {
    const p = newProject();
    initSeed(p);
    const bad = initSeed(p, 'broken');
    appendFileSync(join(dirname(bad), 'source.txt'), ' and a word the edition does not have');
    return p;
  }

  it('build --json: one JSON object with each edition, its files and findings', () => {
    const p = twoEditions();
    const r = diwan(['build', '--no-pdf', '--json'], p);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.summary).toEqual({ editions: 2, built: 1, upToDate: 0, failed: 1, removed: 0, out: join(p, 'dist') });
    const [broken, seed] = j.editions;
    expect(broken).toMatchObject({ slug: 'broken', ok: false, files: [] });
    expect(broken.findings).toContainEqual(expect.objectContaining({ rule: 'fidelity', severity: 'error', file: join(p, 'editions', 'broken', 'source.txt') }));
    expect(seed).toMatchObject({ slug: 'haftar-moscow-2016', ok: true, out: join(p, 'dist', 'haftar-moscow-2016') });
    expect(seed.files).toContain(join(p, 'dist', 'haftar-moscow-2016', 'index.html'));
    expect(r.err).not.toMatch(/built/);
  });

  it('build --quiet prints the errors only; without it, a line per edition and a summary', () => {
    const p = twoEditions();
    const q = diwan(['build', '--no-pdf', '--quiet'], p);
    expect(q.code).toBe(1);
    expect(q.out).toMatch(/broken\/source\.txt:\d+:\d+: error: the edition's text differs/);
    expect(
      q.out
        .trim()
        .split('\n')
        .every((l) => l.includes(': error: ')),
    ).toBe(true);
    expect(q.err).toBe('');
    const r = diwan(['build', '--no-pdf'], p);
    expect(r.err).toMatch(/^diwan: broken: not built \(its text does not reproduce source.txt\)$/m);
    // The seed was built by the quiet run and has not changed since (the manifest); broken is tried again.
    expect(r.err).toMatch(/^2 editions: 0 built, 1 up to date, 1 not built, into .*dist \(\d+\.\d s\)$/m);
    expect(r.out).toMatch(/broken\/source\.txt:\d+:\d+: error: /);
    // Two CLI builds, each starting citeproc-js's style engines (decision 0012): more than the default 120 s on a loaded machine.
  }, 300_000);

  it('draws a progress bar when standard error is a terminal (a real pseudo-terminal through script(1))', (ctx) => {
    if (spawnSync('script', ['--version']).error) {
      if (process.env.CI === 'true') throw new Error('under CI=true: script(1) is required');
      return ctx.skip('script(1) is not installed');
    }
    const p = twoEditions();
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} build --no-pdf`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      cwd: p,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, COLUMNS: '120', TERM: 'xterm' },
    });
    const screen = r.stdout;
    // The bar with its count, the lines written above it, then the summary.
    expect(screen).toMatch(/building \[[█░]+\] 1\/2 broken/);
    expect(screen).toMatch(/building \[[█░]+\] 2\/2 haftar-moscow-2016/);
    expect(screen).toContain('diwan: broken: not built');
    expect(screen).toMatch(/2 editions: 1 built, 1 not built/);
  });

  it('init --json names the edition and its xml-models; --quiet says nothing', () => {
    const p = newProject();
    const j = JSON.parse(diwan(['init', join(seedDir, 'source.txt'), '--slug', 'a', '--json'], p).out);
    expect(j).toMatchObject({
      edition: join(p, 'editions', 'a', 'a.xml'),
      project: p,
      xmlModels: [{ href: '../../schemas/diwan.rng' }, { href: '../../schemas/diwan.sch' }],
    });
    const q = diwan(['init', join(seedDir, 'source.txt'), '--slug', 'b', '--quiet'], p);
    expect(q.code).toBe(0);
    expect(q.out + q.err).toBe('');
  });
});
