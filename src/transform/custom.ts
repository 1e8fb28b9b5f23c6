import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { XMLParser } from 'fast-xml-parser';
import { defaultCacheDir, markUsed, pruneCache } from '../cache.js';
import type { CompiledStylesheet } from './saxon.js';

const require = createRequire(import.meta.url);

/** A project stylesheet that does not compile: where (file:line:col, as xslt3 says) and why. */
export class StylesheetCompileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
    this.name = 'StylesheetCompileError';
  }
  override toString(): string {
    return `${this.file}:${this.line}:${this.col}: error: ${this.message}`;
  }
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: false });

/** The files a project's customisation is made of: each stylesheet with every module it imports, then the CSS. */
export function customisationFiles(c: { xslt?: string; 'text-xslt'?: string; css?: string }): { kind: 'xslt' | 'text-xslt' | 'css'; file: string }[] {
  const files: { kind: 'xslt' | 'text-xslt' | 'css'; file: string }[] = [];
  for (const kind of ['xslt', 'text-xslt'] as const) {
    const entry = c[kind];
    if (entry) for (const file of stylesheetModules(entry)) files.push({ kind, file });
  }
  if (c.css) files.push({ kind: 'css', file: resolve(c.css) });
  return files;
}

/** The stylesheet and every module it imports or includes, transitively (local files only). */
export function stylesheetModules(entry: string, seen = new Set<string>()): string[] {
  const abs = resolve(entry);
  if (seen.has(abs)) return [];
  seen.add(abs);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new StylesheetCompileError(abs, 0, 0, 'cannot be read; expected an XSLT stylesheet');
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new StylesheetCompileError(abs, 0, 0, `is not well-formed XML: ${(err as Error).message}`);
  }
  const top = (doc.stylesheet ?? doc.transform ?? {}) as Record<string, unknown>;
  const out = [abs];
  for (const kind of ['import', 'include']) {
    const list = ([] as unknown[]).concat(top[kind] ?? []) as Record<string, string>[];
    for (const m of list) {
      const href = m['@href'];
      if (!href || (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^file:/i.test(href))) continue;
      const file = /^file:/i.test(href) ? fileURLToPath(href) : resolve(dirname(abs), href);
      out.push(...stylesheetModules(file, seen));
    }
  }
  return out;
}

function xslt3(): { script: string; version: string } {
  const pkg = require.resolve('xslt3/package.json');
  return { script: join(dirname(pkg), 'xslt3.js'), version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version };
}

const memory = new Map<string, CompiledStylesheet>();

/**
 * Compiles a project's own stylesheet (one that imports diwan's html.xsl or text.xsl and
 * overrides templates, hooks, maps or parameters) to SEF with the xslt3 package, as diwan's own
 * stylesheets are compiled at build time. The result is cached in diwan's cache folder, keyed by
 * the content of the stylesheet and of every module it imports, so an edit to any of them
 * recompiles and nothing else does.
 */
export async function compileStylesheet(path: string, opts: { cacheDir?: string } = {}): Promise<CompiledStylesheet> {
  const modules = stylesheetModules(path);
  const tool = xslt3();
  const hash = createHash('sha256').update(tool.version);
  for (const m of modules) hash.update('\0').update(m).update('\0').update(readFileSync(m));
  const key = hash.digest('hex').slice(0, 32);
  const hit = memory.get(key);
  if (hit) return hit;
  const dir = join(opts.cacheDir ?? defaultCacheDir(), 'xslt');
  const sef = join(dir, `${key}.sef.json`);
  if (!existsSync(sef)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${sef}.${process.pid}-${threadId}.tmp`;
    await new Promise<void>((done, fail) => {
      execFile(
        process.execPath,
        [tool.script, `-xsl:${resolve(path)}`, `-export:${tmp}`, '-nogo', '-relocate:on', '-ns:##html5'],
        { maxBuffer: 1 << 24 },
        (err, _stdout, stderr) => {
          if (!err) return done();
          fail(compileError(resolve(path), stderr || String(err.message)));
        },
      );
    });
    renameSync(tmp, sef);
    pruneCache(dir);
  } else markUsed(sef);
  const compiled: CompiledStylesheet = { sef: JSON.parse(readFileSync(sef, 'utf8')), name: resolve(path) };
  memory.set(key, compiled);
  return compiled;
}

/** xslt3's "Error XTSE0010 on line 2 in my.xsl:\n  message" as file:line:col and a sentence. */
function compileError(entry: string, stderr: string): StylesheetCompileError {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Failed to compile stylesheet/.test(l));
  const head = lines[0] ?? 'the stylesheet does not compile';
  const where = /on line (\d+)(?: column (\d+))?(?: (?:in|of) (.+?):?$)?/.exec(head);
  const inner = /at line (\d+) column (\d+)/.exec(lines.join(' '));
  const file = where?.[3] ? resolve('/', where[3].replace(/^\/?/, '')) : entry;
  const message =
    lines
      .slice(where ? 1 : 0)
      .join(' ')
      .replace(/\s+/g, ' ') || head;
  return new StylesheetCompileError(
    existsSync(file) ? file : entry,
    Number(where?.[1] ?? inner?.[1] ?? 0),
    Number(where?.[2] ?? inner?.[2] ?? 0),
    `the stylesheet does not compile: ${message}`,
  );
}
