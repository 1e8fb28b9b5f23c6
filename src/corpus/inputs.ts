import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { stampOf } from '../cache.js';
import type { EditionFolder } from '../edition/discover.js';
import { fileHash } from './hash.js';
import { SIDECAR, type ManifestEdition } from './manifest.js';

/** Hashes kept between the builds of one process (a watcher's), each with the stamp of its file (src/cache.ts). */
export type HashMemory = Map<string, { stamp: string; hash: string | null }>;

/**
 * The hashes of what loadEdition reads: `<slug>.xml` and, if present, `source.txt`. With `memory`,
 * a file whose stamp is unchanged since it was last hashed is not read again.
 */
export function editionInputs(folder: EditionFolder, memory?: HashMemory): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const name of [`${folder.slug}.xml`, 'source.txt']) {
    const file = join(folder.dir, name);
    let h: string | null;
    if (memory) {
      const stamp = stampOf([file]);
      const kept = memory.get(file);
      if (kept && kept.stamp === stamp) h = kept.hash;
      else {
        h = fileHash(file);
        memory.set(file, { stamp, hash: h });
      }
    } else h = fileHash(file);
    if (h) inputs[name] = h;
  }
  return inputs;
}

/** A schema path as the manifest keeps it: relative to the output folder, POSIX separators (URLs as they are). */
export function schemaKey(out: string, schema: string): string {
  if (!isAbsolute(schema)) return schema;
  return relative(out, schema).split(sep).join('/');
}

/** The hashes of the schemas an edition's validation applied, keyed as the manifest keeps them. */
export function schemaHashes(out: string, schemas: string[], cache: Map<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const s of schemas) {
    const key = schemaKey(out, s);
    result[key] = currentHash(out, key, cache);
  }
  return result;
}

/** A schema key that is a URL (a fetched copy in the cache), not a file under the output folder. */
export const isUrlKey = (key: string) => /^[a-z][a-z0-9+.-]*:/i.test(key);

function currentHash(out: string, key: string, cache: Map<string, string>): string {
  let h = cache.get(key);
  if (h === undefined) {
    // A schema named by URL (a fetched copy in the cache) is known by its name only.
    h = isUrlKey(key) ? 'url' : (fileHash(resolve(out, key)) ?? 'missing');
    cache.set(key, h);
  }
  return h;
}

const sameRecord = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * An edition needs no rebuild when its inputs and every schema it was validated against hash as
 * they did, and its files are all still in the output folder. (The build's fingerprint is compared
 * once for the whole manifest.) Schema hashes are cached across editions: most share them.
 */
export function isFresh(out: string, slug: string, inputs: Record<string, string>, last: ManifestEdition | undefined, cache: Map<string, string>): boolean {
  if (!last || !sameRecord(inputs, last.inputs)) return false;
  for (const [key, hash] of Object.entries(last.schemas)) if (currentHash(out, key, cache) !== hash) return false;
  const dir = join(out, slug);
  return [...last.files, SIDECAR].every((f) => existsSync(join(dir, f)));
}
