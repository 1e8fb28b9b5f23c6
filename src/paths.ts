import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the installed package (the same from src/ under vitest and from lib/ when built). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

let version: string | undefined;

/** The installed diwan's version (package.json), read once. */
export function diwanVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
