import { type Dirent, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder (the same from src/ under vitest and from lib/ when built). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * diwan's cache folder (compiled schemas and stylesheets, fetched schemas, Chromium's profile):
 * 1. $XDG_CACHE_HOME/diwan;
 * 2. in a checkout of the repository, node_modules/.cache/diwan beside diwan's own code;
 * 3. when diwan is an installed package (its folder sits in a node_modules folder, global or
 *    local), ~/.cache/diwan: a global install's folder is often not writable by its users;
 * 4. without a home folder, a folder of this user's in the temporary folder.
 */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return path.join(xdg, 'diwan');
  if (path.basename(path.dirname(root)) !== 'node_modules') return path.join(root, 'node_modules', '.cache', 'diwan');
  let home = '';
  try {
    home = homedir();
  } catch {
    // no home folder (a service account): fall through
  }
  if (home) return path.join(home, '.cache', 'diwan');
  return path.join(tmpdir(), `diwan-cache-${userInfo().uid}`);
}

/** Derived entries (compiled schemas, stylesheets, citations) unused for this long are removed. */
export const CACHE_MAX_AGE_DAYS = 60;
/** A temporary file older than this was left by a process that died while writing. */
const STALE_TMP_MS = 60 * 60 * 1000;
const pruned = new Set<string>();

/**
 * Evicts what the cache no longer needs from one folder of derived entries (not `fetched/`:
 * downloaded schemas are removed only by hand): entries not used for CACHE_MAX_AGE_DAYS (a hit
 * touches its entry, markUsed) and temporary files left by killed writers. Once per folder and
 * process, when an entry is written — the moments that make the cache grow. Returns what it removed.
 */
export function pruneCache(dir: string, now = Date.now()): string[] {
  if (pruned.has(dir)) return [];
  pruned.add(dir);
  const removed: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.join(dir, e.name);
    try {
      const age = now - statSync(file).mtimeMs;
      if ((e.name.endsWith('.tmp') && age > STALE_TMP_MS) || age > CACHE_MAX_AGE_DAYS * 86_400_000) {
        rmSync(file, { force: true });
        removed.push(e.name);
      }
    } catch {
      // another process removed or replaced it: nothing to do
    }
  }
  return removed;
}

/** Marks a cache entry as used now, so eviction keeps it. */
export function markUsed(file: string): void {
  try {
    const t = new Date();
    utimesSync(file, t, t);
  } catch {
    // a read-only cache is still a cache
  }
}

/** A file changed this recently may change again within the same clock tick unseen: it is not trusted by its stamp. */
const RACY_MS = 2000;
let racy = 0;

/**
 * How files look on disk now (size, modification and change times in ns, inode), one string for
 * a list of them: what this process made from them (compiled schemas and stylesheets, hashes) is
 * kept in memory only while the stamp holds, so a long-running process (a watcher) never uses a
 * stale one. ctime cannot be set back by hand. File times tick coarsely (milliseconds), so a file
 * changed less than 2 s ago gets a stamp that never matches again (git's "racily clean" rule): it
 * is read again next time. A missing file stamps as "-".
 */
export function stampOf(files: readonly string[]): string {
  const now = Date.now();
  return files
    .map((f) => {
      try {
        const s = statSync(f, { bigint: true });
        if (now - Number(s.ctimeNs / 1_000_000n) < RACY_MS) return `racy${++racy}`;
        return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}
