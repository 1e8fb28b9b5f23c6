import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dtsExtension } from '../src/cite/dts/server.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
// @ts-expect-error: a plain JavaScript module of the bench scripts, shared with scripts/bench-dts.js
import { dtsRequests, layDtsSite } from '../scripts/bench/dts-site.js';

// A bounded load test of the DTS API on loopback: 10,000 requests over 50 connections, the
// request mix of the bench (scripts/bench/dts-site.js). It asserts that nothing fails, never how
// fast (BENCHMARKS.md reports the throughput, measured by `npm run bench -- --only dts`).
let out: string;
let server: RunningServer;
let slugs: string[];

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'diwan-dts-load-'));
  slugs = layDtsSite(out) as string[];
  server = await startServer({ root: out, port: 0, extensions: [dtsExtension({ root: out })] });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the DTS API under load', () => {
  it('answers 10,000 requests from 50 connections with no error, timeout or non-2xx answer', async () => {
    if (process.env.CI === 'true') expect(slugs).toHaveLength(3);
    const requests = dtsRequests(slugs) as { method: string; path: string }[];
    // Every kind of request answers 200 before the load starts.
    for (const r of requests) expect((await fetch(new URL(r.path, server.url))).status, r.path).toBe(200);
    const result = await autocannon({ url: server.url, connections: 50, amount: 10_000, requests, timeout: 30, duration: 300 });
    expect(result.requests.total).toBe(10_000);
    expect([result.errors, result.timeouts, result.non2xx, result['2xx']]).toEqual([0, 0, 0, 10_000]);
    // The server still answers, and correctly, after the load.
    const after = await fetch(new URL('/api/dts/navigation/?resource=haftar-moscow-2016&ref=p3', server.url));
    expect(((await after.json()) as { ref: { identifier: string } }).ref.identifier).toBe('p3');
  }, 600_000);
});
