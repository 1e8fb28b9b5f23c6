import type { Finding } from '../check/finding.js';
import type { Source } from '../parse/index.js';
import type { XdmNode } from '../xdm/node.js';
import { assemble, type Candidate } from './build-tree.js';
import { attr, childElements, headOf, isTei, nOf, xmlId } from './dom.js';
import type { CitationTree, CiteStructureNode } from './types.js';
import { elementIndex, isPositional, selectNodes, stringOf, UnsafeXPath, valuesOf } from './xpath.js';

const DC = 'http://purl.org/dc/terms/';

/** The refsDecl elements of the header that declare citeStructures, in document order. */
export function declaredRefsDecls(source: Source): XdmNode[] {
  const all = source.tree.byName.get('{http://www.tei-c.org/ns/1.0}refsDecl') ?? [];
  return all.filter((r) => isTei(r.parentNode ?? r, 'encodingDesc') && childElements(r).some((c) => isTei(c, 'citeStructure')));
}

/**
 * The citation trees a document declares (TEI refsDecl/citeStructure): the first refsDecl is
 * the default tree, others are named by their @n or @xml:id. Each citeStructure's match selects
 * its units (the outer one from the document, nested ones from each unit of their parent), its
 * use gives the identifier, after the parent's identifier and @delim. Problems are warnings at
 * the citeStructure: an expression diwan does not run, positional identifiers, units without an
 * identifier, identifiers that are not unique.
 */
export function declaredTrees(source: Source): { trees: CitationTree[]; findings: Finding[] } {
  const { tree } = source;
  const findings: Finding[] = [];
  const warn = (el: XdmNode, message: string) => {
    const i = elementIndex(tree, el);
    findings.push({
      file: source.path,
      ...(i === undefined ? { line: 0, col: 0 } : tree.lines.at(tree.starts[i]!)),
      severity: 'warning',
      rule: 'cite',
      message,
    });
  };
  const trees: CitationTree[] = [];
  const names = new Set<string>();
  for (const [k, refsDecl] of declaredRefsDecls(source).entries()) {
    let name: string | null = null;
    if (k > 0) {
      name = nOf(refsDecl) ?? xmlId(refsDecl);
      if (!name || names.has(name)) {
        warn(
          refsDecl,
          `this <refsDecl> declares a second citation tree without a name of its own; give it an @n (or @xml:id) so that it can be chosen (DTS "tree")`,
        );
        continue;
      }
      names.add(name);
    }
    const candidates: Candidate[] = [];
    const warned = new Set<XdmNode>();
    const once = (el: XdmNode, message: string) => {
      if (warned.has(el)) return;
      warned.add(el);
      warn(el, message);
    };
    const missingOf = new Map<XdmNode, { count: number; first: XdmNode }>();
    const walk = (cs: XdmNode, contexts: { node: XdmNode; cand: number }[]) => {
      const match = attr(cs, 'match') ?? '';
      const use = attr(cs, 'use') ?? '';
      const delim = attr(cs, 'delim') ?? '';
      const citeType = citeTypeOf(cs);
      if (isPositional(use)) {
        once(
          cs,
          `the identifiers of these ${citeType} units come from their position (use="${use}"): they change when a unit is added or removed, so citations of them are not stable; use @xml:id or @n`,
        );
      }
      const data = childElements(cs).filter((c) => isTei(c, 'citeData'));
      for (const ctx of contexts) {
        let nodes: XdmNode[];
        let values: string[];
        try {
          nodes = selectNodes(match, ctx.node);
        } catch (err) {
          once(cs, `the match "${match}" is not run: ${reason(err)}`);
          return;
        }
        try {
          values = valuesOf(match, use, ctx.node);
        } catch (err) {
          once(cs, `the use "${use}" is not run: ${reason(err)}`);
          return;
        }
        for (const [k, el] of nodes.entries()) {
          const index = elementIndex(tree, el);
          if (index === undefined) continue;
          const value = (values[k] ?? '').replace(/\s+/g, ' ').trim();
          if (!value) {
            const m = missingOf.get(cs);
            if (m) m.count++;
            else missingOf.set(cs, { count: 1, first: el });
            continue;
          }
          const parent = ctx.cand;
          const identifier = parent >= 0 ? candidates[parent]!.identifier + delim + value : value;
          const dublinCore: Record<string, string[]> = {};
          for (const d of data) {
            const property = attr(d, 'property') ?? '';
            if (!property.startsWith(DC)) continue;
            try {
              const v = stringOf(attr(d, 'use') ?? '', el)
                .replace(/\s+/g, ' ')
                .trim();
              const term = property.slice(DC.length);
              if (v) dublinCore[term] = [...(dublinCore[term] ?? []), v];
            } catch (err) {
              once(d, `the use "${attr(d, 'use')}" is not run: ${reason(err)}`);
            }
          }
          const title = dublinCore.title?.[0] ?? headOf(el);
          candidates.push({ identifier, citeType, element: index, parent, anchor: xmlId(el), n: nOf(el), title, dublinCore });
          const mine = candidates.length - 1;
          for (const child of childElements(cs).filter((c) => isTei(c, 'citeStructure'))) walk(child, [{ node: el, cand: mine }]);
        }
      }
    };
    const outer = childElements(refsDecl).filter((c) => isTei(c, 'citeStructure'));
    for (const cs of outer) walk(cs, [{ node: tree.doc, cand: -1 }]);
    for (const [cs, { count, first }] of missingOf) {
      const where = elementIndex(tree, first);
      const at = where === undefined ? '' : ` (the first at line ${tree.lines.at(tree.starts[where]!).line})`;
      warn(
        cs,
        `${count} ${citeTypeOf(cs)} unit${count === 1 ? ' has' : 's have'} no identifier by use="${attr(cs, 'use')}"${at}: ${count === 1 ? 'it cannot' : 'they cannot'} be cited`,
      );
    }
    const { tree: built, duplicates } = assemble(name, true, candidates, outer.map(structureOf));
    for (const [id, list] of duplicates) {
      if (list.every((i) => candidates[i]!.anchor === id)) continue; // duplicate xml:ids: the schema's error already
      const el = tree.elements[candidates[list[0]!]!.element]!;
      warn(el, `${list.length} units share the identifier "${id}": none of them can be cited until each has its own`);
    }
    trees.push(built);
  }
  return { trees, findings };
}

/** The types a citeStructure declares, as DTS's CiteStructure tree. */
function structureOf(cs: XdmNode): CiteStructureNode {
  return {
    citeType: citeTypeOf(cs),
    children: childElements(cs)
      .filter((c) => isTei(c, 'citeStructure'))
      .map(structureOf),
  };
}

function citeTypeOf(cs: XdmNode): string {
  return attr(cs, 'unit')?.trim() || localNameOfMatch(attr(cs, 'match') ?? '');
}

function localNameOfMatch(match: string): string {
  return /([\p{L}_][\p{L}\p{N}_.-]*)\s*(?:\[[^\]]*\])*\s*$/u.exec(match)?.[1] ?? 'unit';
}

function reason(err: unknown): string {
  return err instanceof UnsafeXPath ? `${err.message} (diwan runs a safe subset of XPath here)` : String((err as Error).message ?? err).split('\n')[0]!;
}
