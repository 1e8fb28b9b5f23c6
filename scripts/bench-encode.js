#!/usr/bin/env node
// In-process phases of `diwan encode` on one generated text and register (scripts/bench.js runs
// this in a fresh process): prints JSON { loadMs, matcherMs, encodeMs, marks, questions }.
// Usage: node scripts/bench-encode.js TEXT REGISTER
import { readFileSync } from 'node:fs';
import { encodeText, loadRegisters, Matcher } from '../lib/index.js';

const [text, reg] = process.argv.slice(2);
const t0 = performance.now();
const register = loadRegisters([reg]);
const t1 = performance.now();
const matcher = new Matcher(register);
const t2 = performance.now();
const result = encodeText(text, readFileSync(text, 'utf8'), register, { slug: 'bench', date: '2024-04-27', matcher, today: '2026-01-01' });
const t3 = performance.now();
const ms = (a, b) => Math.round(b - a);
console.log(
  JSON.stringify({
    loadMs: ms(t0, t1),
    matcherMs: ms(t1, t2),
    encodeMs: ms(t2, t3),
    marks: result.report.summary.names + result.report.summary.dates,
    questions: result.report.summary.questions,
    xmlBytes: Buffer.byteLength(result.xml),
  }),
);
