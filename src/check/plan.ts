import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { packageRoot } from '../paths.js';
import { findProjectRoot } from '../project/root.js';
import type { Source } from '../parse/index.js';
import type { Catalog } from './catalog.js';
import { fetchedPath, fetchSchema } from './fetch.js';
import type { Finding } from './finding.js';

export const RELAXNG_NS = 'http://relaxng.org/ns/structure/1.0';
export const ISO_SCHEMATRON_NS = 'http://purl.oclc.org/dsdl/schematron';

/** One schema to apply, and why it applies. */
export interface PlannedSchema {
  path: string;
  kind: 'rng' | 'sch';
  /** --schema/--schematron, the document's xml-model, --tei-all, or diwan's (or the project's) default. */
  origin: 'option' | 'xml-model' | 'tei-all' | 'default';
}

export interface PlanOptions {
  schema?: string;
  schematron?: string;
  teiAll?: string;
  /** Schemas for documents that name none (diwan's own, or the project's); false: none. */
  defaults: { relaxng?: string; schematron?: string } | false;
  catalog: Catalog;
  /** Download schemas named by URL that no catalog maps (never by default). */
  fetch: boolean;
  cacheDir: string;
  /** The project whose files xml-models may name (default: found from the document; null: none). */
  projectRoot?: string | null;
}

/**
 * Which schemas apply to a document:
 * 1. --schema / --schematron, when given, replace the document's own xml-models;
 * 2. otherwise the xml-models, URLs mapped to local copies by the catalog (or fetched with --fetch);
 * 3. --tei-all adds TEI's tei_all grammar (and so its embedded Schematron) to whichever of these apply;
 * 4. the defaults (diwan's schema, or the project's) only when nothing else names a schema.
 * Problems with the document's xml-models become findings (once per distinct problem).
 */
export async function planSchemas(source: Source, opts: PlanOptions, findings: Finding[]): Promise<{ schemas: PlannedSchema[]; missing: boolean }> {
  const out: PlannedSchema[] = [];
  let missing = false;
  const note = (severity: Finding['severity'], message: string, at?: { line?: number; col?: number }) => {
    if (!findings.some((f) => f.rule === 'xml-model' && f.message === message)) {
      findings.push({ file: source.path, line: at?.line ?? 1, col: at?.col ?? 1, severity, rule: 'xml-model', message });
    }
  };
  const add = (path: string, kind: PlannedSchema['kind'], origin: PlannedSchema['origin']) => {
    if (!out.some((s) => s.path === path && s.kind === kind)) out.push({ path, kind, origin });
  };

  if (opts.schema) add(resolve(opts.schema), 'rng', 'option');
  if (opts.schematron) add(resolve(opts.schematron), 'sch', 'option');
  if (!opts.schema && !opts.schematron) {
    for (const model of source.shape.xmlModels) {
      const href = model.href;
      const kind =
        model.schematypens === RELAXNG_NS || (!model.schematypens && /\.rng$/i.test(href))
          ? 'rng'
          : model.schematypens === ISO_SCHEMATRON_NS || (!model.schematypens && /\.sch$/i.test(href))
            ? 'sch'
            : null;
      if (!kind) continue;
      const local = await localSchema(href, source.path, opts, (m) => note('warning', m, model));
      if (local === undefined) continue;
      if (!existsSync(local)) {
        // An edition of diwan's copied out of its repository or project keeps xml-models such as
        // ../../schemas/diwan.rng that now lead nowhere: diwan's own schema of that name is used,
        // and the user is told how to make the edition stand on its own.
        const own = join(packageRoot, 'schemas', basename(local));
        if (/^diwan\.(rng|sch)$/.test(basename(local)) && existsSync(own)) {
          note(
            'warning',
            `xml-model schema ${href} not found (looked for ${local}); using diwan's installed ${basename(local)} instead (a project made with "diwan new" keeps its schemas beside its editions)`,
            model,
          );
          add(own, kind, 'xml-model');
          continue;
        }
        note('error', `xml-model schema ${href} not found (looked for ${local})`, model);
        missing = true;
        continue;
      }
      add(local, kind, 'xml-model');
    }
  }
  if (opts.teiAll) add(resolve(opts.teiAll), 'rng', 'tei-all');
  const named = opts.schema || opts.schematron || opts.teiAll || source.shape.xmlModels.length > 0;
  if (!named && opts.defaults) {
    if (opts.defaults.relaxng) add(opts.defaults.relaxng, 'rng', 'default');
    if (opts.defaults.schematron) add(opts.defaults.schematron, 'sch', 'default');
  }
  return { schemas: out, missing };
}

/**
 * The local file an xml-model href names: relative to the document, a file: URL, or a URL the
 * catalog maps (or --fetch downloads). Undefined (with a note) when it cannot be had locally.
 */
async function localSchema(href: string, doc: string, opts: PlanOptions, note: (m: string) => void): Promise<string | undefined> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^file:/i.test(href)) {
    const mapped = opts.catalog.resolve(href);
    if (mapped) return mapped.path;
    if (opts.fetch) {
      try {
        return await fetchSchema(href, opts.cacheDir);
      } catch (err) {
        note(`xml-model schema ${href}: ${(err as Error).message}`);
        return undefined;
      }
    }
    if (existsSync(fetchedPath(href, opts.cacheDir))) return fetchedPath(href, opts.cacheDir);
    note(
      `xml-model schema ${href} is not fetched (diwan reads no network resources by default); map it to a local copy with --catalog, pass one with --schema/--schematron, or download it once with --fetch`,
    );
    return undefined;
  }
  // A document names local schemas relatively, inside its project (docs/security.md): an
  // absolute path or file: URL (which a catalog did not map) could open any file on the machine.
  const mapped = opts.catalog.resolve(href);
  if (mapped) return mapped.path;
  if (/^file:/i.test(href) || isAbsolute(href) || /^[a-z]:[\\/]/i.test(href)) {
    note(
      `xml-model schema ${href} is refused: a document may name a local schema only by a relative path inside its project (or its URL mapped by a catalog); pass it with --schema/--schematron to use it`,
    );
    return undefined;
  }
  const path = resolve(dirname(doc), href);
  const refusal = outsideReason(path, doc, opts.projectRoot);
  if (refusal) {
    note(`xml-model schema ${href} is refused: ${refusal}; pass it with --schema/--schematron to use it`);
    return undefined;
  }
  return path;
}

/**
 * Where a relative xml-model may lead. Inside a project: anywhere in the project, or diwan's own
 * installed schemas. Outside one (a loose document, a corpus checked out from elsewhere): any
 * file named like a schema (.rng, .sch, .xml), as jing and oXygen follow them, but never a file of
 * another kind, so `../../../../etc/passwd` is not opened.
 */
function outsideReason(path: string, doc: string, projectRoot: string | null | undefined): string | null {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const target = real(path);
  if (within(target, real(join(packageRoot, 'schemas')))) return null;
  const root = projectRoot === undefined ? findProjectRoot(dirname(doc)) : projectRoot;
  if (root) return within(target, real(root)) ? null : `it leads outside the document's project (${root})`;
  return /\.(rng|sch|xml)$/i.test(target) ? null : 'it does not name a RELAX NG (.rng) or Schematron (.sch) file';
}

/** `path` is `dir` or lies inside it. */
export function within(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
