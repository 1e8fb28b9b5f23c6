import { SaxonJS } from '../../transform/saxon.js';
import { XPATH_KEYWORDS, XPATH_KIND_TESTS } from '../../xdm/xpath-words.js';

/**
 * What a Schematron schema may make diwan do. A schema that a document names (its xml-model) is
 * the document's author's code, so it runs sandboxed: its XPath may not read files, probe for
 * them, reach the network, read the environment or run JavaScript. Schemas the user passes
 * (--schematron, --schema, --tei-all, the project's) are trusted to read files, never to run
 * JavaScript. See docs/security.md.
 */
export type Trust = 'sandboxed' | 'trusted';

const FN = 'http://www.w3.org/2005/xpath-functions';
const SAFE_NAMESPACES = new Set([
  FN,
  'http://www.w3.org/2005/xpath-functions/math',
  'http://www.w3.org/2005/xpath-functions/map',
  'http://www.w3.org/2005/xpath-functions/array',
  'http://www.w3.org/2001/XMLSchema',
]);
const SAXON_NS = 'http://saxon.sf.net/';
/** SaxonJS's compiler writes dynamic calls as saxon:apply; no other Saxon extension is needed. */
const SAFE_SAXON = new Set(['apply']);
/** ixsl:eval and the js: namespace run arbitrary JavaScript inside SaxonJS, on Node too. */
const CODE_NAMESPACES = new Set(['http://saxonica.com/ns/interactiveXSLT', 'http://saxonica.com/ns/globalJS']);

/** Functions of the fn namespace that reach outside the document, and why. */
const OUTSIDE: Record<string, string> = {
  'unparsed-text': 'reads files',
  'unparsed-text-lines': 'reads files',
  'unparsed-text-available': 'probes for files',
  doc: 'reads files',
  'doc-available': 'probes for files',
  document: 'reads files',
  collection: 'reads folders',
  'uri-collection': 'lists folders',
  'json-doc': 'reads files',
  'environment-variable': 'reads the environment',
  'available-environment-variables': 'reads the environment',
  'function-lookup': 'can reach any function by a name made at run time',
  'load-xquery-module': 'loads code from files',
  transform: 'runs a stylesheet from a file',
};

/** A call the schema is not allowed to make: the function as written and why. */
export interface Refusal {
  name: string;
  reason: string;
}

function classify(uri: string, local: string, trust: Trust, userFunctions: Set<string>): Refusal | null {
  if (userFunctions.has(`Q{${uri}}${local}`)) return null;
  if (CODE_NAMESPACES.has(uri)) return { name: local, reason: 'runs JavaScript' };
  if (uri === SAXON_NS) return SAFE_SAXON.has(local) ? null : { name: `saxon:${local}`, reason: 'is a Saxon extension diwan does not allow' };
  if (uri === FN) {
    const why = OUTSIDE[local];
    return why && trust === 'sandboxed' ? { name: local, reason: why } : null;
  }
  if (SAFE_NAMESPACES.has(uri)) return null;
  return { name: `Q{${uri}}${local}`, reason: 'is not a standard XPath function nor one the schema declares' };
}

function splitEQName(name: string): { uri: string; local: string } {
  const m = /^Q\{([^}]*)\}(.*)$/.exec(name);
  return m ? { uri: m[1]!, local: m[2]! } : { uri: FN, local: name };
}

/**
 * The first refused call in a compiled expression tree (SaxonJS's package JSON: `fn` nodes are
 * fn-namespace calls by local name, `ifCall`/`fnRef`/`ufCall` carry resolved EQNames), so names
 * spelled with any prefix, EQNames and function references `doc#1` are all seen as the compiler
 * resolved them.
 */
export function refusedInTree(tree: unknown, trust: Trust, userFunctions = new Set<string>()): Refusal | null {
  const stack: unknown[] = [tree];
  while (stack.length) {
    const n = stack.pop() as { N?: string; name?: string; C?: unknown[] } | null;
    if (!n || typeof n !== 'object') continue;
    if ((n.N === 'fn' || n.N === 'ifCall' || n.N === 'fnRef' || n.N === 'ufCall' || n.N === 'fnCoercer') && typeof n.name === 'string') {
      const { uri, local } = splitEQName(n.name);
      const r = classify(uri, local, trust, userFunctions);
      if (r) return r;
    }
    if (Array.isArray(n.C)) for (const c of n.C) stack.push(c);
  }
  return null;
}

/** The expression with string literals emptied and comments blanked, so names in them are not seen. */
function codeOnly(expr: string): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (;;) {
        const k = expr.indexOf(c, j);
        if (k < 0) {
          j = expr.length;
          break;
        }
        if (expr[k + 1] === c) j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      out += '""';
      i = j;
    } else if (c === '(' && expr[i + 1] === ':') {
      let depth = 0;
      let j = i;
      while (j < expr.length) {
        if (expr.startsWith('(:', j)) {
          depth++;
          j += 2;
        } else if (expr.startsWith(':)', j)) {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      out += ' ';
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const NAME = '[A-Za-z_\\u00C0-\\uFFEF][\\w.\\-\\u00B7\\u00C0-\\uFFEF]*';
const CALL = new RegExp(`(^|[^\\w.\\-$@\\u00B7\\u00C0-\\uFFEF}:])(Q\\{[^}]*\\}${NAME}|${NAME}:${NAME}|${NAME})\\s*(\\(|#\\s*\\d)`, 'g');
/** Prefixes SaxonJS binds in every XPath without a declaration. */
const PREDECLARED: Record<string, string> = {
  fn: FN,
  xs: 'http://www.w3.org/2001/XMLSchema',
  math: 'http://www.w3.org/2005/xpath-functions/math',
  map: 'http://www.w3.org/2005/xpath-functions/map',
  array: 'http://www.w3.org/2005/xpath-functions/array',
  saxon: SAXON_NS,
  ixsl: 'http://saxonica.com/ns/interactiveXSLT',
  js: 'http://saxonica.com/ns/globalJS',
};
/** Names followed by "(" that are kind tests or keywords, not calls. */
const NOT_CALLS = new Set([...XPATH_KIND_TESTS, ...XPATH_KEYWORDS]);

/**
 * The first refused call found in an expression's text: the check for expressions SaxonJS's
 * compile-once API cannot compile (they are evaluated from text), and a first pass for all.
 */
export function refusedInText(expr: string, namespaces: Record<string, string>, trust: Trust, userFunctions = new Set<string>()): Refusal | null {
  const code = codeOnly(expr);
  for (const m of code.matchAll(CALL)) {
    const name = m[2]!;
    let uri: string;
    let local: string;
    if (name.startsWith('Q{')) ({ uri, local } = splitEQName(name));
    else if (name.includes(':')) {
      const [prefix, l] = name.split(':') as [string, string];
      const u = namespaces[prefix] ?? PREDECLARED[prefix];
      if (u === undefined) continue; // an undeclared prefix fails to compile anyway
      uri = u;
      local = l;
    } else {
      if (NOT_CALLS.has(name)) continue;
      uri = FN;
      local = name;
    }
    const r = classify(uri, local, trust, userFunctions);
    if (r) return { ...r, name: name.includes(':') || name.startsWith('Q{') ? name : local };
  }
  return null;
}

/** The sentence a refused call becomes in a schema error. */
export function refusalMessage(r: Refusal, trust: Trust): string {
  const who =
    trust === 'sandboxed'
      ? 'a Schematron schema named by the document (its xml-model) may not read files, the network or the environment'
      : 'diwan never runs such code from a schema';
  return `calls ${r.name}(), which ${r.reason}: ${who}`;
}

export class SandboxViolation extends Error {
  constructor(what: string) {
    super(`refused: the schema tried to read ${what}, which a Schematron schema named by the document may not do`);
    this.name = 'SandboxViolation';
  }
}

interface Platform {
  readFile: (...a: unknown[]) => unknown;
  makeHttpRequest: (...a: unknown[]) => unknown;
  resourcePromise: (...a: unknown[]) => unknown;
}

/**
 * Runs f with SaxonJS's file and network access switched off: the second line of defence behind
 * the static checks, for whatever route to a resource they might miss. f must be synchronous
 * (nothing else runs on this thread meanwhile, so the switch cannot affect other work).
 */
export function withoutResources<T>(f: () => T): T {
  const p = SaxonJS.getPlatform() as unknown as Platform;
  const saved = { readFile: p.readFile, makeHttpRequest: p.makeHttpRequest, resourcePromise: p.resourcePromise };
  const refuse = (a: unknown) => {
    throw new SandboxViolation(String(a).slice(0, 200));
  };
  p.readFile = refuse;
  p.makeHttpRequest = refuse;
  p.resourcePromise = refuse;
  try {
    const r = f();
    if (r instanceof Promise) throw new Error('withoutResources needs a synchronous function');
    return r;
  } finally {
    Object.assign(p, saved);
  }
}
