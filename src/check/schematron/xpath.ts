import { SaxonJS } from '../../transform/saxon.js';
import type { XdmNode } from './xml.js';

/** Namespace of the variables diwan binds itself, so they cannot clash with a schema's lets. */
export const DIWAN_NS = 'urn:x-diwan:schematron';
export const CURRENT_VAR = `Q{${DIWAN_NS}}current`;

/** SaxonJS 2.7's compile-once XPath API (documented types do not cover it). */
interface XPathApi {
  compile(expr: string, options: Record<string, unknown>, returnPackage: true): CompiledPackage;
  evaluateOnly(pkg: CompiledPackage, context: unknown, options: Record<string, unknown>): unknown;
}
interface CompiledPackage {
  /** Variables the expression references, as "Q{uri}local". */
  freeV?: string[];
}
const XPath = SaxonJS.XPath as unknown as XPathApi;

/** An XDM value as SaxonJS hands it back with resultForm "xdm". */
export type XdmValue = unknown[];
/** Variable bindings: key "name" (no namespace) or "Q{uri}local" → value. */
export type Env = Map<string, XdmValue>;

/**
 * SaxonJS 2.7's evaluateOnly() leaves the collation table and the default decimal format out of
 * its dynamic context, so these functions fail there ("reading 'sc'"); expressions that call them
 * go through XPath.evaluate(), which recompiles each time (measured ~5x slower per call).
 */
export const NEEDS_FULL_CONTEXT =
  /(^|[^\w.:$-])(contains|starts-with|ends-with|substring-before|substring-after|compare|distinct-values|index-of|max|min|deep-equal|sort|format-number|contains-token|collation-key)\s*\(/;

export class XPathExpr {
  readonly variables: string[];
  private readonly pkg: CompiledPackage | undefined;
  private full = false;
  /**
   * @param scope keys of the variables in scope: SaxonJS's free-variable detection misses a free
   * variable used inside a `let … return` of the expression ("No binding for variable"); such an
   * expression is then compiled against dummies for the scope and run through XPath.evaluate().
   */
  constructor(
    readonly source: string,
    private readonly namespaces: Record<string, string>,
    scope?: string[],
    /** Always evaluate from text (calls into functions whose bodies need the full dynamic context). */
    forceFull = false,
  ) {
    let full = forceFull;
    try {
      this.pkg = XPath.compile(source, { namespaceContext: namespaces }, true);
      // freeV misses variables used inside an inline function's body: add those of the scope
      // that the text names (binding one too many is harmless).
      const free = new Set(this.pkg.freeV ?? []);
      if (scope) for (const v of textVariables(source, namespaces)) if (scope.includes(freeVariableKey(v))) free.add(v);
      this.variables = [...free];
    } catch (e) {
      if (e instanceof TypeError) {
        // SaxonJS 2.7's compile-once API crashes inside on some valid XPath 3.1 (a `for`
        // expression over a variable, as in tei_all's embedded rules): evaluate such an
        // expression the slow way, binding every variable it names.
        this.pkg = undefined;
        this.variables = textVariables(source, namespaces);
        this.full = true;
        return;
      }
      if (!scope || !/No binding for variable/.test((e as Error).message)) throw e;
      const keys = [...scope, CURRENT_VAR];
      const dummies = Object.fromEntries(keys.map((k) => [k, 'dummy']));
      this.pkg = XPath.compile(source, { namespaceContext: namespaces, params: dummies }, true);
      this.variables = keys.map((k) => (k.startsWith('Q{') ? k : `Q{}${k}`));
      full = true;
    }
    mapCode(source, (code) => {
      if (NEEDS_FULL_CONTEXT.test(code)) this.full = true;
      return code;
    });
    this.full ||= full;
  }

  /** The compiled expression tree (SaxonJS package JSON), when the compile-once API took it. */
  get tree(): unknown {
    return this.pkg;
  }

  private run(context: unknown, params: Record<string, unknown>, resultForm: string): unknown {
    if (this.full) return SaxonJS.XPath.evaluate(this.source, context, { namespaceContext: this.namespaces, params, resultForm });
    return XPath.evaluateOnly(this.pkg!, context, { params, resultForm });
  }

  private params(env: Env, current?: unknown): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (const v of this.variables) {
      const key = v.startsWith('Q{}') ? v.slice(3) : v;
      if (v === CURRENT_VAR) params[key] = [current];
      else params[key] = env.get(key) ?? [];
    }
    return params;
  }

  /** The result as an XDM sequence (typed atomic values and nodes), for let values. */
  sequence(context: unknown, env: Env): XdmValue {
    return this.run(context, this.params(env, context), 'xdm') as XdmValue;
  }

  nodes(context: unknown, env: Env, extra?: Record<string, unknown>): XdmNode[] {
    const params = { ...this.params(env, context), ...extra };
    return this.run(context, params, 'array') as XdmNode[];
  }

  /** First item converted to JS (boolean for boolean(), string for string-join()…). */
  value(context: unknown, env: Env): unknown {
    const r = this.run(context, this.params(env, context), 'array') as unknown[];
    return r[0];
  }
}

/**
 * The variables an expression's text names, less those it binds itself (for, let, some, every,
 * typed inline-function parameters), as SaxonJS names free variables ("Q{uri}local").
 */
export function textVariables(source: string, namespaces: Record<string, string>): string[] {
  const names = new Set<string>();
  const bound = new Set<string>();
  mapCode(source, (code) => {
    for (const m of code.matchAll(/\$(Q\{[^}]*\}[\w.-]+|[\w.-]+(?::[\w.-]+)?)/g)) names.add(m[1]!);
    for (const m of code.matchAll(/\$(Q\{[^}]*\}[\w.-]+|[\w.-]+(?::[\w.-]+)?)\s*(?:in\b|:=|as\b)/g)) bound.add(m[1]!);
    for (const f of code.matchAll(/\bfunction\s*\(([^)]*)\)/g)) for (const m of f[1]!.matchAll(/\$(Q\{[^}]*\}[\w.-]+|[\w.-]+(?::[\w.-]+)?)/g)) bound.add(m[1]!);
    return code;
  });
  for (const b of bound) names.delete(b);
  return [...names].map((n) => {
    if (n.startsWith('Q{')) return n;
    if (!n.includes(':')) return `Q{}${n}`;
    try {
      return variableKey(n, namespaces);
    } catch {
      return `Q{}${n}`;
    }
  });
}

/** Key of a variable as SaxonJS names free variables ("name" or "Q{uri}local"). */
export function variableKey(qname: string, namespaces: Record<string, string>): string {
  const i = qname.indexOf(':');
  if (i < 0) return qname;
  const uri = namespaces[qname.slice(0, i)];
  if (uri === undefined) throw new Error(`prefix "${qname.slice(0, i)}" of variable ${qname} is not declared`);
  return `Q{${uri}}${qname.slice(i + 1)}`;
}

/** Same key as the compiled package reports for a free variable. */
export function freeVariableKey(v: string): string {
  return v.startsWith('Q{}') ? v.slice(3) : v;
}

/**
 * Calls f for every stretch of an XPath expression that is code (not a string literal or comment),
 * so that textual rewrites never touch literals.
 */
function mapCode(expr: string, f: (code: string) => string): string {
  let out = '';
  let i = 0;
  let start = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'") {
      out += f(expr.slice(start, i));
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
      out += expr.slice(i, j);
      i = start = j;
    } else if (c === '(' && expr[i + 1] === ':') {
      out += f(expr.slice(start, i));
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
      out += expr.slice(i, j);
      i = start = j;
    } else i++;
  }
  return out + f(expr.slice(start));
}

export function usesCurrent(expr: string): boolean {
  let found = false;
  mapCode(expr, (code) => {
    if (/(^|[^\w.:$-])current\s*\(\s*\)/.test(code)) found = true;
    return code;
  });
  return found;
}

/** XSLT's current() is the rule context node; plain XPath has no such function, so bind a variable. */
export function rewriteCurrent(expr: string): string {
  return mapCode(expr, (code) => code.replace(/(^|[^\w.:$-])current\s*\(\s*\)/g, `$1$${CURRENT_VAR}`));
}

/** ISO abstract-pattern parameters: plain textual replacement of $name, string literals included. */
export function substituteParams(expr: string, params: Map<string, string>): string {
  if (!params.size) return expr;
  return expr.replace(/\$([\w.-]+(?::[\w.-]+)?)(?![\w.:-])/g, (m, name: string) => params.get(name) ?? m);
}

/** Splits at top-level occurrences of a separator char, outside literals, brackets and parentheses. */
export function splitTopLevel(expr: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  let quote = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === sep && !(sep === '|' && expr[i + 1] === '|') && !(sep === '|' && expr[i - 1] === '|')) {
      parts.push(expr.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(expr.slice(last));
  return parts.map((p) => p.trim());
}
