import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { salve, SALVE_VERSION, type Grammar } from './salve.js';

/** A compiled RELAX NG schema, ready to validate any number of documents. */
export interface RelaxNGSchema {
  /** Absolute path of the main schema file. */
  path: string;
  grammar: Grammar;
  /** Expanded names ("{uri}local") of attributes typed xsd:ID / IDREF / IDREFS. */
  idAttributes: Set<string>;
  idrefAttributes: Set<string>;
  idrefsAttributes: Set<string>;
  /** Expanded names of every element the schema defines anywhere. */
  elementNames: Set<string>;
  /** How this schema was obtained, for benchmarks and debugging. */
  origin: 'memory' | 'disk-cache' | 'compiled';
  /** The other files it was compiled from (included or referenced), absolute. */
  included: string[];
}

/** Bump when the cached entry's shape or its derivation changes. */
const CACHE_FORMAT = 3;

interface CacheEntry {
  format: number;
  salve: string;
  /**
   * Every file read while compiling, main schema first, with its sha256; paths relative to the
   * main schema's folder, so that a copy of the same schema elsewhere (another project's
   * schemas/, a moved checkout) finds the entry and checks its own included files.
   */
  deps: { path: string; sha256: string }[];
  idAttributes: string[];
  idrefAttributes: string[];
  idrefsAttributes: string[];
  elementNames: string[];
  tree: unknown;
}

import { defaultCacheDir, markUsed, pruneCache, stampOf } from '../../cache.js';

/** Schemas compiled in this process, each with the files it was read from and their stamp (src/cache.ts). */
const inProcess = new Map<string, { schema: Promise<RelaxNGSchema>; files: string[]; stamp: string }>();

export { defaultCacheDir } from '../../cache.js';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Compile a RELAX NG schema (XML syntax) once per process and once per
 * content on disk: compiling tei_all takes seconds, reading the cached
 * simplified tree a fraction of that.
 */
export function loadSchema(rngPath: string, opts: { cacheDir?: string } = {}): Promise<RelaxNGSchema> {
  const abs = path.resolve(rngPath);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const key = `${abs}\0${cacheDir}`;
  const kept = inProcess.get(key);
  // A schema edited since it was compiled (a watcher's build) is compiled again.
  if (kept && stampOf(kept.files) === kept.stamp) return kept.schema;
  // Stamped before it is read: a change while it compiles makes the next call read it again.
  const record = { files: [abs], stamp: stampOf([abs]), schema: undefined as unknown as Promise<RelaxNGSchema> };
  record.schema = load(abs, cacheDir);
  // Runs before any caller's own continuation (registered first): the included files are stamped
  // once they are known.
  record.schema.then(
    (s) => {
      record.files = [abs, ...s.included];
      record.stamp = `${record.stamp}|${stampOf(s.included)}`;
    },
    () => {},
  );
  inProcess.set(key, record);
  // A failed compile must not poison later attempts (the file may be fixed).
  record.schema.catch(() => inProcess.delete(key));
  return record.schema;
}

/** Forget schemas compiled in this process (tests, long-running watchers). */
export function clearSchemaMemory(): void {
  inProcess.clear();
}

/** Loads a schema from the disk cache, else compiles it. */
async function load(abs: string, cacheDir: string): Promise<RelaxNGSchema> {
  const mainText = await readFile(abs);
  // Keyed by content, not by path: the same schema in many places is compiled once.
  const mainSha = sha256(mainText);
  const entryFile = path.join(cacheDir, `rng-${sha256(`${CACHE_FORMAT}\0${SALVE_VERSION}\0${mainSha}\0`)}.json`);
  const cached = readCacheEntry(entryFile, abs, mainSha);
  if (cached) {
    markUsed(entryFile);
    return fromEntry(abs, cached, 'disk-cache');
  }
  const entry = await compile(abs);
  writeCacheEntry(cacheDir, entryFile, entry);
  pruneCache(cacheDir);
  return fromEntry(abs, entry, 'compiled');
}

function fromEntry(abs: string, e: CacheEntry, origin: RelaxNGSchema['origin']): RelaxNGSchema {
  return {
    path: abs,
    grammar: salve.readTreeFromJSON(e.tree as never),
    idAttributes: new Set(e.idAttributes),
    idrefAttributes: new Set(e.idrefAttributes),
    idrefsAttributes: new Set(e.idrefsAttributes),
    elementNames: new Set(e.elementNames),
    origin,
    included: e.deps.slice(1).map((d) => path.resolve(path.dirname(abs), d.path)),
  };
}

function readCacheEntry(file: string, abs: string, mainSha: string): CacheEntry | undefined {
  let e: CacheEntry;
  try {
    e = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  if (e.format !== CACHE_FORMAT || e.salve !== SALVE_VERSION || e.deps[0]?.sha256 !== mainSha) return undefined;
  for (const dep of e.deps.slice(1)) {
    try {
      if (sha256(readFileSync(path.resolve(path.dirname(abs), dep.path))) !== dep.sha256) return undefined;
    } catch {
      return undefined;
    }
  }
  return e;
}

function writeCacheEntry(dir: string, file: string, e: CacheEntry): void {
  // A read-only checkout or CI cache must not turn into a validation failure.
  try {
    mkdirSync(dir, { recursive: true });
    // Unique per process and thread: the workers of a corpus build may compile the same schema at once.
    const tmp = `${file}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, JSON.stringify(e));
    renameSync(tmp, file);
  } catch {
    /* cache is an optimisation only */
  }
}

/** Reads schema files from disk only: a schema must never make diwan fetch from the network. */
function fileOnlyLoader(seen: Map<string, Buffer>) {
  return {
    async load(url: URL) {
      if (url.protocol !== 'file:') {
        throw new Error(`refusing to load ${url.href}: only local schema files are read`);
      }
      const p = fileURLToPath(url);
      const buf = await readFile(p);
      if (!seen.has(p)) seen.set(p, buf);
      const text = buf.toString('utf8');
      return { url, getText: async () => text };
    },
  };
}

async function compile(abs: string): Promise<CacheEntry> {
  const seen = new Map<string, Buffer>();
  const result = await salve.convertRNGToPattern(pathToFileURL(abs), {
    createManifest: false,
    idCheck: false,
    resourceLoader: fileOnlyLoader(seen),
  } as never);
  const deps = [...seen].map(([p, buf]) => ({ path: p, sha256: sha256(buf) }));
  // Main schema first: the cache lookup checks it before anything else.
  deps.sort((a, b) => (a.path === abs ? -1 : b.path === abs ? 1 : 0));
  for (const d of deps) d.path = path.relative(path.dirname(abs), d.path);
  // salve writes raw control characters (a newline inside <value>) into JSON
  // strings; its output has no whitespace between tokens, so escaping every
  // control character is exact.
  const json = salve.writeTreeToJSON(result.simplified, 3).replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const tree = JSON.parse(json) as unknown;
  const info = scanSimplified(result.simplified as unknown as SimpleEl);
  return { format: CACHE_FORMAT, salve: SALVE_VERSION, deps, tree, ...info };
}

interface SimpleEl {
  kind: 'element';
  local: string;
  children: (SimpleEl | { kind: 'text'; text: string })[];
  getAttribute(name: string): string | undefined;
}

function elChildren(e: SimpleEl): SimpleEl[] {
  return e.children.filter((c): c is SimpleEl => c.kind === 'element');
}

function namesOf(nameClass: SimpleEl): string[] {
  if (nameClass.local === 'name') {
    const text = nameClass.children.map((c) => (c.kind === 'text' ? c.text : '')).join('');
    return [`{${nameClass.getAttribute('ns') ?? ''}}${text.trim()}`];
  }
  if (nameClass.local === 'choice') return elChildren(nameClass).flatMap(namesOf);
  return [];
}

/**
 * The simplified schema tells which attributes are typed ID/IDREF(S) (salve's
 * own ID check gives no locations) and which element names exist at all
 * ("not allowed anywhere" vs "not allowed here").
 */
function scanSimplified(root: SimpleEl) {
  const ids = new Set<string>();
  const idrefs = new Set<string>();
  const idrefss = new Set<string>();
  const elements = new Set<string>();
  const visit = (e: SimpleEl): void => {
    const kids = elChildren(e);
    if ((e.local === 'attribute' || e.local === 'element') && kids[0]) {
      const names = namesOf(kids[0]);
      if (e.local === 'element') for (const n of names) elements.add(n);
      else {
        const data = kids[1];
        if (data?.local === 'data') {
          const type = data.getAttribute('type');
          const target = type === 'ID' ? ids : type === 'IDREF' ? idrefs : type === 'IDREFS' ? idrefss : undefined;
          for (const n of names) target?.add(n);
        }
      }
    }
    kids.forEach(visit);
  };
  visit(root);
  return {
    idAttributes: [...ids],
    idrefAttributes: [...idrefs],
    idrefsAttributes: [...idrefss],
    elementNames: [...elements],
  };
}
