import type { SchNode } from './xml.js';

const XML_LANG = 'Q{http://www.w3.org/XML/1998/namespace}lang';

/**
 * One language per constraint. A schema can say one thing in several languages:
 * - ISO's way: assertions or diagnostics carrying xml:lang (in scope from the rule, pattern or
 *   schema), e.g. the same assert test once in English and once in French;
 * - TEI's way: an ODD's constraintSpec has an xml:lang, and its translation is a second
 *   constraintSpec whose ident ends in the language ("addSpan-requires-spanTo-fr"). tei_all.rng
 *   keeps only the ident, in the pattern's id: tei_all-addSpan-addSpan-requires-spanTo-fr-constraint-rule-44
 *   beside tei_all-addSpan-addSpan-requires-spanTo-constraint-rule-43 (English, TEI's source language).
 * Of each such group diwan keeps the member in the wanted language, else English, else the one
 * without a language, else the first.
 */

/** The xml:lang in scope at an element of the schema. */
export function langOf(n: SchNode | undefined): string | undefined {
  for (let e = n; e; e = e.parent) {
    const l = e.attrs.get(XML_LANG);
    if (l !== undefined) return l || undefined;
  }
  return undefined;
}

function matches(lang: string | undefined, wanted: string): boolean {
  if (!lang) return false;
  const l = lang.toLowerCase();
  const w = wanted.toLowerCase();
  return l === w || l.startsWith(`${w}-`) || w.startsWith(`${l}-`);
}

/** The member to keep: the wanted language, else English, else one without a language, else the first. */
export function choose<T>(members: { item: T; lang?: string }[], wanted: string): T {
  return (members.find((m) => matches(m.lang, wanted)) ?? members.find((m) => matches(m.lang, 'en')) ?? members.find((m) => !m.lang) ?? members[0]!).item;
}

const TEI_CONSTRAINT = /^(.+)-constraint-(?:rule|assert|report)-\d+$/;
const LANG_SUFFIX = /^(.+)-([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)$/;

/**
 * Groups patterns by TEI's translation convention: pattern id → [group key, language]. Only a
 * pattern whose base ident (without the language suffix) also exists counts as a translation.
 */
export function teiGroups(ids: (string | undefined)[]): Map<string, { group: string; lang?: string }> {
  const bases = new Map<string, string>();
  for (const id of ids) {
    const m = id ? TEI_CONSTRAINT.exec(id) : null;
    if (m) bases.set(m[1]!, id!);
  }
  const out = new Map<string, { group: string; lang?: string }>();
  for (const [base, id] of bases) {
    const l = LANG_SUFFIX.exec(base);
    if (l && bases.has(l[1]!)) {
      out.set(id, { group: l[1]!, lang: l[2]! });
      const original = bases.get(l[1]!)!;
      if (!out.has(original)) out.set(original, { group: l[1]! });
    }
  }
  return out;
}
