#!/usr/bin/env node
// Where the time of one edition goes, warm, in one process: each stage of buildEdition run
// N times over the same document after a warm-up, median per stage. Prints one JSON object.
// Times are CPU time of this process (process.cpuUsage), steadier than wall time on a shared machine.
// Usage: node scripts/bench/profile-edition.js [FILE] [--runs N]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..', '..');
const lib = (p) => import(path.join(root, 'lib', p));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } });
const file = positionals[0] ?? path.join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const runs = Number(values.runs ?? 20);
const { readSource } = await lib('parse/index.js');
const { loadSchema, validateRelaxNG } = await lib('check/relaxng/index.js');
const { compileSchematron, runSchematron } = await lib('check/schematron/index.js');
const { toHtml } = await lib('transform/html.js');
const { toText } = await lib('transform/text.js');
const { metadataOf } = await lib('transform/metadata.js');
const { Validator } = await lib('check/validate.js');
const { loadEdition } = await lib('edition/load.js');
const { buildEdition } = await lib('edition/build.js');

const rng = await loadSchema(path.join(root, 'schemas', 'diwan.rng'));
const sch = compileSchematron(readFileSync(path.join(root, 'schemas', 'diwan.sch'), 'utf8'), { path: 'diwan.sch' });
const bytes = readFileSync(file);
const stages = {
  read: () => readSource(file),
  relaxng: (s) => validateRelaxNG(rng, s),
  schematron: (s) => runSchematron(sch, s),
  metadata: (s) => metadataOf(s),
  text: (s) => toText(s).output.length,
  html: (s) => toHtml(s).output.length,
  htmlPrint: (s) => toHtml(s, { print: true }).output.length,
  validator: (s) => validator.validate(s),
  buildEdition: () => buildEdition(loadEdition(file), { validate: validator, formats: ['html', 'text', 'tei'] }),
};
const validator = new Validator();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const times = Object.fromEntries(Object.keys(stages).map((k) => [k, []]));
for (let i = 0; i < runs + 3; i++) {
  let s;
  for (const [k, fn] of Object.entries(stages)) {
    const t = cpu();
    const r = await fn(s);
    if (k === 'read') s = r;
    if (i >= 3) times[k].push(cpu() - t);
  }
}
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return Math.round(a[a.length >> 1] * 10) / 10;
};
const out = { file: path.basename(file), bytes: bytes.length, runs };
for (const [k, xs] of Object.entries(times)) out[`${k}Ms`] = median(xs);
console.log(JSON.stringify(out));
