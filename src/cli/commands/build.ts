import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatFinding } from '../../check/finding.js';
import { inputFinding, Validator } from '../../check/validate.js';
import { buildEdition, type Format } from '../../edition/build.js';
import { catalogueEntry, catalogueHtml, type CatalogueEntry } from '../../edition/catalogue.js';
import { discoverEditions } from '../../edition/discover.js';
import { loadEdition, type Edition } from '../../edition/load.js';
import { InputError } from '../../parse/index.js';
import { BrowserNotFoundError } from '../../print/browser.js';
import { openPrinter, type Printer } from '../../print/printer.js';
import { sweepTemporaries, writeFileAtomic } from '../../write/atomic.js';
import { writeEdition } from '../../write/edition.js';
import { checkOutputDir } from '../../write/guard.js';
import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import { customisation } from '../customisation.js';
import { helpText, maxBytes, paperOf, parseOptions, type OptionName } from '../options.js';

const NAMES = ['out', 'paper', 'no-pdf', 'chrome', 'xslt', 'text-xslt', 'css', 'max-size'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan build [DIR] [-o OUT] [options]',
  `Validates and publishes every edition in DIR (default: editions). An edition is a folder
DIR/<slug>/ holding <slug>.xml (TEI P5) and, optionally, source.txt (the archival source,
which the text of the edition must reproduce character for character).
Writes OUT/<slug>/index.html, <slug>.txt, <slug>.xml (a copy of the TEI) and <slug>.pdf,
and OUT/index.html listing the editions built.
An edition with errors is reported and not written; the others are still built.`,
  NAMES,
  { out: 'output folder (default: dist)' },
);

export async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('build takes one DIR');
  const root = resolve(positionals[0] ?? 'editions');
  const out = resolve(values.out ?? 'dist');
  const paper = paperOf(values.paper);
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

  const custom = await customisation(values);
  const validator = new Validator(readOptions);
  let formats: Format[] = values['no-pdf'] ? ['html', 'text', 'tei'] : ['html', 'text', 'tei', 'pdf'];
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
  try {
    for (const folder of editions) {
      let edition: Edition;
      try {
        edition = loadEdition(folder.dir, readOptions);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.out(formatFinding(inputFinding(err)));
        io.err(`diwan: ${folder.slug}: not built (unreadable)`);
        failed++;
        continue;
      }
      const result = await buildEdition(edition, { validate: validator, formats, printer, paper, ...custom });
      for (const f of result.findings) io.out(formatFinding(f));
      if (!result.ok) {
        const why = result.findings.some((f) => f.rule === 'fidelity') ? 'its text does not reproduce source.txt' : 'invalid';
        io.err(`diwan: ${folder.slug}: not built (${why})`);
        failed++;
        continue;
      }
      writeEdition(result, out);
      const pdf = result.artifacts.some((a) => a.format === 'pdf');
      io.err(`diwan: built ${folder.slug} -> ${join(out, folder.slug)}${pdf ? '' : ' (no PDF)'}`);
      built.push(catalogueEntry(result));
    }
  } finally {
    await printer?.close();
  }
  if (built.length > 0) writeFileAtomic(join(out, 'index.html'), catalogueHtml(built));
  return failed > 0 ? 1 : 0;
}
