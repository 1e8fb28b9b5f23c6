import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_MAX_AGE_DAYS, pruneCache, stampOf } from '../src/cache.js';
import { loadSchema, validateRelaxNG } from '../src/check/relaxng/index.js';
import { parsed } from './helpers/doc.js';

// The cache folder (src/cache.ts): compiled schemas keyed by content, not path; entries nobody
// used for CACHE_MAX_AGE_DAYS and temporary files of killed writers evicted.

const tmp = mkdtempSync(join(tmpdir(), 'diwan-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MAIN = `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="inc.rng"/></grammar>\n`;
const inc = (name: string) => `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="${name}"><text/></element></start></grammar>\n`;
function schemaIn(dir: string, root: string, main = MAIN): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.rng'), main);
  writeFileSync(join(dir, 'inc.rng'), inc(root));
  return join(dir, 'main.rng');
}
const errors = (schema: Awaited<ReturnType<typeof loadSchema>>, xml: string) =>
  validateRelaxNG(schema, parsed('t.xml', xml)).filter((f) => f.severity === 'error').length;

describe('compiled RELAX NG schemas', () => {
  it('are found by content: the same schema in another folder is read from the cache, with its own includes checked', async () => {
    const cacheDir = join(tmp, 'by-content');
    const a = await loadSchema(schemaIn(join(tmp, 'project-a', 'schemas'), 'letter'), { cacheDir });
    expect(a.origin).toBe('compiled');
    // A copy of the project elsewhere: the same files, another path.
    const b = await loadSchema(schemaIn(join(tmp, 'moved', 'project-a', 'schemas'), 'letter'), { cacheDir });
    expect(b.origin).toBe('disk-cache');
    expect(errors(b, '<letter>x</letter>')).toBe(0);
    // Same main file, another include: compiled anew, and its own grammar applies.
    const c = await loadSchema(schemaIn(join(tmp, 'project-c', 'schemas'), 'poem'), { cacheDir });
    expect(c.origin).toBe('compiled');
    expect(errors(c, '<poem>x</poem>')).toBe(0);
    expect(errors(c, '<letter>x</letter>')).toBeGreaterThan(0);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('rng-'))).toHaveLength(1);
  });

  it('evict entries unused for the maximum age and stale temporary files when an entry is written; a hit keeps its entry', async () => {
    // An entry made by an earlier run (another cache folder here: pruning runs once per folder and process).
    const earlier = join(tmp, 'evict-earlier');
    expect((await loadSchema(schemaIn(join(tmp, 'kept'), 'kept'), { cacheDir: earlier })).origin).toBe('compiled');
    const [entry] = readdirSync(earlier).filter((f) => f.startsWith('rng-'));
    const cacheDir = join(tmp, 'evict');
    mkdirSync(cacheDir);
    copyFileSync(join(earlier, entry!), join(cacheDir, entry!));
    const old = new Date(Date.now() - (CACHE_MAX_AGE_DAYS + 1) * 86_400_000);
    // Unused for too long, but used again now: the hit marks it.
    utimesSync(join(cacheDir, entry!), old, old);
    expect((await loadSchema(schemaIn(join(tmp, 'kept-copy'), 'kept'), { cacheDir })).origin).toBe('disk-cache');
    expect(statSync(join(cacheDir, entry!)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    for (const [name, age] of [
      ['rng-old.json', old],
      ['cite-old.json', old],
      ['rng-x.json.123-0.tmp', new Date(Date.now() - 2 * 3_600_000)],
      ['rng-y.json.456-0.tmp', new Date()],
    ] as const) {
      writeFileSync(join(cacheDir, name), '{}');
      utimesSync(join(cacheDir, name), age, age);
    }
    // A new schema is compiled and written: the folder is pruned.
    expect((await loadSchema(schemaIn(join(tmp, 'new'), 'other', `<!-- another -->\n${MAIN}`), { cacheDir })).origin).toBe('compiled');
    const left = readdirSync(cacheDir).sort();
    expect(left).not.toContain('rng-old.json');
    expect(left).not.toContain('cite-old.json');
    expect(left).not.toContain('rng-x.json.123-0.tmp');
    // A temporary file being written now by another process is left alone.
    expect(left).toContain('rng-y.json.456-0.tmp');
    expect(left.filter((f) => f.startsWith('rng-') && f.endsWith('.json'))).toHaveLength(2);
  });

  it('pruning leaves folders alone (fetched/ schemas are removed only by hand) and a missing folder is no error', () => {
    const dir = join(tmp, 'folders');
    mkdirSync(join(dir, 'fetched'), { recursive: true });
    const old = new Date(Date.now() - 400 * 86_400_000);
    writeFileSync(join(dir, 'fetched', 'tei_all.rng'), '<grammar/>');
    utimesSync(join(dir, 'fetched', 'tei_all.rng'), old, old);
    utimesSync(join(dir, 'fetched'), old, old);
    expect(pruneCache(dir)).toEqual([]);
    expect(readdirSync(join(dir, 'fetched'))).toEqual(['tei_all.rng']);
    expect(pruneCache(join(tmp, 'nowhere'))).toEqual([]);
  });
});

describe('what this process compiled', () => {
  it('is kept while its files are unchanged: an edited include is compiled again; a file changed in the last 2 s is always read again', async () => {
    const cacheDir = join(tmp, 'in-process');
    const main = schemaIn(join(tmp, 'edited', 'schemas'), 'letter');
    const first = await loadSchema(main, { cacheDir });
    expect(errors(first, '<letter>x</letter>')).toBe(0);
    // The include is edited while the process runs (a watcher's build): the next load sees it.
    writeFileSync(join(tmp, 'edited', 'schemas', 'inc.rng'), inc('poem'));
    const second = await loadSchema(main, { cacheDir });
    expect(errors(second, '<poem>x</poem>')).toBe(0);
    expect(errors(second, '<letter>x</letter>')).toBeGreaterThan(0);
    // Just written: its stamp matches nothing (times tick coarsely; a same-size rewrite could hide).
    expect(stampOf([main])).not.toBe(stampOf([main]));
    await new Promise((r) => setTimeout(r, 2100));
    expect(stampOf([main])).toBe(stampOf([main]));
    const settled = await loadSchema(main, { cacheDir });
    expect(await loadSchema(main, { cacheDir })).toBe(settled);
    expect(stampOf([join(tmp, 'nowhere.rng')])).toBe('-');
  });
});
