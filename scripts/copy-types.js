#!/usr/bin/env node
// tsc neither copies hand-written declaration files nor keeps the reference to them: the types
// diwan writes for SaxonJS (which ships none) must travel with lib/, and every emitted .d.ts
// that imports 'saxon-js' must point at them, so the library's types resolve for its users.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const to = join(root, 'lib', 'xdm', 'saxon-js.d.ts');
mkdirSync(dirname(to), { recursive: true });
copyFileSync(join(root, 'src', 'xdm', 'saxon-js.d.ts'), to);
for (const e of readdirSync(join(root, 'lib'), { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !e.name.endsWith('.d.ts') || e.name === 'saxon-js.d.ts') continue;
  const file = join(e.parentPath, e.name);
  const text = readFileSync(file, 'utf8');
  if (!text.includes("from 'saxon-js'") || text.startsWith('/// <reference')) continue;
  const ref = relative(dirname(file), to).split('\\').join('/');
  writeFileSync(file, `/// <reference path="${ref.startsWith('.') ? ref : `./${ref}`}" />\n${text}`);
}
