import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { fidelityCheck } from '../../edition/publish.js';
import { formatFinding } from '../../check/finding.js';
import { sourceFromText } from '../../parse/index.js';
import { toText } from '../../transform/text.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';

const NAMES = ['slug', 'lang', 'title', 'out'] as const satisfies readonly OptionName[];

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

// Characters that XML treats as white space: the text rules normalise only these.
const XML_SPACE = /^[ \t\r\n]*$/;

export async function initCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('init takes exactly one SOURCE.txt');
  const slug = values.slug;
  if (!slug || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new UsageError('--slug is required: lower-case letters, digits and hyphens');
  const lang = values.lang ?? 'ar';
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
  const dir = join(resolve(values.out ?? 'editions'), slug);
  const tei = join(dir, `${slug}.xml`);
  if (existsSync(tei)) {
    io.err(`${tei}:0:0: error: already exists; diwan init never overwrites an edition`);
    return 2;
  }
  const xml = skeleton(text.replace(/\r\n?/g, '\n'), { slug, lang, title: values.title });
  // The skeleton must give back the source; a source whose lines start or end with spaces
  // (or hold runs of them) needs hand encoding, and the user is told where.
  const problem = fidelityCheck(toText(sourceFromText(tei, xml)).output, file);
  writeFileAtomic(join(dir, 'source.txt'), bytes);
  writeFileAtomic(tei, xml);
  io.err(`diwan: wrote ${tei}`);
  if (problem) {
    io.out(formatFinding({ ...problem, severity: 'warning', message: `${problem.message}; adjust the encoding by hand` }));
  }
  return 0;
}

function skeleton(text: string, opts: { slug: string; lang: string; title?: string }): string {
  const blocks = text.split(/\n/).reduce<string[][]>(
    (acc, line) => {
      if (line === '') acc.push([]);
      else if (!XML_SPACE.test(line) && line.trim() === '') acc.push([line], []);
      else acc[acc.length - 1]!.push(line);
      return acc;
    },
    [[]],
  ).filter((b) => b.length > 0);
  const title = opts.title ?? blocks[0]?.[0] ?? opts.slug;
  const today = new Date().toISOString().slice(0, 10);

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  doc.ins('xml-model', 'href="../../schemas/diwan.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"');
  doc.ins('xml-model', 'href="../../schemas/diwan.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"');
  const root = doc.ele('http://www.tei-c.org/ns/1.0', 'TEI').att('http://www.w3.org/XML/1998/namespace', 'xml:lang', opts.lang);
  const header = root.ele('teiHeader');
  const fileDesc = header.ele('fileDesc');
  fileDesc.ele('titleStmt').ele('title').att('type', 'main').txt(title);
  const pub = fileDesc.ele('publicationStmt');
  pub.ele('publisher').txt('diwan');
  pub.ele('idno').att('type', 'diwan').txt(opts.slug);
  pub.ele('date').att('when', today).txt(today);
  fileDesc.ele('sourceDesc').ele('p').txt('Source: source.txt (to be described).');
  header
    .ele('encodingDesc')
    .ele('editorialDecl')
    .ele('normalization')
    .ele('p')
    .txt('Only XML white space is normalised; no-break spaces and tatweel are kept as in the source.');
  header.ele('profileDesc').ele('langUsage').ele('language').att('ident', opts.lang).txt(opts.lang);
  header.ele('revisionDesc').ele('change').att('when', today).txt('Skeleton created by diwan init.');

  const body = root.ele('text').ele('body').ele('div');
  let n = 0;
  blocks.forEach((lines, i) => {
    let el: XMLBuilder;
    if (lines.length === 1 && lines[0]!.trim() === '' && !XML_SPACE.test(lines[0]!)) {
      el = body.ele('ab').att('type', 'blank-line');
    } else if (i === 0) {
      el = body.ele('head').att('http://www.w3.org/XML/1998/namespace', 'xml:id', 'head');
    } else {
      n++;
      el = body.ele('p').att('http://www.w3.org/XML/1998/namespace', 'xml:id', `p${n}`).att('n', String(n));
    }
    lines.forEach((line, k) => {
      if (k > 0) el.ele('lb');
      el.txt(line);
    });
  });
  return doc.end({ prettyPrint: true, indent: '  ' });
}
