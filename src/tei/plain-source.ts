/**
 * What diwan may change when a plain-text source becomes a TEI edition, and nothing else.
 *
 * The text edition writes blocks separated by one empty line, with LF line ends and no empty
 * lines before the first block or after the last. A source saved on Windows (CRLF), ending in a
 * newline (as most editors save), or with several empty lines between blocks therefore cannot be
 * reproduced byte for byte. Rather than refuse it, `init` and `encode` declare the normalisation in
 * the edition's encoding description (`<normalization n="diwan:line-ends">` with a sentence
 * saying what it means), and the fidelity check applies exactly the declared normalisations to
 * the source before comparing: the edition's text is still the source's text, character for
 * character, except for what its header says it normalises.
 */

/** Line ends: CR LF and CR become LF; empty lines around the text and extra empty lines between blocks are not part of it. */
export const LINE_ENDS = 'diwan:line-ends';

export const NORMALISATION_SENTENCES: Record<string, string> = {
  [LINE_ENDS]:
    'Line ends are normalised: CR LF and CR are read as LF, the empty lines before the first block and after the last (such as a final line end) are not part of the text, and several empty lines between blocks count as one.',
};

/** The known normalisations, in the order they are applied. */
const RULES: Record<string, (s: string) => string> = {
  [LINE_ENDS]: (s) =>
    s
      .replace(/\r\n?/g, '\n')
      .replace(/^\n+/, '')
      .replace(/\n+$/, '')
      .replace(/\n{3,}/g, '\n\n'),
};

/** The source's text as an edition declaring `tokens` must reproduce it (unknown tokens change nothing). */
export function normalised(text: string, tokens: readonly string[]): string {
  let s = text;
  for (const [token, rule] of Object.entries(RULES)) if (tokens.includes(token)) s = rule(s);
  return s;
}

/** The normalisations a new edition of this source needs declared (empty when it needs none). */
export function neededNormalisations(text: string): string[] {
  return Object.entries(RULES)
    .filter(([, rule]) => rule(text) !== text)
    .map(([token]) => token);
}

/**
 * The first character XML 1.0 cannot hold (C0 controls other than tab and line ends, U+FFFE,
 * U+FFFF, lone surrogates), with its offset: such a source needs a decision by its editor
 * (remove the character? describe it?) before it can become TEI.
 */
export function firstForbiddenCharacter(text: string): { index: number; code: string } | null {
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  if (!bad) return null;
  return { index: bad.index, code: `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}
