import { basename, resolve } from 'node:path';
import { formatFinding } from '../../check/finding.js';
import { buildEdition, type Format } from '../../edition/build.js';
import { slugOf } from '../../edition/discover.js';
import { loadEdition, type Edition } from '../../edition/load.js';
import { InputError } from '../../parse/index.js';
import { BrowserNotFoundError } from '../../print/browser.js';
import { openPrinter, type Printer } from '../../print/printer.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { checkOutputFile } from '../../write/guard.js';
import { UsageError, type Io } from '../io.js';
import { customisation } from '../customisation.js';
import { helpText, maxBytes, paperOf, parseOptions, type OptionName } from '../options.js';

const HTML = ['out', 'xslt', 'css', 'reading', 'page-breaks', 'max-size'] as const satisfies readonly OptionName[];
const TEXT = ['out', 'text-xslt', 'reading', 'page-breaks', 'max-size'] as const satisfies readonly OptionName[];
const PDF = ['out', 'paper', 'chrome', 'xslt', 'css', 'reading', 'page-breaks', 'max-size'] as const satisfies readonly OptionName[];

const HELP: Record<'html' | 'text' | 'pdf', string> = {
  html: helpText('diwan html FILE [-o OUT]', 'The HTML edition of one TEI document: one self-contained page, to OUT or standard output.', HTML, {
    out: 'output file (default: standard output)',
  }),
  text: helpText('diwan text FILE [-o OUT]', 'The plain-text edition of one TEI document (title block, text, registers), to OUT or standard output.', TEXT, {
    out: 'output file (default: standard output)',
  }),
  pdf: helpText('diwan pdf FILE [-o OUT] [--paper A4|Letter] [--chrome PATH]', 'The print edition of one TEI document, printed by Chromium.', PDF, {
    out: 'output file (default: <name>.pdf in the current folder)',
  }),
};

/**
 * `diwan html|text|pdf FILE`: one document, one edition. The document must be safe,
 * well-formed XML; schema validity is `diwan validate`'s business, so any TEI can be published.
 */
export async function publishCommand(kind: 'html' | 'text' | 'pdf', args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, kind === 'pdf' ? PDF : kind === 'html' ? HTML : TEXT);
  if (values.help) {
    io.out(HELP[kind]);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`${kind} takes exactly one FILE`);
  const file = positionals[0]!;
  const v = values as { paper?: string; chrome?: string };
  const paper = paperOf(v.paper);
  const out = values.out ?? (kind === 'pdf' ? resolve(`${slugOf(basename(file))}.pdf`) : undefined);
  // Before any work: an output that would replace the source, or write into a device, is refused.
  if (out) checkOutputFile(out, [file]);
  // Options are checked (and project stylesheets compiled) before the document is read.
  const custom = await customisation(values);
  let edition: Edition;
  try {
    edition = loadEdition(file, { maxBytes: maxBytes(values['max-size']) });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.err(err.toString());
    return err.kind === 'io' ? 2 : 1;
  }
  // One document published as it stands: no validation, no comparison with a source.txt.
  edition = { ...edition, archival: undefined };
  let printer: Printer | undefined;
  if (kind === 'pdf') {
    try {
      printer = await openPrinter({ browserPath: v.chrome });
    } catch (err) {
      if (!(err instanceof BrowserNotFoundError)) throw err;
      io.err(`diwan: ${err.message}`);
      return 2;
    }
  }
  try {
    const formats: Format[] = kind === 'pdf' ? ['pdf'] : [kind];
    const result = await buildEdition(edition, { validate: false, formats, printer, paper, inlineImages: true, ...custom });
    for (const f of result.findings) io.err(formatFinding(f));
    if (!result.ok) return 1;
    const artifact = result.artifacts.find((a) => a.format === kind);
    if (!artifact) return 1;
    if (out) writeFileAtomic(out, artifact.data);
    else io.write(artifact.data);
    return 0;
  } finally {
    await printer?.close();
  }
}
