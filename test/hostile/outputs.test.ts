import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Careless commands: an output path that would replace the source, a device, a link's target or
// the editions themselves is refused before any work, with one line naming the path; nothing is
// written and the source is unchanged.
const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'diwan.js');
const tmp = mkdtempSync(join(tmpdir(), 'diwan-hostile-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const seedDir = join(root, 'editions', 'haftar-moscow-2016');
const project = join(tmp, 'project');
cpSync(seedDir, join(project, 'editions', 'haftar-moscow-2016'), { recursive: true });
cpSync(join(root, 'schemas'), join(project, 'schemas'), { recursive: true });
const tei = join(project, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const before = sha(tei);

function diwan(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, all: r.stdout + r.stderr };
}
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('outputs never clobber', () => {
  for (const kind of ['html', 'text', 'pdf']) {
    it(`diwan ${kind} X -o X is refused and X is unchanged`, () => {
      const r = diwan([kind, tei, '-o', tei]);
      expect(r.code).toBe(2);
      expect(r.all).toMatch(/is the input .*; diwan never writes over its source/);
      expect(sha(tei)).toBe(before);
      noStack(r.all);
    });
  }

  it('-o through another name of the source (a symbolic link, a ../ path) is refused too', () => {
    const link = join(tmp, 'link-to-source.xml');
    symlinkSync(tei, link);
    expect(diwan(['html', tei, '-o', link]).code).toBe(2);
    expect(diwan(['text', tei, '-o', join(project, 'editions', '..', 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml')]).code).toBe(2);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(sha(tei)).toBe(before);
  });

  it('-o /dev/full, /dev/null (devices), a FIFO or a folder is refused; the device stays a device', () => {
    for (const out of ['/dev/full', '/dev/null']) {
      const r = diwan(['text', tei, '-o', out]);
      expect(r.code).toBe(2);
      expect(r.all).toMatch(new RegExp(`${out}:0:0: error: is a device`));
      expect(lstatSync(out).isCharacterDevice()).toBe(true);
    }
    const fifo = join(tmp, 'fifo');
    spawnSync('mkfifo', [fifo]);
    if (existsSync(fifo)) expect(diwan(['html', tei, '-o', fifo]).all).toMatch(/is a FIFO/);
    const dir = join(tmp, 'a-folder');
    mkdirSync(dir);
    expect(diwan(['html', tei, '-o', dir]).all).toMatch(/is a folder; expected a regular file/);
  });

  it('-o a symbolic link is refused, and its target is not replaced', () => {
    const target = join(tmp, 'target.txt');
    writeFileSync(target, 'keep me');
    const link = join(tmp, 'out-link.txt');
    symlinkSync(target, link);
    const r = diwan(['text', tei, '-o', link]);
    expect(r.code).toBe(2);
    expect(r.all).toMatch(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('build -o / , -o ~ , -o editions and -o editions/x are refused', () => {
    for (const out of ['/', homedir(), 'editions', join('editions', 'haftar-moscow-2016')]) {
      const r = diwan(['build', 'editions', '-o', out, '--no-pdf']);
      expect(r.code, out).toBe(2);
      expect(r.all).toMatch(/root of the file system|home folder|inside the editions folder/);
      noStack(r.all);
    }
    expect(existsSync(join(project, 'editions', 'index.html'))).toBe(false);
    expect(sha(tei)).toBe(before);
  });

  it('an unwritable output folder is one sentence with the path, not "internal error: EACCES"', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere; a read-only bind is not available here, so use a path under a file.
      writeFileSync(join(tmp, 'plain-file'), 'x');
      const r = diwan(['build', 'editions', '-o', join(tmp, 'plain-file', 'sub'), '--no-pdf']);
      expect(r.code).toBe(2);
      expect(r.all).toMatch(/plain-file.*(not a folder|ENOTDIR)/);
      expect(r.all).not.toMatch(/internal error/);
      return;
    }
    const ro = join(tmp, 'read-only');
    mkdirSync(ro, { mode: 0o500 });
    const r = diwan(['build', 'editions', '-o', join(ro, 'dist'), '--no-pdf']);
    expect(r.code).toBe(2);
    expect(r.all).toMatch(/permission denied \(EACCES\)/);
  });
});
