import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCorpus, treeOf } from '../helpers/corpus.js';
import { tmp as tempDir } from '../helpers/project.js';

// A corpus build (worker pool, manifest, registers, search index) killed with SIGKILL at random
// moments, several times: nothing is ever half-written, and the next run finishes the job with
// the same files, byte for byte, as a build that was never interrupted.
const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const tmp = tempDir('diwan-kill-corpus-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const slugs = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
const editions = seedCorpus(tmp, slugs);
const out = join(tmp, 'dist');
const reference = join(tmp, 'reference');
const args = (o: string) => [bin, 'build', editions, '-o', o, '--no-pdf', '--jobs', '2'];
let duration = 0;

beforeAll(() => {
  const t = Date.now();
  const r = spawnSync(process.execPath, args(reference), { encoding: 'utf8' });
  duration = Date.now() - t;
  expect(r.status, r.stderr).toBe(0);
}, 600_000);

function runAndKill(afterMs: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args(out), { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** What a killed run may leave: whole files and whole edition folders, each equal to the reference's. */
function checkConsistent(): void {
  if (!existsSync(out)) return;
  const ref = treeOf(reference);
  for (const name of readdirSync(out)) {
    if (name.endsWith('.diwan-tmp')) continue; // a killed run's staged files: swept by the next run
    const p = join(out, name);
    if (statSync(p).isDirectory()) {
      // An edition folder or the search index: complete, as the reference has it (old = new here).
      const mine = treeOf(p);
      const theirs = Object.fromEntries(
        Object.entries(ref)
          .filter(([k]) => k.startsWith(`${name}/`))
          .map(([k, v]) => [k.slice(name.length + 1), v]),
      );
      expect(Object.keys(mine).sort(), name).toEqual(Object.keys(theirs).sort());
      expect(
        Object.keys(mine).filter((k) => mine[k] !== theirs[k]),
        name,
      ).toEqual([]);
    } else if (name === '.diwan-manifest.json') {
      // Always a whole manifest; it may list fewer editions than the final one.
      const m = JSON.parse(readFileSync(p, 'utf8'));
      expect(Object.keys(m.editions).every((s: string) => slugs.includes(s))).toBe(true);
    } else if (name !== 'index.html' && name !== 'registers.html') {
      // search.html, search.js: whole, and the reference's (the index and registers may list fewer editions until the end).
      expect(readFileSync(p, 'latin1'), name).toBe(ref[name]);
    }
  }
}

describe('kill -9 at random moments during a corpus build', () => {
  it('never leaves a half-written file; the next run finishes the job', async () => {
    // Random moments spread over the whole run: start-up, the workers' builds, the manifest, the search index.
    for (let i = 0; i < 8; i++) {
      await runAndKill(Math.round(((i + Math.random()) / 8) * duration));
      checkConsistent();
    }
    const last = spawnSync(process.execPath, args(out), { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    const mine = treeOf(out);
    const ref = treeOf(reference);
    expect(Object.keys(mine).filter((k) => k.includes('.diwan-tmp'))).toEqual([]);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(ref).sort());
    expect(Object.keys(mine).filter((k) => mine[k] !== ref[k])).toEqual([]);
  }, 900_000);
});

describe('kill -9 during an incremental build (one edition changed)', () => {
  it('every file is whole, the old version or the new; the next run ends equal to a build of the new inputs', async () => {
    // The site before: `out` as the test above left it (equal to `reference`).
    const before = treeOf(reference);
    const edited = join(editions, 'k3', 'k3.xml');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('type="main">', 'type="main">(3) '));
    const after = join(tmp, 'reference-after');
    const t = Date.now();
    const r = spawnSync(process.execPath, args(after), { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const ref = treeOf(after);
    // A one-edition build is shorter than a whole one: kill within its own span.
    const span = Math.max(500, Math.min(duration, (Date.now() - t) / 3));
    for (let i = 0; i < 6; i++) {
      await runAndKill(Math.round(((i + Math.random()) / 6) * span));
      const mine = treeOf(out);
      for (const [name, bytes] of Object.entries(mine)) {
        if (name.includes('.diwan-tmp') || name === '.diwan-manifest.json') continue;
        expect(bytes === before[name] || bytes === ref[name], `${name} is neither the old file nor the new`).toBe(true);
      }
      JSON.parse(readFileSync(join(out, '.diwan-manifest.json'), 'utf8'));
    }
    const last = spawnSync(process.execPath, args(out), { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    const mine = treeOf(out);
    expect(Object.keys(mine).filter((k) => k.includes('.diwan-tmp'))).toEqual([]);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(ref).sort());
    expect(Object.keys(mine).filter((k) => mine[k] !== ref[k])).toEqual([]);
  }, 900_000);
});
