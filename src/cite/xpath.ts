import type { Tree } from '../parse/index.js';
import { SaxonJS } from '../xdm/saxon.js';
import { TEI_NS, type XdmNode } from '../xdm/node.js';
import { XPATH_KEYWORDS } from '../xdm/xpath-words.js';

/**
 * The XPath a document's citeStructure declares (match, use) runs on the document itself, so a
 * hostile document could otherwise read files (unparsed-text, doc), the environment or run
 * anything XPath 3.1 can call. Only a path-and-string subset is run: no variables, no
 * URI-qualified or named function references, and only the functions below.
 */
const ALLOWED_CALLS = new Set([
  // node tests
  'text',
  'node',
  'comment',
  'processing-instruction',
  'element',
  'attribute',
  // what identifiers and titles are made of
  'string',
  'normalize-space',
  'concat',
  'string-join',
  'substring',
  'substring-before',
  'substring-after',
  'translate',
  'lower-case',
  'upper-case',
  'replace',
  'tokenize',
  'string-length',
  'starts-with',
  'ends-with',
  'contains',
  'matches',
  'number',
  'data',
  'not',
  'exists',
  'empty',
  'boolean',
  'true',
  'false',
  'name',
  'local-name',
  'head',
  'tail',
  'format-integer',
  'position',
  'last',
  'count',
  // keywords and operators that may stand before a parenthesis
  ...XPATH_KEYWORDS,
]);

const MAX_LENGTH = 1000;

export class UnsafeXPath extends Error {}

/** Throws UnsafeXPath with the reason when the expression is outside the subset. */
export function checkXPath(expr: string): void {
  if (expr.length > MAX_LENGTH) throw new UnsafeXPath(`longer than ${MAX_LENGTH} characters`);
  // String literals cannot call anything: blank them out before looking.
  const code = expr.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, '""');
  if (/["']/.test(code.replace(/""/g, ''))) throw new UnsafeXPath('an unterminated string literal');
  if (code.includes('$')) throw new UnsafeXPath('variables are not allowed');
  if (/Q\s*\{/.test(code)) throw new UnsafeXPath('URI-qualified names are not allowed');
  if (code.includes('#')) throw new UnsafeXPath('function references are not allowed');
  for (const m of code.matchAll(/([\p{L}_][\p{L}\p{N}_.:-]*)\s*\(/gu)) {
    const name = m[1]!.replace(/^fn:/, '');
    if (!ALLOWED_CALLS.has(name)) throw new UnsafeXPath(`the function ${m[1]}() is not allowed`);
  }
}

/** Whether an identifier expression depends on where the unit stands (so it changes when units are added). */
export function isPositional(expr: string): boolean {
  const code = expr.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, '""');
  return /\b(position|last|count)\s*\(|\b(preceding|following)(-sibling)?::|\[\s*\d+\s*\]/.test(code);
}

/** Nodes an expression selects from a context node, unprefixed names in the TEI namespace. */
export function selectNodes(expr: string, context: XdmNode): XdmNode[] {
  checkXPath(expr);
  const r = SaxonJS.XPath.evaluate(expr, context, { xpathDefaultNamespace: TEI_NS, resultForm: 'array' }) as unknown[];
  return r.filter((n): n is XdmNode => typeof n === 'object' && n !== null && typeof (n as XdmNode).nodeType === 'number');
}

/**
 * For each node `match` selects, the string value of `use` evaluated on it, with position() and
 * last() counting among the selected nodes as TEI means them.
 */
export function valuesOf(match: string, use: string, context: XdmNode): string[] {
  checkXPath(match);
  checkXPath(use);
  const r = SaxonJS.XPath.evaluate(`(${match}) ! string((${use})[1])`, context, { xpathDefaultNamespace: TEI_NS, resultForm: 'array' }) as unknown[];
  return r.map((v) => String(v ?? ''));
}

/** The string value of an expression's first item ('' for none). */
export function stringOf(expr: string, context: XdmNode): string {
  checkXPath(expr);
  const r = SaxonJS.XPath.evaluate(`string((${expr})[1])`, context, { xpathDefaultNamespace: TEI_NS }) as unknown;
  return typeof r === 'string' ? r : String(r ?? '');
}

/** The document-order index of an element of the tree (undefined for other nodes). */
export function elementIndex(tree: Tree, node: XdmNode): number | undefined {
  return node.nodeType === 1 ? tree.index.get(node) : undefined;
}
