import { ContextSelector } from './context.js';
import { SchematronSchemaError } from './errors.js';
import { refusalMessage, refusedInText, refusedInTree, type Trust } from './sandbox.js';
import { parseSchemaTree, XmlSyntaxError, type SchNode } from './xml.js';
import {
  CURRENT_VAR,
  DIWAN_NS,
  freeVariableKey,
  rewriteCurrent,
  substituteParams,
  usesCurrent,
  variableKey,
  XPathExpr,
} from './xpath.js';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const OLD_SCH_NS = 'http://www.ascc.net/xml/schematron';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';

/** Query bindings whose expressions SaxonJS's XPath 3.1 engine runs faithfully. */
const QUERY_BINDINGS = new Set(['xslt2', 'xslt3', 'xpath2', 'xpath3', 'xpath31']);

export type MessagePart = string | { kind: 'value-of' | 'name'; expr: XPathExpr };

export interface LetBinding {
  name: string;
  key: string;
  expr: XPathExpr;
}

export interface Assertion {
  kind: 'assert' | 'report';
  id?: string;
  test: XPathExpr;
  /** @test as written. */
  testSource: string;
  role?: string;
  flag?: string;
  message: MessagePart[];
  diagnostics: MessagePart[][];
  line: number;
}

export interface Rule {
  id?: string;
  context: ContextSelector;
  lets: LetBinding[];
  assertions: Assertion[];
  role?: string;
  flag?: string;
}

export interface Pattern {
  id?: string;
  lets: LetBinding[];
  rules: Rule[];
}

export interface CompiledSchematron {
  path?: string;
  /** Whether the run is sandboxed (a schema the document names) or trusted (one the user passes). */
  trust: Trust;
  title?: string;
  queryBinding: string;
  /** The phase that was compiled ("#ALL" when every pattern is active). */
  phase: string;
  /** Phases the schema declares. */
  phases: string[];
  lets: LetBinding[];
  patterns: Pattern[];
}

export interface CompileOptions {
  /** Phase id, "#ALL", or "#DEFAULT" (the schema's defaultPhase; also the default). */
  phase?: string;
  /** Schema file path, used in error messages. */
  path?: string;
  /**
   * 'sandboxed' (the default) for a schema the document names: no file, network or environment
   * access; 'trusted' for one the user passes. JavaScript (ixsl:, js:) is refused in both.
   */
  trust?: Trust;
}

function isSch(n: SchNode | string, local?: string): n is SchNode {
  return typeof n !== 'string' && n.uri === SCH_NS && (local === undefined || n.local === local);
}

function kids(n: SchNode, local?: string): SchNode[] {
  return n.children.filter((c): c is SchNode => isSch(c, local));
}

function textOf(n: SchNode): string {
  return n.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

class Compiler {
  private globalNs: Record<string, string> = {};
  private diagnostics = new Map<string, SchNode>();
  private abstractRules = new Map<string, SchNode>();
  private abstractPatterns = new Map<string, SchNode>();

  constructor(
    private path: string | undefined,
    private trust: Trust,
  ) {}

  fail(message: string, at?: SchNode): never {
    throw new SchematronSchemaError(message, this.path, at?.line ?? 0, at?.col ?? 0);
  }

  /** ISO binds prefixes with <ns>; prefixes declared in the XML are honoured too (never the default namespace). */
  private namespaces(at: SchNode): Record<string, string> {
    const inScope = { ...at.ns };
    delete inScope[''];
    return { ...inScope, ...this.globalNs };
  }

  private attr(n: SchNode, name: string, params?: Map<string, string>): string | undefined {
    const v = n.attrs.get(name);
    return v === undefined || !params ? v : substituteParams(v, params);
  }

  /** Compiles an XPath found in an attribute of `at`, checking that its variables are in scope. */
  expr(source: string, at: SchNode, what: string, scope: Set<string>): XPathExpr {
    const ns = this.namespaces(at);
    this.checkCalls(source, ns, at, what);
    let compiled: XPathExpr;
    try {
      compiled = new XPathExpr(rewriteCurrent(source), ns, [...scope]);
    } catch (e) {
      this.fail(`${what} is not valid XPath: ${(e as Error).message}`, at);
    }
    this.checkCompiled(compiled, at, what);
    this.checkVariables(compiled.variables, at, what, scope);
    return compiled;
  }

  /** Refuses calls that reach files, the network, the environment or JavaScript (sandbox.ts). */
  private checkCalls(source: string, ns: Record<string, string>, at: SchNode, what: string): void {
    const r = refusedInText(source, ns, this.trust);
    if (r) this.fail(`${what} ${refusalMessage(r, this.trust)}`, at);
  }

  private checkCompiled(compiled: XPathExpr, at: SchNode, what: string): void {
    const r = compiled.tree === undefined ? null : refusedInTree(compiled.tree, this.trust);
    if (r) this.fail(`${what} ${refusalMessage(r, this.trust)}`, at);
  }

  private checkVariables(vars: string[], at: SchNode, what: string, scope: Set<string>): void {
    for (const v of vars) {
      if (v === CURRENT_VAR || v.startsWith(`Q{${DIWAN_NS}}`)) continue;
      const key = freeVariableKey(v);
      if (!scope.has(key)) this.fail(`${what} uses $${key.replace(/^Q\{\}/, '')}, which no <let> in scope declares`, at);
    }
  }

  private lets(parent: SchNode, scope: Set<string>, params?: Map<string, string>): LetBinding[] {
    return kids(parent, 'let').map((l) => this.letBinding(l, scope, params));
  }

  private letBinding(l: SchNode, scope: Set<string>, params?: Map<string, string>): LetBinding {
    const name = l.attrs.get('name');
    if (!name) this.fail('<let> without @name', l);
    const value = this.attr(l, 'value', params);
    if (value === undefined) this.fail(`<let name="${name}"> without @value (element content is not supported)`, l);
    let key: string;
    try {
      key = variableKey(name, this.namespaces(l));
    } catch (e) {
      this.fail((e as Error).message, l);
    }
    const expr = this.expr(value, l, `<let name="${name}"> value`, scope);
    scope.add(key);
    return { name, key, expr };
  }

  private message(n: SchNode, scope: Set<string>, params?: Map<string, string>): MessagePart[] {
    const parts: MessagePart[] = [];
    for (const c of n.children) {
      if (typeof c === 'string') parts.push(c);
      else if (isSch(c, 'value-of')) {
        const select = this.attr(c, 'select', params);
        if (!select) this.fail('<value-of> without @select', c);
        const e = this.expr(
          `string-join((${rewriteCurrent(select)}) ! string(.), ' ')`,
          c,
          `<value-of select="${select}">`,
          scope,
        );
        parts.push({ kind: 'value-of', expr: e });
      } else if (isSch(c, 'name')) {
        const p = this.attr(c, 'path', params);
        const e = this.expr(p ? `name((${rewriteCurrent(p)})[1])` : 'name(.)', c, `<name path="${p}">`, scope);
        parts.push({ kind: 'name', expr: e });
      } else parts.push(...this.message(c, scope, params)); // emph, dir, span, foreign markup: their text
    }
    return parts;
  }

  private assertion(a: SchNode, scope: Set<string>, rule: SchNode, params?: Map<string, string>): Assertion {
    const test = this.attr(a, 'test', params);
    if (!test) this.fail(`<${a.local}> without @test`, a);
    const diagnostics: MessagePart[][] = [];
    for (const id of (a.attrs.get('diagnostics') ?? '').split(/\s+/).filter(Boolean)) {
      const d = this.diagnostics.get(id);
      if (!d) this.fail(`<${a.local}> refers to diagnostic "${id}", which is not declared`, a);
      diagnostics.push(this.message(d, scope, params));
    }
    return {
      kind: a.local as 'assert' | 'report',
      id: a.attrs.get('id'),
      test: this.expr(`boolean((${rewriteCurrent(test)}))`, a, `<${a.local} test="${test}">`, scope),
      testSource: test,
      role: a.attrs.get('role') ?? rule.attrs.get('role'),
      flag: a.attrs.get('flag') ?? rule.attrs.get('flag'),
      message: this.message(a, scope, params),
      diagnostics,
      line: a.line,
    };
  }

  /** Lets and assertions of a rule body, with <extends> expanded in place. */
  private ruleBody(
    r: SchNode,
    scope: Set<string>,
    lets: LetBinding[],
    assertions: Assertion[],
    params: Map<string, string> | undefined,
    seen: Set<SchNode>,
  ): void {
    if (seen.has(r)) this.fail('abstract rules extend each other in a cycle', r);
    seen.add(r);
    for (const c of kids(r)) {
      if (c.local === 'let') lets.push(this.letBinding(c, scope, params));
      else if (c.local === 'assert' || c.local === 'report') assertions.push(this.assertion(c, scope, r, params));
      else if (c.local === 'extends') {
        if (c.attrs.has('href')) this.fail('<extends href> (external rules) is not supported', c);
        const id = c.attrs.get('rule');
        const base = id ? this.abstractRules.get(id) : undefined;
        if (!base) this.fail(`<extends rule="${id ?? ''}">: no abstract rule with that id`, c);
        this.ruleBody(base, scope, lets, assertions, params, seen);
      }
    }
  }

  private rule(r: SchNode, outer: Set<string>, params?: Map<string, string>): Rule {
    const context = this.attr(r, 'context', params);
    if (!context) this.fail('<rule> without @context', r);
    let selector: ContextSelector;
    this.checkCalls(context, this.namespaces(r), r, `<rule context="${context}">`);
    if (usesCurrent(context)) this.fail(`<rule context="${context}">: current() in a rule context is not supported`, r);
    try {
      selector = new ContextSelector(context, this.namespaces(r));
    } catch (e) {
      this.fail(`<rule context="${context}"> is not a valid pattern: ${(e as Error).message}`, r);
    }
    for (const e of selector.expressions) {
      this.checkCompiled(e, r, `<rule context="${context}">`);
      this.checkVariables(e.variables, r, `<rule context="${context}">`, outer);
    }
    const scope = new Set(outer);
    const lets: LetBinding[] = [];
    const assertions: Assertion[] = [];
    this.ruleBody(r, scope, lets, assertions, params, new Set());
    return { id: r.attrs.get('id'), context: selector, lets, assertions, role: r.attrs.get('role'), flag: r.attrs.get('flag') };
  }

  private pattern(p: SchNode, outer: Set<string>): Pattern {
    if (p.attrs.has('documents')) this.fail('<pattern documents> (checking other documents) is not supported', p);
    let body = p;
    let params: Map<string, string> | undefined;
    const isA = p.attrs.get('is-a');
    if (isA) {
      const abstract = this.abstractPatterns.get(isA);
      if (!abstract) this.fail(`<pattern is-a="${isA}">: no abstract pattern with that id`, p);
      params = new Map();
      for (const param of kids(p, 'param')) {
        const name = param.attrs.get('name');
        if (!name) this.fail('<param> without @name', param);
        params.set(name, param.attrs.get('value') ?? '');
      }
      body = abstract;
    }
    const scope = new Set(outer);
    const lets = this.lets(body, scope, params);
    const rules = kids(body, 'rule')
      .filter((r) => r.attrs.get('abstract') !== 'true')
      .map((r) => this.rule(r, scope, params));
    return { id: p.attrs.get('id'), lets, rules };
  }

  compile(text: string, opts: CompileOptions): CompiledSchematron {
    let root: SchNode;
    try {
      root = parseSchemaTree(text);
    } catch (e) {
      if (e instanceof XmlSyntaxError)
        throw new SchematronSchemaError(`not well-formed XML: ${e.message}`, this.path, e.line, e.col);
      throw e;
    }
    if (root.uri === OLD_SCH_NS) this.fail('Schematron 1.5 (ascc.net namespace) is not supported; use ISO Schematron', root);
    if (root.uri !== SCH_NS || root.local !== 'schema')
      this.fail(`the root element is <${root.name}> {${root.uri}}, not an ISO Schematron <schema> {${SCH_NS}}`, root);
    const qb = root.attrs.get('queryBinding');
    if (qb === undefined)
      this.fail('schema has no @queryBinding, so ISO says XSLT 1.0, which diwan does not run: add queryBinding="xslt2" (or xslt3, xpath2, xpath31)', root);
    if (!QUERY_BINDINGS.has(qb.toLowerCase()))
      this.fail(`queryBinding="${qb}" is not supported (supported: ${[...QUERY_BINDINGS].join(', ')})`, root);
    for (const c of root.children) {
      if (typeof c === 'string') continue;
      if (c.uri === XSL_NS) this.fail(`<${c.name}> (embedded XSLT) is not supported`, c);
      if (isSch(c, 'include')) this.fail('<include> is not supported: give a standalone schema', c);
    }
    for (const n of kids(root, 'ns')) {
      const prefix = n.attrs.get('prefix');
      const uri = n.attrs.get('uri');
      if (!prefix || uri === undefined) this.fail('<ns> needs @prefix and @uri', n);
      this.globalNs[prefix] = uri;
    }
    for (const ds of kids(root, 'diagnostics'))
      for (const d of kids(ds, 'diagnostic')) {
        const id = d.attrs.get('id');
        if (!id) this.fail('<diagnostic> without @id', d);
        this.diagnostics.set(id, d);
      }
    const patterns = kids(root, 'pattern');
    const collectAbstractRules = (parent: SchNode): void => {
      for (const r of kids(parent, 'rule'))
        if (r.attrs.get('abstract') === 'true') {
          const id = r.attrs.get('id');
          if (!id) this.fail('abstract <rule> without @id', r);
          this.abstractRules.set(id, r);
        }
    };
    for (const p of patterns) collectAbstractRules(p);
    for (const rs of kids(root, 'rules')) collectAbstractRules(rs);
    for (const p of patterns)
      if (p.attrs.get('abstract') === 'true') {
        const id = p.attrs.get('id');
        if (!id) this.fail('abstract <pattern> without @id', p);
        this.abstractPatterns.set(id, p);
      }

    const phases = kids(root, 'phase');
    let phaseName = opts.phase ?? '#DEFAULT';
    if (phaseName === '#DEFAULT') phaseName = root.attrs.get('defaultPhase') ?? '#ALL';
    let phase: SchNode | undefined;
    if (phaseName !== '#ALL') {
      phase = phases.find((p) => p.attrs.get('id') === phaseName);
      if (!phase)
        this.fail(
          `phase "${phaseName}" is not declared (phases: ${phases.map((p) => p.attrs.get('id')).join(', ') || 'none'}; or #ALL)`,
          root,
        );
    }
    const active = phase ? new Set(kids(phase, 'active').map((a) => a.attrs.get('pattern'))) : undefined;
    if (phase)
      for (const a of kids(phase, 'active')) {
        const id = a.attrs.get('pattern');
        if (!patterns.some((p) => p.attrs.get('id') === id))
          this.fail(`<active pattern="${id ?? ''}">: no pattern with that id`, a);
      }

    const scope = new Set<string>();
    const lets = this.lets(root, scope);
    if (phase) lets.push(...this.lets(phase, scope));
    const compiled = patterns
      .filter((p) => p.attrs.get('abstract') !== 'true')
      .filter((p) => !active || active.has(p.attrs.get('id')))
      .map((p) => this.pattern(p, scope));
    const title = kids(root, 'title')[0];
    return {
      path: opts.path,
      trust: this.trust,
      title: title ? textOf(title).replace(/\s+/g, ' ').trim() : undefined,
      queryBinding: qb,
      phase: phaseName,
      phases: phases.map((p) => p.attrs.get('id') ?? ''),
      lets,
      patterns: compiled,
    };
  }
}

export function compileSchematron(schText: string, opts: CompileOptions = {}): CompiledSchematron {
  return new Compiler(opts.path, opts.trust ?? 'sandboxed').compile(schText, opts);
}
