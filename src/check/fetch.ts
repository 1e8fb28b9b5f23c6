import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Schemas larger than this are not downloaded (tei_all.rng is 1 MB). */
const MAX_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** Where a downloaded schema is kept: one file per URL, named after it. */
export function fetchedPath(url: string, cacheDir: string): string {
  const name = basename(new URL(url).pathname).replace(/[^\w.-]+/g, '_') || 'schema';
  return join(cacheDir, 'fetched', `${createHash('sha256').update(url).digest('hex').slice(0, 16)}-${name}`);
}

/**
 * Downloads a schema named by URL into the cache, only when the user asked (--fetch): diwan
 * reads no network resource by default. http(s) only, size- and time-limited; a copy already in
 * the cache is used as it is (delete it to fetch again).
 */
export async function fetchSchema(url: string, cacheDir: string): Promise<string> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`only http and https schemas are fetched, not ${url}`);
  const file = fetchedPath(url, cacheDir);
  if (existsSync(file)) return file;
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`could not download ${url}: ${(err as Error).message}`);
  }
  if (!response.ok) throw new Error(`could not download ${url}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new Error(`${url} is ${declared} bytes, over the ${MAX_BYTES}-byte limit for a schema`);
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > MAX_BYTES) throw new Error(`${url} is over the ${MAX_BYTES}-byte limit for a schema`);
  mkdirSync(join(cacheDir, 'fetched'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, body);
  renameSync(tmp, file);
  return file;
}
