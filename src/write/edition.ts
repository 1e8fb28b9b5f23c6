import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildResult } from '../edition/build.js';
import { sweepTemporaries, tempBeside } from './atomic.js';
import { writeError } from './errors.js';

/**
 * Writes a built edition to OUT/<slug>/ as one unit: the files go into a staged folder beside it,
 * which then takes the edition's place (the old folder moved aside first and removed after). A
 * kill at any moment leaves the old edition or the new one, and the next run's sweep
 * (sweepTemporaries) puts back an old edition whose place was left empty. `extra` files (a corpus
 * build's hidden record of the edition) go into the same unit. Returns the paths of the artifacts.
 */
export function writeEdition(result: BuildResult, outDir: string, extra: { name: string; data: string | Uint8Array }[] = []): string[] {
  if (!result.ok) throw new Error(`edition ${result.slug} was not built; nothing to write`);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw writeError(outDir, err, 'the output folder cannot be made');
  }
  sweepTemporaries(outDir);
  const final = join(outDir, result.slug);
  const staged = tempBeside(final, 'new');
  try {
    mkdirSync(staged);
    // Artifacts and extra files may sit in subfolders of the edition's folder (media/…, relative names made by diwan).
    for (const a of [...result.artifacts, ...extra]) {
      mkdirSync(dirname(join(staged, a.name)), { recursive: true });
      writeFileSync(join(staged, a.name), a.data);
    }
  } catch (err) {
    rmSync(staged, { recursive: true, force: true });
    throw writeError(staged, err);
  }
  const aside = existsSync(final) ? tempBeside(final, 'old') : null;
  try {
    if (aside) renameSync(final, aside);
    renameSync(staged, final);
  } catch (err) {
    // Put the old edition back if the new one could not take its place.
    if (aside && !existsSync(final)) renameSync(aside, final);
    rmSync(staged, { recursive: true, force: true });
    throw writeError(final, err);
  }
  if (aside) rmSync(aside, { recursive: true, force: true });
  return result.artifacts.map((a) => join(final, a.name));
}
