import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { fidelityCheck } from '../../edition/publish.js';
import { formatFinding } from '../../check/finding.js';
import { sourceFromText } from '../../parse/index.js';
import { editionDefaults, type EditionDefaults } from '../../project/defaults.js';
import { loadProject } from '../../project/load.js';
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

function skeleton(text: string, opts: { slug: string; lang: string; title?: string; defaults: EditionDefaults }): string {
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
  const { header: defaults, xmlModels } = opts.defaults;
  for (const m of xmlModels) doc.ins('xml-model', `href="${xmlAttr(m.href)}" type="application/xml" schematypens="${m.schematypens}"`);
  const root = doc.ele('http://www.tei-c.org/ns/1.0', 'TEI').att('http://www.w3.org/XML/1998/namespace', 'xml:lang', opts.lang);
  const header = root.ele('teiHeader');
  const fileDesc = header.ele('fileDesc');
  const titleStmt = fileDesc.ele('titleStmt');
  titleStmt.ele('title').att('type', 'main').txt(title);
  for (const e of defaults.editors ?? []) {
    const el = e.resp ? titleStmt.ele('respStmt') : titleStmt.ele('editor');
    if (e.resp) el.ele('resp').txt(e.resp);
    const who = e.resp ? el.ele('persName') : el;
    if (e.ref) who.att('ref', e.ref);
    who.txt(e.name);
  }
  const pub = fileDesc.ele('publicationStmt');
  pub.ele('publisher').txt(defaults.publisher ?? 'diwan');
  if (defaults.licence) {
    const licence = pub.ele('availability').ele('licence');
    if (defaults.licence.url) licence.att('target', defaults.licence.url);
    licence.txt(defaults.licence.text);
  }
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

/** An attribute value inside a processing instruction (xmlbuilder2 writes its text as given). */
function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
