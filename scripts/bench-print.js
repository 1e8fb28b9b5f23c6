#!/usr/bin/env node
// Time and memory of the PDF edition: the seed edition and the 2 MB ELTeC novel.
// Needs `npm run build` (reads lib/) and Chromium. Usage: node scripts/bench-print.js [TEI ...]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { PrintSession, pdfMetaFromTei } = await import(path.join(root, 'lib', 'print', 'index.js'));
const { toHtml } = await import(path.join(root, 'lib', 'transform', 'html.js'));

const inputs = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      path.join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'),
      path.resolve(root, '..', 'shared', 'corpus', 'eltec', 'eng', 'level1', 'ENG18530_Dickens.xml'),
    ].filter(existsSync);

/** Resident memory of Chromium's processes (the browser, renderer, GPU/utility helpers), in MB. */
function chromiumRssMb() {
  try {
    const out = execFileSync('ps', ['-eo', 'rss,comm'], { encoding: 'utf8' });
    return Math.round(out.split('\n').filter((l) => /chrom/i.test(l)).reduce((s, l) => s + Number(l.trim().split(/\s+/)[0]), 0) / 1024);
  } catch {
    return NaN;
  }
}

const outDir = path.join(root, 'test-artifacts', 'bench-print');
mkdirSync(outDir, { recursive: true });
const t0 = performance.now();
const session = await PrintSession.open();
console.log(`launch ${Math.round(performance.now() - t0)} ms`);
for (const file of inputs) {
  const tei = readFileSync(file, 'utf8');
  const t1 = performance.now();
  const html = toHtml(tei);
  const t2 = performance.now();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 500);
  const { pdf, report } = await session.printWithReport(html, { meta: pdfMetaFromTei(tei), paper: 'A4' });
  clearInterval(timer);
  const t3 = performance.now();
  const out = path.join(outDir, `${path.basename(file, '.xml')}.pdf`);
  writeFileSync(out, pdf);
  const pages = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1];
  console.log(
    `${path.basename(file)}: TEI ${(tei.length / 1e6).toFixed(2)} MB, HTML ${(html.length / 1e6).toFixed(2)} MB, ` +
      `toHtml ${Math.round(t2 - t1)} ms, print ${Math.round(t3 - t2)} ms, ${pages} pages, PDF ${(pdf.length / 1e6).toFixed(2)} MB, ` +
      `Chromium RSS peak ${peak} MB, node heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, ` +
      `numbered ${report.numbered}, backlinks ${report.backlinks}`,
  );
}
await session.close();
