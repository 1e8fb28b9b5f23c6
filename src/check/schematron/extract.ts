import { SCH_NS } from './schema.js';
import { parseSchemaTree, type SchNode } from './xml.js';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
function escapeText(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serialises a subtree; the top element re-declares every namespace in scope where it sat. */
function serialize(n: SchNode, top: boolean): string {
  const decls = top ? n.ns : n.decls;
  let s = `<${n.name}`;
  for (const [prefix, uri] of Object.entries(decls)) {
    if (prefix === 'xml') continue;
    s += prefix ? ` xmlns:${prefix}="${escapeAttr(uri)}"` : ` xmlns="${escapeAttr(uri)}"`;
  }
  for (const [k, v] of n.attrs) {
    const q = /^Q\{([^}]*)\}(.*)$/.exec(k);
    let name = k;
    if (q) {
      const prefix = Object.entries(n.ns).find(([p, u]) => p && u === q[1])?.[0];
      name = prefix ? `${prefix}:${q[2]}` : q[2]!;
    }
    s += ` ${name}="${escapeAttr(v)}"`;
  }
  if (!n.children.length) return `${s}/>`;
  s += '>';
  for (const c of n.children) s += typeof c === 'string' ? escapeText(c) : serialize(c, false);
  return `${s}</${n.name}>`;
}

/**
 * Builds a standalone ISO Schematron schema from the Schematron embedded in a RELAX NG schema
 * (as TEI ODD processors generate it): every sch:ns, top-level sch:let, sch:phase, sch:pattern and
 * sch:diagnostics, wherever it sits in the grammar. A sch:rule outside any pattern gets a pattern
 * of its own. Returns null when the grammar embeds no patterns.
 */
export function extractSchematron(rngText: string): string | null {
  const root = parseSchemaTree(rngText);
  const ns: SchNode[] = [];
  const lets: SchNode[] = [];
  const phases: SchNode[] = [];
  const patterns: string[] = [];
  const diagnostics: SchNode[] = [];
  let queryBinding: string | undefined;
  const walk = (n: SchNode): void => {
    if (n.uri === SCH_NS) {
      switch (n.local) {
        case 'schema':
          queryBinding ??= n.attrs.get('queryBinding');
          break;
        case 'ns':
          ns.push(n);
          return;
        case 'let':
          lets.push(n);
          return;
        case 'phase':
          phases.push(n);
          return;
        case 'pattern':
          patterns.push(serialize(n, true));
          return;
        case 'rule':
          patterns.push(`<sch:pattern xmlns:sch="${SCH_NS}">${serialize(n, true)}</sch:pattern>`);
          return;
        case 'diagnostics':
          diagnostics.push(n);
          return;
      }
    }
    for (const c of n.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  if (!patterns.length) return null;
  // Prefixes the grammar declares on its root stay available, as they are to a generated XSLT.
  const seen = new Set<string>();
  const nsDecls = ns
    .filter((n) => {
      const key = `${n.attrs.get('prefix')}=${n.attrs.get('uri')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((n) => `<sch:ns prefix="${escapeAttr(n.attrs.get('prefix') ?? '')}" uri="${escapeAttr(n.attrs.get('uri') ?? '')}"/>`);
  const rootDecls = Object.entries(root.decls)
    .filter(([p, u]) => p && p !== 'sch' && !ns.some((n) => n.attrs.get('prefix') === p) && u !== RNG_NS)
    .map(([p, u]) => `<sch:ns prefix="${escapeAttr(p)}" uri="${escapeAttr(u)}"/>`);
  const parts = [
    ...nsDecls,
    ...rootDecls,
    ...lets.map((n) => serialize(n, true)),
    ...phases.map((n) => serialize(n, true)),
    ...patterns,
    ...diagnostics.map((n) => serialize(n, true)),
  ];
  // TEI's ODD processors write their constraints for XSLT 2.
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sch:schema xmlns:sch="${SCH_NS}" queryBinding="${escapeAttr(queryBinding ?? 'xslt2')}">\n${parts.join('\n')}\n</sch:schema>\n`;
}
