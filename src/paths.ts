import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the installed package (the same from src/ under vitest and from lib/ when built). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
