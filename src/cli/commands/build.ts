import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatFinding, type Finding } from '../../check/finding.js';
import { inputFinding, Validator } from '../../check/validate.js';
import { buildEdition, type Format } from '../../edition/build.js';
import { catalogueEntry, catalogueHtml, type CatalogueEntry } from '../../edition/catalogue.js';
import { discoverEditions } from '../../edition/discover.js';
import { loadEdition, type Edition } from '../../edition/load.js';
import { InputError } from '../../parse/index.js';
import { BrowserNotFoundError } from '../../print/browser.js';
import { openPrinter, type Printer } from '../../print/printer.js';
import { loadProject } from '../../project/load.js';
import { buildSettings } from '../../project/settings.js';
import { sweepTemporaries, writeFileAtomic } from '../../write/atomic.js';
import { writeEdition } from '../../write/edition.js';
import { citabilityOf } from '../../cite/index.js';
import { StaticDts } from '../../cite/dts/static.js';
import { checkOutputDir } from '../../write/guard.js';
import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import { customisation } from '../customisation.js';
import { helpText, maxBytes, paperOf, parseOptions, type OptionName } from '../options.js';
import { progress } from '../progress.js';
import { jsonFinding } from './validate.js';

const NAMES = ['out', 'paper', 'no-pdf', 'chrome', 'xslt', 'text-xslt', 'css', 'reading', 'page-breaks', 'max-size', 'json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan build [DIR] [-o OUT] [options]',
  `Validates and publishes every edition in DIR (default: editions). An edition is a folder
DIR/<slug>/ holding <slug>.xml (TEI P5) and, optionally, source.txt (the archival source,
which the text of the edition must reproduce character for character).
Writes OUT/<slug>/index.html, <slug>.txt, <slug>.xml (a copy of the TEI) and <slug>.pdf,
<slug>.bib, <slug>.ris and <slug>.csl.json (for reference managers), OUT/index.html listing
the editions built, and OUT/_dts/, a static DTS 1.0 API (level 0; entry: _dts/index.json).
An edition with errors is reported and not written; the others are still built.`,
  NAMES,
  { out: 'output folder (default: dist)', json: 'one JSON object: summary, and each edition with its files and findings' },
);

export async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('build takes one DIR');
  // Options win over the project's configuration (found from DIR, else the working folder).
  const settings = buildSettings(values, positionals[0], loadProject(positionals[0] ?? process.cwd()));
  const root = settings.editions;
  const out = settings.out;
  const paper = paperOf(settings.paper);
  const readOptions = { maxBytes: maxBytes(values['max-size']) };
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`${root}:0:0: error: no such folder; expected a folder of editions (DIR/<slug>/<slug>.xml)`);
    return 2;
  }
  checkOutputDir(out, [root]);
  sweepTemporaries(out);
  const editions = discoverEditions(root);
  if (editions.length === 0) {
    io.err(`${root}:0:0: error: no editions found; expected folders <slug>/ holding <slug>.xml`);
    return 1;
  }

  const custom = await customisation(settings.customise);
  const validator = new Validator({ ...readOptions, defaults: settings.defaults });
  let formats: Format[] = settings.formats;
  // One browser for every edition, opened when the first PDF is due (Chromium's driver loads only then).
  let printer: Printer | undefined;
  if (formats.includes('pdf')) {
    try {
      printer = await openPrinter({ browserPath: values.chrome });
    } catch (err) {
      if (!(err instanceof BrowserNotFoundError)) throw err;
      io.err(`diwan: ${err.message}`);
      formats = formats.filter((f) => f !== 'pdf');
    }
  }
  let failed = 0;
  const built: CatalogueEntry[] = [];
  const started = Date.now();
  const report: { slug: string; ok: boolean; out?: string; files: string[]; findings: Finding[] }[] = [];
  // --json: one object at the end; --quiet: errors only; a bar on a terminal (src/cli/progress.ts).
  const bar = progress(io, editions.length, 'building', values);
  const say = bar.io;
  const show = (f: Finding) => {
    if (!values.json && (!values.quiet || f.severity === 'error')) say.out(formatFinding(f));
  };
  const note = (line: string) => {
    if (!values.json && !values.quiet) say.err(line);
  };
  // The static DTS API (level 0) beside the editions: each built edition added as it is written.
  const dts = new StaticDts(out);
  let dtsDone = false;
  try {
    for (const folder of editions) {
      bar.tick(folder.slug);
      let edition: Edition;
      try {
        edition = loadEdition(folder.dir, readOptions);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        show(inputFinding(err));
        note(`diwan: ${folder.slug}: not built (unreadable)`);
        report.push({ slug: folder.slug, ok: false, files: [], findings: [inputFinding(err)] });
        failed++;
        continue;
      }
      const result = await buildEdition(edition, { validate: validator, formats, printer, paper, ...custom });
      for (const f of result.findings) show(f);
      if (!result.ok) {
        const why = result.findings.some((f) => f.rule === 'fidelity') ? 'its text does not reproduce source.txt' : 'invalid';
        note(`diwan: ${folder.slug}: not built (${why})`);
        report.push({ slug: folder.slug, ok: false, files: [], findings: result.findings });
        failed++;
        continue;
      }
      const files = writeEdition(result, out);
      if (result.record) dts.add({ slug: folder.slug, record: result.record, trees: citabilityOf(edition.source).trees }, edition.source);
      report.push({ slug: folder.slug, ok: true, out: join(out, folder.slug), files, findings: result.findings });
      const pdf = result.artifacts.some((a) => a.format === 'pdf');
      note(`diwan: built ${folder.slug} -> ${join(out, folder.slug)}${pdf ? '' : ' (no PDF)'}`);
      built.push(catalogueEntry(result));
    }
    if (built.length > 0) {
      dts.finish();
      dtsDone = true;
      for (const [slug, n] of dts.skipped) note(`diwan: ${slug}: ${n} citable unit${n === 1 ? '' : 's'} left out of the static DTS API (identifiers that cannot be file names; diwan serve answers for them)`);
    }
  } finally {
    if (!dtsDone) dts.abandon();
    await printer?.close();
  }
  if (built.length > 0) writeFileAtomic(join(out, 'index.html'), catalogueHtml(built));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  bar.done(`${editions.length} edition${editions.length === 1 ? '' : 's'}: ${built.length} built, ${failed} not built, into ${out} (${seconds} s)`);
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          summary: { editions: editions.length, built: built.length, failed, out },
          editions: report.map((r) => ({ ...r, findings: r.findings.map(jsonFinding) })),
        },
        null,
        2,
      ),
    );
  }
  return failed > 0 ? 1 : 0;
}
