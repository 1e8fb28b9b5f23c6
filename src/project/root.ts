import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Kept apart from load.ts (Ajv, jsonc-parser) so that validation can ask for a project's root cheaply. */
export const CONFIG_FILE = 'diwan.config.json';

/**
 * The folder of the project that holds `start` (a folder or a file): the nearest folder, going
 * up, with a diwan.config.json, or a package.json with a "diwan" key. Null outside any project.
 */
export function findProjectRoot(start: string): string | null {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && packageHasDiwanKey(pkg)) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function packageHasDiwanKey(file: string): boolean {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && 'diwan' in value;
  } catch {
    return false; // a broken package.json is npm's to report, and not a diwan project
  }
}
