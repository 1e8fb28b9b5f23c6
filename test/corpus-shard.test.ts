import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShard, shardOf } from '../src/corpus/shard.js';
import { seedCorpus, treeOf } from './helpers/corpus.js';
import { diwan, tmp } from './helpers/project.js';

// `--shard K/N` on N machines, the outputs gathered into one folder, then `--merge`: the same site,
// byte for byte, as one unsharded build.
const base = tmp('diwan-corpus-shard-');
const slugs = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'];
const editions = seedCorpus(base, slugs);
const whole = join(base, 'whole');
const gathered = join(base, 'gathered');
const flags = ['--no-pdf', '--jobs', '1'];
beforeAll(() => {
  const r = diwan(['build', editions, '-o', whole, ...flags], base);
  expect(r.code, r.err).toBe(0);
}, 600_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('shards', () => {
  it('K/N is parsed strictly, and a slug always falls in the same shard', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/2']) expect(parseShard(bad)).toBeNull();
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) counts[shardOf(`edition-${i}`, 3) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(60);
    expect(shardOf('h1', 3)).toBe(shardOf('h1', 3));
  });

  it('the shards built apart and merged give the unsharded build, byte for byte', () => {
    for (const k of [1, 2, 3]) {
      // Each shard on a machine of its own: its own output folder.
      const own = join(base, `shard-${k}`);
      const r = diwan(['build', editions, '-o', own, ...flags, '--shard', `${k}/3`, '--json'], base);
      expect(r.code, r.err).toBe(0);
      const summary = JSON.parse(r.out).summary;
      expect(summary.built).toBe(slugs.filter((s) => shardOf(s, 3) === k).length);
      // A shard writes its editions and its part of the manifest, not the site's pages.
      expect(readdirSync(own).filter((n) => !slugs.includes(n))).toEqual([`.diwan-manifest.part-${k}-of-3.json`]);
      cpSync(own, gathered, { recursive: true });
    }
    const incomplete = join(base, 'incomplete');
    cpSync(join(base, 'shard-1'), incomplete, { recursive: true });
    const refused = diwan(['build', '--merge', '-o', incomplete], base);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/shards 2\/3, 3\/3 missing/);

    const merged = diwan(['build', editions, '--merge', '-o', gathered, '--no-pdf'], base);
    expect(merged.code, merged.err).toBe(0);
    const a = treeOf(whole);
    const b = treeOf(gathered);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(Object.keys(a).filter((k) => a[k] !== b[k])).toEqual([]);

    // Incremental per shard too: a shard run again over the merged folder builds nothing.
    const again = diwan(['build', editions, '-o', gathered, ...flags, '--shard', '2/3', '--json'], base);
    expect(JSON.parse(again.out).summary.built).toBe(0);
  }, 600_000);
});
