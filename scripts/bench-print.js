#!/usr/bin/env node
// Time and memory of the PDF edition: the seed edition and the 2 MB ELTeC novel.
// Needs `npm run build` (reads lib/) and Chromium. Usage: node scripts/bench-print.js [TEI ...]
// bench.js imports measurePrint() for the in-process breakdown (launch, toHtml, print).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumRssMb } from './bench-lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Launches one print session and prints each TEI file through it; one result per file
 * (times in ms), plus the launch time of the browser, which `diwan pdf` pays once per call.
 */
export async function measurePrint(inputs, { outDir = path.join(root, 'test-artifacts', 'bench-print') } = {}) {
  const { PrintSession, pdfMeta } = await import(path.join(root, 'lib', 'print', 'index.js'));
  const { toHtml } = await import(path.join(root, 'lib', 'transform', 'html.js'));
  const { readSource } = await import(path.join(root, 'lib', 'parse', 'index.js'));
  const { metadataOf } = await import(path.join(root, 'lib', 'transform', 'metadata.js'));
  mkdirSync(outDir, { recursive: true });
  const t0 = performance.now();
  const session = await PrintSession.open();
  const launchMs = Math.round(performance.now() - t0);
  const files = [];
  try {
    for (const file of inputs) {
      const tei = readFileSync(file, 'utf8');
      const t1 = performance.now();
      // As diwan pdf does: one parse, the print page of the HTML edition, the PDF's metadata from the record.
      const source = readSource(file);
      const html = toHtml(source, { print: true }).output;
      const meta = pdfMeta(metadataOf(source));
      const t2 = performance.now();
      let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 500);
      const { pdf, report } = await session.printWithReport(html, { meta, paper: 'A4' });
      clearInterval(timer);
      const t3 = performance.now();
      const out = path.join(outDir, `${path.basename(file, '.xml')}.pdf`);
      writeFileSync(out, pdf);
      const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1]);
      files.push({
        file,
        teiMB: tei.length / 1e6,
        htmlMB: html.length / 1e6,
        toHtmlMs: Math.round(t2 - t1),
        printMs: Math.round(t3 - t2),
        pages,
        pdfMB: pdf.length / 1e6,
        chromiumPeakMB: peak,
        heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
        report,
      });
    }
  } finally {
    await session.close();
  }
  return { launchMs, files };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const inputs = process.argv.slice(2).length
    ? process.argv.slice(2)
    : [
        path.join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'),
        path.resolve(root, '..', 'shared', 'corpus', 'eltec', 'eng', 'level1', 'ENG18530_Dickens.xml'),
      ].filter(existsSync);
  const { launchMs, files } = await measurePrint(inputs);
  console.log(`launch ${launchMs} ms`);
  for (const f of files) {
    console.log(
      `${path.basename(f.file)}: TEI ${f.teiMB.toFixed(2)} MB, HTML ${f.htmlMB.toFixed(2)} MB, ` +
        `toHtml ${f.toHtmlMs} ms, print ${f.printMs} ms, ${f.pages} pages, PDF ${f.pdfMB.toFixed(2)} MB, ` +
        `Chromium RSS peak ${f.chromiumPeakMB} MB, node heap ${f.heapMB} MB, ` +
        `numbered ${f.report.numbered}, backlinks ${f.report.backlinks}`,
    );
  }
}
