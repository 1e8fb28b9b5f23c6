import type { Finding } from '../finding.js';
import type { Assertion, CompiledSchematron, LetBinding, MessagePart, Pattern, Rule } from './schema.js';
import { elementOf, nodePosition, type Tree } from '../../parse/tree.js';
import type { XdmNode } from './xml.js';
import type { Env } from './xpath.js';
import { withoutResources } from './sandbox.js';

/** A Finding with the Schematron details that the shared shape has no field for. */
export interface SchematronFinding extends Finding {
  kind: 'assert' | 'report';
  role?: string;
  flag?: string;
  pattern?: string;
  test: string;
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

function render(parts: MessagePart[], node: XdmNode, env: Env): string {
  return parts
    .map((p) => (typeof p === 'string' ? p : String(p.expr.value(node, env) ?? '')))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
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

function run(schema: CompiledSchematron, doc: { path: string; tree: Tree }): SchematronFinding[] {
  const parsed = doc.tree;
  const findings: { f: SchematronFinding; order: number }[] = [];
  // Findings stand at the element the node belongs to (attributes and text at their element).
  const locate = (node: XdmNode): { line: number; col: number; xpath: string } => {
    const el = elementOf(node);
    return { ...(el ? nodePosition(parsed, el) : { line: 0, col: 0 }), xpath: xpathOf(node) };
  };
  const fail = (message: string, rule: string, node: XdmNode | undefined, a?: Assertion, p?: Pattern): void => {
    const where = node ? locate(node) : { line: 0, col: 0, xpath: undefined };
    findings.push({
      f: { file: doc.path, ...where, severity: 'error', rule, kind: a?.kind ?? 'assert', test: a?.testSource ?? '', pattern: p?.id, message },
      order: findings.length,
    });
  };

  const env: Env = new Map();
  try {
    evalLets(schema.lets, parsed.doc, env);
  } catch (e) {
    fail(`cannot evaluate a schema-level <let>: ${(e as Error).message}`, 'schematron', undefined);
    return findings.map((x) => x.f);
  }
  schema.patterns.forEach((p, pi) => {
    const penv: Env = new Map(env);
    try {
      evalLets(p.lets, parsed.doc, penv);
    } catch (e) {
      fail(`cannot evaluate a <let> of pattern ${p.id ?? pi + 1}: ${(e as Error).message}`, ruleName(undefined, p, undefined, pi), undefined, undefined, p);
      return;
    }
    // ISO: within a pattern each node is handled by the first rule whose context matches it.
    const handled = new NodeSet();
    for (const r of p.rules) {
      let nodes: XdmNode[];
      try {
        nodes = r.context.select(parsed, penv);
      } catch (e) {
        fail(`cannot evaluate rule context "${r.context.source}": ${(e as Error).message}`, ruleName(undefined, p, r, pi), undefined, undefined, p);
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
            fail(`cannot evaluate a <let> of rule "${r.context.source}": ${(e as Error).message}`, ruleName(undefined, p, r, pi), node, undefined, p);
            continue;
          }
        }
        for (const a of r.assertions) {
          let fired: boolean;
          let message: string;
          try {
            const ok = a.test.value(node, renv) === true;
            fired = a.kind === 'assert' ? !ok : ok;
            if (!fired) continue;
            message = render(a.message, node, renv);
            for (const d of a.diagnostics) {
              const text = render(d, node, renv);
              if (text) message += ` — ${text}`;
            }
          } catch (e) {
            fail(`cannot evaluate ${a.kind} test "${a.testSource}": ${(e as Error).message}`, ruleName(a, p, r, pi), node, a, p);
            continue;
          }
          const where = locate(node);
          findings.push({
            f: {
              file: doc.path,
              ...where,
              severity: severityOf(a.role),
              rule: ruleName(a, p, r, pi),
              message: message || `${a.kind} failed: ${a.testSource}`,
              kind: a.kind,
              role: a.role,
              flag: a.flag,
              pattern: p.id,
              test: a.testSource,
            },
            order: findings.length,
          });
        }
      }
    }
  });
  findings.sort((x, y) => x.f.line - y.f.line || x.f.col - y.f.col || x.order - y.order);
  return findings.map((x) => x.f);
}
