import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError, readSource, type ReadOptions, type Source } from '../parse/index.js';
import { packageRoot } from '../paths.js';
import type { Finding } from './finding.js';
import { defaultCacheDir, loadSchema, validateRelaxNG, type RelaxNGSchema } from './relaxng/index.js';
import { compileSchematron, extractSchematron, runSchematron, SchematronSchemaError, type CompiledSchematron } from './schematron/index.js';

export const RELAXNG_NS = 'http://relaxng.org/ns/structure/1.0';
export const ISO_SCHEMATRON_NS = 'http://purl.oclc.org/dsdl/schematron';

/** diwan's own customisation, used when neither an option nor the document names a schema. */
export const DIWAN_RNG = join(packageRoot, 'schemas', 'diwan.rng');
export const DIWAN_SCH = join(packageRoot, 'schemas', 'diwan.sch');

export interface ValidateOptions extends ReadOptions {
  /** RELAX NG schema (XML syntax) to use instead of the document's xml-model. */
  schema?: string;
  /** ISO Schematron schema to use instead of the document's xml-model. */
  schematron?: string;
  /** Also check conformance to TEI's tei_all (path to tei_all.rng). */
  teiAll?: string;
  phase?: string;
  cacheDir?: string;
}

export interface FileReport {
  file: string;
  findings: Finding[];
  /** Which schemas were applied, for the reader of the report. */
  schemas: string[];
  /** The file could not be read at all (exit code 2, not 1). */
  ioError: boolean;
  source?: Source;
}

/**
 * Runs every check on one file: well-formedness and safety (parse stage), RELAX NG,
 * Schematron (standalone and embedded in the RELAX NG). Never throws for a bad document:
 * problems become findings.
 */
export class Validator {
  private readonly schematrons = new Map<string, CompiledSchematron | Finding>();

  constructor(private readonly options: ValidateOptions = {}) {}

  /** Validates a file (read and parsed here) or a Source the parse stage already made. */
  async validate(input: string | Source): Promise<FileReport> {
    let source: Source;
    if (typeof input !== 'string') source = input;
    else {
      try {
        source = readSource(input, this.options);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return { file: input, findings: [inputFinding(err)], schemas: [], ioError: err.kind === 'io' };
      }
    }
    const file = source.path;
    const findings: Finding[] = [];
    const plan = this.plan(source, findings);
    for (const rng of plan.relaxng) {
      let schema: RelaxNGSchema;
      try {
        schema = await loadSchema(rng, { cacheDir: this.options.cacheDir });
      } catch (err) {
        findings.push(schemaProblem(file, rng, err));
        continue;
      }
      findings.push(...validateRelaxNG(schema, source));
      const embedded = this.schematron(rng, true);
      if (embedded && !('severity' in embedded)) findings.push(...runSchematron(embedded, source));
      else if (embedded) findings.push({ ...embedded, file });
    }
    for (const sch of plan.schematron) {
      // An xml-model may name a RELAX NG file as Schematron (TEI ODD output does): that means the
      // Schematron embedded in it, already run above when the same file is also the grammar.
      const inRng = /\.rng$/i.test(sch);
      if (inRng && plan.relaxng.includes(sch)) continue;
      const compiled = this.schematron(sch, inRng);
      if (!compiled) continue;
      if ('severity' in compiled) findings.push({ ...compiled, file });
      else findings.push(...runSchematron(compiled, source));
    }
    findings.sort((a, b) => a.line - b.line || a.col - b.col);
    return { file, findings, schemas: [...plan.relaxng, ...plan.schematron], ioError: false, source };
  }

  /** Which schemas apply: options first, then xml-model instructions, then diwan's own. */
  private plan(source: Source, findings: Finding[]): { relaxng: string[]; schematron: string[] } {
    const relaxng: string[] = [];
    const schematron: string[] = [];
    // One note per distinct problem: a schema is often named twice (as grammar and as Schematron).
    const note = (severity: Finding['severity'], message: string) => {
      if (!findings.some((f) => f.rule === 'xml-model' && f.message === message)) {
        findings.push({ file: source.path, line: 1, col: 1, severity, rule: 'xml-model', message });
      }
    };
    if (this.options.schema) relaxng.push(resolve(this.options.schema));
    if (this.options.schematron) schematron.push(resolve(this.options.schematron));
    if (!this.options.schema && !this.options.schematron) {
      for (const model of source.shape.xmlModels) {
        const href = model.href;
        const kind =
          model.schematypens === RELAXNG_NS || (!model.schematypens && /\.rng$/i.test(href))
            ? 'rng'
            : model.schematypens === ISO_SCHEMATRON_NS || (!model.schematypens && /\.sch$/i.test(href))
              ? 'sch'
              : null;
        if (!kind) continue;
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^file:/i.test(href)) {
          note('warning', `xml-model schema ${href} is not fetched (diwan reads no network resources); pass a local copy with --schema or --schematron`);
          continue;
        }
        const local = isAbsolute(href) ? href : resolve(dirname(source.path), href.replace(/^file:\/\//i, ''));
        if (!existsSync(local)) {
          note('error', `xml-model schema ${href} not found (looked for ${local})`);
          continue;
        }
        (kind === 'rng' ? relaxng : schematron).push(local);
      }
      if (relaxng.length === 0 && schematron.length === 0 && !source.shape.xmlModels.length) {
        relaxng.push(DIWAN_RNG);
        schematron.push(DIWAN_SCH);
      }
    }
    if (this.options.teiAll) relaxng.push(resolve(this.options.teiAll));
    if (relaxng.length === 0 && schematron.length === 0) {
      note('warning', 'no schema could be applied: only safety and well-formedness were checked; pass --schema, --schematron or --tei-all');
    }
    return { relaxng: [...new Set(relaxng)], schematron: [...new Set(schematron)] };
  }

  /**
   * The Schematron embedded in a RELAX NG schema. Reading it out of tei_all means parsing 1 MB
   * of RNG, so the result is cached beside the compiled grammars, keyed by the RNG's content.
   */
  private embeddedSchematron(rngText: string): string | null {
    const dir = this.options.cacheDir ?? defaultCacheDir();
    const file = join(dir, `embedded-sch-${createHash('sha256').update(rngText).digest('hex').slice(0, 32)}.json`);
    try {
      return (JSON.parse(readFileSync(file, 'utf8')) as CachedExtraction).schematron;
    } catch {
      // not cached yet, or unreadable: extract
    }
    const schematron = extractSchematron(rngText);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify({ schematron } satisfies CachedExtraction));
    } catch {
      // an unwritable cache only costs time
    }
    return schematron;
  }

  /** A compiled Schematron (standalone, or embedded in an RNG), compiled once per run. */
  private schematron(path: string, embedded: boolean): CompiledSchematron | Finding | null {
    const key = `${embedded ? 'rng' : 'sch'}:${path}`;
    if (!this.schematrons.has(key)) {
      let value: CompiledSchematron | Finding | null;
      try {
        const text = readFileSync(path, 'utf8');
        const sch = embedded ? this.embeddedSchematron(text) : text;
        value = sch === null ? null : compileSchematron(sch, { path, phase: this.options.phase });
      } catch (err) {
        value = schemaProblem('', path, err);
      }
      if (value === null) return null;
      this.schematrons.set(key, value);
    }
    return this.schematrons.get(key)!;
  }
}

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
