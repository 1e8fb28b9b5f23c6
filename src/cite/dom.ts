import { TEI_CLASSES } from '../tei/classes.js';
import { TEI_NS, XML_NS, type XdmNode } from '../xdm/node.js';

/** An attribute's value (local name, namespace '' by default), or null. */
export function attr(el: XdmNode, local: string, ns = ''): string | null {
  const list = el.attributes;
  if (!list) return null;
  for (let i = 0; i < list.length; i++) {
    const a = list[i]! as XdmNode & { value: string };
    if ((a.localName ?? a.name) === local && (a.namespaceURI ?? '') === ns) return a.value;
  }
  return null;
}

export const xmlId = (el: XdmNode): string | null => attr(el, 'id', XML_NS)?.trim() || null;
export const nOf = (el: XdmNode): string | null => attr(el, 'n')?.replace(/\s+/g, ' ').trim() || null;

export function isTei(el: XdmNode, local?: string): boolean {
  return el.nodeType === 1 && el.namespaceURI === TEI_NS && (local === undefined || el.localName === local);
}

export function childElements(el: XdmNode): XdmNode[] {
  const out: XdmNode[] = [];
  const kids = el.childNodes;
  if (kids) for (let i = 0; i < kids.length; i++) if (kids[i]!.nodeType === 1) out.push(kids[i]!);
  return out;
}

const NOT_TEXT = new Set<string>(TEI_CLASSES.notText);

/** The reading text of an element, white space collapsed, notes and other non-text left out. */
export function plainText(el: XdmNode): string {
  let out = '';
  const walk = (n: XdmNode) => {
    if (n.nodeType === 3 || n.nodeType === 4) out += n.nodeValue ?? '';
    else if (n.nodeType === 1 && !(n.namespaceURI === TEI_NS && NOT_TEXT.has(n.localName ?? ''))) {
      const kids = n.childNodes;
      if (kids) for (let i = 0; i < kids.length; i++) walk(kids[i]!);
    }
  };
  walk(el);
  return out.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** The first head of an element, as text (a division's title). */
export function headOf(el: XdmNode): string | null {
  const head = childElements(el).find((c) => isTei(c, 'head'));
  return head ? plainText(head) || null : null;
}
