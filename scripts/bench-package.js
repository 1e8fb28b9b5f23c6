#!/usr/bin/env node
// In-process parts of `diwan package` / `diwan verify` on a bag already made (scripts/bench.js runs
// this in a fresh process): the payload of BAG re-bagged into OUT (copy + streamed SHA-256 and
// SHA-512 of every file + tag files + rename), then OUT verified. Prints JSON { writeMs, verifyMs, octets, files, valid }.
// Usage: node scripts/bench-package.js BAG OUT
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { verifyBag, writeBag } from '../lib/index.js';

const [bag, out] = process.argv.slice(2);
const data = path.join(bag, 'data');
const payload = readdirSync(data, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => {
    const from = path.join(e.parentPath, e.name);
    return { path: path.relative(data, from).split(path.sep).join('/'), from };
  });
const t0 = performance.now();
const written = await writeBag({ payload, info: [['External-Identifier', 'bench']] }, out);
const t1 = performance.now();
const report = await verifyBag(out);
const t2 = performance.now();
console.log(JSON.stringify({ writeMs: Math.round(t1 - t0), verifyMs: Math.round(t2 - t1), octets: written.octets, files: written.files, valid: report.valid }));
