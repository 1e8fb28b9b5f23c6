import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatFinding, type Finding } from '../../check/finding.js';
import { Validator } from '../../check/validate.js';
import { fidelityOf } from '../../edition/publish.js';
import { firstForbiddenCharacter } from '../../tei/plain-source.js';
import { metadataOf } from '../../transform/metadata.js';
import { encodeTei, encodeText, type EncodeResult } from '../../encode/index.js';
import { RegisterError } from '../../encode/errors.js';
import { parseDay } from '../../encode/dates.js';
import { loadRegisters, mergeRegisters, registerFromText, type Register } from '../../encode/register.js';
import { formatReport } from '../../encode/report.js';
import { InputError, positionOf, readSource, sourceFromText } from '../../parse/index.js';
import { editionDefaults } from '../../project/defaults.js';
import { loadProject } from '../../project/load.js';
import { toText } from '../../transform/text.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { checkOutputFile } from '../../write/guard.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';

const NAMES = ['register', 'date', 'lang', 'title', 'slug', 'out', 'force', 'json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan encode SOURCE.txt --register REGISTER [--date YYYY-MM-DD] [--lang ar] [-o OUT.xml | --slug S]\n       diwan encode EDITION.xml [--register REGISTER] [--date YYYY-MM-DD] [-o OUT.xml | --force]',
  `Marks names and dates. From a plain-text source: a TEI draft (OUT.xml, with source.txt beside
it) whose text is the source's, with every mention of a register entry marked (persName,
placeName, orgName; rs for relational adjectives and descriptions; roleName for titles next to
a name) and dates and durations with @when/@dur; proclitics (و ف ب ل ك, لل) stay outside the
names. From a TEI document: the same marks spliced into its text (the rest of the file is left
byte for byte; text already marked is not marked again), its own standOff counting as a
register. Prints a review report: marks (file:line:col), ambiguous or overlapping matches,
dates resolved by a guess, entries never found, suggested new entries. Never replaces a file
without --force.`,
  NAMES,
  {
    out: 'the TEI to write (default: editions/SLUG/SLUG.xml for a text; for a TEI document, itself with --force)',
    slug: 'edition name (default: from -o)',
    json: 'the report as one JSON object',
    quiet: 'report only questions and the summary, not every mark',
  },
);

export async function encodeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('encode takes exactly one SOURCE.txt or EDITION.xml');
  const input = positionals[0]!;
  if (values.date !== undefined && !parseDay(values.date)) throw new UsageError(`--date expects a real day as YYYY-MM-DD, got "${values.date}"`);
  // Inside a project (found from -o, else the working folder): its editions folder, schemas,
  // header defaults and registers.
  const project = loadProject(values.out ? dirname(resolve(values.out)) : process.cwd());
  const lang = values.lang ?? project?.header.lang ?? 'ar';
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) throw new UsageError(`--lang expects a BCP 47 tag, got "${lang}"`);
  const registerFiles = values.register ?? (project?.registers ?? []).filter((f) => existsSync(f));
  let bytes: Buffer;
  try {
    bytes = readFileSync(input);
  } catch {
    io.err(`${input}:0:0: error: cannot be read; expected a UTF-8 text file or a TEI document`);
    return 2;
  }
  const isTei = /\.(xml|tei)$/i.test(input) || /^(\uFEFF)?\s*<[?!A-Za-z]/.test(bytes.subarray(0, 200).toString('utf8'));
  if (!isTei && registerFiles.length === 0)
    throw new UsageError('encode needs --register REGISTER for a plain-text source (or a project whose config names its registers)');
  let register: Register;
  try {
    register = loadRegisters(registerFiles);
  } catch (err) {
    if (!(err instanceof RegisterError)) throw err;
    io.err(err.toString());
    return 2;
  }

  let result: EncodeResult;
  let out: string;
  const writes: [string, string | Uint8Array][] = [];
  let archival: { path: string; text: string } | undefined;
  if (isTei) {
    let source: ReturnType<typeof readSource>;
    try {
      source = readSource(input);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      io.err(err.toString());
      return err.kind === 'io' ? 2 : 1;
    }
    out = resolve(values.out ?? input);
    if (resolve(input) === out && !values.force) {
      io.err(`${out}:0:0: error: would be replaced by its marked-up version; give --force to do that, or -o OTHER.xml`);
      return 2;
    }
    if (resolve(input) !== out) checkOutputFile(out, [input, ...registerFiles]);
    try {
      // The document's own registers count: an entry it has is matched and not copied again.
      register = mergeRegisters([registerFromText(input, source.text), ...[register.entries]], [input, ...register.files]);
    } catch (err) {
      if (!(err instanceof RegisterError)) throw err;
      io.err(err.toString());
      return 2;
    }
    result = encodeTei(source, register, { date: values.date });
    if (result.xml !== source.text) writes.push([out, result.xml]);
    const txt = join(dirname(resolve(input)), 'source.txt');
    if (existsSync(txt)) archival = { path: txt, text: readFileSync(txt, 'utf8') };
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      io.err(`${input}:0:0: error: not valid UTF-8; expected a UTF-8 text file (convert it with iconv)`);
      return 1;
    }
    const slug =
      values.slug ??
      (values.out
        ? basename(values.out)
            .replace(/\.xml$/i, '')
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-')
            .replace(/^-+|-+$/g, '')
        : undefined);
    if (!slug || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new UsageError('encode needs -o OUT.xml or --slug SLUG (lower-case letters, digits and hyphens)');
    out = resolve(values.out ?? join(project?.editions ?? 'editions', slug, `${slug}.xml`));
    checkOutputFile(out, [input, ...registerFiles]);
    const beside = join(dirname(out), 'source.txt');
    if (resolve(input) !== beside) checkOutputFile(beside, registerFiles);
    // XML cannot hold C0 control characters other than tab and line ends: such a source needs
    // a decision (remove? describe?) before it can be encoded.
    const bad = firstForbiddenCharacter(text);
    if (bad) {
      const p = positionOf(text, bad.index);
      io.err(`${input}:${p.line}:${p.col}: error: character ${bad.code} cannot be written in XML; expected text without control characters`);
      return 1;
    }
    const defaults = editionDefaults(project, out);
    if (defaults.note && !values.json && !values.quiet) io.err(`diwan: ${defaults.note}`);
    result = encodeText(input, text, register, { slug, lang, title: values.title, date: values.date, xmlModels: defaults.xmlModels, header: defaults.header });
    writes.push([out, result.xml]);
    const txt = join(dirname(out), 'source.txt');
    if (resolve(input) !== txt) writes.push([txt, bytes]);
    archival = { path: input, text };
  }

  // Every file it would write is checked before any is written.
  const clobbered = writes.filter(([f, data]) => existsSync(f) && !values.force && !(f !== out && readFileSync(f).equals(Buffer.from(data))));
  if (clobbered.length) {
    for (const [f] of clobbered) io.err(`${f}:0:0: error: already exists; diwan encode never replaces a file without --force`);
    return 2;
  }

  // The draft is checked as it will be read: the project's schemas, and its text against the source.
  const draft = sourceFromText(out, result.xml);
  const findings: Finding[] = (await new Validator().validate(draft)).findings;
  if (archival) {
    const problem = fidelityOf(toText(draft).output, archival, metadataOf(draft).normalisations);
    if (problem) findings.push(problem);
  }
  for (const [f, data] of writes) {
    if (existsSync(f) && f !== out && readFileSync(f).equals(Buffer.from(data))) continue;
    writeFileAtomic(f, data);
  }
  const errors = findings.filter((f) => f.severity === 'error');
  if (values.json) {
    io.out(JSON.stringify({ output: writes.length ? out : null, ...result.report, findings }, null, 2));
  } else {
    io.out(formatReport(result.report, { verbose: !values.quiet }));
    for (const f of findings) if (!values.quiet || f.severity === 'error') io.out(formatFinding(f));
    io.err(writes.length ? `diwan: wrote ${out}` : `diwan: nothing new to mark in ${input}`);
  }
  return errors.length ? 1 : 0;
}
