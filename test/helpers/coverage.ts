/**
 * How much of a TEI document's text reaches an edition: the words of the string value of its
 * `text` elements (runs of Unicode letters, marks, digits and connectors, NFC), counted as a
 * multiset, and how many of them the edition has. Shares no code with src/ (its own parse of the
 * HTML), so that a stylesheet that drops text cannot hide it from the measure.
 */
import { SaxesParser } from 'saxes';

const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const WORD = /[\p{L}\p{M}\p{N}\p{Pc}]+/gu;
/** Where an element starts or ends in the source text (kept while tokenising, see sourceWords). */
const B = '\uE000';
/** Editorial signs that may stand inside a word (co(n)s(ule), porta?m, Di[s, \\bene/): removed there, on both sides. */
const SIGNS_IN_WORD = /(?<=[\p{L}\p{M}\p{N}]\uE000*)[[\]()⟨⟩⟦⟧{}⸢⸣?\\/`´|]+(?=\uE000*[\p{L}\p{M}\p{N}])/gu;

/** The words of an edition, counted. */
export function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.normalize('NFC').replace(SIGNS_IN_WORD, '').match(WORD) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * A word of the source and, when it runs across element boundaries, its parts: the string value
 * of `<salute>Lieber</salute><p>Haben` is "LieberHaben", which no edition shows as one word, since
 * the elements are blocks; such a word counts as found when each part is.
 */
export interface SourceWord {
  word: string;
  parts: string[];
}

export function sourceWords(text: string): SourceWord[] {
  const out: SourceWord[] = [];
  for (const m of text
    .normalize('NFC')
    .replace(SIGNS_IN_WORD, '')
    .match(/[\p{L}\p{M}\p{N}\p{Pc}\uE000]+/gu) ?? []) {
    const word = m.replaceAll(B, '');
    if (word) out.push({ word, parts: m.split(B).filter((p) => p !== '') });
  }
  return out;
}

/** The string value of the document's outermost TEI `text` elements, element boundaries marked ('' when it has none, e.g. TEI P4). */
export function teiText(xml: string): string {
  const parser = new SaxesParser({ xmlns: true });
  let depth = 0;
  let out = '';
  parser.on('opentag', (t) => {
    if ((t.uri === TEI_NS && t.local === 'text') || depth > 0) depth++;
    if (depth === 0) return;
    // Elements that stand for white space are word boundaries, unless they say they are not (break="no").
    const breaks = t.uri === TEI_NS && ['space', 'lb', 'pb', 'cb'].includes(t.local);
    const joins = t.attributes.break?.value === 'no' || t.attributes.type?.value === 'hyphenInWord';
    out += breaks && !joins ? ' ' : B;
  });
  parser.on('closetag', () => {
    if (depth > 0) {
      out += B;
      depth--;
    }
  });
  parser.on('text', (t) => {
    if (depth > 0) out += t;
  });
  parser.on('cdata', (t) => {
    if (depth > 0) out += t;
  });
  // Internal entities of older TEI (<!ENTITY mdash "—">) are plain text for this measure.
  parser.on('doctype', (d) => {
    for (const m of d.matchAll(/<!ENTITY\s+([^\s%]+)\s+(["'])(.*?)\2\s*>/gs)) parser.ENTITIES[m[1]!] = m[3]!;
  });
  parser.write(xml).close();
  return out;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'del',
  'em',
  'i',
  'ins',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'label',
]);
/** Not the text: the page's furniture, the legend, note and apparatus markers, paragraph and line numbers, page-break marks, back-links, popovers (a copy of the apparatus). */
const SKIPPED = (tag: string, cls: string[], id: string) =>
  ['head', 'style', 'script', 'nav', 'header', 'footer', 'button'].includes(tag) ||
  id === 'editorial-signs' ||
  cls.some((c) => ['noteref', 'appref', 'app-pop', 'pn', 'backlink', 'app-label', 'app-place', 'sign', 'label', 'tei-pb', 'ln'].includes(c));

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

/**
 * The reading text of an HTML edition: what the page shows in <main> (text, notes, apparatus,
 * registers), with a space at every block boundary and image descriptions (alt) included.
 */
export function htmlText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.lastIndexOf('</main>'));
  const out: string[] = [];
  const stack: { tag: string; skip: boolean }[] = [];
  const skipping = () => stack.length > 0 && stack[stack.length - 1]!.skip;
  for (const m of main.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g)) {
    if (m[4] !== undefined) {
      if (!skipping()) out.push(decode(m[4]));
      continue;
    }
    const [, close, rawTag, attrs = ''] = m;
    const tag = rawTag!.toLowerCase();
    if (close) {
      while (stack.length && stack.pop()!.tag !== tag);
      if (!INLINE.has(tag)) out.push(' ');
      continue;
    }
    const cls = (attrs.match(/\bclass="([^"]*)"/)?.[1] ?? '').split(/\s+/);
    const id = attrs.match(/\bid="([^"]*)"/)?.[1] ?? '';
    if (!INLINE.has(tag)) out.push(' ');
    const alt = attrs.match(/\balt="([^"]*)"/)?.[1];
    if (alt && !skipping()) out.push(` ${decode(alt)} `);
    if (VOID.has(tag)) continue;
    // A sign inside a word is removed without a break (co(n)s(ule) → consule).
    stack.push({ tag, skip: skipping() || SKIPPED(tag, cls, id) });
  }
  return out.join('');
}

/** The plain-text edition without its title block and colophon: text, notes, apparatus, readings, registers. */
export function textEditionText(text: string): string {
  const rule = '='.repeat(72);
  const body = text.slice(text.indexOf(rule));
  const colophon = body.lastIndexOf(`\n${'-'.repeat(72)}\n`);
  return colophon >= 0 ? body.slice(0, colophon) : body;
}

export interface Coverage {
  words: number;
  found: number;
  share: number;
  /** The most frequent words of the source the edition lacks (for the figures printed). */
  missing: [string, number][];
}

export function coverage(source: SourceWord[], edition: Map<string, number>): Coverage {
  const left = new Map(edition);
  const take = (w: string) => {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    return n > 0;
  };
  let found = 0;
  const pending: SourceWord[] = [];
  for (const w of source) {
    if (take(w.word)) found++;
    else pending.push(w);
  }
  const missing = new Map<string, number>();
  for (const w of pending) {
    const parts = w.parts.length > 1 ? w.parts.map((p) => p.replace(SIGNS_IN_WORD, '')) : [];
    const need = new Map<string, number>();
    for (const p of parts) need.set(p, (need.get(p) ?? 0) + 1);
    if (parts.length > 0 && [...need].every(([p, n]) => (left.get(p) ?? 0) >= n)) {
      for (const p of parts) take(p);
      found++;
    } else missing.set(w.word, (missing.get(w.word) ?? 0) + 1);
  }
  const worst = [...missing].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
  return { words: source.length, found, share: source.length === 0 ? 1 : found / source.length, missing: worst };
}
