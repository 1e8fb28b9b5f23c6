import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fidelityOf } from '../../edition/publish.js';
import { formatFinding } from '../../check/finding.js';
import { sourceFromText } from '../../parse/index.js';
import { editionDefaults, type EditionDefaults } from '../../project/defaults.js';
import { loadProject } from '../../project/load.js';
import { textBlocks } from '../../tei/blocks.js';
import { firstForbiddenCharacter, neededNormalisations, NORMALISATION_SENTENCES } from '../../tei/plain-source.js';
import { positionOf } from '../../parse/position.js';
import { checkOutputFile } from '../../write/guard.js';
import { writeSkeleton, type Block } from '../../tei/skeleton.js';
import { toText } from '../../transform/text.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { safeText, UsageError, type Io } from '../io.js';
import { jsonFinding } from './validate.js';
import { helpText, parseOptions, type OptionName } from '../options.js';

const NAMES = ['slug', 'lang', 'title', 'out', 'json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan init SOURCE.txt --slug SLUG [--lang ar] [--title "…"] [-o DIR]',
  `Starts an edition from a plain-text (UTF-8) source: DIR/SLUG/source.txt (the source, byte for
byte) and DIR/SLUG/SLUG.xml, a TEI P5 skeleton whose text reproduces the source under diwan's
text rules (first block as head, blocks as numbered paragraphs, lines as lb, lines of
no-break spaces as ab type="blank-line"). Then mark names and dates, fill the header and
run "diwan validate".`,
  NAMES,
  { out: 'editions folder (default: editions)' },
);

export async function initCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('init takes exactly one SOURCE.txt');
  const slug = values.slug;
  if (!slug || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new UsageError('--slug is required: lower-case letters, digits and hyphens');
  // Inside a project (found from -o, else the working folder): its folders, schemas and header defaults.
  const project = loadProject(values.out ?? process.cwd());
  const lang = values.lang ?? project?.header.lang ?? 'ar';
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) throw new UsageError(`--lang expects a BCP 47 tag, got "${lang}"`);
  const file = positionals[0]!;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    io.err(`${file}:0:0: error: cannot be read; expected a UTF-8 text file`);
    return 2;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.err(`${file}:0:0: error: not valid UTF-8; expected a UTF-8 text file (convert it with iconv)`);
    return 1;
  }
  const bad = firstForbiddenCharacter(text);
  if (bad) {
    const p = positionOf(text, bad.index);
    io.err(
      `${safeText(file)}:${p.line}:${p.col}: error: character ${bad.code} cannot be written in XML; expected text without control characters (remove it, or describe it in the edition by hand)`,
    );
    return 1;
  }
  const dir = join(resolve(values.out ?? project?.editions ?? 'editions'), slug);
  const tei = join(dir, `${slug}.xml`);
  const sourceCopy = join(dir, 'source.txt');
  const defaults = editionDefaults(project, tei);
  // Every file init would write is checked before any is written: it never replaces one.
  for (const f of [tei, sourceCopy]) {
    if (existsSync(f)) {
      io.err(`${safeText(f)}:0:0: error: already exists; diwan init never overwrites an edition or its source`);
      return 2;
    }
    checkOutputFile(f, [file]);
  }
  // CR LF, a final line end, extra empty lines: normalised, and declared in the header.
  const normalisations = neededNormalisations(text);
  const xml = skeleton(text, { slug, lang, title: values.title, defaults, normalisations });
  // The skeleton must give back the source; a source whose lines start or end with spaces
  // (or hold runs of them) needs hand encoding, and the user is told where.
  const problem = fidelityOf(toText(sourceFromText(tei, xml)).output, { path: file, text }, normalisations);
  writeFileAtomic(sourceCopy, bytes);
  writeFileAtomic(tei, xml);
  const warning = problem ? { ...problem, severity: 'warning' as const, message: `${problem.message}; adjust the encoding by hand` } : null;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          edition: tei,
          source: sourceCopy,
          normalisations,
          project: project?.root ?? null,
          xmlModels: defaults.xmlModels,
          findings: warning ? [jsonFinding(warning)] : [],
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (!values.quiet) io.err(`diwan: wrote ${safeText(tei)}`);
  if (normalisations.length && !values.quiet) io.err(`diwan: declared in the header: ${normalisations.map((t) => NORMALISATION_SENTENCES[t]).join(' ')}`);
  if (defaults.note && !values.quiet) io.err(`diwan: ${defaults.note}`);
  if (warning && !values.quiet) io.out(formatFinding(warning));
  return 0;
}

/** The skeleton: the shared header and block writer, with the source's lines as they are. */
function skeleton(text: string, opts: { slug: string; lang: string; title?: string; defaults: EditionDefaults; normalisations: string[] }): string {
  const blocks = textBlocks(text);
  let n = 0;
  return writeSkeleton({
    slug: opts.slug,
    lang: opts.lang,
    title: opts.title ?? blocks[0]?.lines[0]?.text ?? opts.slug,
    change: 'Skeleton created by diwan init.',
    normalisations: opts.normalisations,
    xmlModels: opts.defaults.xmlModels,
    header: opts.defaults.header,
    blocks: blocks.map((b, i): Block => {
      const attrs: [string, string][] =
        b.kind === 'blank'
          ? [['type', 'blank-line']]
          : i === 0
            ? [['xml:id', 'head']]
            : [
                ['xml:id', `p${++n}`],
                ['n', String(n)],
              ];
      return {
        element: b.kind === 'blank' ? 'ab' : i === 0 ? 'head' : 'p',
        attrs,
        content: (el) =>
          b.lines.forEach((line, k) => {
            if (k > 0) el.ele('lb');
            el.txt(line.text);
          }),
      };
    }),
  });
}
