import type { Source } from '../parse/index.js';
import { runStylesheet } from '../transform/saxon.js';

/** One register entry of an edition, as xslt/registers.xsl gives it. */
export interface RegisterEntry {
  id: string;
  kind: 'persons' | 'places' | 'organisations';
  names: { text: string; lang: string }[];
  idnos: { type: string; value: string; url: string }[];
}

/** A mention in the edition's text: `anchor` is its id in the HTML edition. */
export interface Mention {
  target: string;
  anchor: string;
  place: string;
  text: string;
  lang: string;
}

export interface EditionRegisters {
  entries: RegisterEntry[];
  mentions: Mention[];
}

/** The edition's registers and mentions (one more transform over the tree already parsed). */
export function registersOf(source: Source): EditionRegisters {
  return JSON.parse(runStylesheet('registers', source).output) as EditionRegisters;
}
