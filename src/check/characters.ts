import type { Source } from '../parse/index.js';
import type { Finding } from './finding.js';

/**
 * Explicit bidi formatting characters (embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069) in a document's text: legitimate in a few sources, but also the classic way to
 * make a name or a pointer read differently from what it is ("Trojan Source"). diwan keeps them,
 * as the source has them, warns about each text that holds one, and isolates that text in the
 * HTML edition (xslt/html/elements.xsl).
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const NAMES: Record<string, string> = {
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};
const REFERENCE = /&#x0*(202[a-e]|206[6-9]);|&#0*(823[4-8]|829[4-7]);/;
/** A document full of them gets a summary after this many located warnings. */
const MAX_LOCATED = 20;

export function characterFindings(source: Source): Finding[] {
  const out: Finding[] = [];
  let more = 0;
  const text = source.text;
  // Scan the source text itself (the characters and their numeric references): the warning
  // points at the character, wherever it stands.
  const all = new RegExp(`${BIDI.source}|${REFERENCE.source}`, 'gi');
  for (let m = all.exec(text); m; m = all.exec(text)) {
    if (out.length >= MAX_LOCATED) {
      more++;
      continue;
    }
    const { line, col } = source.tree.lines.at(m.index);
    const c = m[0].startsWith('&') ? String.fromCodePoint(m[1] ? Number.parseInt(m[1], 16) : Number(m[2])) : m[0];
    out.push({
      file: source.path,
      line,
      col,
      severity: 'warning',
      rule: 'bidi-control',
      message: `U+${c.charCodeAt(0).toString(16).toUpperCase()} ${NAMES[c]} in the text: it changes how the text around it is displayed; it is kept, and isolated in the HTML edition (check that the source has it)`,
    });
  }
  if (more) out.push({ file: source.path, line: 0, col: 0, severity: 'warning', rule: 'bidi-control', message: `and ${more} more bidi control characters` });
  return out;
}
