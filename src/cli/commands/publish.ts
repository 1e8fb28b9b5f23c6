import { basename, resolve } from 'node:path';
import { htmlEdition, pdfEdition, textEdition } from '../../edition/publish.js';
import { slugOf } from '../../edition/discover.js';
import { InputError, readSource } from '../../parse/index.js';
import type { PrintSession } from '../../print/index.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { parse, UsageError, type Io } from '../io.js';
import { paperOf } from './build.js';
import { maxBytes } from './validate.js';

const HELP: Record<string, string> = {
  html: 'Usage: diwan html FILE [-o OUT]\n\nThe HTML edition of one TEI document: one self-contained page, to OUT or standard output.',
  text: 'Usage: diwan text FILE [-o OUT]\n\nThe plain-text edition of one TEI document (title block, text, registers), to OUT or standard output.',
  pdf: 'Usage: diwan pdf FILE [-o OUT] [--paper A4|Letter] [--chrome PATH]\n\nThe print edition of one TEI document, printed by Chromium (default OUT: <name>.pdf in the current folder).',
};

/**
 * `diwan html|text|pdf FILE`: one document, one edition. The document must be safe,
 * well-formed XML; schema validity is `diwan validate`'s business, so any TEI can be published.
 */
export async function publishCommand(kind: 'html' | 'text' | 'pdf', args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', short: 'o' },
    paper: { type: 'string' },
    chrome: { type: 'string' },
    'max-size': { type: 'string' },
  });
  if (values.help) {
    io.out(`${HELP[kind]}\n\nOptions:\n  -o, --out OUT   output file\n  --max-size MiB  refuse larger files (default 64)\n  -h, --help      this help`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`${kind} takes exactly one FILE`);
  if (kind !== 'pdf' && (values.paper || values.chrome)) throw new UsageError(`--paper and --chrome are for pdf only`);
  const file = positionals[0]!;
  let source;
  try {
    source = readSource(file, { maxBytes: maxBytes(values['max-size']) });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.err(err.toString());
    return err.kind === 'io' ? 2 : 1;
  }
  if (kind === 'text') return emit(io, values.out, textEdition(source));
  const html = htmlEdition(source);
  if (kind === 'html') return emit(io, values.out, html);

  const print = await import('../../print/index.js');
  let session: PrintSession;
  try {
    session = await print.PrintSession.open({ browserPath: values.chrome });
  } catch (err) {
    if (!(err instanceof print.BrowserNotFoundError)) throw err;
    io.err(`diwan: ${err.message}`);
    return 2;
  }
  try {
    const pdf = await pdfEdition(source, html, session, paperOf(values.paper));
    const out = values.out ?? resolve(`${slugOf(basename(file))}.pdf`);
    writeFileAtomic(out, pdf);
    return 0;
  } finally {
    await session.close();
  }
}

function emit(io: Io, out: string | undefined, data: string): number {
  if (out) writeFileAtomic(out, data);
  else io.write(data);
  return 0;
}
