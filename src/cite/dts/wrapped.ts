import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Source } from '../../parse/index.js';
import { TEI_NS, type XdmNode } from '../../xdm/node.js';
import { isTei } from '../dom.js';
import type { CitableUnit } from '../types.js';

export const DTS_NS = 'https://w3id.org/api/dts#';

// The Document endpoint's TEI, apart from the renderings (document.ts): the static API's writer
// (static.ts) needs only this, and so does not load SaxonJS in a build with nothing to build.

/** Copies a node of the source tree, with its namespaces, under an xmlbuilder2 element (which escapes everything). */
export function copyInto(into: XMLBuilder, node: XdmNode): void {
  if (node.nodeType === 1) {
    const el = into.ele(node.namespaceURI ?? null, node.nodeName);
    const attrs = node.attributes;
    if (attrs) {
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i]!;
        el.att(a.namespaceURI ?? null, a.name ?? a.nodeName, a.value);
      }
    }
    const kids = node.childNodes;
    if (kids) for (let i = 0; i < kids.length; i++) copyInto(el, kids[i]!);
  } else if (node.nodeType === 3 || node.nodeType === 4) {
    into.txt(node.nodeValue ?? '');
  } else if (node.nodeType === 8) {
    into.com(node.nodeValue ?? '');
  } else if (node.nodeType === 7) {
    into.ins(node.nodeName, node.nodeValue ?? '');
  }
}

/**
 * The Document endpoint's TEI for some units (DTS 1.0, "XML/TEI encoding and sub-tree
 * representation"): a TEI root holding the edition's teiHeader (the context a reader needs:
 * title, licence, source) and a dts:wrapper with the units' elements, copied from the source
 * tree. Written with xmlbuilder2, so the result is well-formed whatever the text holds.
 */
export function wrappedTei(source: Source, units: CitableUnit[]): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(TEI_NS, 'TEI');
  const wrapper = root.ele(DTS_NS, 'dts:wrapper');
  for (const u of units) copyInto(wrapper, source.tree.elements[u.element]!);
  const xml = doc.end({ prettyPrint: false });
  // The header goes first in the root: spliced in after the root's start tag.
  const at = xml.indexOf('>', xml.indexOf('<TEI')) + 1;
  return xml.slice(0, at) + headerXml(source) + xml.slice(at);
}

/**
 * The edition's teiHeader as wrappedTei writes it under the TEI root, serialised once per source:
 * a static build wraps every unit of an edition (copying the header each time was a third of the
 * DTS files' cost). Its namespaces are the root's only, so it reads the same in every wrapper.
 */
const headers = new WeakMap<Source, string>();
function headerXml(source: Source): string {
  let xml = headers.get(source);
  if (xml === undefined) {
    const rootEl = source.tree.doc.documentElement;
    const header = rootEl && Array.from(rootEl.childNodes ?? []).find((n) => isTei(n, 'teiHeader'));
    xml = '';
    if (header) {
      const root = create().ele(TEI_NS, 'TEI');
      copyInto(root, header);
      const whole = root.end({ headless: true, prettyPrint: false });
      xml = whole.slice(whole.indexOf('>') + 1, whole.lastIndexOf('</TEI>'));
    }
    headers.set(source, xml);
  }
  return xml;
}
