import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fidelityCheck } from '../../edition/publish.js';
import { formatFinding } from '../../check/finding.js';
import { sourceFromText } from '../../parse/index.js';
import { editionDefaults, type EditionDefaults } from '../../project/defaults.js';
import { loadProject } from '../../project/load.js';
import { textBlocks } from '../../tei/blocks.js';
import { writeSkeleton, type Block } from '../../tei/skeleton.js';
import { toText } from '../../transform/text.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { UsageError, type Io } from '../io.js';
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
  const dir = join(resolve(values.out ?? project?.editions ?? 'editions'), slug);
  const tei = join(dir, `${slug}.xml`);
  const defaults = editionDefaults(project, tei);
  if (existsSync(tei)) {
    io.err(`${tei}:0:0: error: already exists; diwan init never overwrites an edition`);
    return 2;
  }
  const xml = skeleton(text.replace(/\r\n?/g, '\n'), { slug, lang, title: values.title, defaults });
  // The skeleton must give back the source; a source whose lines start or end with spaces
  // (or hold runs of them) needs hand encoding, and the user is told where.
  const problem = fidelityCheck(toText(sourceFromText(tei, xml)).output, file);
  writeFileAtomic(join(dir, 'source.txt'), bytes);
  writeFileAtomic(tei, xml);
  const warning = problem ? { ...problem, severity: 'warning' as const, message: `${problem.message}; adjust the encoding by hand` } : null;
  if (values.json) {
    io.out(JSON.stringify({ edition: tei, source: join(dir, 'source.txt'), project: project?.root ?? null, xmlModels: defaults.xmlModels, findings: warning ? [jsonFinding(warning)] : [] }, null, 2));
    return 0;
  }
  if (!values.quiet) io.err(`diwan: wrote ${tei}`);
  if (defaults.note && !values.quiet) io.err(`diwan: ${defaults.note}`);
  if (warning && !values.quiet) io.out(formatFinding(warning));
  return 0;
}

/** The skeleton: the shared header and block writer, with the source's lines as they are. */
function skeleton(text: string, opts: { slug: string; lang: string; title?: string; defaults: EditionDefaults }): string {
  const blocks = textBlocks(text);
  let n = 0;
  return writeSkeleton({
    slug: opts.slug,
    lang: opts.lang,
    title: opts.title ?? blocks[0]?.lines[0]?.text ?? opts.slug,
    change: 'Skeleton created by diwan init.',
    xmlModels: opts.defaults.xmlModels,
    header: opts.defaults.header,
    blocks: blocks.map((b, i): Block => {
      const attrs: [string, string][] =
        b.kind === 'blank' ? [['type', 'blank-line']] : i === 0 ? [['xml:id', 'head']] : [['xml:id', `p${++n}`], ['n', String(n)]];
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

