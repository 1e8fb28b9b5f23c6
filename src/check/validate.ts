import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { markUsed, pruneCache, stampOf } from '../cache.js';
import { join, resolve } from 'node:path';
import { InputError, readSource, type ReadOptions, type Source } from '../parse/index.js';
import { packageRoot } from '../paths.js';
import { Catalog, envCatalogFiles, readCatalog, teiCatalog } from './catalog.js';
import type { Finding } from './finding.js';
import { prefixExpansions } from '../tei/pointers.js';
import { characterFindings } from './characters.js';
import { planSchemas, type PlannedSchema } from './plan.js';
import { defaultCacheDir, loadSchema, validateRelaxNG, type RelaxNGSchema } from './relaxng/index.js';
import { compileSchematron, extractSchematron, runSchematron, SchematronSchemaError, type CompiledSchematron, type Trust } from './schematron/index.js';
import { citabilityOf } from '../cite/index.js';
import { TEI_NS } from '../xdm/node.js';

export { RELAXNG_NS, ISO_SCHEMATRON_NS } from './plan.js';

/** diwan's own customisation, used when neither an option nor the document names a schema. */
export const DIWAN_RNG = join(packageRoot, 'schemas', 'diwan.rng');
export const DIWAN_SCH = join(packageRoot, 'schemas', 'diwan.sch');

export interface ValidateOptions extends ReadOptions {
  /** RELAX NG schema (XML syntax) to use instead of the document's xml-model. */
  schema?: string;
  /** ISO Schematron schema to use instead of the document's xml-model. */
  schematron?: string;
  /** Also check conformance to TEI's tei_all (path to tei_all.rng): its grammar and embedded Schematron. */
  teiAll?: string;
  phase?: string;
  cacheDir?: string;
  /** OASIS XML catalogs mapping schema URLs to local files (added to $XML_CATALOG_FILES and TEI's addresses). */
  catalogs?: string[];
  /** Download schemas named by URL that no catalog maps, into the cache (never by default). */
  fetch?: boolean;
  /** Schemas for documents that name none; default diwan's own; false: none. */
  defaults?: { relaxng?: string; schematron?: string } | false;
  /** Language of Schematron messages when a schema has several (default: en). */
  lang?: string;
}

/**
 * valid: every schema applied and no error; invalid: errors in the document; unchecked: no schema
 * could be applied, so nothing but well-formedness was checked (never to be read as valid);
 * error: the file or a schema could not be read or compiled.
 */
export type ReportStatus = 'valid' | 'invalid' | 'unchecked' | 'error';

export interface FileReport {
  file: string;
  findings: Finding[];
  /** Which schemas were applied, for the reader of the report. */
  schemas: string[];
  /**
   * Every schema file that was read to check it: the applied schemas and the files they include,
   * absolute (a build records their hashes: an edited include makes the edition stale).
   */
  dependencies: string[];
  status: ReportStatus;
  /** The file could not be read at all (exit code 2, not 1). */
  ioError: boolean;
  source?: Source;
}

/**
 * Runs every check on one file: well-formedness and safety (parse stage), RELAX NG,
 * Schematron (standalone and embedded in the RELAX NG). Never throws for a bad document:
 * problems become findings, each naming the schema it comes from.
 */
export class Validator {
  /** Compiled Schematron by schema, with the files it was read from and their stamp then (src/cache.ts). */
  private readonly schematrons = new Map<string, { value: CompiledSchematron | Finding; files: string[]; stamp: string }>();
  private catalog: Catalog | undefined;

  constructor(private readonly options: ValidateOptions = {}) {}

  private getCatalog(): Catalog {
    if (!this.catalog) {
      const files = [...(this.options.catalogs ?? []), ...envCatalogFiles()];
      this.catalog = new Catalog(files.flatMap((f) => readCatalog(f))).with(teiCatalog(findTeiAll(this.options.teiAll)));
    }
    return this.catalog;
  }

  /** Validates a file (read and parsed here) or a Source the parse stage already made. */
  async validate(input: string | Source): Promise<FileReport> {
    let source: Source;
    if (typeof input !== 'string') source = input;
    else {
      try {
        source = readSource(input, this.options);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const io = err.kind === 'io';
        return { file: input, findings: [inputFinding(err)], schemas: [], dependencies: [], status: io ? 'error' : 'invalid', ioError: io };
      }
    }
    const file = source.path;
    // Pointers that do not fit their prefixDef's pattern, found in linear time (src/tei/pointers.ts).
    const findings: Finding[] = [...source.notes, ...prefixExpansions(source).findings, ...characterFindings(source)];
    const { schemas, missing } = await planSchemas(
      source,
      {
        schema: this.options.schema,
        schematron: this.options.schematron,
        teiAll: this.options.teiAll,
        defaults: this.options.defaults === undefined ? { relaxng: DIWAN_RNG, schematron: DIWAN_SCH } : this.options.defaults,
        catalog: this.getCatalog(),
        fetch: this.options.fetch ?? false,
        cacheDir: this.options.cacheDir ?? defaultCacheDir(),
      },
      findings,
    );
    let schemaError = missing;
    let applied = 0;
    const from = (schema: string, list: Finding[]) => list.map((f) => ({ ...f, schema }));
    // A schema the document names is its author's code: its Schematron runs sandboxed.
    const trustOf = (s: PlannedSchema): Trust => (s.origin === 'xml-model' ? 'sandboxed' : 'trusted');
    const read = new Set<string>();
    const rngSchemas = schemas.filter((s) => s.kind === 'rng');
    const rngs = rngSchemas.map((s) => s.path);
    for (const planned of rngSchemas) {
      const rng = planned.path;
      let schema: RelaxNGSchema;
      try {
        schema = await loadSchema(rng, { cacheDir: this.options.cacheDir });
      } catch (err) {
        findings.push({ ...schemaProblem(file, rng, err), schema: rng });
        schemaError = true;
        continue;
      }
      applied++;
      for (const f of [schema.path, ...schema.included]) read.add(f);
      findings.push(...from(rng, validateRelaxNG(schema, source)));
      const embedded = this.schematron(rng, true, trustOf(planned));
      if (embedded && !('severity' in embedded)) findings.push(...from(`${rng}#schematron`, runSchematron(embedded, source)));
      else if (embedded) {
        findings.push({ ...embedded, file, schema: `${rng}#schematron` });
        schemaError = true;
      }
    }
    for (const planned of schemas.filter((s) => s.kind === 'sch')) {
      const sch = planned.path;
      // An xml-model may name a RELAX NG file as Schematron (TEI ODD output does): that means the
      // Schematron embedded in it, already run above when the same file is also the grammar.
      const inRng = /\.rng$/i.test(sch);
      if (inRng && rngs.includes(sch)) continue;
      const compiled = this.schematron(sch, inRng, trustOf(planned));
      if (!compiled) continue;
      if ('severity' in compiled) {
        findings.push({ ...compiled, file, schema: sch });
        schemaError = true;
      } else {
        applied++;
        for (const f of [sch, ...compiled.included]) read.add(f);
        findings.push(...from(inRng ? `${sch}#schematron` : sch, runSchematron(compiled, source)));
      }
    }
    if (applied === 0 && !schemaError) {
      findings.push({
        file,
        line: 0,
        col: 0,
        severity: 'error',
        rule: 'no-schema',
        message:
          'not validated: no schema could be applied, so only safety and well-formedness were checked; pass --schema, --schematron or --tei-all, or map the xml-model URL with --catalog',
      });
    }
    // Units that cannot be cited stably (src/cite): warnings, whatever the schemas say.
    if (source.shape.root.uri === TEI_NS) findings.push(...citabilityOf(source).findings);
    findings.sort((a, b) => a.line - b.line || a.col - b.col);
    // Errors the applied schemas found make the document invalid, even when another schema it
    // names could not be used (that problem is one of its findings): never "could not be checked"
    // for a document shown to be invalid.
    const documentErrors = findings.some((f) => f.severity === 'error' && !NOT_DOCUMENT_RULES.has(f.rule));
    const status: ReportStatus =
      schemaError && !documentErrors ? 'error' : applied === 0 ? 'unchecked' : findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid';
    return { file, findings, schemas: schemas.map((s) => s.path), dependencies: [...read], status, ioError: false, source };
  }

  /**
   * The Schematron embedded in a RELAX NG schema. Reading it out of tei_all means parsing 1 MB
   * of RNG, so the result is cached beside the compiled grammars, keyed by the RNG's content.
   */
  private embeddedSchematron(rngText: string): string | null {
    const dir = this.options.cacheDir ?? defaultCacheDir();
    const file = join(dir, `embedded-sch-${createHash('sha256').update(rngText).digest('hex').slice(0, 32)}.json`);
    try {
      const kept = (JSON.parse(readFileSync(file, 'utf8')) as CachedExtraction).schematron;
      markUsed(file);
      return kept;
    } catch {
      // not cached yet, or unreadable: extract
    }
    const schematron = extractSchematron(rngText);
    try {
      mkdirSync(dir, { recursive: true });
      // Written whole, then renamed: a parallel run never reads half an entry.
      const tmp = `${file}.${process.pid}-${threadId}.tmp`;
      writeFileSync(tmp, JSON.stringify({ schematron } satisfies CachedExtraction));
      renameSync(tmp, file);
      pruneCache(dir);
    } catch {
      // an unwritable cache only costs time
    }
    return schematron;
  }

  /** A compiled Schematron (standalone, or embedded in an RNG), compiled once per run. */
  private schematron(path: string, embedded: boolean, trust: Trust): CompiledSchematron | Finding | null {
    const key = `${embedded ? 'rng' : 'sch'}:${trust}:${path}`;
    const kept = this.schematrons.get(key);
    // Compiled again when one of its files changed since (a long-running watcher's builds).
    if (!kept || stampOf(kept.files) !== kept.stamp) {
      // Stamped before it is read: a change while it compiles is seen next time.
      const stamp = stampOf([path]);
      let value: CompiledSchematron | Finding | null;
      try {
        const text = readFileSync(path, 'utf8');
        const sch = embedded ? this.embeddedSchematron(text) : text;
        value = sch === null ? null : compileSchematron(sch, { path, phase: this.options.phase, trust, lang: this.options.lang });
      } catch (err) {
        value = schemaProblem('', path, err);
      }
      if (value === null) return null;
      const included = 'severity' in value ? [] : value.included;
      this.schematrons.set(key, { value, files: [path, ...included], stamp: included.length ? `${stamp}|${stampOf(included)}` : stamp });
    }
    return this.schematrons.get(key)!.value;
  }
}

/** Findings about the schemas rather than the document. */
const NOT_DOCUMENT_RULES = new Set(['schema', 'xml-model', 'no-schema']);

/** A refusal of the parse stage as a finding. */
export function inputFinding(err: InputError): Finding {
  return { file: err.file, line: err.line, col: err.col, severity: 'error', rule: err.kind === 'io' ? 'io' : err.kind, message: err.message };
}

export interface CachedExtraction {
  schematron: string | null;
}

function schemaProblem(file: string, schema: string, err: unknown): Finding {
  if (err instanceof SchematronSchemaError) {
    return { file, line: 0, col: 0, severity: 'error', rule: 'schema', message: `schema error: ${err.message}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { file, line: 0, col: 0, severity: 'error', rule: 'schema', message: `cannot use schema ${schema}: ${message}` };
}

/** Where tei_all.rng is: the option's value, $DIWAN_TEI_ALL, or the shared reference data. */
export function findTeiAll(explicit?: string): string | null {
  const candidates = [explicit, process.env.DIWAN_TEI_ALL, join(packageRoot, '..', 'shared', 'tei', 'tei_all.rng')];
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return null;
}
