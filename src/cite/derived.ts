import type { Finding } from '../check/finding.js';
import type { Source } from '../parse/index.js';
import { TEI_CLASSES } from '../tei/classes.js';
import type { XdmNode } from '../xdm/node.js';
import { assemble, type Candidate } from './build-tree.js';
import { attr, childElements, headOf, isTei, nOf, xmlId } from './dom.js';
import type { CitationTree } from './types.js';

const DIVISIONS = new Set<string>(TEI_CLASSES.division);
const BLOCKS = new Set<string>(TEI_CLASSES.block);
const NOT_TEXT = new Set<string>(TEI_CLASSES.notText);
/** The units a reader cites in any text: a unit of these kinds without a stable identifier is warned about. */
const EXPECTED = new Set(['p', 'ab', 'l', 'lg', 'sp']);
/** Where units are looked for: the text's containers (notes and figures hold no citable units of their own but captions). */
const CONTAINERS = new Set(['text', 'front', 'body', 'back', 'group', 'figure', 'sp', 'lg', 'floatingText', ...DIVISIONS]);

const NAMES: Record<string, string> = { p: 'paragraph', l: 'line', lg: 'stanza', sp: 'speech', ab: 'block', head: 'heading' };

/**
 * The citation tree of a document that declares none, derived from its structure (src/tei/classes.ts):
 * divisions (div…div7, typed by @type: chapter, act, scene, letter…), then the paragraphs, lines,
 * stanzas and speeches in them, and any other block with an xml:id. A unit's identifier is its
 * xml:id; else its @n after its parent's identifier and "."; for a division with neither, the
 * words of its head (so "Erster Aufzug.Erster Auftritt" names a scene whatever its position).
 * Never a position: what has none of these is not citable, and a warning says how many such
 * units there are and where the first one is.
 */
export function derivedTree(source: Source): { tree: CitationTree; findings: Finding[] } {
  const { tree } = source;
  const candidates: Candidate[] = [];
  const unstable = new Map<string, { count: number; first: number }>();
  const visit = (el: XdmNode, parent: number) => {
    for (const child of childElements(el)) {
      if (!isTei(child)) continue;
      const local = child.localName!;
      if (NOT_TEXT.has(local)) continue;
      const index = tree.index.get(child)!;
      const isDivision = DIVISIONS.has(local);
      const isUnit = isDivision || EXPECTED.has(local) || (BLOCKS.has(local) && xmlId(child) !== null) || (local === 'figure' && xmlId(child) !== null);
      let mine = parent;
      if (isUnit) {
        const identifier = identify(child, parent, candidates, isDivision);
        if (identifier) {
          const type = attr(child, 'type')?.trim().toLowerCase();
          candidates.push({
            identifier,
            citeType: isDivision ? (type && /^[\p{L}\p{N}_ -]+$/u.test(type) ? type : 'section') : (NAMES[local] ?? local),
            element: index,
            parent,
            anchor: xmlId(child),
            n: nOf(child),
            title: isDivision ? headOf(child) : null,
            dublinCore: {},
          });
          mine = candidates.length - 1;
        } else if (isDivision || EXPECTED.has(local)) {
          const kind = isDivision ? `<${local}>${attr(child, 'type') ? ` type="${attr(child, 'type')}"` : ''}` : `<${local}>`;
          const u = unstable.get(kind);
          if (u) u.count++;
          else unstable.set(kind, { count: 1, first: index });
        }
      }
      if (CONTAINERS.has(local) || isDivision) visit(child, mine);
    }
  };
  for (const text of tree.byName.get('{http://www.tei-c.org/ns/1.0}text') ?? []) {
    // The outermost texts; a group's texts are reached through it.
    if (!hasTextAncestor(text)) visit(text, -1);
  }
  const findings: Finding[] = [];
  for (const [kind, { count, first }] of unstable) {
    findings.push({
      file: source.path,
      ...tree.lines.at(tree.starts[first]!),
      severity: 'warning',
      rule: 'cite',
      message: `${count} ${kind} element${count === 1 ? ' has' : 's have'} no xml:id, no @n${kind.startsWith('<div') ? ' and no head' : ''} (this is the first): ${count === 1 ? 'it' : 'they'} cannot be cited stably; declare a citation structure (refsDecl/citeStructure) or give ${count === 1 ? 'it' : 'them'} an xml:id or @n`,
    });
  }
  const { tree: built, duplicates } = assemble(null, false, candidates);
  for (const [id, list] of duplicates) {
    // Two elements with one xml:id are the schema's error already (xsd:ID); said once.
    if (list.every((i) => candidates[i]!.anchor === id)) continue;
    findings.push({
      file: source.path,
      ...tree.lines.at(tree.starts[candidates[list[0]!]!.element]!),
      severity: 'warning',
      rule: 'cite',
      message: `${list.length} units would be cited as "${id}" (this is the first): none of them can be cited until each has an identifier of its own (xml:id or a distinct @n)`,
    });
  }
  return { tree: built, findings };
}

function identify(el: XdmNode, parent: number, candidates: Candidate[], isDivision: boolean): string | null {
  const id = xmlId(el);
  if (id) return id;
  const prefix = parent >= 0 ? `${candidates[parent]!.identifier}.` : '';
  const n = nOf(el);
  if (n) return prefix + n;
  if (isDivision) {
    const head = headOf(el);
    const words = head
      ?.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
      .trim()
      .slice(0, 60)
      .trim();
    if (words) return prefix + words;
  }
  return null;
}

function hasTextAncestor(el: XdmNode): boolean {
  for (let p = el.parentNode; p; p = p.parentNode) if (isTei(p, 'text')) return true;
  return false;
}
