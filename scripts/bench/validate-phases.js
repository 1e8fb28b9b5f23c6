#!/usr/bin/env node
// One `diwan validate` run taken apart, in a fresh process like the CLI: the same steps as
// src/check/validate.ts (parse stage, RELAX NG from the schema cache, Schematron embedded in
// each RELAX NG, standalone Schematron), each timed. Prints one JSON object.
// Usage: node scripts/bench/validate-phases.js FILE --rng A.rng [--rng B.rng] [--sch X.sch]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const t0 = performance.now();
const root = path.resolve(import.meta.dirname, '..', '..');
const { readSource } = await import(path.join(root, 'lib', 'parse', 'index.js'));
const { loadSchema, validateRelaxNG } = await import(path.join(root, 'lib', 'check', 'relaxng', 'index.js'));
const { compileSchematron, extractSchematron, runSchematron } = await import(path.join(root, 'lib', 'check', 'schematron', 'index.js'));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rng: { type: 'string', multiple: true }, sch: { type: 'string', multiple: true } },
});

const out = { importMs: Math.round(performance.now() - t0), parseMs: 0, rngLoadMs: 0, rngValidateMs: 0, schCompileMs: 0, schRunMs: 0, findings: 0 };
const timed = (key, fn) => {
  const t = performance.now();
  const r = fn();
  out[key] += performance.now() - t;
  return r;
};
const source = timed('parseMs', () => readSource(positionals[0]));
const schematron = (text, p) => {
  let compiled;
  try {
    compiled = timed('schCompileMs', () => compileSchematron(text, { path: p }));
  } catch (err) {
    // The CLI reports this as one "schema error" finding and goes on; so does the benchmark.
    out.schErrors = [...(out.schErrors ?? []), `${path.basename(p)}: ${err.message.split('\n')[0]}`];
    return;
  }
  out.findings += timed('schRunMs', () => runSchematron(compiled, source)).length;
};
for (const rng of values.rng ?? []) {
  const t = performance.now();
  const schema = await loadSchema(rng);
  out.rngLoadMs += performance.now() - t;
  out.findings += timed('rngValidateMs', () => validateRelaxNG(schema, source)).length;
  // Extracting the embedded rules re-reads the RELAX NG: Schematron work, not RELAX NG work.
  const embedded = timed('schCompileMs', () => extractSchematron(readFileSync(rng, 'utf8')));
  if (embedded) schematron(embedded, rng);
}
for (const sch of values.sch ?? []) schematron(readFileSync(sch, 'utf8'), sch);
for (const [k, v] of Object.entries(out)) if (typeof v === 'number') out[k] = Math.round(v);
console.log(JSON.stringify(out));
