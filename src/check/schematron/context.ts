import { DIWAN_NS, splitTopLevel, XPathExpr, type Env } from './xpath.js';
import type { ParsedDocument, XdmNode } from './xml.js';

/**
 * A rule's @context, an XSLT pattern, turned into node selection.
 * Each union branch that is one name-test step with predicates (the usual Schematron idiom,
 * e.g. `tei:*[@when]`) is answered from the parser's element index, so the document is not
 * rescanned by XPath for every rule (a descendant scan costs ~0.5-1.5 s on a 4 MB TEI file in
 * SaxonJS). Anything else is evaluated as the XPath `//branch`, which selects exactly the nodes
 * the pattern matches (`//` = descendant-or-self::node()/child::, so `p[1]` keeps its meaning).
 */

interface NameTest {
  uri: string | null; // null = any namespace
  local: string | null; // null = any local name
}

const NCNAME = '[A-Za-z_\\u00C0-\\uFFEF][\\w.\\-\\u00B7\\u00C0-\\uFFEF]*';
const NAMETEST = new RegExp(`^(\\*|${NCNAME}:\\*|\\*:${NCNAME}|${NCNAME}:${NCNAME}|${NCNAME}|Q\\{[^}]*\\}(?:\\*|${NCNAME}))`);
const SIMPLE_ATTR_PRED = new RegExp(`^\\s*@(${NCNAME}(?::${NCNAME})?)\\s*$`);

const C_VAR = `$Q{${DIWAN_NS}}c`;
const V_VAR = `$Q{${DIWAN_NS}}v`;
export const POSITIONAL = 'positional-predicate';

function parseNameTest(text: string, ns: Record<string, string>): NameTest {
  if (text === '*') return { uri: null, local: null };
  const q = /^Q\{([^}]*)\}(.*)$/.exec(text);
  if (q) return { uri: q[1]!, local: q[2] === '*' ? null : q[2]! };
  const i = text.indexOf(':');
  if (i < 0) return { uri: '', local: text };
  const prefix = text.slice(0, i);
  const local = text.slice(i + 1);
  if (prefix === '*') return { uri: null, local };
  const uri = ns[prefix];
  if (uri === undefined) throw new Error(`namespace prefix "${prefix}" is not declared (add <sch:ns prefix="${prefix}" uri="…"/>)`);
  return { uri, local: local === '*' ? null : local };
}

function matchesName(node: { namespaceURI?: string | null; localName?: string }, t: NameTest): boolean {
  return (t.uri === null || (node.namespaceURI ?? '') === t.uri) && (t.local === null || node.localName === t.local);
}

/** Predicates `[...]...` as separate strings, or null if the rest is not only predicates. */
function splitPredicates(rest: string): string[] | null {
  const preds: string[] = [];
  let i = 0;
  while (i < rest.length) {
    while (/\s/.test(rest[i] ?? '')) i++;
    if (i >= rest.length) break;
    if (rest[i] !== '[') return null;
    let depth = 0;
    let quote = '';
    let j = i;
    for (; j < rest.length; j++) {
      const c = rest[j]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '[' || c === '(') depth++;
      else if (c === ']' || c === ')') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (j >= rest.length) return null;
    preds.push(rest.slice(i + 1, j));
    i = j + 1;
  }
  return preds;
}

interface FastBranch {
  kind: 'fast';
  attribute: boolean;
  test: NameTest;
  /** Attribute-existence predicates answered in JS (leading ones only: later ones may be positional). */
  hasAttrs: NameTest[];
  /** XPath over the candidates `$c`, or null when the name test and hasAttrs say it all. */
  filter: XPathExpr | null;
  fallback: XPathExpr;
}
interface XPathBranch {
  kind: 'xpath';
  expr: XPathExpr;
}
type Branch = FastBranch | XPathBranch;

/** XPath selecting, from the document node, exactly the nodes one union branch of a pattern matches. */
function slowPath(branch: string): string {
  if (branch.startsWith('/')) return branch;
  if (/^(id|element-with-id|key|doc|root)\s*\(/.test(branch)) return branch;
  if (/^document-node\s*\(/.test(branch)) return `/self::${branch}`;
  return `//${branch}`;
}

/** Wraps a predicate so that a numeric (positional) value raises instead of filtering by position in $c. */
function guarded(pred: string): string {
  return `[let ${V_VAR} := (${pred}) return if (${V_VAR} instance of xs:decimal or ${V_VAR} instance of xs:double or ${V_VAR} instance of xs:float) then error(QName('${DIWAN_NS}', '${POSITIONAL}')) else boolean(${V_VAR})]`;
}

/** XPath selecting, from the document node, every node an XSLT pattern matches (for xsl:key/@match). */
export function selectMatching(pattern: string): string {
  return splitTopLevel(pattern, '|')
    .map((b) => `(${slowPath(b)})`)
    .join(' | ');
}

type Rewrite = (xpath: string) => string;

export class ContextSelector {
  private branches: Branch[] = [];
  /** XPath sources, for variable checks by the caller. */
  readonly expressions: XPathExpr[] = [];

  /** @param rewrite applied to each XPath made from the pattern (key() and the schema's functions). */
  constructor(
    readonly source: string,
    ns: Record<string, string>,
    private readonly rewrite: Rewrite = (x) => x,
    private readonly full = false,
  ) {
    for (const branch of splitTopLevel(source, '|')) {
      if (!branch) throw new Error('empty branch in context pattern');
      this.branches.push(this.compileBranch(branch, ns));
    }
  }

  private compileBranch(branch: string, ns: Record<string, string>): Branch {
    const xpath = (text: string): XPathExpr => new XPathExpr(this.rewrite(text), ns, undefined, this.full);
    const fallback = xpath(slowPath(branch));
    this.expressions.push(fallback);
    let attribute = false;
    let rest = branch;
    if (rest.startsWith('@')) {
      attribute = true;
      rest = rest.slice(1).trimStart();
    } else if (/^attribute\s*::/.test(rest)) {
      attribute = true;
      rest = rest.replace(/^attribute\s*::\s*/, '');
    } else rest = rest.replace(/^child\s*::\s*/, '');
    const m = NAMETEST.exec(rest);
    if (!m) return { kind: 'xpath', expr: fallback };
    const afterName = rest.slice(m[0].length);
    if (/^\s*[(:]/.test(afterName)) return { kind: 'xpath', expr: fallback }; // kind test or function
    const preds = splitPredicates(afterName);
    if (!preds || preds.some((p) => /\b(position|last)\s*\(/.test(p))) return { kind: 'xpath', expr: fallback };
    const test = parseNameTest(m[0], ns);
    const hasAttrs: NameTest[] = [];
    if (!attribute) {
      while (preds.length) {
        const a = SIMPLE_ATTR_PRED.exec(preds[0]!);
        if (!a) break;
        hasAttrs.push(parseNameTest(a[1]!, ns));
        preds.shift();
      }
    }
    let filter: XPathExpr | null = null;
    if (attribute) filter = xpath(`${C_VAR}/@${m[0]}${preds.map(guarded).join('')}`);
    else if (preds.length) filter = xpath(`${C_VAR}${preds.map(guarded).join('')}`);
    if (filter) this.expressions.push(filter);
    return { kind: 'fast', attribute, test, hasAttrs, filter, fallback };
  }

  /** Nodes matched, branch by branch (the caller de-duplicates). */
  select(parsed: ParsedDocument, env: Env): XdmNode[] {
    const out: XdmNode[] = [];
    for (const b of this.branches) {
      if (b.kind === 'xpath') {
        out.push(...b.expr.nodes(parsed.doc, env));
        continue;
      }
      let candidates: XdmNode[];
      if (b.attribute) {
        candidates = parsed.elements.filter((e) => hasAttribute(e, b.test));
      } else if (b.test.uri !== null && b.test.local !== null) {
        candidates = parsed.byName.get(`{${b.test.uri}}${b.test.local}`) ?? [];
      } else {
        candidates = parsed.elements.filter((e) => matchesName(e, b.test));
      }
      for (const t of b.hasAttrs) candidates = candidates.filter((e) => hasAttribute(e, t));
      if (!b.filter) {
        out.push(...candidates);
        continue;
      }
      if (!candidates.length) continue;
      try {
        out.push(...b.filter.nodes(parsed.doc, env, { [`Q{${DIWAN_NS}}c`]: candidates }));
      } catch (e) {
        const err = e as { message?: string; code?: unknown };
        if (!`${err.message} ${String(err.code)}`.includes(POSITIONAL)) throw e;
        out.push(...b.fallback.nodes(parsed.doc, env));
      }
    }
    return out;
  }
}

function hasAttribute(el: XdmNode, t: NameTest): boolean {
  const attrs = el.attributes;
  if (!attrs) return false;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.namespaceURI === 'http://www.w3.org/2000/xmlns/') continue;
    if (matchesName(a, t)) return true;
  }
  return false;
}
