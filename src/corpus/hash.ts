import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 of bytes or text, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file's bytes, or null when it cannot be read (missing, a folder). */
export function fileHash(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

/** One hash over every file under a folder whose name passes `keep`, by relative name and content, in name order. */
export function treeHash(dir: string, keep: (name: string) => boolean): string {
  const hash = createHash('sha256');
  let names: string[];
  try {
    names = (readdirSync(dir, { recursive: true }) as string[]).filter(keep).sort();
  } catch {
    return 'none';
  }
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, name));
    } catch {
      continue; // a folder
    }
    hash.update(name).update('\0').update(bytes).update('\0');
  }
  return hash.digest('hex');
}
