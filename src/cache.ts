import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** diwan's cache folder: $XDG_CACHE_HOME/diwan, else node_modules/.cache/diwan beside diwan's own code. */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return path.join(xdg, 'diwan');
  // Beside diwan's own node_modules, wherever the command is run from (src/ and lib/ alike).
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'diwan');
}
