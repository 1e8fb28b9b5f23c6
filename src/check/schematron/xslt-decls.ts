import { rewriteCalls } from './calls.js';
import type { SchNode } from './xml.js';
import { DIWAN_NS } from './xpath.js';

export const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const FN_NS = 'http://www.w3.org/2005/xpath-functions';
/** The map of a schema's xsl:functions, as a variable every rewritten call goes through. */
export const FNS_VAR = `Q{${DIWAN_NS}}fns`;
/** The map of a schema's xsl:key indexes (key name → value → nodes). */
export const KEYS_VAR = `Q{${DIWAN_NS}}keys`;

/**
 * The XSLT that ISO Schematron's xslt2/xslt3 bindings let a schema embed: `xsl:key` and
 * `xsl:function`. SaxonJS's stand-alone XPath engine has neither keys nor stylesheet functions
 * (function items taken out of a compiled stylesheet lose their component bindings: recursion
 * and key() fail), so diwan translates them to XPath 3.1:
 *
 * - each xsl:function becomes an inline function in one map, `$fns`, which every function takes
 *   as a hidden first argument so that functions can call each other and themselves; a call
 *   `f:norm($x)` in the schema becomes `$fns?('Q{…}norm#1')($fns, $x)`;
 * - each xsl:key becomes one map from key value to nodes, built once per document from its
 *   @match pattern and @use (or its content); `key('k', $v)` becomes a lookup in it.
 *
 * Function bodies and key content are translated when they are built of xsl:sequence,
 * xsl:value-of, xsl:text, xsl:variable, xsl:if, xsl:choose, xsl:for-each and xsl:copy-of
 * (what schemas' helper functions use); anything else is refused by name.
 */
export interface UserFunction {
  /** `Q{uri}local#arity`, the key in the map. */
  key: string;
  /** The inline function, as XPath text. */
  source: string;
  at: SchNode;
}

export interface KeyDecl {
  /** Q{uri}local */
  name: string;
  match: string;
  /** XPath evaluated with the matched node as context. */
  use: string;
  at: SchNode;
}

export interface Declarations {
  functions: Map<string, UserFunction>;
  keys: Map<string, KeyDecl>;
}

type Fail = (message: string, at: SchNode) => never;
type Namespaces = (at: SchNode) => Record<string, string>;

function isXsl(n: SchNode | string, local?: string): boolean {
  return typeof n !== 'string' && n.uri === XSL_NS && (local === undefined || n.local === local);
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function eqName(lexical: string, ns: Record<string, string>, at: SchNode, fail: Fail, defaultUri = ''): string {
  const i = lexical.indexOf(':');
  if (lexical.startsWith('Q{')) return lexical;
  if (i < 0) return `Q{${defaultUri}}${lexical}`;
  const uri = ns[lexical.slice(0, i)];
  if (uri === undefined) fail(`prefix "${lexical.slice(0, i)}" of ${lexical} is not declared`, at);
  return `Q{${uri}}${lexical.slice(i + 1)}`;
}

/** A sequence constructor as one XPath expression. */
function sequenceCtor(items: (SchNode | string)[], fail: Fail, where: string): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const c = items[i]!;
    if (typeof c === 'string') {
      if (c.trim()) parts.push(literal(c));
      continue;
    }
    if (!isXsl(c)) fail(`<${c.name}> in ${where} is not supported: diwan translates XSLT that builds no new elements`, c);
    const select = c.attrs.get('select');
    const body = (): string => (select !== undefined ? `(${select})` : sequenceCtor(c.children, fail, where));
    switch (c.local) {
      case 'text':
        parts.push(literal(c.children.filter((x): x is string => typeof x === 'string').join('')));
        break;
      case 'sequence':
      case 'copy-of':
        parts.push(body());
        break;
      case 'value-of': {
        const sep = c.attrs.get('separator') ?? (select !== undefined ? ' ' : '');
        parts.push(`string-join((${body()}) ! string(.), ${literal(sep)})`);
        break;
      }
      case 'variable': {
        const name = c.attrs.get('name');
        if (!name) fail('<xsl:variable> without @name', c);
        // The variable scopes over the rest of the sequence constructor.
        const rest = sequenceCtor(items.slice(i + 1), fail, where);
        parts.push(`let $${name} := ${body()} return ${rest}`);
        return parts.length === 1 ? `(${parts[0]})` : `(${parts.join(', ')})`;
      }
      case 'if': {
        const test = c.attrs.get('test');
        if (!test) fail('<xsl:if> without @test', c);
        parts.push(`(if (${test}) then ${sequenceCtor(c.children, fail, where)} else ())`);
        break;
      }
      case 'choose': {
        let out = '()';
        const branches = c.children.filter((x): x is SchNode => typeof x !== 'string');
        for (const b of [...branches].reverse()) {
          if (isXsl(b, 'otherwise')) out = sequenceCtor(b.children, fail, where);
          else if (isXsl(b, 'when')) {
            const test = b.attrs.get('test');
            if (!test) fail('<xsl:when> without @test', b);
            out = `(if (${test}) then ${sequenceCtor(b.children, fail, where)} else ${out})`;
          } else fail(`<${b.name}> in <xsl:choose> is not supported`, b);
        }
        parts.push(out);
        break;
      }
      case 'for-each': {
        if (select === undefined) fail('<xsl:for-each> without @select', c);
        if (c.children.some((x) => isXsl(x, 'sort'))) fail(`<xsl:sort> in ${where} is not supported`, c);
        parts.push(`((${select}) ! ${sequenceCtor(c.children, fail, where)})`);
        break;
      }
      default:
        fail(
          `<${c.name}> in ${where} is not supported: diwan translates xsl:sequence, xsl:value-of, xsl:text, xsl:variable, xsl:if, xsl:choose, xsl:for-each and xsl:copy-of`,
          c,
        );
    }
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
}

/** Reads the schema's top-level xsl:key and xsl:function elements; any other XSLT is refused. */
export function readDeclarations(top: SchNode[], namespaces: Namespaces, fail: Fail): Declarations {
  const functions = new Map<string, UserFunction>();
  const keys = new Map<string, KeyDecl>();
  for (const d of top) {
    const ns = namespaces(d);
    if (d.local === 'key') {
      const name = d.attrs.get('name');
      const match = d.attrs.get('match');
      if (!name || !match) fail('<xsl:key> needs @name and @match', d);
      const use = d.attrs.get('use');
      const content = d.children.some((c) => typeof c !== 'string' || c.trim());
      if (use !== undefined && content) fail('<xsl:key> has both @use and content', d);
      if (use === undefined && !content) fail('<xsl:key> needs @use or content', d);
      const full = eqName(name, ns, d, fail);
      if (keys.has(full)) fail(`<xsl:key name="${name}"> is declared twice (diwan does not merge keys)`, d);
      keys.set(full, { name: full, match, use: use ?? sequenceCtor(d.children, fail, '<xsl:key>'), at: d });
    } else if (d.local === 'function') {
      const name = d.attrs.get('name');
      if (!name?.includes(':')) fail('<xsl:function> needs a prefixed @name', d);
      const uri = eqName(name, ns, d, fail);
      const params: string[] = [];
      let i = 0;
      const kids = d.children;
      for (; i < kids.length; i++) {
        const c = kids[i]!;
        if (typeof c === 'string') {
          if (c.trim()) break;
          continue;
        }
        if (!isXsl(c, 'param')) break;
        const pn = c.attrs.get('name');
        if (!pn) fail('<xsl:param> without @name', c);
        const as = c.attrs.get('as');
        params.push(`$${pn}${as ? ` as ${as}` : ''}`);
      }
      const key = `${uri}#${params.length}`;
      if (functions.has(key)) fail(`<xsl:function name="${name}"> with ${params.length} parameters is declared twice`, d);
      const as = d.attrs.get('as');
      const body = sequenceCtor(kids.slice(i), fail, `<xsl:function name="${name}">`);
      functions.set(key, {
        key,
        source: `function($${FNS_VAR}${params.map((p) => `, ${p}`).join('')})${as ? ` as ${as}` : ''} { ${body} }`,
        at: d,
      });
    } else fail(`<${d.name}> is not supported in a schema: ISO Schematron embeds xsl:key and xsl:function`, d);
  }
  return { functions, keys };
}

/**
 * Rewrites calls of `key()` and of the schema's xsl:functions into lookups in the two maps.
 * Throws (with the reason) on a key name that is not a string literal or not declared.
 */
export function rewriteDeclared(expr: string, ns: Record<string, string>, decls: Declarations): string {
  if (!decls.functions.size && !/key\s*\(/.test(expr)) return expr;
  return rewriteCalls(expr, (name, args) => {
    let uri: string | undefined;
    let local = name;
    const q = /^Q\{([^}]*)\}(.*)$/.exec(name);
    if (q) [uri, local] = [q[1]!, q[2]!];
    else if (name.includes(':')) {
      const [p, l] = name.split(':') as [string, string];
      uri = p === 'fn' && ns.fn === undefined ? FN_NS : ns[p];
      local = l;
    } else uri = FN_NS;
    if (uri === FN_NS && local === 'key' && (args.length === 2 || args.length === 3)) return keyCall(args, ns, decls);
    const f = decls.functions.get(`Q{${uri}}${local}#${args.length}`);
    if (f) return `$${FNS_VAR}?(${literal(f.key)})($${FNS_VAR}${args.map((a) => `, ${a}`).join('')})`;
    return undefined;
  });
}

function keyCall(args: string[], ns: Record<string, string>, decls: Declarations): string {
  const m = /^(['"])(.*)\1$/s.exec(args[0]!);
  if (!m) throw new Error('key() with a computed key name is not supported: name the key with a string literal');
  const lexical = m[2]!.trim();
  let name: string;
  const i = lexical.indexOf(':');
  if (i < 0) name = `Q{}${lexical}`;
  else {
    const uri = ns[lexical.slice(0, i)];
    if (uri === undefined) throw new Error(`prefix of key name "${lexical}" is not declared`);
    name = `Q{${uri}}${lexical.slice(i + 1)}`;
  }
  if (!decls.keys.has(name)) throw new Error(`key "${lexical}" is not declared by an <xsl:key>`);
  const d = `Q{${DIWAN_NS}}`;
  const found = `(($${KEYS_VAR}?(${literal(name)}))?(for $${d}kv in data(${args[1]}) return string($${d}kv)))/.`;
  if (args.length === 2) return `(${found})`;
  return `(let $${d}kt := (${args[2]}) return (${found})[some $${d}ka in ancestor-or-self::node() satisfies $${d}ka is $${d}kt])`;
}

/** The XPath that builds the map of functions. */
export function functionsMap(decls: Declarations): string {
  return `map{ ${[...decls.functions.values()].map((f) => `${literal(f.key)}: ${f.source}`).join(', ')} }`;
}

/** The XPath that builds every key's index over the document (context: the document node). */
export function keysMap(decls: Declarations, select: (match: string) => string): string {
  const d = `Q{${DIWAN_NS}}`;
  const entries = [...decls.keys.values()].map(
    (k) =>
      `${literal(k.name)}: map:merge(for $${d}kn in (${select(k.match)}) return $${d}kn ! (for $${d}kk in (${k.use}) return map{string($${d}kk): $${d}kn}), map{'duplicates': 'combine'})`,
  );
  return `map{ ${entries.join(', ')} }`;
}
