import type { BaseName } from './salve.js';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Prefixes people already know, used when the document declares none for a namespace. */
const WELL_KNOWN: Record<string, string> = {
  [XML_NS]: 'xml',
  'http://www.tei-c.org/ns/Examples': 'teix',
  'http://relaxng.org/ns/structure/1.0': 'rng',
  'http://www.w3.org/1999/xlink': 'xlink',
  'http://www.w3.org/1998/Math/MathML': 'mml',
  'http://www.w3.org/2000/svg': 'svg',
  'http://www.w3.org/2001/XInclude': 'xi',
  'http://www.w3.org/1999/xhtml': 'html',
};

export type PrefixLookup = (uri: string) => string | undefined;

/**
 * How a schema name is shown: TEI and no-namespace names bare, others with the
 * prefix the document uses for them, else a well-known one, else {uri}local.
 */
export function displayName(uri: string, local: string, prefixOf: PrefixLookup): string {
  if (uri === '' || uri === TEI_NS) return local;
  const prefix = uri === XML_NS ? 'xml' : (prefixOf(uri) ?? WELL_KNOWN[uri]);
  if (prefix === '') return local;
  return prefix !== undefined ? `${prefix}:${local}` : `{${uri}}${local}`;
}

interface NameObject {
  ns?: string;
  name?: string;
  pattern?: string;
  a?: NameObject;
  b?: NameObject;
  except?: NameObject;
}

/** The names a name class stands for; open classes (anyName, nsName) are described in words. */
export function describeNameClass(nc: BaseName, prefixOf: PrefixLookup, what: 'element' | 'attribute'): string[] {
  const nsWords = (ns: string) => (ns === '' ? 'in no namespace' : ns === TEI_NS ? 'in the TEI namespace' : `in namespace "${ns}"`);
  // What an except takes out: names, or whole namespaces.
  const excepted = (o: NameObject): string[] => {
    if (o.a && o.b) return [...excepted(o.a), ...excepted(o.b)];
    if (o.name !== undefined) return [`"${displayName(o.ns ?? '', o.name, prefixOf)}"`];
    if (o.pattern === 'AnyName') return ['any'];
    return [nsWords(o.ns ?? '')];
  };
  const walk = (o: NameObject): string[] => {
    if (o.a && o.b) return [...walk(o.a), ...walk(o.b)];
    if (o.name !== undefined) return [`"${displayName(o.ns ?? '', o.name, prefixOf)}"`];
    const ex = o.except ? excepted(o.except) : [];
    const names = ex.filter((e) => e.startsWith('"'));
    const spaces = ex.filter((e) => !e.startsWith('"'));
    const but = [...(spaces.length ? [`not ${orList(spaces)}`] : []), ...(names.length ? [`other than ${orList(names)}`] : [])].join(' and ');
    if (o.pattern === 'AnyName') return [`any ${what}${but ? ` ${but}` : ''}`];
    return [`any ${what} ${nsWords(o.ns ?? '')}${but ? ` ${but}` : ''}`];
  };
  return walk(nc.toObject() as NameObject);
}

/** "a", "b" or "c" — jing's way of listing alternatives. */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
