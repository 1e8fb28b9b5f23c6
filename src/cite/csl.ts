import { dirOf } from '../transform/bcp47.js';
import type { EditionRecord } from '../transform/metadata.js';

/** A CSL-JSON item (the fields diwan fills). */
export interface CslItem {
  id: string;
  type: string;
  title: string;
  language?: string;
  author?: CslName[];
  editor?: CslName[];
  publisher?: string;
  'container-title'?: string;
  issued?: { 'date-parts': number[][] };
  URL?: string;
  genre?: string;
  number?: string;
  note?: string;
}
export type CslName = { literal: string } | { family: string; given?: string };

/**
 * Isolation marks around right-to-left text inside a citation. The CSL processor passes these
 * private-use characters through untouched; the renderers turn them into <bdi> (HTML) or
 * FSI … PDI (plain text), so an Arabic title keeps its place among English punctuation.
 * Never written into the data files (.bib, .ris, .csl.json), which hold the plain strings.
 */
export const ISOLATE_START = '\uE010';
export const ISOLATE_END = '\uE011';

function isolated(text: string, lang: string | null | undefined, mark: boolean): string {
  return mark && lang && dirOf(lang) === 'rtl' ? `${ISOLATE_START}${text}${ISOLATE_END}` : text;
}

function issued(day: string | null | undefined): CslItem['issued'] {
  const m = day ? /^(-?\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  return m ? { 'date-parts': [[Number(m[1]), Number(m[2]), Number(m[3])]] } : undefined;
}

/** A name as CSL takes it: a person's "Family, Given" split at the comma, anything else literal. */
function name(text: string): CslName {
  const m = /^([^,]+),\s*([^,]+)$/.exec(text.trim());
  return m ? { family: m[1]!, given: m[2]! } : { literal: text.trim() };
}

/**
 * The edition as one CSL item, from its metadata record (src/transform/metadata.ts): the main
 * title with its translation in brackets, authors, else editors, else the responsible people
 * as editors, the publisher, the edition's date and web address. `marks`: isolate right-to-left
 * titles for rendering (see ISOLATE_START).
 */
export function editionItem(record: EditionRecord, slug: string, marks = false): CslItem {
  const translated = record.titles.find((t) => t.type === 'translated' || (t.type !== 'sub' && t.type !== 'main' && t.lang !== record.title.lang));
  const title =
    isolated(record.title.text, record.title.lang, marks) +
    (translated && translated.text !== record.title.text ? ` [${isolated(translated.text, translated.lang, marks)}]` : '');
  const responsible = record.contributors.flatMap((c) => c.names);
  const editors = record.editors.length ? record.editors : record.authors.length ? [] : [...new Set(responsible)];
  const item: CslItem = {
    id: slug,
    type: 'webpage',
    title,
    language: record.title.lang || record.lang,
    genre: 'TEI P5 digital edition',
  };
  if (record.authors.length) item.author = record.authors.map(name);
  if (editors.length) item.editor = editors.map(name);
  if (record.publisher) item.publisher = record.publisher;
  const date = issued(record.date);
  if (date) item.issued = date;
  if (record.url) item.URL = record.url;
  return item;
}

/** The edition's first source, when the header describes it well enough to be cited (a title). */
export function sourceItem(record: EditionRecord, slug: string, marks = false): CslItem | undefined {
  const s = record.sources.find((x) => x.titles?.length);
  if (!s) return undefined;
  const own = s.titles.filter((t) => t.level === 'a' || t.level === 'u' || t.level === '' || t.level === 'm');
  const main = own.find((t) => t.type !== 'translated' && t.type !== 'sub') ?? own[0] ?? s.titles[0]!;
  const translated = own.find((t) => t !== main && (t.type === 'translated' || t.lang !== main.lang));
  const container = s.titles.find((t) => t.level === 'j') ?? undefined;
  const publisher = s.parts.find((p) => p.label === 'Publisher')?.text ?? undefined;
  const item: CslItem = {
    id: `${slug}-source`,
    type: main.level === 'a' ? (s.type === 'article' || /news/i.test(s.type) ? 'article-newspaper' : 'article') : 'document',
    title: isolated(main.text, main.lang, marks) + (translated ? ` [${isolated(translated.text, translated.lang, marks)}]` : ''),
    language: main.lang || undefined,
  };
  if (s.authors.length) item.author = s.authors.map(name);
  const containerTitle = container?.text ?? publisher;
  if (containerTitle) item['container-title'] = isolatedMixed(containerTitle, marks);
  const date = issued(s.date);
  if (date) item.issued = date;
  if (s.url) item.URL = s.url;
  return item;
}

const RTL = '\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}';
const RTL_RUN = new RegExp(`[${RTL}](?:[${RTL}\\p{M}\\s]*[${RTL}\\p{M}])?`, 'gu');

/** Runs of right-to-left script inside a mixed string (a publisher "Al Jazeera (الجزيرة نت)") isolated. */
export function isolatedMixed(text: string, marks: boolean): string {
  return marks ? text.replace(RTL_RUN, (m) => `${ISOLATE_START}${m}${ISOLATE_END}`) : text;
}
