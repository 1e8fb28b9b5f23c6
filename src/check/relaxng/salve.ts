// salve-annos is CommonJS without an exports map; one default import keeps
// Node's ESM loader and TypeScript's NodeNext resolution in agreement.
import salvePkg from 'salve-annos';
import datatypesPkg from 'salve-annos/lib/salve/datatypes.js';
import type { Datatype } from 'salve-annos/lib/salve/datatypes.js';

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
