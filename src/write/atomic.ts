import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { writeError } from './errors.js';

/** diwan's temporary names end so, and only such names are ever swept away. */
export const TEMP_SUFFIX = '.diwan-tmp';

/** A temporary name beside `path`, unique per process, thread and call. */
export function tempBeside(path: string, kind?: 'old' | 'new'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}${kind ? `.${kind}` : ''}${TEMP_SUFFIX}`);
}

/**
 * Writes a file so that readers see either the old content or the new, never half:
 * the data goes to a temporary file beside the target, then a rename replaces it.
 * Failures are WriteErrors naming the path and the reason.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw writeError(dir, err, 'the folder cannot be made');
  }
  const tmp = tempBeside(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeError(path, err);
  }
}

/** The process a temporary name belongs to. */
export function ownerOf(name: string): number | null {
  const m = /\.(\d+)-\d+-[0-9a-f]+(?:\.(?:old|new))?\.diwan-tmp$/.exec(name);
  return m ? Number(m[1]) : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans what killed runs left in `dir`: their temporary files and staged edition folders are
 * removed; an edition moved aside (`.<slug>.….old`) whose place is empty is put back, so after a
 * kill at any moment the folder holds the old edition or the new one, never neither, never a mix.
 * Names of running processes (this one included) are left alone.
 */
export function sweepTemporaries(dir: string): string[] {
  const swept: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return swept;
  }
  for (const name of names) {
    const pid = ownerOf(name);
    if (pid === null || pid === process.pid || alive(pid)) continue;
    const p = join(dir, name);
    try {
      const slug = /^\.(.*)\.\d+-\d+-[0-9a-f]+\.old\.diwan-tmp$/.exec(name)?.[1];
      if (slug && !existsSync(join(dir, slug))) renameSync(p, join(dir, slug));
      else rmSync(p, { recursive: true, force: true });
      swept.push(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return swept;
}
