import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, readSource } from '../../parse/index.js';
import { elementOf, nodePosition, type Tree } from '../../parse/tree.js';
import { SaxonJS } from '../../transform/saxon.js';
import type { Finding } from '../finding.js';
import { withoutResources } from './sandbox.js';
import type { Assertion, CompiledSchematron, LetBinding, MessagePart, Pattern, Rule } from './schema.js';
import type { XdmNode } from './xml.js';
import type { Env } from './xpath.js';

/** A Finding with the Schematron details that the shared shape has no field for. */
export interface SchematronFinding extends Finding {
  kind: 'assert' | 'report';
  role?: string;
  flag?: string;
  pattern?: string;
  test: string;
  /** The assert's or report's @id. */
  id?: string;
  /** The assertion's own message (without the diagnostics). */
  text?: string;
  /** Set on an XPath error at run time (the finding is then not a failed assertion). */
  dynamicError?: true;
  /** xml:lang of the assertion, where the schema says. */
  lang?: string;
  /** The diagnostics the assertion names, each rendered (also appended to the message after " — "). */
  diagnostics?: { id: string; lang?: string; text: string }[];
  /** The properties the assertion names (ISO 2016), rendered as text and as XML (xsl:copy-of keeps nodes). */
  properties?: { id: string; role?: string; scheme?: string; text: string; xml: string }[];
}

const WARNING_ROLES = new Set(['warning', 'warn', 'info', 'information', 'informational', 'nonfatal', 'note', 'hint']);

/** error|fatal (and no role, or an unknown one) → error; the informational roles → warning. */
export function severityOf(role: string | undefined): 'error' | 'warning' {
  return role && WARNING_ROLES.has(role.trim().toLowerCase()) ? 'warning' : 'error';
}

/** Node identity that survives SaxonJS handing out a fresh wrapper for every attribute access. */
class NodeSet {
  private nodes = new Set<XdmNode>();
  private attrs = new Map<XdmNode, Set<string>>();
  /** Adds the node; false if it was already there. */
  add(n: XdmNode): boolean {
    if (n.nodeType === 2 && n.parent) {
      const key = `{${n.namespaceURI ?? ''}}${n.localName}`;
      let s = this.attrs.get(n.parent);
      if (!s) {
        s = new Set();
        this.attrs.set(n.parent, s);
      }
      if (s.has(key)) return false;
      s.add(key);
      return true;
    }
    if (this.nodes.has(n)) return false;
    this.nodes.add(n);
    return true;
  }
}

function step(n: XdmNode): string {
  const parent = n.parentNode;
  let test: string;
  let same: (s: XdmNode) => boolean;
  switch (n.nodeType) {
    case 1:
      test = n.nodeName;
      same = (s) => s.nodeType === 1 && s.localName === n.localName && s.namespaceURI === n.namespaceURI;
      break;
    case 3:
    case 4:
      test = 'text()';
      same = (s) => s.nodeType === 3 || s.nodeType === 4;
      break;
    case 8:
      test = 'comment()';
      same = (s) => s.nodeType === 8;
      break;
    default:
      test = 'processing-instruction()';
      same = (s) => s.nodeType === 7;
  }
  let i = 1;
  for (let s = n.previousSibling; s; s = s.previousSibling) if (same(s)) i++;
  return `${parent && parent.nodeType !== 9 ? step(parent) : ''}/${test}[${i}]`;
}

/** XPath of a node such as /TEI[1]/text[1]/body[1]/p[3]/@ref (names as written in the document). */
export function xpathOf(n: XdmNode): string {
  if (n.nodeType === 9) return '/';
  if (n.nodeType === 2) return `${n.parent ? step(n.parent) : ''}/@${n.name ?? n.nodeName}`;
  return step(n);
}

function evalLets(lets: LetBinding[], context: XdmNode, env: Env): void {
  for (const l of lets) env.set(l.key, l.expr.sequence(context, env));
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A message as text (whitespace normalised) and as XML content (copied nodes kept), for SVRL. */
function render(parts: MessagePart[], node: XdmNode, env: Env): { text: string; xml: string } {
  let text = '';
  let xml = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      text += p;
      xml += escapeXml(p);
    } else if (p.kind === 'copy-of') {
      for (const item of p.expr.nodes(node, env) as unknown[]) {
        if (item && typeof item === 'object' && 'nodeType' in item) {
          text += String((item as { textContent?: string }).textContent ?? '');
          xml += SaxonJS.serialize(item as never, { method: 'xml', 'omit-xml-declaration': true } as never);
        } else {
          text += String(item);
          xml += escapeXml(String(item));
        }
      }
    } else {
      const v = String(p.expr.value(node, env) ?? '');
      text += v;
      xml += escapeXml(v);
    }
  }
  return { text: text.replace(/\s+/g, ' ').trim(), xml: xml.trim() };
}

function ruleName(a: Assertion | undefined, p: Pattern, r: Rule | undefined, pi: number): string {
  return `schematron:${a?.id ?? p.id ?? r?.id ?? `pattern-${pi + 1}`}`;
}

/**
 * Runs a compiled Schematron over the parse stage's tree of one document; a sandboxed schema
 * runs with SaxonJS's file and network access switched off.
 */
export function runSchematron(schema: CompiledSchematron, doc: { path: string; tree: Tree }): SchematronFinding[] {
  return schema.trust === 'trusted' ? run(schema, doc) : withoutResources(() => run(schema, doc));
}

type Collected = { f: SchematronFinding; order: number }[];

function run(schema: CompiledSchematron, doc: { path: string; tree: Tree }): SchematronFinding[] {
  const findings: Collected = [];
  const problem = (target: { path: string; tree: Tree }, message: string, rule: string, node?: XdmNode, a?: Assertion, p?: Pattern): void => {
    const where = node ? locate(target.tree, node) : { line: 0, col: 0, xpath: undefined };
    findings.push({
      f: {
        file: target.path,
        ...where,
        severity: 'error',
        rule,
        kind: a?.kind ?? 'assert',
        test: a?.testSource ?? '',
        pattern: p?.id,
        message,
        dynamicError: true,
      },
      order: findings.length,
    });
  };
  const env: Env = new Map();
  try {
    evalLets(schema.lets, doc.tree.doc, env);
  } catch (e) {
    problem(doc, `cannot evaluate a schema-level <let>: ${(e as Error).message}`, 'schematron');
    return findings.map((x) => x.f);
  }
  schema.patterns.forEach((p, pi) => {
    const penv: Env = new Map(env);
    try {
      evalLets(p.lets, doc.tree.doc, penv);
    } catch (e) {
      problem(
        doc,
        `cannot evaluate a <let> of pattern ${p.id ?? pi + 1}: ${(e as Error).message}`,
        ruleName(undefined, p, undefined, pi),
        undefined,
        undefined,
        p,
      );
      return;
    }
    const targets = p.documents ? subordinate(p, pi, doc, penv, problem) : [doc];
    for (const target of targets) runPattern(p, pi, target, penv, findings, problem);
  });
  findings.sort(
    (x, y) =>
      (x.f.file === y.f.file ? 0 : x.f.file === doc.path ? -1 : y.f.file === doc.path ? 1 : x.f.file < y.f.file ? -1 : 1) ||
      x.f.line - y.f.line ||
      x.f.col - y.f.col ||
      x.order - y.order,
  );
  return findings.map((x) => x.f);
}

/** Findings stand at the element the node belongs to (attributes and text at their element). */
function locate(tree: Tree, node: XdmNode): { line: number; col: number; xpath: string } {
  const el = elementOf(node);
  return { ...(el ? nodePosition(tree, el) : { line: 0, col: 0 }), xpath: xpathOf(node) };
}

type Problem = (target: { path: string; tree: Tree }, message: string, rule: string, node?: XdmNode, a?: Assertion, p?: Pattern) => void;

/**
 * ISO 2016 subordinate documents: @documents gives URIs, relative to the document; each is read
 * by the parse stage (the same limits and refusals as any input). Only trusted schemas get here.
 */
function subordinate(p: Pattern, pi: number, doc: { path: string; tree: Tree }, env: Env, problem: Problem): { path: string; tree: Tree }[] {
  let uris: string[];
  try {
    uris = (p.documents!.nodes(doc.tree.doc, env) as unknown[]).map(String);
  } catch (e) {
    problem(doc, `cannot evaluate pattern documents: ${(e as Error).message}`, ruleName(undefined, p, undefined, pi), undefined, undefined, p);
    return [];
  }
  const out: { path: string; tree: Tree }[] = [];
  for (const uri of uris) {
    let file: string;
    if (/^file:/i.test(uri)) file = fileURLToPath(uri);
    else if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
      problem(
        doc,
        `pattern documents: ${uri} is not a local file (diwan reads no network resources)`,
        ruleName(undefined, p, undefined, pi),
        undefined,
        undefined,
        p,
      );
      continue;
    } else file = resolve(dirname(resolve(doc.path)), uri);
    try {
      out.push(readSource(file));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problem(doc, `pattern documents: ${e.message}`, ruleName(undefined, p, undefined, pi), undefined, undefined, p);
    }
  }
  return out;
}

function runPattern(p: Pattern, pi: number, target: { path: string; tree: Tree }, penv: Env, findings: Collected, problem: Problem): void {
  // ISO: within a pattern each node is handled by the first rule whose context matches it.
  const handled = new NodeSet();
  for (const r of p.rules) {
    let nodes: XdmNode[];
    try {
      nodes = r.context.select(target.tree, penv);
    } catch (e) {
      problem(target, `cannot evaluate rule context "${r.context.source}": ${(e as Error).message}`, ruleName(undefined, p, r, pi), undefined, undefined, p);
      continue;
    }
    for (const node of nodes) {
      if (!handled.add(node)) continue;
      let renv = penv;
      if (r.lets.length) {
        renv = new Map(penv);
        try {
          evalLets(r.lets, node, renv);
        } catch (e) {
          problem(target, `cannot evaluate a <let> of rule "${r.context.source}": ${(e as Error).message}`, ruleName(undefined, p, r, pi), node, undefined, p);
          continue;
        }
      }
      for (const a of r.assertions) {
        let message: string;
        let text: string;
        let diagnostics: SchematronFinding['diagnostics'];
        let properties: SchematronFinding['properties'];
        try {
          const ok = a.test.value(node, renv) === true;
          const fired = a.kind === 'assert' ? !ok : ok;
          if (!fired) continue;
          text = message = render(a.message, node, renv).text;
          diagnostics = a.diagnostics.map((d) => ({ id: d.id, lang: d.lang, text: render(d.parts, node, renv).text }));
          for (const d of diagnostics) if (d.text) message += ` — ${d.text}`;
          properties = a.properties.map((x) => ({ id: x.id, role: x.role, scheme: x.scheme, ...render(x.parts, node, renv) }));
        } catch (e) {
          problem(target, `cannot evaluate ${a.kind} test "${a.testSource}": ${(e as Error).message}`, ruleName(a, p, r, pi), node, a, p);
          continue;
        }
        findings.push({
          f: {
            file: target.path,
            ...locate(target.tree, node),
            severity: severityOf(a.role),
            rule: ruleName(a, p, r, pi),
            message: message || `${a.kind} failed: ${a.testSource}`,
            kind: a.kind,
            role: a.role,
            flag: a.flag,
            pattern: p.id,
            test: a.testSource,
            text,
            ...(a.id ? { id: a.id } : {}),
            ...(a.lang ? { lang: a.lang } : {}),
            ...(diagnostics.length ? { diagnostics } : {}),
            ...(properties.length ? { properties } : {}),
          },
          order: findings.length,
        });
      }
    }
  }
}
