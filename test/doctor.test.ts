import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/print/browser.js';
import { stamped } from '../src/project/schemas.js';
import { bin, newProject, tmp } from './helpers/project.js';

const root = resolve(import.meta.dirname, '..');

function doctor(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'doctor', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
interface Check {
  id: string;
  status: string;
  found: string;
  advice?: string;
}
const byId = (checks: Check[], id: string) => checks.filter((c) => c.id === id);

describe('diwan doctor', () => {
  it('--json: versions, what is installed, and the project with its schemas', () => {
    const p = newProject();
    const r = doctor(['--json'], p);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.diwan.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(j.node).toBe(process.versions.node);
    const ids = j.checks.map((c: Check) => c.id);
    expect(ids).toEqual(['node', 'stylesheets', 'schemas', 'chromium', 'fonts', 'java', 'jing', 'tei-all', 'cache']);
    for (const id of ['node', 'stylesheets', 'schemas', 'fonts']) expect(byId(j.checks, id)[0]!.status, id).toBe('ok');
    // What doctor says about Chromium is what the PDF stage finds.
    const chromium = byId(j.checks, 'chromium')[0]!;
    expect(chromium.status).toBe(findBrowser() ? 'ok' : 'missing');
    if (findBrowser()) expect(chromium.found).toMatch(/^(Chromium|Google Chrome|Chrome)\S* \d+\.\d+/);
    expect(j.project.root).toBe(p);
    expect(byId(j.project.checks, 'schema').map((c: Check) => [c.status, c.found])).toEqual([
      ['ok', expect.stringMatching(/^schemas\/diwan\.rng: diwan \d+\.\d+\.\d+'s$/)],
      ['ok', expect.stringMatching(/^schemas\/diwan\.sch: diwan \d+\.\d+\.\d+'s$/)],
    ]);
    expect(byId(j.project.checks, 'editions')[0]!.found).toBe('0 editions in editions');
  });

  it('gives one line of advice for each missing piece, and missing optional tools do not fail it', () => {
    // No browser, and a PATH without java or jing (node itself is run by its full path).
    const empty = tmp('diwan-nopath-');
    const r = doctor([], tmp(), { CHROME_PATH: join(empty, 'no-chrome'), PATH: empty });
    expect(r.code, r.out + r.err).toBe(0);
    const lines = r.out.split('\n');
    for (const [id, advice] of [
      ['chromium', /-> CHROME_PATH=.*no-chrome is not a working browser/],
      ['java', /-> optional: apt-get install default-jre-headless/],
      ['jing', /-> optional: apt-get install jing/],
    ] as const) {
      const at = lines.findIndex((l) => new RegExp(`^  missing ${id}\\b`).test(l));
      expect(at, id).toBeGreaterThan(-1);
      expect(lines[at + 1]).toMatch(advice);
    }
    expect(r.out).toMatch(/^no project here/m);
    // --quiet: only what is missing or broken.
    const q = doctor(['--quiet'], tmp(), { CHROME_PATH: join(empty, 'no-chrome'), PATH: empty });
    expect(q.out).not.toMatch(/^ {2}ok /m);
    expect(q.out).toMatch(/^ {2}missing chromium/m);
  });

  it("says when the project's schema copy is older, and fails on a broken configuration or a missing customisation", () => {
    const p = newProject();
    const shipped = readFileSync(join(root, 'schemas', 'diwan.sch'), 'utf8');
    writeFileSync(join(p, 'schemas', 'diwan.sch'), stamped(shipped.replace('<title>', '<title>(older) '), '0.0.1'));
    const j = JSON.parse(doctor(['--json'], p).out);
    const sch = byId(j.project.checks, 'schema')[1]!;
    expect(sch).toMatchObject({ status: 'warning', advice: 'run "diwan upgrade-schema"' });
    expect(sch.found).toMatch(/^schemas\/diwan\.sch: diwan 0\.0\.1's, not the installed diwan/);

    const config = join(p, 'diwan.config.json');
    const good = readFileSync(config, 'utf8');
    writeFileSync(config, good.replace('"paper": "A4"', '"paper": "A3"'));
    const bad = doctor([], p);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`${config}:`);
    expect(bad.out).toContain('"paper" must be one of "A4", "Letter", got "A3"');

    writeFileSync(config, good.replace('"paper": "A4"', '"paper": "A4",\n  "customise": { "css": "css/missing.css" }'));
    const c = JSON.parse(doctor(['--json'], p).out);
    expect(c.ok).toBe(false);
    expect(byId(c.project.checks, 'customise')[0]).toMatchObject({ status: 'error', found: 'css/missing.css: no such file' });
    mkdirSync(join(p, 'css'));
    writeFileSync(join(p, 'css', 'missing.css'), 'p{}');
    expect(doctor(['--json'], dirname(config)).code).toBe(0);
  });
});
