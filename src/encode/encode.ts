import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { LineIndex } from '../parse/position.js';
import { textBlocks } from '../tei/blocks.js';
import { neededNormalisations } from '../tei/plain-source.js';
import { writeSkeleton, type Block, type HeaderDefaults, type XmlModel } from '../tei/skeleton.js';
import { analyse } from './analyse.js';
import { parseDay } from './dates.js';
import { flatten, type Found } from './marks.js';
import { Matcher } from './matcher.js';
import { entriesNeeded, type Entry, type Register } from './register.js';
import { renderMarks } from './render.js';
import { buildReport, type EncodeReport, type Located } from './report.js';

export interface EncodeOptions {
  slug: string;
  /** Main language, BCP 47 (default ar). */
  lang?: string;
  /** Title (default: the first line). */
  title?: string;
  /** The document's date (YYYY-MM-DD): weekdays and relative dates are resolved against it. */
  date?: string;
  /** Language of blocks written in Latin script when the main language is not (default en). */
  latinLang?: string;
  xmlModels?: XmlModel[];
  header?: HeaderDefaults;
  /** The day stamped in the header (default: $SOURCE_DATE_EPOCH or today). */
  today?: string;
  /** A matcher built once for many documents with the same register. */
  matcher?: Matcher;
}

export interface EncodeResult {
  xml: string;
  report: EncodeReport;
}

const LATIN_SCRIPT_LANG = /^(en|fr|de|es|it|pt|nl|la|tr|id|ms|sw|pl|cs|sv|da|no|fi|ro|hu)(-|$)/i;

/**
 * A TEI draft from a plain-text source and a register: the header, the register entries that
 * occur (copied into standOff, with the groups' members), and the text in blocks with its
 * names and dates marked. The text's characters are the source's, in order: only elements are
 * added between them (test/encode: the fidelity check of every draft).
 */
export function encodeText(path: string, text: string, register: Register, opts: EncodeOptions): EncodeResult {
  const lang = opts.lang ?? 'ar';
  const latinLang = opts.latinLang ?? 'en';
  const today = opts.date ? parseDay(opts.date) : null;
  if (opts.date && !today) throw new Error(`--date expects a real day as YYYY-MM-DD, got "${opts.date}"`);
  const matcher = opts.matcher ?? new Matcher(register);
  const blocks = textBlocks(text);
  const runs: Located[] = [];
  const out: Block[] = [];
  const languages = new Set<string>();
  const used = new Set<Entry>();
  let n = 0;
  let blank = 0;
  blocks.forEach((b, i) => {
    if (b.kind === 'blank') {
      out.push({
        element: 'ab',
        attrs: [
          ['xml:id', `ab${++blank}`],
          ['type', 'blank-line'],
        ],
        content: (el) => el.txt(b.lines[0]!.text),
      });
      return;
    }
    const run = b.lines.map((l) => l.text).join('\n');
    const found: Found = analyse(run, matcher, today);
    for (const m of flatten(found.marks)) for (const e of m.entries) used.add(e);
    const starts = b.lines.map((l) => l.offset);
    let acc = 0;
    const local = b.lines.map((l) => {
      const s = acc;
      acc += l.text.length + 1;
      return s;
    });
    runs.push({
      found,
      text: run,
      toFile: (offset) => {
        let k = local.length - 1;
        while (k > 0 && local[k]! > offset) k--;
        return starts[k]! + offset - local[k]!;
      },
    });
    const attrs: [string, string][] =
      i === 0
        ? [['xml:id', 'head']]
        : [
            ['xml:id', `p${++n}`],
            ['n', String(n)],
          ];
    if (!LATIN_SCRIPT_LANG.test(lang) && b.lines.every((l) => latinBlock(l.text))) {
      attrs.push(['xml:lang', latinLang]);
      languages.add(latinLang);
    }
    out.push({ element: i === 0 ? 'head' : 'p', attrs, content: (el: XMLBuilder) => renderMarks(el, run, found.marks) });
  });

  const standOff = { persons: [] as string[], places: [] as string[], orgs: [] as string[] };
  for (const e of entriesNeeded(register, used)) {
    (e.kind === 'person' ? standOff.persons : e.kind === 'place' ? standOff.places : standOff.orgs).push(e.xml!);
    for (const l of e.langs) languages.add(l);
  }
  const sourceName = path.split(/[\\/]/).pop() ?? path;
  const xml = writeSkeleton({
    slug: opts.slug,
    lang,
    title: opts.title ?? blocks.find((b) => b.kind !== 'blank')?.lines[0]?.text ?? opts.slug,
    blocks: out,
    xmlModels: opts.xmlModels,
    header: opts.header,
    today: opts.today,
    languages: [...languages].filter((l) => l !== lang).sort(),
    source: { text: `Source: ${sourceName} (to be described).`, date: opts.date },
    interpretation: [
      `Draft made by diwan encode: names marked from the register${register.files.length === 1 ? '' : 's'} ${register.files.map((f) => f.split(/[\\/]/).pop()).join(', ') || '(none)'} (proclitics kept outside the elements, the article inside), dates and durations normalised${opts.date ? ` against ${opts.date}` : ''}. Every mark is to be checked by an editor; the review report lists what was left undecided.`,
    ],
    change: 'Draft made by diwan encode.',
    normalisations: neededNormalisations(text),
    standOff,
  });
  return { xml, report: buildReport(path, new LineIndex(text), runs, register) };
}

/** A line whose letters are mostly Latin (an English caption in an Arabic article). */
function latinBlock(s: string): boolean {
  let latin = 0;
  let letters = 0;
  for (const ch of s) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (/\p{Script=Latin}/u.test(ch)) latin++;
    }
  }
  return letters > 0 && latin / letters > 0.8;
}
