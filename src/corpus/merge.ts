import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { diwanVersion } from '../paths.js';
import type { Finding } from '../check/finding.js';
import { sweepTemporaries } from '../write/atomic.js';
import { emptyManifest, MANIFEST, readManifest, writeManifest, type Manifest } from './manifest.js';
import { PART_PATTERN, shardOf } from './shard.js';
import { writeSite, type SiteOptions } from './site.js';

export interface MergeResult {
  parts: number;
  editions: number;
  site: Finding[];
  /** Why nothing was merged (a missing or foreign part), as a message. */
  error?: string;
}

/**
 * `diwan build --merge`: joins the parts of the manifest that `--shard K/N` runs left in OUT (their
 * edition folders copied there beside them) into OUT's manifest, then writes the site's pages from
 * it — the same files one unsharded build writes. Every part of 1..N must be there, each made by the
 * same build (fingerprint); the parts are removed once the manifest holds them.
 */
export async function mergeCorpus(out: string, opts: SiteOptions): Promise<MergeResult> {
  sweepTemporaries(out);
  let names: string[];
  try {
    names = readdirSync(out)
      .filter((n) => PART_PATTERN.test(n))
      .sort();
  } catch {
    names = [];
  }
  const fail = (error: string): MergeResult => ({ parts: 0, editions: 0, site: [], error });
  if (names.length === 0)
    return fail(
      `${out}:0:0: error: no parts of a manifest to merge (.diwan-manifest.part-K-of-N.json); expected the output of "diwan build --shard K/N" for every K`,
    );
  const parts = names.map((n) => ({ name: n, m: readManifest(out, n), k: Number(PART_PATTERN.exec(n)![1]), n: Number(PART_PATTERN.exec(n)![2]) }));
  const count = parts[0]!.n;
  for (const p of parts) {
    if (!p.m) return fail(`${join(out, p.name)}:0:0: error: not a manifest diwan can read; expected the part a "diwan build --shard" wrote`);
    if (p.n !== count)
      return fail(`${join(out, p.name)}:0:0: error: a part of ${p.n} shards beside parts of ${count}; expected the parts of one sharded build`);
    if (p.m.fingerprint !== parts[0]!.m!.fingerprint) {
      return fail(
        `${join(out, p.name)}:0:0: error: built with other options, stylesheets, schemas or diwan than ${parts[0]!.name}; expected every shard built the same way`,
      );
    }
  }
  const have = new Set(parts.map((p) => p.k));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !have.has(k));
  if (missing.length > 0)
    return fail(
      `${out}:0:0: error: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing; expected a part for each of the ${count} shards`,
    );

  const first = parts[0]!.m!;
  const manifest: Manifest = emptyManifest(diwanVersion(), first.fingerprint);
  for (const p of parts) {
    for (const [slug, e] of Object.entries(p.m!.editions)) {
      // Each part speaks for its own slice only.
      if (shardOf(slug, count) === p.k) manifest.editions[slug] = e;
    }
  }
  const previous = readManifest(out, MANIFEST);
  for (const slug of Object.keys(previous?.editions ?? {})) {
    if (!manifest.editions[slug] && /^[^./\\][^/\\]*$/.test(slug)) rmSync(join(out, slug), { recursive: true, force: true });
  }
  writeManifest(out, manifest);
  for (const p of parts) rmSync(join(out, p.name), { force: true });
  const site = await writeSite(out, manifest, opts);
  return { parts: parts.length, editions: Object.keys(manifest.editions).length, site };
}
