import { create } from 'xmlbuilder2';
import { sourceFromText, type Source } from '../../parse/index.js';
import { toHtml } from '../../transform/html.js';
import { textPortion, toText } from '../../transform/text.js';
import { TEI_NS } from '../../xdm/node.js';
import { isTei } from '../dom.js';
import type { CitableUnit } from '../types.js';
import { copyInto } from './wrapped.js';

export { DTS_NS, wrappedTei } from './wrapped.js';

/** The units as a TEI document of their own (header, then the units in text/body), for the HTML and text renderings. */
function excerptSource(source: Source, units: CitableUnit[]): Source {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(TEI_NS, 'TEI');
  const rootEl = source.tree.doc.documentElement!;
  for (const a of Array.from(rootEl.attributes ?? []))
    if (a.namespaceURI === 'http://www.w3.org/XML/1998/namespace') root.att(a.namespaceURI, a.name ?? '', a.value);
  const header = Array.from(rootEl.childNodes ?? []).find((n) => isTei(n, 'teiHeader'));
  if (header) copyInto(root, header);
  const standOff = Array.from(rootEl.childNodes ?? []).find((n) => isTei(n, 'standOff'));
  if (standOff) copyInto(root, standOff);
  const text = root.ele(TEI_NS, 'text');
  const lang = Array.from(source.tree.byName.get(`{${TEI_NS}}text`)?.[0]?.attributes ?? []).find((a) => a.name === 'xml:lang');
  if (lang) text.att('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang.value);
  const body = text.ele(TEI_NS, 'body');
  for (const u of units) copyInto(body, source.tree.elements[u.element]!);
  return sourceFromText(source.path, doc.end({ prettyPrint: false }));
}

/** The units as an HTML page (diwan's HTML edition of the excerpt). */
export function excerptHtml(source: Source, units: CitableUnit[]): string {
  return toHtml(excerptSource(source, units)).output;
}

/** The units' text, by diwan's text rules (the text portion of the excerpt's plain-text edition). */
export function excerptText(source: Source, units: CitableUnit[]): string {
  return `${textPortion(toText(excerptSource(source, units)).output)}\n`;
}
