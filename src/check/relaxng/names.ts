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
  const walk = (o: NameObject): string[] => {
    if (o.a && o.b) return [...walk(o.a), ...walk(o.b)];
    if (o.name !== undefined) return [`"${displayName(o.ns ?? '', o.name, prefixOf)}"`];
    const except = o.except ? ' (with exceptions)' : '';
    if (o.pattern === 'AnyName') return [`any ${what}${except}`];
    const ns = o.ns ?? '';
    const shown = ns === '' ? 'no namespace' : `namespace "${ns}"`;
    return [`any ${what} in ${shown}${except}`];
  };
  return walk(nc.toObject() as NameObject);
}

/** "a", "b" or "c" — jing's way of listing alternatives. */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
