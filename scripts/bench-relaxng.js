#!/usr/bin/env node
// Reproduces the numbers in docs/decisions/0001-relaxng-engine.md:
// salve-annos (diwan's engine) vs jing (reference) vs libxml2 (xmllint, the
// engine libxml2-wasm wraps) on tei_all.rng and the shared corpus.
// Usage: npm run build:ts && node scripts/bench-relaxng.js [--large] [--no-libxml2]
// Needs ../shared; --large adds the 4 MB ELTeC level-2 novel.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timeCmd } from './bench-lib.js';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '..', 'shared');
const teiAll = path.join(shared, 'tei', 'tei_all.rng');
if (!existsSync(teiAll)) {
  console.error('bench-relaxng: ../shared is absent; nothing to measure');
  process.exit(0);
}
const args = new Set(process.argv.slice(2));
const corpus = path.join(shared, 'corpus');
const docs = readdirSync(corpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.xml'))
  .map((e) => path.join(e.parentPath, e.name))
  .filter((f) => !/relaxng-testsuites|_licences/.test(f))
  .filter((f) => args.has('--large') || !f.includes('level2'))
  .sort();
const rel = (f) => path.relative(corpus, f);
const cpuMs = (u) => Math.round((u.user + u.system) / 1000);

const jingCp = ['jing.jar', 'xercesImpl.jar', 'xml-resolver.jar'].map((j) => `/usr/share/java/${j}`).join(':');
const jingArgs = (files) => ['-cp', jingCp, 'com.thaiopensource.relaxng.util.Driver', teiAll, ...files];
const verdicts = { jing: new Map(), salve: new Map(), libxml2: new Map() };

// --- jing -----------------------------------------------------------------
const tiny = path.join(root, 'test', 'fixtures', 'relaxng', 'valid-minimal.xml');
const jCompile = timeCmd('java', jingArgs([tiny]));
const jAll = timeCmd('java', jingArgs(docs));
for (const d of docs) verdicts.jing.set(d, !jAll.stdout.includes(`${d}:`));
console.log(
  `jing: tei_all + 1 tiny doc ${jCompile.wall} ms wall / ${jCompile.cpu} ms cpu, ${jCompile.rssMB} MB; ` +
    `tei_all + ${docs.length} docs ${jAll.wall} ms wall / ${jAll.cpu} ms cpu, ${jAll.rssMB} MB`,
);

// --- salve-annos (diwan) ----------------------------------------------------
const { loadSchema, validateRelaxNG, clearSchemaMemory } = await import(path.join(root, 'lib/check/relaxng/index.js'));
const { readSource } = await import(path.join(root, 'lib/parse/index.js'));
const cacheDir = mkdtempSync(path.join(tmpdir(), 'diwan-bench-'));
let c0 = process.cpuUsage();
let t0 = performance.now();
await loadSchema(teiAll, { cacheDir });
console.log(`salve: tei_all cold compile ${Math.round(performance.now() - t0)} ms wall / ${cpuMs(process.cpuUsage(c0))} ms cpu`);
clearSchemaMemory();
c0 = process.cpuUsage();
t0 = performance.now();
await loadSchema(teiAll, { cacheDir });
console.log(
  `salve: tei_all from disk cache ${Math.round(performance.now() - t0)} ms wall / ${cpuMs(process.cpuUsage(c0))} ms cpu (in-process import of salve not included)`,
);
// A fresh process is what `diwan check` pays on every run after the first.
const freshCode = `const m = await import(${JSON.stringify(path.join(root, 'lib/check/relaxng/index.js'))});
const p = await import(${JSON.stringify(path.join(root, 'lib/parse/index.js'))});
const s = await m.loadSchema(${JSON.stringify(teiAll)}, { cacheDir: ${JSON.stringify(cacheDir)} });
m.validateRelaxNG(s, p.readSource(${JSON.stringify(tiny)}));`;
const fresh = timeCmd(process.execPath, ['--input-type=module', '-e', freshCode]);
console.log(`salve: fresh node process, cached tei_all + tiny doc ${fresh.wall} ms wall / ${fresh.cpu} ms cpu, ${fresh.rssMB} MB`);
const schema = await loadSchema(teiAll, { cacheDir });
let totalCpu = 0;
for (const d of docs) {
  const text = readFileSync(d, 'utf8');
  c0 = process.cpuUsage();
  t0 = performance.now();
  // Parse (with positions) + validation: what jing's time per document also holds.
  const f = validateRelaxNG(schema, readSource(d));
  const cpu = cpuMs(process.cpuUsage(c0));
  totalCpu += cpu;
  verdicts.salve.set(d, f.length === 0);
  console.log(`  salve ${rel(d)} (${Math.round(text.length / 1024)} KB): ${Math.round(performance.now() - t0)} ms wall / ${cpu} ms cpu, ${f.length} findings`);
}
console.log(
  `salve: ${docs.length} docs ${totalCpu} ms cpu; heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
);
rmSync(cacheDir, { recursive: true, force: true });

// --- libxml2 (xmllint) ----------------------------------------------------
if (!args.has('--no-libxml2')) {
  const lCompile = timeCmd('xmllint', ['--noout', '--relaxng', teiAll, tiny]);
  console.log(`libxml2: tei_all + 1 tiny doc ${lCompile.wall} ms wall / ${lCompile.cpu} ms cpu, ${lCompile.rssMB} MB`);
  const lAll = timeCmd('xmllint', ['--noout', '--huge', '--relaxng', teiAll, ...docs]);
  for (const d of docs) verdicts.libxml2.set(d, lAll.stderr.includes(`${d} validates`));
  console.log(`libxml2: tei_all + ${docs.length} docs ${lAll.wall} ms wall / ${lAll.cpu} ms cpu, ${lAll.rssMB} MB`);
}

// --- verdict agreement ------------------------------------------------------
for (const engine of ['salve', 'libxml2']) {
  const v = verdicts[engine];
  if (v.size === 0) continue;
  const differ = docs.filter((d) => v.get(d) !== verdicts.jing.get(d));
  console.log(`${engine} vs jing: ${docs.length - differ.length}/${docs.length} same verdict${differ.length ? `; differ: ${differ.map(rel).join(', ')}` : ''}`);
}
