import { SCH_NS } from './schema.js';
import { escapeAttr, parseSchemaTree, serializeNode as serialize, type SchNode } from './xml.js';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

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
