import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A build killed (SIGKILL) at any moment leaves, for each edition, the old files or the new ones,
// never a mix and never half a file; the next run removes the leftovers and finishes the job.
const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-hostile-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const slugs = ['a', 'b', 'c', 'd', 'e', 'f'];
const editions = join(tmp, 'project', 'editions');
const out = join(tmp, 'project', 'dist');
const reference = join(tmp, 'reference');

/** The files of a built edition (media/ included), by path inside it. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const p = join(e.parentPath, e.name);
        return [relative(dir, p), readFileSync(p, 'latin1')];
      }),
  );
}

beforeAll(() => {
  const seed = readFileSync(join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'), 'utf8');
  for (const s of slugs) {
    cpSync(join(root, 'editions', 'haftar-moscow-2016'), join(editions, s), { recursive: true });
    rmSync(join(editions, s, 'haftar-moscow-2016.xml'));
    writeFileSync(join(editions, s, `${s}.xml`), seed);
  }
  cpSync(join(root, 'schemas'), join(tmp, 'project', 'schemas'), { recursive: true });
  const r = spawnSync(process.execPath, [bin, 'build', editions, '-o', reference, '--no-pdf'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}, 180_000);

function runAndKill(afterMs: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'build', editions, '-o', out, '--no-pdf'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

function checkConsistent(): void {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) {
    if (name.endsWith('.diwan-tmp')) continue; // a killed run's leftovers: swept by the next run
    // The site's own files (index, manifest, registers, search): test/hostile/kill-corpus.test.ts.
    if (!slugs.includes(name)) continue;
    // A present edition is complete and byte-identical to the reference (old = new here).
    expect(files(join(out, name)), name).toEqual(files(join(reference, name)));
  }
}

describe('kill -9 at random moments during `diwan build`', () => {
  it('never leaves a half-built edition, and the next run finishes the job', async () => {
    // Spread the kills over the whole run (start-up, validation, writing).
    const full = Date.now();
    spawnSync(process.execPath, [bin, 'build', editions, '-o', join(tmp, 'timing'), '--no-pdf']);
    const duration = Date.now() - full;
    for (let i = 0; i < 12; i++) {
      await runAndKill(Math.round(((i + 0.5) / 12) * duration));
      checkConsistent();
    }
    const last = spawnSync(process.execPath, [bin, 'build', editions, '-o', out, '--no-pdf'], { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    expect(readdirSync(out).filter((n) => n.endsWith('.diwan-tmp'))).toEqual([]);
    for (const s of slugs) expect(files(join(out, s))).toEqual(files(join(reference, s)));
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(readFileSync(join(reference, 'index.html'), 'utf8'));
  }, 600_000);
});

describe('kill -9 during a PDF run', () => {
  it("leaves no browser profile behind for longer than the next PDF run, and none in the system's temp folder", async (ctx) => {
    const { findBrowser } = await import('../../src/print/browser.js');
    if (!findBrowser()) {
      if (process.env.CI === 'true') throw new Error('under CI=true Chromium must be installed');
      return ctx.skip('no Chromium/Chrome found');
    }
    const cache = join(tmp, 'xdg');
    // A short system temp folder of the test's own, so diwan's scratch folder goes inside it.
    const systemTmp = mkdtempSync('/tmp/dk-');
    const env = { ...process.env, XDG_CACHE_HOME: cache, TMPDIR: systemTmp };
    const big = join(resolve(root, '..', 'shared'), 'corpus', 'eltec', 'eng', 'level1', 'ENG18530_Dickens.xml');
    const doc = existsSync(big) ? big : join(editions, 'a', 'a.xml');
    const child = spawn(process.execPath, [bin, 'pdf', doc, '-o', join(tmp, 'killed.pdf')], { stdio: 'ignore', env });
    // Kill once the browser's scratch folder exists (the browser is up). It lives in the system
    // temp folder (short, for Chromium's socket path), one folder per user.
    const scratch = join(env.TMPDIR, `diwan-${process.getuid?.() ?? 0}-chromium`);
    for (let i = 0; i < 200 && !(existsSync(scratch) && readdirSync(scratch).length > 0); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(join(tmp, 'killed.pdf'))).toBe(false);
    // Everything Chromium made is inside diwan's scratch folder, nothing loose beside it.
    expect(readdirSync(env.TMPDIR).filter((n) => !n.startsWith('diwan-'))).toEqual([]);
    const again = spawnSync(process.execPath, [bin, 'pdf', join(editions, 'a', 'a.xml'), '-o', join(tmp, 'after.pdf')], { env, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(scratch)).toEqual([]);
    expect(readdirSync(env.TMPDIR).filter((n) => !n.startsWith('diwan-'))).toEqual([]);
    rmSync(systemTmp, { recursive: true, force: true });
  }, 180_000);
});

describe('kill -9 at random moments during `diwan package --all --force`', () => {
  it("never leaves a half-written bag under a bag's name, and the next run finishes the job", async () => {
    const { verifyBag } = await import('../../src/package/verify.js');
    const bags = join(tmp, 'project', 'bags');
    const args = [bin, 'package', '--all', editions, '-o', bags, '--no-pdf', '--force', '--quiet'];
    const full = Date.now();
    spawnSync(process.execPath, [bin, 'package', '--all', editions, '-o', join(tmp, 'bag-timing'), '--no-pdf', '--quiet']);
    const duration = Date.now() - full;
    const kill = (afterMs: number) =>
      new Promise<void>((done) => {
        const child = spawn(process.execPath, args, { stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
        child.on('exit', () => {
          clearTimeout(timer);
          done();
        });
      });
    for (let i = 0; i < 8; i++) {
      await kill(Math.round(((i + 0.5) / 8) * duration));
      if (!existsSync(bags)) continue;
      // Every bag under its own name is whole: it verifies (the old bag or the new one, never a mix).
      for (const name of readdirSync(bags).filter((n) => !n.endsWith('.diwan-tmp'))) {
        const report = await verifyBag(join(bags, name));
        expect(
          report.findings.filter((f) => f.severity === 'error'),
          name,
        ).toEqual([]);
      }
    }
    const last = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    expect(readdirSync(bags).sort()).toEqual(slugs);
    for (const s of slugs) expect((await verifyBag(join(bags, s))).valid).toBe(true);
  }, 900_000);
});
