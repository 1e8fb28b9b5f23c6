import { findTeiAll, Validator, type FileReport } from '../../check/validate.js';
import { formatFinding, type Finding } from '../../check/finding.js';
import { loadProject } from '../../project/load.js';
import { schemaNotes } from '../../project/schemas.js';
import { UsageError, type Io } from '../io.js';
import { helpText, maxBytes, parseOptions, type OptionName } from '../options.js';
import { progress } from '../progress.js';

const NAMES = ['schema', 'schematron', 'phase', 'lang', 'tei-all', 'catalog', 'fetch', 'json', 'quiet', 'max-size'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan validate FILE... [options]',
  `Checks each file: safe, well-formed XML; RELAX NG; ISO Schematron (standalone, and embedded
in the RELAX NG). Schemas come from the options, else from the document's xml-model
processing instructions, else diwan's own (schemas/diwan.rng and schemas/diwan.sch).

Messages: file:line:col: error|warning: text [schema]. Exit: 0 valid; 1 invalid; 2 usage error, or a
file or schema that cannot be read or compiled; 3 not validated (no schema could be applied).`,
  NAMES,
  {
    json: 'one JSON object: summary and every finding (file, line, col, severity, rule, message, xpath)',
    lang: 'language of Schematron messages where a schema says one constraint in several (BCP 47; default: en)',
  },
);

export async function validateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  // "--tei-all PATH": parseArgs has no optional values, so a .rng positional is taken as its path.
  let files = positionals;
  let teiAll: string | undefined;
  if (values['tei-all']) {
    const explicit = files.find((f) => /\.rng$/i.test(f));
    files = files.filter((f) => f !== explicit);
    const found = findTeiAll(explicit);
    if (!found) {
      throw new UsageError(
        'tei_all.rng not found: pass its path after --tei-all or set DIWAN_TEI_ALL (it is published at https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng)',
      );
    }
    teiAll = found;
  }
  if (files.length === 0) throw new UsageError('validate needs at least one FILE');
  // In a project (found from the working folder, else the first file): its schemas for documents
  // that name none, and a warning when its copies of diwan's schemas are not the installed ones.
  const project = loadProject() ?? loadProject(files[0]!);
  const notes = project ? schemaNotes(project) : [];
  if (!values.json && !values.quiet) for (const n of notes) io.out(formatFinding(n));
  const validator = new Validator({
    defaults: project ? { ...project.schemas } : undefined,
    schema: values.schema,
    schematron: values.schematron,
    phase: values.phase,
    lang: values.lang,
    teiAll,
    catalogs: values.catalog,
    fetch: values.fetch,
    maxBytes: maxBytes(values['max-size']),
  });

  const reports: FileReport[] = [];
  // A bar on a terminal (src/cli/progress.ts); the findings are printed above it.
  const bar = progress(io, files.length, 'validating', values);
  for (const file of files) {
    bar.tick(file);
    const report = await validator.validate(file);
    report.source = undefined;
    reports.push(report);
    if (!values.json) for (const f of report.findings) if (!values.quiet || f.severity === 'error') bar.io.out(formatFinding(f));
  }
  const summary = summarise(reports);
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          summary: { ...summary, warnings: summary.warnings + notes.length },
          files: reports.map((r) => ({ file: r.file, status: r.status, schemas: r.schemas })),
          findings: [...notes, ...reports.flatMap((r) => r.findings)].map(jsonFinding),
        },
        null,
        2,
      ),
    );
  } else {
    const unchecked = summary.unchecked ? `, ${summary.unchecked} not validated` : '';
    const unusable = summary.unusable ? `, ${summary.unusable} could not be checked (not found, unreadable, or a schema that cannot be used)` : '';
    bar.done(
      `${summary.files} file${plural(summary.files)}, ${summary.invalid} invalid${unusable}${unchecked}, ${summary.errors} error${plural(summary.errors)}, ${summary.warnings + notes.length} warning${plural(summary.warnings + notes.length)}`,
    );
  }
  return exitCode(reports);
}

/** 2 when a file or schema could not be used, else 1 when a file is invalid, else 3 when one could not be validated. */
export function exitCode(reports: FileReport[]): number {
  if (reports.some((r) => r.status === 'error')) return 2;
  if (reports.some((r) => r.status === 'invalid')) return 1;
  if (reports.some((r) => r.status === 'unchecked')) return 3;
  return 0;
}

function summarise(reports: FileReport[]) {
  const all = reports.flatMap((r) => r.findings);
  return {
    files: reports.length,
    invalid: reports.filter((r) => r.status === 'invalid').length,
    /** Files that could not be read (missing, a folder, no permission) or whose schema could not be used. */
    unusable: reports.filter((r) => r.status === 'error').length,
    unchecked: reports.filter((r) => r.status === 'unchecked').length,
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
  };
}

/** A finding in --json output: every key present (null when unknown), the same in every command. */
export function jsonFinding(f: Finding) {
  return { file: f.file, line: f.line, col: f.col, severity: f.severity, rule: f.rule, message: f.message, xpath: f.xpath ?? null, schema: f.schema ?? null };
}

const plural = (n: number) => (n === 1 ? '' : 's');
