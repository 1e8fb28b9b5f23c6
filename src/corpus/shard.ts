import { createHash } from 'node:crypto';

/** A slice of the editions: the index-th of count (1-based), as `--shard K/N` names it. */
export interface Shard {
  index: number;
  count: number;
}

/** "K/N" → a shard; null when the text is not one (1 ≤ K ≤ N). */
export function parseShard(text: string): Shard | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && index >= 1 && index <= count && count <= 100_000)) return null;
  return { index, count };
}

/**
 * The shard an edition belongs to, from its slug alone: the same on every machine and in every run,
 * and an edition added to the corpus moves no other edition to another shard.
 */
export function shardOf(slug: string, count: number): number {
  const h = createHash('sha256').update(slug, 'utf8').digest();
  return (h.readUInt32BE(0) % count) + 1;
}

/** The file name of a shard's part of the manifest. */
export function partName(shard: Shard): string {
  return `.diwan-manifest.part-${shard.index}-of-${shard.count}.json`;
}

export const PART_PATTERN = /^\.diwan-manifest\.part-(\d+)-of-(\d+)\.json$/;
