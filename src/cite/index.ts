/** Citing the edition (issue 14): citable units, citations, and the DTS API over them. */
import type { Finding } from '../check/finding.js';
import type { Source } from '../parse/index.js';
import { declaredTrees } from './declared.js';
import { derivedTree } from './derived.js';
import type { CitationTree } from './types.js';

export type { CitableUnit, CitationTree, CiteStructureNode } from './types.js';

export interface Citability {
  /** The default tree first. */
  trees: CitationTree[];
  /** Warnings about units that cannot be cited stably. */
  findings: Finding[];
}

const memo = new WeakMap<Source, Citability>();

/**
 * An edition's citation trees: those its header declares (refsDecl/citeStructure), else one
 * derived from its structure. Worked out once per parsed document (validate and build share it).
 */
export function citabilityOf(source: Source): Citability {
  let c = memo.get(source);
  if (!c) {
    const declared = declaredTrees(source);
    if (declared.trees.length > 0) c = declared;
    else {
      const derived = derivedTree(source);
      c = { trees: [derived.tree], findings: [...declared.findings, ...derived.findings] };
    }
    memo.set(source, c);
  }
  return c;
}
