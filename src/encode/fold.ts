/**
 * Arabic-aware folding for matching. Folding never changes the text written out: it yields a
 * comparison key per character, and every folded character remembers the offset of the source
 * character it came from, so a match found in folded text is written back over the original
 * characters (hamza seats, tatweel, harakat and all).
 *
 * Folds (each one has its own test):
 *   أ إ آ ٱ → ا     alef with hamza, madda or wasla
 *   ى → ي           alef maqsura (and Persian ی → ي, ک → ك)
 *   ة → ه           taa marbuta
 *   ـ               tatweel (U+0640), dropped
 *   harakat         fatha … sukun, shadda, superscript alef, Quranic marks, dropped
 *   ZWNJ, ZWJ, LRM, RLM, ALM  invisible format characters, dropped
 *   ٠-٩ ۰-۹ → 0-9   Arabic-Indic and Extended Arabic-Indic digits
 *   Latin           lower case, without combining accents (é → e)
 */

/** The folded key of one UTF-16 code unit: '' when it is dropped. */
export function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
  switch (code) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
    case 0x0672:
    case 0x0673:
      return '\u0627';
    case 0x0649:
    case 0x06cc:
      return '\u064a';
    case 0x0629:
      return '\u0647';
    case 0x06a9:
      return '\u0643';
    case 0x0640:
    case 0x200c:
    case 0x200d:
    case 0x200e:
    case 0x200f:
    case 0x061c:
      return '';
  }
  if (
    (code >= 0x064b && code <= 0x065f) ||
    code === 0x0670 ||
    (code >= 0x0610 && code <= 0x061a) ||
    (code >= 0x06d6 && code <= 0x06ed && code !== 0x06e5 && code !== 0x06e6)
  ) {
    return '';
  }
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(48 + code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(48 + code - 0x06f0);
  if (code >= 0x0300 && code <= 0x036f) return '';
  if (code < 0x0600 || (code >= 0x1e00 && code < 0x2000)) {
    // Latin and other alphabets with case: base letter, lower case.
    const base = c.normalize('NFD').charAt(0);
    return base.toLowerCase();
  }
  return c;
}

/** Folds a string for comparison (no offsets: for register names and keys). */
export function fold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += foldChar(s.charAt(i));
  return out;
}

/** A folded string with, for each of its characters, the offset of the source character. */
export interface Folded {
  text: string;
  map: number[];
}

/** Folds text[start, end), keeping each folded character's source offset. */
export function foldWithMap(text: string, start = 0, end = text.length): Folded {
  let out = '';
  const map: number[] = [];
  for (let i = start; i < end; i++) {
    const f = foldChar(text.charAt(i));
    if (f === '') continue;
    out += f;
    map.push(i);
  }
  return { text: out, map };
}
