#!/usr/bin/env node
// The DTS API of `diwan serve` under load (scripts/bench.js runs this in a fresh process):
// autocannon on loopback, 10,000 requests over 50 connections, the mix of scripts/bench/dts-site.js.
// Bounded: the run stops after its requests or 120 s. Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { dtsExtension, startServer } from '../lib/index.js';
import { dtsRequests, layDtsSite } from './bench/dts-site.js';

const out = mkdtempSync(path.join(tmpdir(), 'diwan-bench-dts-'));
const slugs = layDtsSite(out);
const server = await startServer({ root: out, port: 0, extensions: [dtsExtension({ root: out })] });
const requests = dtsRequests(slugs);
// Warm: each edition parsed once, as the first client of a fresh server would cause.
for (const r of requests) await (await fetch(new URL(r.path, server.url))).arrayBuffer();
const result = await autocannon({ url: server.url, connections: 50, amount: 10_000, requests, timeout: 30, maxOverallRequests: 10_000, duration: 120 });
await server.close();
rmSync(out, { recursive: true, force: true });
console.log(
  JSON.stringify({
    editions: slugs.length,
    kinds: requests.length,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    mbps: Math.round((result.throughput.average / 1024 / 1024) * 10) / 10,
    seconds: Math.round(result.duration * 10) / 10,
  }),
);
