import { RE2JS } from 're2js';
import type { Finding } from '../check/finding.js';
import type { Source } from '../parse/index.js';
import { nodePosition } from '../parse/tree.js';
import { attributeOf, type XdmNode } from '../xdm/node.js';

/**
 * Private URI prefixes (`listPrefixDef/prefixDef`: `wd:Q649` → `https://www.wikidata.org/wiki/Q649`).
 *
 * A prefixDef's @matchPattern comes from the document, and the XPath engines backtrack: `(a+)+$`
 * against a long pointer takes minutes (docs/security.md). diwan therefore evaluates the patterns
 * here, once per distinct pointer, with RE2 (re2js: linear time, no back-references), and hands the
 * stylesheets a map from each prefixed pointer to its expansion; the validation stage reports the
 * pointers that do not fit their pattern from the same evaluation.
 */

const TEI_NS = 'http://www.tei-c.org/ns/1.0';
/** Attributes whose values are pointer lists (teidata.pointer) in the documents diwan publishes. */
const POINTER_ATTRIBUTES = ['ref', 'target', 'corresp', 'who', 'resp', 'source', 'sameAs', 'scheme', 'key', 'ana', 'facs', 'wit'];

export interface PrefixExpansions {
  /** Prefixed pointer (as written) → its expansion, for the pointers whose prefix is declared and that fit its pattern. */
  expansions: Record<string, string>;
  /** Patterns diwan cannot evaluate, pointers that do not fit: warnings located at the element. */
  findings: Finding[];
}

interface Definition {
  ident: string;
  pattern: RE2JS | null;
  replacement: string;
  node: XdmNode;
}

/** One evaluation per parsed document, shared by the check stage and every stylesheet run. */
const cache = new WeakMap<Source, PrefixExpansions>();

/** Every prefixed pointer of the document, expanded through its prefixDef. */
export function prefixExpansions(source: Source): PrefixExpansions {
  let done = cache.get(source);
  if (!done) {
    done = evaluate(source);
    cache.set(source, done);
  }
  return done;
}

function evaluate(source: Source): PrefixExpansions {
  const findings: Finding[] = [];
  const tree = source.tree;
  const at = (node: XdmNode, message: string) => {
    const { line, col } = nodePosition(tree, node);
    findings.push({ file: source.path, line, col, severity: 'warning', rule: 'prefixDef', message });
  };
  const defs = new Map<string, Definition>();
  for (const def of tree.byName.get(`{${TEI_NS}}prefixDef`) ?? []) {
    const ident = attributeOf(def, 'ident');
    const match = attributeOf(def, 'matchPattern');
    if (!ident || match === null || defs.has(ident)) continue;
    let pattern: RE2JS | null = null;
    try {
      pattern = RE2JS.compile(`^(?:${xpathToRe2(match)})$`);
    } catch (err) {
      at(
        def,
        `prefixDef "${ident}": @matchPattern ${JSON.stringify(match)} cannot be evaluated (${(err as Error).message}); diwan evaluates patterns in linear time (RE2: no back-references, no class subtraction), so pointers with this prefix are left unexpanded`,
      );
    }
    defs.set(ident, { ident, pattern, replacement: attributeOf(def, 'replacementPattern') ?? '', node: def });
  }
  const expansions: Record<string, string> = {};
  if (defs.size === 0) return { expansions, findings };
  const misfits = new Map<string, { def: Definition; tokens: Set<string> }>();
  const consider = (token: string) => {
    const colon = token.indexOf(':');
    if (colon <= 0 || token in expansions) return;
    const def = defs.get(token.slice(0, colon));
    if (!def?.pattern) return;
    const m = def.pattern.matcher(token.slice(colon + 1));
    if (m.matches()) {
      const groups = Array.from({ length: m.groupCount() + 1 }, (_, i) => m.group(i) ?? '');
      expansions[token] = substitute(def.replacement, groups);
    } else {
      const entry = misfits.get(def.ident) ?? { def, tokens: new Set<string>() };
      entry.tokens.add(token);
      misfits.set(def.ident, entry);
    }
  };
  const idno = `{${TEI_NS}}idno`;
  for (const el of tree.elements) {
    for (const name of POINTER_ATTRIBUTES) {
      const value = attributeOf(el, name);
      if (value) for (const token of value.split(/[ \t\r\n]+/)) if (token) consider(token);
    }
    if (`{${el.namespaceURI ?? ''}}${el.localName}` === idno) consider(textOf(el).trim());
  }
  for (const { def, tokens } of misfits.values()) {
    const list = [...tokens];
    at(
      def.node,
      `the pointer(s) ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''} use the prefix "${def.ident}" but do not match its @matchPattern; they are left unexpanded`,
    );
  }
  return { expansions, findings };
}

/** The string value of an element. */
function textOf(node: XdmNode): string {
  if (node.nodeType === 3 || node.nodeType === 4) return node.nodeValue ?? '';
  let s = '';
  for (let c = node.firstChild; c; c = c.nextSibling) s += textOf(c);
  return s;
}

/** An XPath replacement string: $N is group N, \$ and \\ are the characters. */
function substitute(replacement: string, groups: string[]): string {
  return replacement.replace(/\\([$\\])|\$(\d+)/g, (_, escaped: string | undefined, n: string | undefined) => {
    if (escaped) return escaped;
    // XPath takes the longest group number that exists.
    let digits = n!;
    while (digits.length > 1 && Number(digits) >= groups.length) digits = digits.slice(0, -1);
    const rest = n!.slice(digits.length);
    return (groups[Number(digits)] ?? '') + rest;
  });
}

/**
 * An XPath (F&O) regular expression in RE2's syntax. The two agree on most of it; XPath's \d, \w
 * and \s are Unicode classes, \i and \c XML name characters, and \p{IsBlock} and class
 * subtraction have no RE2 form (refused, so the pointer stays unexpanded rather than wrongly so).
 */
export function xpathToRe2(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw new Error('a pattern cannot end with "\\"');
      i++;
      if (/[1-9]/.test(n) && !inClass) throw new Error('back-references are not supported');
      const classes: Record<string, [string, string]> = {
        d: ['\\p{Nd}', '[\\p{Nd}]'],
        D: ['\\P{Nd}', '[^\\p{Nd}]'],
        w: ['\\p{L}\\p{M}\\p{N}\\p{S}', '[\\p{L}\\p{M}\\p{N}\\p{S}]'],
        W: ['\\p{P}\\p{Z}\\p{C}', '[\\p{P}\\p{Z}\\p{C}]'],
        s: [' \\t\\n\\r', '[ \\t\\n\\r]'],
        S: ['', '[^ \\t\\n\\r]'],
        i: ['\\p{L}_:', '[\\p{L}_:]'],
        c: ['\\p{L}\\p{M}\\p{N}._:\\-', '[\\p{L}\\p{M}\\p{N}._:\\-]'],
      };
      const mapped = classes[n];
      if (mapped) {
        if (inClass && mapped[0] === '') throw new Error('\\S inside a character class is not supported');
        out += inClass ? mapped[0] : mapped[1];
        continue;
      }
      if (n === 'p' || n === 'P') {
        const m = /^\{([^}]*)\}/.exec(pattern.slice(i + 1));
        if (!m) throw new Error(`\\${n} needs a {name}`);
        if (m[1]!.startsWith('Is')) throw new Error(`the block escape \\${n}{${m[1]}} is not supported`);
        out += `\\${n}{${m[1]}}`;
        i += m[0].length;
        continue;
      }
      out += `\\${n}`;
      continue;
    }
    if (inClass && c === '-' && pattern[i + 1] === '[') throw new Error('character class subtraction is not supported');
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}
