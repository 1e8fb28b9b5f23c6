import { join } from 'node:path';
import type { BuildResult } from '../edition/build.js';
import { writeFileAtomic } from './atomic.js';

/**
 * Writes a built edition to OUT/<slug>/, each file atomically (readers see the old file or the
 * new one, never half). Everything was made in memory first, so a failure of any stage has
 * already stopped the build before the first byte is written. Returns the paths written.
 */
export function writeEdition(result: BuildResult, outDir: string): string[] {
  if (!result.ok) throw new Error(`edition ${result.slug} was not built; nothing to write`);
  const dir = join(outDir, result.slug);
  const written: string[] = [];
  for (const a of result.artifacts) {
    const path = join(dir, a.name);
    writeFileAtomic(path, a.data);
    written.push(path);
  }
  return written;
}
