import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * The digests of one file in every algorithm asked for, from a single streamed read (64 KiB
 * chunks): a 4 MB novel or a 100 MB PDF is never held whole for hashing. The file is opened with
 * O_NOFOLLOW, so a symbolic link put in its place is refused (ELOOP), not followed out of the bag.
 */
export async function hashFile(path: string, algorithms: readonly string[]): Promise<{ digests: Record<string, string>; octets: number }> {
  const hashes: [string, Hash][] = algorithms.map((a) => [a, createHash(a)]);
  let octets = 0;
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  // The stream closes the handle when it ends or fails.
  const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    octets += chunk.length;
    for (const [, h] of hashes) h.update(chunk);
  }
  return { digests: Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])), octets };
}
