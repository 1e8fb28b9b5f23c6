/**
 * The citation trees of an edition (issue 14): which parts of the text can be cited, and by
 * which identifier. One model feeds the HTML cite controls, the citations and the DTS API.
 */

/** One kind of unit at one place of a tree (TEI citeStructure, DTS CiteStructure). */
export interface CiteStructureNode {
  citeType: string;
  children: CiteStructureNode[];
}

/** A part of the text that can be cited (DTS CitableUnit). */
export interface CitableUnit {
  identifier: string;
  citeType: string;
  /** 1 for the top of the tree. */
  level: number;
  /** The parent unit's identifier; null at the top. */
  parent: string | null;
  /** The unit's element: its document-order index in the source tree (Tree.elements). */
  element: number;
  /** Its xml:id, which is also its id on the HTML page (the anchor a citation links to). */
  anchor: string | null;
  /** Its @n (a paragraph number: the locator of a citation). */
  n: string | null;
  /** A title for tables of contents (its head), if it has one. */
  title: string | null;
  /** Dublin Core terms the citeStructure's citeData declare (term → values). */
  dublinCore: Record<string, string[]>;
  /** Index (in CitationTree.units) just past the unit's last descendant: its subtree is [i, end). */
  end: number;
}

export interface CitationTree {
  /** null for the default tree (the first); else the refsDecl's @n or @xml:id. */
  identifier: string | null;
  /** Declared in the header (refsDecl/citeStructure), or derived from the text's structure. */
  declared: boolean;
  structure: CiteStructureNode[];
  /** Units in document order (pre-order, depth first). */
  units: CitableUnit[];
  /** identifier → index in units. */
  byId: Map<string, number>;
}
