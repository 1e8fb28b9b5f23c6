import { ContextSelector, selectMatching } from './context.js';
import { SchematronSchemaError } from './errors.js';
import { resolveIncludes, SCH_NS } from './include.js';
import { choose, langOf, teiGroups } from './lang.js';
import { refusalMessage, refusedInText, refusedInTree, type Trust } from './sandbox.js';
import { orderLets, Scope } from './scope.js';
import { parseSchemaTree, serializeContent, XmlSyntaxError, type SchNode } from './xml.js';
import { FNS_VAR, functionsMap, KEYS_VAR, keysMap, readDeclarations, rewriteDeclared, XSL_NS, type Declarations } from './xslt-decls.js';
import { NEEDS_FULL_CONTEXT, rewriteCurrent, substituteParams, usesCurrent, variableKey, XPathExpr } from './xpath.js';

export { SCH_NS };
const OLD_SCH_NS = 'http://www.ascc.net/xml/schematron';

/**
 * Query bindings whose expressions SaxonJS's XPath 3.1 engine runs. A missing queryBinding means
 * "xslt" (ISO: XSLT 1.0 and XPath 1.0), which diwan runs as XPath 3.1, as XSLT 2/3 processors
 * (SchXslt, Saxon) do in practice: the expressions schemas write are the same in both.
 */
const QUERY_BINDINGS = new Set(['xslt', 'xslt2', 'xslt3', 'xpath', 'xpath2', 'xpath3', 'xpath31']);

export type MessagePart = string | { kind: 'value-of' | 'name' | 'copy-of'; expr: XPathExpr };

export interface LetBinding {
  name: string;
  key: string;
  expr: XPathExpr;
}

export interface Diagnostic {
  id: string;
  lang?: string;
  parts: MessagePart[];
}

export interface PropertyRef {
  id: string;
  role?: string;
  scheme?: string;
  parts: MessagePart[];
}

export interface Assertion {
  kind: 'assert' | 'report';
  id?: string;
  test: XPathExpr;
  /** @test as written. */
  testSource: string;
  role?: string;
  flag?: string;
  lang?: string;
  message: MessagePart[];
  diagnostics: Diagnostic[];
  properties: PropertyRef[];
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
  /** Lets whose names another pattern also declares: evaluated for this pattern only. */
  lets: LetBinding[];
  rules: Rule[];
  /** ISO 2016 subordinate documents: the URIs of the documents this pattern checks instead. */
  documents?: XPathExpr;
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
  /** The other files it was read from (included or extended), absolute, in the order first read. */
  included: string[];
  /** Global lets (schema, patterns, the schema's functions and keys) in evaluation order, then the phase's. */
  lets: LetBinding[];
  patterns: Pattern[];
}

export interface CompileOptions {
  /** Phase id, "#ALL", or "#DEFAULT" (the schema's defaultPhase; also the default). */
  phase?: string;
  /** Schema file path, used in error messages and to resolve include/extends hrefs. */
  path?: string;
  /**
   * 'sandboxed' (the default) for a schema the document names: no file, network or environment
   * access; 'trusted' for one the user passes. JavaScript (ixsl:, js:) is refused in both.
   */
  trust?: Trust;
  /** Language of messages where a constraint is written in several (lang.ts); default en. */
  lang?: string;
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

const words = (v: string | undefined): string[] => (v ?? '').split(/\s+/).filter(Boolean);

class Compiler {
  private globalNs: Record<string, string> = {};
  private diagnostics = new Map<string, SchNode>();
  private properties = new Map<string, SchNode>();
  private schemaRules = new Map<string, SchNode>();
  private decls: Declarations = { functions: new Map(), keys: new Map() };
  /** Calls into the schema's functions go through full evaluation when a body needs it (xpath.ts). */
  private fnsNeedFull = false;

  constructor(
    private path: string | undefined,
    private trust: Trust,
    private lang: string,
  ) {}

  fail(message: string, at?: SchNode): never {
    throw new SchematronSchemaError(message, at?.file ?? this.path, at?.line ?? 0, at?.col ?? 0);
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

  /** key() and the schema's own functions, as XPath that SaxonJS runs (xslt-decls.ts). */
  private rewrite(source: string, at: SchNode, what: string): string {
    try {
      return rewriteDeclared(source, this.namespaces(at), this.decls);
    } catch (e) {
      this.fail(`${what}: ${(e as Error).message}`, at);
    }
  }

  /** Compiles an XPath found in an attribute of `at`, checking its calls and that its variables are in scope. */
  expr(source: string, at: SchNode, what: string, scope: Scope): XPathExpr {
    const ns = this.namespaces(at);
    const text = this.rewrite(rewriteCurrent(source), at, what);
    this.checkCalls(text, ns, at, what);
    let compiled: XPathExpr;
    try {
      compiled = new XPathExpr(text, ns, scope.keys(), this.fnsNeedFull && text.includes(FNS_VAR));
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

  private checkVariables(vars: string[], at: SchNode, what: string, scope: Scope): void {
    const missing = scope.missing(vars);
    if (missing) this.fail(`${what} uses $${missing}, which no <let> in scope declares`, at);
  }

  /** A let's value: @value, or its content (the nodes written inside it, as ISO 2016 allows). */
  private letValue(l: SchNode, name: string, params?: Map<string, string>): string {
    const value = this.attr(l, 'value', params);
    const content = l.children.some((c) => typeof c !== 'string' || c.trim());
    if (value !== undefined && content) this.fail(`<let name="${name}"> has both @value and content`, l);
    if (value !== undefined) return value;
    if (!content) this.fail(`<let name="${name}"> has neither @value nor content`, l);
    if (l.children.some((c) => typeof c !== 'string' && c.uri === XSL_NS))
      this.fail(`<let name="${name}">: XSLT instructions in a let's content are not supported`, l);
    return `parse-xml-fragment('${serializeContent(l).replace(/'/g, "''")}')/node()`;
  }

  private letBinding(l: SchNode, scope: Scope, params?: Map<string, string>): LetBinding {
    const name = l.attrs.get('name');
    if (!name) this.fail('<let> without @name', l);
    let key: string;
    try {
      key = variableKey(name, this.namespaces(l));
    } catch (e) {
      this.fail((e as Error).message, l);
    }
    const expr = this.expr(this.letValue(l, name, params), l, `<let name="${name}"> value`, scope);
    return { name, key, expr };
  }

  /** Sequential lets (a phase's, a rule's): each sees the ones before it; a name twice is an error. */
  private sequentialLets(lets: SchNode[], scope: Scope, where: string, params?: Map<string, string>): LetBinding[] {
    const seen = new Set<string>();
    return lets.map((l) => {
      const b = this.letBinding(l, scope, params);
      if (seen.has(b.key)) this.fail(`<let name="${b.name}"> is declared twice in ${where}`, l);
      seen.add(b.key);
      scope.add(b.key);
      return b;
    });
  }

  private message(n: SchNode, scope: Scope, params?: Map<string, string>): MessagePart[] {
    const parts: MessagePart[] = [];
    for (const c of n.children) {
      if (typeof c === 'string') parts.push(c);
      else if ((c.uri === SCH_NS && c.local === 'value-of') || (c.uri === XSL_NS && (c.local === 'value-of' || c.local === 'copy-of'))) {
        const select = this.attr(c, 'select', params);
        if (!select) this.fail(`<${c.name}> without @select`, c);
        const copy = c.local === 'copy-of';
        const source = copy ? select : `string-join((${select}) ! string(.), ' ')`;
        parts.push({ kind: copy ? 'copy-of' : 'value-of', expr: this.expr(source, c, `<${c.local} select="${select}">`, scope) });
      } else if (c.uri === SCH_NS && c.local === 'name') {
        // ISO: @path is "an expression … that returns a string that is the name of a node";
        // SchXslt and the conformance suite print its value (svrl-name-path-01).
        const p = this.attr(c, 'path', params);
        const e = this.expr(p ? `string-join((${p}) ! string(.), ' ')` : 'name(.)', c, `<name path="${p}">`, scope);
        parts.push({ kind: 'name', expr: e });
      } else parts.push(...this.message(c, scope, params)); // emph, dir, span, foreign markup: their text
    }
    return parts;
  }

  private assertion(a: SchNode, scope: Scope, rule: SchNode, params?: Map<string, string>): Assertion {
    const test = this.attr(a, 'test', params);
    if (!test) this.fail(`<${a.local}> without @test`, a);
    let diagnostics: Diagnostic[] = [];
    for (const id of words(a.attrs.get('diagnostics'))) {
      const d = this.diagnostics.get(id);
      if (!d) this.fail(`<${a.local}> refers to diagnostic "${id}", which is not declared`, a);
      diagnostics.push({ id, lang: langOf(d), parts: this.message(d, scope, params) });
    }
    // Diagnostics in several languages: the wanted one only.
    if (new Set(diagnostics.map((d) => d.lang ?? '')).size > 1) {
      const lang = choose(
        diagnostics.map((d) => ({ item: d.lang, lang: d.lang })),
        this.lang,
      );
      diagnostics = diagnostics.filter((d) => d.lang === lang);
    }
    const properties: PropertyRef[] = [];
    for (const id of words(a.attrs.get('properties'))) {
      const p = this.properties.get(id);
      if (!p) this.fail(`<${a.local}> refers to property "${id}", which is not declared`, a);
      properties.push({ id, role: p.attrs.get('role'), scheme: p.attrs.get('scheme'), parts: this.message(p, scope, params) });
    }
    return {
      kind: a.local as 'assert' | 'report',
      id: a.attrs.get('id'),
      test: this.expr(`boolean((${test}))`, a, `<${a.local} test="${test}">`, scope),
      testSource: test,
      role: a.attrs.get('role') ?? rule.attrs.get('role'),
      flag: a.attrs.get('flag') ?? rule.attrs.get('flag'),
      lang: langOf(a),
      message: this.message(a, scope, params),
      diagnostics,
      properties,
      line: a.line,
    };
  }

  /** Lets and assertions of a rule body, with <extends> expanded in place. */
  private ruleBody(r: SchNode, lets: SchNode[], assertions: SchNode[], abstract: Map<string, SchNode>, seen: Set<SchNode>): void {
    if (seen.has(r)) this.fail('abstract rules extend each other in a cycle', r);
    seen.add(r);
    for (const c of kids(r)) {
      if (c.local === 'let') lets.push(c);
      else if (c.local === 'assert' || c.local === 'report') assertions.push(c);
      else if (c.local === 'extends') {
        let base: SchNode | undefined;
        if (c.attrs.has('href')) base = kids(c, 'rule')[0];
        else {
          const id = c.attrs.get('rule');
          base = id ? (abstract.get(id) ?? this.schemaRules.get(id)) : undefined;
          if (!base) this.fail(`<extends rule="${id ?? ''}">: no abstract rule with that id in this pattern or in <rules>`, c);
        }
        if (!base) this.fail('<extends href> did not resolve to a rule', c);
        this.ruleBody(base, lets, assertions, abstract, seen);
      }
    }
  }

  private rule(r: SchNode, outer: Scope, abstract: Map<string, SchNode>, params?: Map<string, string>): Rule {
    const context = this.attr(r, 'context', params);
    if (!context) this.fail('<rule> without @context', r);
    const what = `<rule context="${context}">`;
    if (usesCurrent(context)) this.fail(`${what}: current() in a rule context is not supported`, r);
    const ns = this.namespaces(r);
    this.checkCalls(this.rewrite(context, r, what), ns, r, what);
    let selector: ContextSelector;
    try {
      selector = new ContextSelector(context, ns, (x) => rewriteDeclared(x, ns, this.decls), this.fnsNeedFull);
    } catch (e) {
      this.fail(`${what} is not a valid pattern: ${(e as Error).message}`, r);
    }
    for (const e of selector.expressions) {
      this.checkCompiled(e, r, what);
      this.checkVariables(e.variables, r, what, outer);
    }
    const letNodes: SchNode[] = [];
    const assertionNodes: SchNode[] = [];
    this.ruleBody(r, letNodes, assertionNodes, abstract, new Set());
    const scope = outer.child();
    const lets = this.sequentialLets(letNodes, scope, `the rule ${what}`, params);
    let assertions = assertionNodes.map((a) => this.assertion(a, scope, r, params));
    assertions = this.oneLanguage(assertions);
    return { id: r.attrs.get('id'), context: selector, lets, assertions, role: r.attrs.get('role'), flag: r.attrs.get('flag') };
  }

  /** Of assertions with the same test written in several languages (xml:lang), the wanted one. */
  private oneLanguage(assertions: Assertion[]): Assertion[] {
    const groups = new Map<string, Assertion[]>();
    for (const a of assertions) {
      const k = `${a.kind}\0${a.testSource}`;
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    return assertions.filter((a) => {
      const g = groups.get(`${a.kind}\0${a.testSource}`)!;
      if (g.length < 2 || new Set(g.map((x) => x.lang ?? '')).size < 2) return true;
      return (
        choose(
          g.map((x) => ({ item: x, lang: x.lang })),
          this.lang,
        ) === a
      );
    });
  }

  /** An active pattern's body and parameters (is-a: the abstract pattern, with the instance's params). */
  private instantiate(p: SchNode, abstractPatterns: Map<string, SchNode>): { body: SchNode; params?: Map<string, string> } {
    const isA = p.attrs.get('is-a');
    if (!isA) return { body: p };
    const body = abstractPatterns.get(isA);
    if (!body) this.fail(`<pattern is-a="${isA}">: no abstract pattern with that id`, p);
    const params = new Map<string, string>();
    for (const param of kids(p, 'param')) {
      const name = param.attrs.get('name');
      if (!name) this.fail('<param> without @name', param);
      params.set(name, param.attrs.get('value') ?? '');
    }
    return { body, params };
  }

  private pattern(p: SchNode, body: SchNode, params: Map<string, string> | undefined, local: SchNode[], scope: Scope): Pattern {
    const abstract = new Map<string, SchNode>();
    for (const r of kids(body, 'rule'))
      if (r.attrs.get('abstract') === 'true') {
        const id = r.attrs.get('id');
        if (!id) this.fail('abstract <rule> without @id', r);
        abstract.set(id, r);
      }
    const pscope = scope.child();
    const lets = this.sequentialLets(local, pscope, `the pattern ${p.attrs.get('id') ?? ''}`.trim(), params);
    let documents: XPathExpr | undefined;
    const docs = this.attr(p, 'documents', params) ?? this.attr(body, 'documents', params);
    if (docs !== undefined) {
      documents = this.expr(`(${docs}) ! string(.)`, p, `<pattern documents="${docs}">`, pscope);
      if (this.trust === 'sandboxed')
        this.fail(`<pattern documents="${docs}"> reads other files: a Schematron schema named by the document may not read files`, p);
    }
    const rules = kids(body, 'rule')
      .filter((r) => r.attrs.get('abstract') !== 'true')
      .map((r) => this.rule(r, pscope, abstract, params));
    return { id: p.attrs.get('id'), lets, rules, documents };
  }

  /** The schema's functions and keys as two global lets (xslt-decls.ts), so lets may use them. */
  private declarationLets(scope: Scope): { binding: LetBinding; at: SchNode }[] {
    const out: { binding: LetBinding; at: SchNode }[] = [];
    const at = [...this.decls.functions.values()][0]?.at;
    if (at) {
      const text = this.rewrite(functionsMap(this.decls), at, '<xsl:function>');
      this.fnsNeedFull = NEEDS_FULL_CONTEXT.test(text);
      this.checkCalls(text, this.namespaces(at), at, '<xsl:function>');
      let expr: XPathExpr;
      try {
        expr = new XPathExpr(text, this.namespaces(at), scope.keys(), this.fnsNeedFull);
      } catch (e) {
        this.fail(`<xsl:function> does not translate to valid XPath: ${(e as Error).message}`, at);
      }
      this.checkCompiled(expr, at, '<xsl:function>');
      out.push({ binding: { name: '(xsl:function)', key: FNS_VAR, expr }, at });
    }
    const kat = [...this.decls.keys.values()][0]?.at;
    if (kat) {
      for (const k of this.decls.keys.values())
        for (const x of [k.match, k.use]) this.checkCalls(this.rewrite(x, k.at, '<xsl:key>'), this.namespaces(k.at), k.at, '<xsl:key>');
      const expr = this.expr(keysMap(this.decls, selectMatching), kat, '<xsl:key>', scope);
      out.push({ binding: { name: '(xsl:key)', key: KEYS_VAR, expr }, at: kat });
    }
    return out;
  }

  compile(text: string, opts: CompileOptions): CompiledSchematron {
    let root: SchNode;
    try {
      root = parseSchemaTree(text, this.path);
    } catch (e) {
      if (e instanceof XmlSyntaxError) throw new SchematronSchemaError(`not well-formed XML: ${e.message}`, this.path, e.line, e.col);
      throw e;
    }
    if (root.uri === OLD_SCH_NS) this.fail('Schematron 1.5 (ascc.net namespace) is not supported; use ISO Schematron', root);
    if (root.uri !== SCH_NS || root.local !== 'schema')
      this.fail(`the root element is <${root.name}> {${root.uri}}, not an ISO Schematron <schema> {${SCH_NS}}`, root);
    const included = new Set<string>();
    resolveIncludes(root, { path: this.path, trust: this.trust, read: included });
    const qb = root.attrs.get('queryBinding') ?? 'xslt';
    if (!QUERY_BINDINGS.has(qb.toLowerCase()))
      this.fail(`queryBinding="${qb}" is not supported (supported: ${[...QUERY_BINDINGS].join(', ')}; none means xslt)`, root);
    for (const n of kids(root, 'ns')) {
      const prefix = n.attrs.get('prefix');
      const uri = n.attrs.get('uri');
      if (!prefix || uri === undefined) this.fail('<ns> needs @prefix and @uri', n);
      this.globalNs[prefix] = uri;
    }
    const xsl = root.children.filter((c): c is SchNode => typeof c !== 'string' && c.uri === XSL_NS);
    this.decls = readDeclarations(
      xsl,
      (n) => this.namespaces(n),
      (m, at) => this.fail(m, at),
    );
    for (const ds of kids(root, 'diagnostics'))
      for (const d of kids(ds, 'diagnostic')) {
        const id = d.attrs.get('id');
        if (!id) this.fail('<diagnostic> without @id', d);
        this.diagnostics.set(id, d);
      }
    for (const ps of kids(root, 'properties'))
      for (const p of kids(ps, 'property')) {
        const id = p.attrs.get('id');
        if (!id) this.fail('<property> without @id', p);
        this.properties.set(id, p);
      }
    for (const rs of kids(root, 'rules'))
      for (const r of kids(rs, 'rule')) {
        const id = r.attrs.get('id');
        if (!id) this.fail('a <rule> in <rules> needs an @id', r);
        this.schemaRules.set(id, r);
      }
    const patterns = kids(root, 'pattern');
    const abstractPatterns = new Map<string, SchNode>();
    for (const p of patterns)
      if (p.attrs.get('abstract') === 'true') {
        const id = p.attrs.get('id');
        if (!id) this.fail('abstract <pattern> without @id', p);
        abstractPatterns.set(id, p);
      }

    const phases = kids(root, 'phase');
    let phaseName = opts.phase ?? '#DEFAULT';
    if (phaseName === '#DEFAULT') phaseName = root.attrs.get('defaultPhase') ?? '#ALL';
    let phase: SchNode | undefined;
    if (phaseName !== '#ALL') {
      phase = phases.find((p) => p.attrs.get('id') === phaseName);
      if (!phase) this.fail(`phase "${phaseName}" is not declared (phases: ${phases.map((p) => p.attrs.get('id')).join(', ') || 'none'}; or #ALL)`, root);
    }
    const active = phase ? new Set(kids(phase, 'active').map((a) => a.attrs.get('pattern'))) : undefined;
    if (phase)
      for (const a of kids(phase, 'active')) {
        const id = a.attrs.get('pattern');
        if (!patterns.some((p) => p.attrs.get('id') === id)) this.fail(`<active pattern="${id ?? ''}">: no pattern with that id`, a);
      }
    let chosen = patterns.filter((p) => p.attrs.get('abstract') !== 'true').filter((p) => !active || active.has(p.attrs.get('id')));
    // One language per constraint (lang.ts): TEI's translated constraints, xml:lang on patterns.
    const groups = teiGroups(chosen.map((p) => p.attrs.get('id')));
    const byGroup = new Map<string, { item: SchNode; lang?: string }[]>();
    for (const p of chosen) {
      const g = groups.get(p.attrs.get('id') ?? '');
      if (g) byGroup.set(g.group, [...(byGroup.get(g.group) ?? []), { item: p, lang: g.lang ?? langOf(p) }]);
    }
    const kept = new Set([...byGroup.values()].map((members) => choose(members, this.lang)));
    chosen = chosen.filter((p) => !groups.has(p.attrs.get('id') ?? '') || kept.has(p));
    const instances = chosen.map((p) => ({ p, ...this.instantiate(p, abstractPatterns) }));

    // ISO scoping (suite's reading of ISO 2020): schema and pattern lets are global, evaluated on
    // the document; a name may not be declared twice among them. Phase lets may shadow them.
    const global = new Scope();
    const schemaLets = kids(root, 'let');
    const names = new Map<string, SchNode>();
    const declare = (l: SchNode, where: string, map: Map<string, SchNode>): void => {
      const name = l.attrs.get('name');
      if (!name) this.fail('<let> without @name', l);
      if (map.has(name)) this.fail(`<let name="${name}"> is declared twice ${where} (first at line ${map.get(name)!.line})`, l);
      map.set(name, l);
    };
    for (const l of schemaLets) declare(l, 'in the schema', names);
    // A name two patterns declare stays local to each (so one abstract pattern can be used twice).
    const perPattern = instances.map(({ body }) => {
      const own = new Map<string, SchNode>();
      for (const l of kids(body, 'let')) declare(l, `in the pattern ${body.attrs.get('id') ?? ''}`.trim(), own);
      return own;
    });
    const count = new Map<string, number>();
    for (const own of perPattern) for (const n of own.keys()) count.set(n, (count.get(n) ?? 0) + 1);
    for (const own of perPattern)
      for (const [n, l] of own)
        if (names.has(n))
          this.fail(`<let name="${n}"> in a pattern has the name of the schema's <let> at line ${names.get(n)!.line}: pattern lets are global`, l);
    const globalNodes: { node: SchNode; params?: Map<string, string> }[] = schemaLets.map((node) => ({ node }));
    instances.forEach(({ params }, i) => {
      for (const [n, l] of perPattern[i]!) if (count.get(n) === 1) globalNodes.push({ node: l, params });
    });
    for (const { node } of globalNodes) global.add(variableKey(node.attrs.get('name')!, this.namespaces(node)));
    if (this.decls.functions.size) global.add(FNS_VAR);
    if (this.decls.keys.size) global.add(KEYS_VAR);
    const decls = this.declarationLets(global);
    const bindings = [...decls, ...globalNodes.map(({ node, params }) => ({ binding: this.letBinding(node, global, params), at: node }))];
    const lets = orderLets(bindings, (m, at) => this.fail(m, at));
    const scope = global.child();
    if (phase) lets.push(...this.sequentialLets(kids(phase, 'let'), scope, `the phase ${phaseName}`));
    const compiled = instances.map(({ p, body, params }, i) => {
      const local = [...perPattern[i]!].filter(([n]) => count.get(n)! > 1).map(([, l]) => l);
      return this.pattern(p, body, params, local, scope);
    });
    const title = kids(root, 'title')[0];
    return {
      path: opts.path,
      trust: this.trust,
      title: title ? textOf(title).replace(/\s+/g, ' ').trim() : undefined,
      queryBinding: qb,
      phase: phaseName,
      phases: phases.map((p) => p.attrs.get('id') ?? ''),
      included: [...included],
      lets,
      patterns: compiled,
    };
  }
}

export function compileSchematron(schText: string, opts: CompileOptions = {}): CompiledSchematron {
  return new Compiler(opts.path, opts.trust ?? 'sandboxed', opts.lang ?? 'en').compile(schText, opts);
}
