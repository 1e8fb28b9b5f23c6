import type { CitableUnit, CitationTree, CiteStructureNode } from './types.js';

/** A unit before the tree is assembled: where it is, what it is, what it is called. */
export interface Candidate {
  identifier: string;
  citeType: string;
  element: number;
  /** The candidate this one nests in (index into the candidate list), or -1. */
  parent: number;
  anchor: string | null;
  n: string | null;
  title: string | null;
  dublinCore: Record<string, string[]>;
}

/**
 * Assembles a tree from candidates listed parents first: units in document order (pre-order),
 * levels, parents by identifier, subtree ends and the structure of cite types. Candidates whose
 * identifier is not unique are left out with their descendants' chain identifiers (`dropped`
 * says which identifiers), since no citation could tell them apart.
 */
export function assemble(
  identifier: string | null,
  declared: boolean,
  candidates: Candidate[],
  structure?: CiteStructureNode[],
): { tree: CitationTree; duplicates: Map<string, number[]> } {
  const counts = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    const list = counts.get(c.identifier);
    if (list) list.push(i);
    else counts.set(c.identifier, [i]);
  });
  const duplicates = new Map([...counts].filter(([, l]) => l.length > 1));
  const kept = candidates.map((c) => !duplicates.has(c.identifier));
  // A unit whose parent was left out hangs from the nearest kept ancestor.
  const keptParent = (i: number): number => {
    let p = candidates[i]!.parent;
    while (p >= 0 && !kept[p]) p = candidates[p]!.parent;
    return p;
  };
  // Document order; a parent before its children when they share an element (nested structures).
  const order = candidates
    .map((c, i) => ({ c, i, depth: depthOf(candidates, i) }))
    .filter((x) => kept[x.i])
    .sort((a, b) => a.c.element - b.c.element || a.depth - b.depth || a.i - b.i);
  const units: CitableUnit[] = [];
  const byId = new Map<string, number>();
  const unitOf = new Map<number, number>();
  for (const { c, i } of order) {
    const p = keptParent(i);
    const parentUnit = p >= 0 ? unitOf.get(p) : undefined;
    const level = parentUnit === undefined ? 1 : units[parentUnit]!.level + 1;
    unitOf.set(i, units.length);
    byId.set(c.identifier, units.length);
    units.push({
      identifier: c.identifier,
      citeType: c.citeType,
      level,
      parent: parentUnit === undefined ? null : units[parentUnit]!.identifier,
      element: c.element,
      anchor: c.anchor,
      n: c.n,
      title: c.title,
      dublinCore: c.dublinCore,
      end: 0,
    });
  }
  // Subtree ends: a unit's subtree runs until the next unit at its level or above.
  const stack: number[] = [];
  for (let i = 0; i <= units.length; i++) {
    const level = i < units.length ? units[i]!.level : 0;
    while (stack.length && units[stack[stack.length - 1]!]!.level >= level) units[stack.pop()!]!.end = i;
    if (i < units.length) stack.push(i);
  }
  return { tree: { identifier, declared, structure: structure ?? structureOf(units), units, byId }, duplicates };
}

function depthOf(candidates: Candidate[], i: number): number {
  let d = 0;
  for (let p = candidates[i]!.parent; p >= 0; p = candidates[p]!.parent) d++;
  return d;
}

/** The cite types of a derived tree: each path of types that occurs, once. */
export function structureOf(units: CitableUnit[]): CiteStructureNode[] {
  const top: CiteStructureNode[] = [];
  const nodeOf = new Map<string, CiteStructureNode>();
  const path = new Map<string, string>();
  for (const u of units) {
    const parentPath = u.parent === null ? '' : path.get(u.parent)!;
    const mine = `${parentPath}/${u.citeType}`;
    path.set(u.identifier, mine);
    if (nodeOf.has(mine)) continue;
    const node: CiteStructureNode = { citeType: u.citeType, children: [] };
    nodeOf.set(mine, node);
    (parentPath ? nodeOf.get(parentPath)!.children : top).push(node);
  }
  return top;
}
