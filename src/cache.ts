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
