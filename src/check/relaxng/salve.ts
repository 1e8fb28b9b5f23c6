// salve-annos is CommonJS without an exports map; one default import keeps
// Node's ESM loader and TypeScript's NodeNext resolution in agreement.
import salvePkg from 'salve-annos';
import datatypesPkg from 'salve-annos/lib/salve/datatypes.js';
import type { Datatype } from 'salve-annos/lib/salve/datatypes.js';
import { installDatatypes } from './datatypes.js';

// Before any schema is compiled or read from the cache: salve looks datatypes up by name.
installDatatypes();

export const salve = salvePkg;
export type {
  Grammar,
  GrammarWalker,
  EventSet,
  ValidationError,
  BaseName,
  DefaultNameResolver,
} from 'salve-annos';

export const SALVE_VERSION: string = salvePkg.version;

const XSD_URI = 'http://www.w3.org/2001/XMLSchema-datatypes';

/**
 * walker.possible() reports a data pattern only by its datatype's RegExp
 * object; that object is shared by every use of the type, so its identity
 * tells us the type's name for messages ("must be an xsd:date").
 */
let regexpNames: Map<RegExp, string> | undefined;
export function datatypeNameOf(re: RegExp): string | undefined {
  if (!regexpNames) {
    regexpNames = new Map();
    const lib = datatypesPkg.registry.find(XSD_URI);
    const types = (lib?.types ?? {}) as Record<string, Datatype>;
    for (const [name, dt] of Object.entries(types)) {
      const r = (dt as unknown as { regexp?: RegExp }).regexp;
      // string, normalizedString, … all match anything; keep the broadest name.
      if (r instanceof RegExp && !regexpNames.has(r)) regexpNames.set(r, `xsd:${name}`);
    }
  }
  return regexpNames.get(re);
}

/**
 * salve-annos 1.2.4 calls its simplifier's parse(url) for include/externalRef
 * with the URL only, so every schema that includes another fails with
 * "Cannot read properties of undefined (reading 'length')". Load the text
 * through the same resource loader when it is missing.
 */
import internalPkg from 'salve-annos/lib/salve/conversion/schema-simplifiers/internal.js';
type ParseFn = (
  this: { options: { resourceLoader: { load(u: URL): Promise<{ getText(): Promise<string> }> } } },
  u: URL,
  r?: unknown,
  t?: string,
) => Promise<unknown>;
const proto = (internalPkg as unknown as { InternalSimplifier?: { prototype: { parse: ParseFn; __diwanPatched?: boolean } } }).InternalSimplifier?.prototype;
if (proto && !proto.__diwanPatched) {
  const original = proto.parse;
  proto.parse = async function (this: ThisParameterType<ParseFn>, url: URL, resource?: unknown, text?: string) {
    if (text === undefined) {
      const loaded = await this.options.resourceLoader.load(url);
      return original.call(this, url, loaded, await loaded.getText());
    }
    return original.call(this, url, resource, text);
  };
  proto.__diwanPatched = true;
}

/**
 * salve-annos 1.2.4 reads a <param>'s value as its first text child, so an empty one
 * (<param name="pattern"></param>, the empty regular expression) crashes the loader with
 * "Cannot read properties of undefined (reading 'text')". Give such a param an empty text child.
 */
import parserPkg from 'salve-annos/lib/salve/conversion/parser.js';
type SaxNode = { local?: string; uri?: string };
const parserExports = parserPkg as unknown as {
  Element: { fromSax: ((node: SaxNode, children: unknown[], documentation?: string) => unknown) & { __diwanPatched?: boolean } };
  Text: new (text: string) => unknown;
};
const fromSax = parserExports.Element.fromSax;
if (!fromSax.__diwanPatched) {
  const patched = function (this: unknown, node: SaxNode, children: unknown[], documentation?: string) {
    const empty = node.local === 'param' && node.uri === 'http://relaxng.org/ns/structure/1.0' && children.length === 0;
    return fromSax.call(this, node, empty ? [new parserExports.Text('')] : children, documentation);
  };
  patched.__diwanPatched = true;
  parserExports.Element.fromSax = patched;
}
