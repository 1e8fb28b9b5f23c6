import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, relative } from 'node:path';
import { defaultCacheDir } from '../cache.js';
import { findTeiAll } from '../check/validate.js';
import { discoverEditions } from '../edition/discover.js';
import { packageRoot } from '../paths.js';
import { findBrowser } from '../print/browser.js';
import { AMIRI, HEBREW, NASKH, SERIF, SYMBOLS, SYRIAC } from '../print/fonts.js';
import { ConfigError } from '../project/errors.js';
import { loadProject, type Project } from '../project/load.js';
import { diwanVersion, schemaStatus } from '../project/schemas.js';

const require = createRequire(import.meta.url);

/** ok: works; missing: not installed (optional unless `required`); warning: works, with a caveat; error: broken. */
export type CheckStatus = 'ok' | 'missing' | 'warning' | 'error';

export interface Check {
  id: string;
  status: CheckStatus;
  /** What was found: a version, a path, a count. */
  found: string;
  /** What it enables in diwan. */
  enables: string;
  /** One line saying what to do, for anything not ok. */
  advice?: string;
  required: boolean;
}

export interface DoctorReport {
  diwan: { version: string; root: string };
  node: string;
  checks: Check[];
  project: { root: string; configFile: string; checks: Check[] } | null;
  /** False when something diwan needs is broken (the command exits 1). */
  ok: boolean;
}

/** A command's first line of output (stdout or stderr), or null when it cannot run; never a shell. */
function versionOf(cmd: string, args: string[], pattern: RegExp): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 15_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const text = `${stdout ?? ''}\n${stderr ?? ''}`;
      const m = pattern.exec(text);
      if (m) resolve(m[1] ?? m[0]);
      else resolve(err ? null : (text.trim().split('\n')[0] ?? null));
    });
  });
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'not found';
  }
}

/** What is installed and what it enables, and the project's configuration and schemas. */
export async function runDoctor(dir: string = process.cwd()): Promise<DoctorReport> {
  const checks: Check[] = [];
  const node = process.versions.node;
  const major = Number(node.split('.')[0]);
  checks.push({
    id: 'node',
    status: major >= 20 ? 'ok' : 'error',
    found: `Node.js ${node}`,
    enables: 'diwan itself (Node.js 20 or newer)',
    advice: major >= 20 ? undefined : 'install Node.js 20 or newer (https://nodejs.org/)',
    required: true,
  });

  const sefs = ['html', 'text', 'metadata'].filter((n) => !existsSync(join(packageRoot, 'lib', 'xslt', `${n}.sef.json`)));
  checks.push({
    id: 'stylesheets',
    status: sefs.length === 0 ? 'ok' : 'error',
    found: sefs.length === 0 ? `compiled (SaxonJS ${packageVersion('saxon-js')})` : `missing: ${sefs.join(', ')}`,
    enables: 'the HTML and text editions and the metadata record',
    advice: sefs.length === 0 ? undefined : 'reinstall diwan (npm install diwan); in a checkout: npm run build',
    required: true,
  });
  const schemas = ['diwan.rng', 'diwan.sch'].filter((n) => !existsSync(join(packageRoot, 'schemas', n)));
  checks.push({
    id: 'schemas',
    status: schemas.length === 0 ? 'ok' : 'error',
    found:
      schemas.length === 0
        ? `diwan.rng, diwan.sch (RELAX NG with salve-annos ${packageVersion('salve-annos')}, Schematron on SaxonJS)`
        : `missing: ${schemas.join(', ')}`,
    enables: 'validation',
    advice: schemas.length === 0 ? undefined : 'reinstall diwan (npm install diwan)',
    required: true,
  });

  const browser = findBrowser();
  const browserVersion = browser ? await versionOf(browser, ['--version'], /((?:Chromium|Google Chrome|Chrome)[^\n]*?\d+(?:\.\d+)+)/) : null;
  checks.push({
    id: 'chromium',
    status: browser && browserVersion ? 'ok' : 'missing',
    found: browser ? `${browserVersion ?? 'does not run'} (${browser})` : 'none',
    enables: 'the print edition (PDF)',
    advice:
      browser && browserVersion
        ? undefined
        : process.env.CHROME_PATH
          ? `CHROME_PATH=${process.env.CHROME_PATH} is not a working browser; point it at Chromium or Chrome`
          : 'install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROME_PATH; HTML and text editions work without it',
    required: false,
  });

  const fonts = [AMIRI, SERIF, NASKH, HEBREW, SYRIAC, SYMBOLS].filter((f) => packageVersion(f.pkg) === 'not found').map((f) => f.pkg);
  checks.push({
    id: 'fonts',
    status: fonts.length === 0 ? 'ok' : 'error',
    found: fonts.length === 0 ? 'Amiri, Noto Serif, Noto Naskh Arabic, Noto Serif Hebrew, Noto Sans Syriac (@fontsource)' : `missing: ${fonts.join(', ')}`,
    enables: 'fonts embedded in the PDF (Arabic, Latin, Hebrew, Syriac)',
    advice: fonts.length === 0 ? undefined : 'reinstall diwan (npm install diwan): its font packages are missing',
    required: browser !== null,
  });

  const java = onPath('java');
  const javaVersion = java ? await versionOf(java, ['-version'], /version "([^"]+)"/) : null;
  checks.push({
    id: 'java',
    status: javaVersion ? 'ok' : 'missing',
    found: javaVersion ? `Java ${javaVersion} (${java})` : 'none',
    enables: 'optional: jing (below) and other Java XML tools; diwan itself needs no Java',
    advice: javaVersion ? undefined : 'optional: apt-get install default-jre-headless',
    required: false,
  });
  const jing = onPath('jing');
  const jingVersion = jing && javaVersion ? await versionOf(jing, [], /Jing version (\S+)/) : null;
  checks.push({
    id: 'jing',
    status: jingVersion ? 'ok' : 'missing',
    found: jingVersion ? `Jing ${jingVersion} (${jing})` : 'none',
    enables: 'optional: a second validator for the same schemas (jing schemas/diwan.rng FILE), as oXygen uses',
    advice: jingVersion ? undefined : 'optional: apt-get install jing',
    required: false,
  });
  const teiAll = findTeiAll();
  checks.push({
    id: 'tei-all',
    status: teiAll ? 'ok' : 'missing',
    found: teiAll ?? 'none',
    enables: "optional: validate --tei-all (conformance to TEI's tei_all)",
    advice: teiAll
      ? undefined
      : 'optional: download tei_all.rng (https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng) and set DIWAN_TEI_ALL to its path',
    required: false,
  });

  const cache = defaultCacheDir();
  let writable = true;
  try {
    mkdirSync(cache, { recursive: true });
    accessSync(cache, constants.W_OK);
  } catch {
    writable = false;
  }
  checks.push({
    id: 'cache',
    status: writable ? 'ok' : 'warning',
    found: cache,
    enables: "compiled schemas and stylesheets kept between runs; Chromium's profile",
    advice: writable
      ? undefined
      : 'the cache folder is not writable: set XDG_CACHE_HOME to a folder you can write (validation still works, more slowly; PDFs need it)',
    required: false,
  });

  let project: DoctorReport['project'] = null;
  let projectOk = true;
  try {
    const p = loadProject(dir);
    if (p) project = { root: p.root, configFile: p.configFile, checks: projectChecks(p) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const file = err.problems[0]?.file ?? '';
    projectOk = false;
    project = {
      root: file ? join(file, '..') : dir,
      configFile: file,
      checks: [
        {
          id: 'config',
          status: 'error',
          found: err.toString(),
          enables: "the project's settings",
          advice: 'fix the keys named above (docs/projects.md lists them)',
          required: true,
        },
      ],
    };
  }
  const all = [...checks, ...(project?.checks ?? [])];
  return {
    diwan: { version: diwanVersion(), root: packageRoot },
    node,
    checks,
    project,
    ok: projectOk && !all.some((c) => c.required && (c.status === 'error' || c.status === 'missing')),
  };
}

function projectChecks(p: Project): Check[] {
  const out: Check[] = [];
  const rel = (f: string) => relative(p.root, f) || '.';
  out.push({ id: 'config', status: 'ok', found: rel(p.configFile), enables: "the project's settings", required: true });
  for (const s of schemaStatus(p)) {
    const name = `schemas/${s.name}`;
    const by: Record<typeof s.state, Omit<Check, 'id' | 'enables' | 'required'>> = {
      current: { status: 'ok', found: `${name}: diwan ${s.version}'s${s.edited ? ', edited in the project' : ''}` },
      older: {
        status: 'warning',
        found: `${name}: diwan ${s.version}'s, not the installed diwan ${s.installed}'s`,
        advice: `run "diwan upgrade-schema"${s.edited ? ' (it was edited here: --force replaces the edits)' : ''}`,
      },
      newer: {
        status: 'warning',
        found: `${name}: from diwan ${s.version}, newer than the installed ${s.installed}`,
        advice: 'update diwan: npm install diwan@latest',
      },
      own: { status: 'ok', found: `${name}: the project's own (no diwan version stamp)` },
      missing: { status: 'missing', found: `${name}: none`, advice: 'run "diwan upgrade-schema" to copy diwan\'s schemas into the project' },
    };
    out.push({ id: 'schema', ...by[s.state], enables: "the schema the project's editions name", required: false });
  }
  const editions = existsSync(p.editions) ? discoverEditions(p.editions).length : -1;
  out.push({
    id: 'editions',
    status: editions >= 0 ? 'ok' : 'missing',
    found: editions >= 0 ? `${editions} edition${editions === 1 ? '' : 's'} in ${rel(p.editions)}` : `${rel(p.editions)}: no such folder`,
    enables: 'build, serve --watch',
    advice: editions >= 0 ? undefined : `make the folder, or set "editions" in ${rel(p.configFile)}`,
    required: false,
  });
  for (const r of p.registers) {
    out.push({
      id: 'register',
      status: existsSync(r) ? 'ok' : 'missing',
      found: existsSync(r) ? rel(r) : `${rel(r)}: no such file`,
      enables: "the project's register (diwan encode reads it)",
      advice: existsSync(r) ? undefined : `create it, or remove it from "registers" in ${rel(p.configFile)}`,
      required: false,
    });
  }
  for (const [key, file] of Object.entries(p.customise)) {
    if (!file) continue;
    out.push({
      id: 'customise',
      status: existsSync(file) ? 'ok' : 'error',
      found: existsSync(file) ? rel(file) : `${rel(file)}: no such file`,
      enables: "the project's customisation of the editions",
      advice: existsSync(file) ? undefined : `create it, or remove "customise.${key}" from ${rel(p.configFile)}`,
      required: true,
    });
  }
  return out;
}
