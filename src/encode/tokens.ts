import { foldWithMap } from './fold.js';

/**
 * A word of the text: a run of letters, combining marks, digits and tatweel. Everything else
 * (spaces of every kind, punctuation, slashes, quotation marks) separates words.
 */
export interface Token {
  /** Offsets of the word in the text (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** Folded key (fold.ts). */
  key: string;
  /** Source offset of each character of key. */
  map: number[];
}

const WORD = /[\p{L}\p{M}\p{N}\u0640\u200c\u200d]+/gu;

/** The words of text, in order (linear: one regular-expression pass). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const f = foldWithMap(text, start, end);
    if (f.text === '') continue;
    out.push({ start, end, key: f.text, map: f.map });
  }
  return out;
}

/** The words of a register name (keys only). */
export function nameKeys(name: string): string[] {
  return tokenize(name).map((t) => t.key);
}

// Between two words of one name: spaces of any kind (no-break spaces, line breaks inside a
// block) and at most one hyphen or apostrophe (Al-Fetori, Then-General, O'Neill). A comma, a
// full stop, a quotation mark or a slash ends a name.
const JOINER = /^[\s\u00a0\u202f]*[-\u2010\u2011'\u2019]?[\s\u00a0\u202f]*$/;

/** Whether two neighbouring words may belong to one name. */
export function joins(text: string, left: Token, right: Token): boolean {
  const gap = text.slice(left.end, right.start);
  return gap.length <= 8 && JOINER.test(gap);
}

/** Whether the gap between two words is white space only (no hyphen). */
export function spaceOnly(text: string, left: Token, right: Token): boolean {
  return /^[\s\u00a0\u202f]+$/.test(text.slice(left.end, right.start));
}
