/**
 * Arabic proclitics: conjunctions and prepositions written joined to the next word
 * (بموسكو = ب + موسكو, والغويل = و + الغويل). They are recognised on the first word of a
 * mention and kept outside the element. The article ال belongs to the name and stays inside.
 *
 *   و ف         conjunctions ("and", "so")
 *   ب ل ك       prepositions ("in/with", "for/to", "like")
 *   و/ف + ب/ل/ك  combinations (وب، ول، فب، فك …)
 *   لل          ل + ال with the article's alef dropped (للجيش = لِ + الجيش): the first lām stays
 *               outside, the second (the article) inside, as docs/tei-conventions.md says.
 * With ال the single clitics give وال بال كال فال: the stem then starts with the article, as
 * the register's name does.
 */

const ALEF = '\u0627';
const LAM = '\u0644';
const CONJ = new Set(['\u0648', '\u0641']); // و ف
const PREP = new Set(['\u0628', '\u0644', '\u0643']); // ب ل ك

/** One reading of a word: `outside` folded characters are clitics, `stem` is looked up. */
export interface Reading {
  /** Folded characters that stay outside the element. */
  outside: number;
  /** The folded key to look up (for لل: with the article's alef restored). */
  stem: string;
}

/** Readings of a folded word, the plain word first, then with ever more clitics. */
export function readings(key: string): Reading[] {
  const out: Reading[] = [{ outside: 0, stem: key }];
  // A clitic never leaves less than two letters: و alone is not و + a name.
  const add = (outside: number) => {
    const rest = key.slice(outside);
    if (rest.length >= 2) out.push({ outside, stem: rest });
  };
  const c0 = key.charAt(0);
  const c1 = key.charAt(1);
  if (CONJ.has(c0) || PREP.has(c0)) add(1);
  if (CONJ.has(c0) && PREP.has(c1)) add(2);
  // لل: ل + (ا)ل…, alone or after و/ف.
  for (const at of [0, 1]) {
    if (at === 1 && !CONJ.has(c0)) continue;
    if (key.charAt(at) === LAM && key.charAt(at + 1) === LAM && key.length - at >= 4) {
      out.push({ outside: at + 1, stem: ALEF + key.slice(at + 1) });
    }
  }
  return out;
}
