#!/usr/bin/env node
// `prepare`: builds lib/ in a checkout of the repository (npm ci, npm pack). The published
// package ships lib/ already built and no src/, so there this does nothing: npm 11 lists a
// tarball's `prepare` among the install scripts a user may approve, and approving it must
// not fail the install for want of TypeScript.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'src')) || !existsSync(join(root, 'tsconfig.json'))) {
  console.log('diwan: lib/ is prebuilt in this package; nothing to build');
  process.exit(0);
}
const npm = process.env.npm_execpath;
try {
  if (npm && /\.[cm]?js$/.test(npm)) execFileSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' });
  else execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
} catch {
  process.exit(1);
}
