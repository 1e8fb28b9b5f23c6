import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/**
 * Packs diwan as `npm pack` does for a publish (prepack cleans lib/, prepare rebuilds it), from a
 * copy of the checkout's files in a temporary folder: packing in place would remove lib/ under
 * the test files running beside this one. Returns the tarball's path.
 */
export function packDiwan(): string {
  const copy = mkdtempSync(join(tmpdir(), 'diwan-pack-src-'));
  // Tracked files plus new ones not ignored: what a commit of the working tree would hold.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    try {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      cpSync(join(root, f), join(copy, f));
    } catch {
      // a file deleted in the working tree but still tracked
    }
  }
  // The build needs the dev dependencies (TypeScript, xslt3): the checkout's, not a new install.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const dest = mkdtempSync(join(tmpdir(), 'diwan-pack-'));
  const r = spawnSync('npm', ['pack', '--pack-destination', dest], { cwd: copy, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stdout}\n${r.stderr}`);
  const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack wrote no tarball:\n${r.stdout}`);
  return join(dest, tgz);
}

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command, never through a shell; npm's own noise stays in `err`. */
export function run(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}, timeout = 300_000): Run {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * An empty npm project in a temporary folder outside the repository with the tarball installed,
 * as a user would (`npm install ./diwan-x.tgz`). Dependencies come from npm's cache where it has
 * them (CI's `npm ci` filled it), else from the registry.
 */
export function installTarball(tgz: string, prefix = 'diwan-user-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'an-archive', private: true, type: 'module' }, null, 2)}\n`);
  const r = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tgz], dir);
  if (r.code !== 0) throw new Error(`npm install ${tgz} failed:\n${r.out}${r.err}`);
  return dir;
}
