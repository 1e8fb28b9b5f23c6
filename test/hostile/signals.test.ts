import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserPath, noBrowser } from '../helpers/browser.js';

// Ctrl-C or kill during a command (src/cli/signals.ts): one sentence, exit 128 + the signal's
// number, never "internal error", nothing half-written, no Chromium left running.

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const seed = join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-hostile-signals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The processes whose parent is pid (Chromium, started by Playwright's driver under the CLI). */
function children(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs the CLI, sends the signal once it has started Chromium (or after waitMs), and collects what it said. */
function stopDuring(
  args: string[],
  signal: NodeJS.Signals,
  until: 'chromium' | number,
): Promise<{ status: number | null; stderr: string; stdout: string; chromium: number[] }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    let seen: number[] = [];
    const started = Date.now();
    const poll = setInterval(() => {
      const kids = children(child.pid!);
      const ready = until === 'chromium' ? kids.length > 0 && Date.now() - started > 500 : Date.now() - started >= until;
      if (ready || Date.now() - started > 120_000) {
        clearInterval(poll);
        seen = kids.flatMap((k) => [k, ...children(k)]);
        child.kill(signal);
      }
    }, 100);
    child.on('exit', (status) => {
      clearInterval(poll);
      done({ status, stderr, stdout, chromium: seen });
    });
  });
}

describe.skipIf(!browserPath)(`a signal during a command${browserPath ? '' : ` (skipped: ${noBrowser})`}`, () => {
  it('SIGTERM during diwan pdf: one sentence, exit 143, no PDF, no Chromium left', async () => {
    const pdf = join(tmp, 'seed.pdf');
    const r = await stopDuring(['pdf', seed, '-o', pdf], 'SIGTERM', 'chromium');
    expect(r.chromium.length).toBeGreaterThan(0);
    expect(r.status).toBe(143);
    expect(r.stderr).toBe('diwan: stopped by SIGTERM; outputs not finished were not written (nothing half-written is left)\n');
    expect(existsSync(pdf)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('seed.pdf'))).toEqual([]);
    // Chromium's helpers (zygote, renderers) follow their browser within seconds.
    for (let i = 0; i < 100 && r.chromium.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(r.chromium.filter(alive)).toEqual([]);
  }, 180_000);

  it('SIGINT (Ctrl-C) during diwan build: exit 130, the stop said once, no failure lines after it', async () => {
    const out = join(tmp, 'dist');
    const r = await stopDuring(['build', join(root, 'editions'), '-o', out], 'SIGINT', 'chromium');
    expect(r.status).toBe(130);
    expect(r.stderr).toBe('diwan: stopped by SIGINT; outputs not finished were not written (nothing half-written is left)\n');
    expect(r.stderr).not.toMatch(/internal error|not built/);
    // Nothing of the edition that was being built is there, not even in part.
    expect(existsSync(join(out, 'haftar-moscow-2016'))).toBe(false);
  }, 180_000);
});

it('SIGTERM during diwan validate (no browser): exit 143 and the one sentence', async () => {
  const r = await stopDuring(['validate', seed], 'SIGTERM', 300);
  expect(r.status).toBe(143);
  expect(r.stderr).toContain('diwan: stopped by SIGTERM');
  expect(r.stderr).not.toContain('internal error');
}, 60_000);
