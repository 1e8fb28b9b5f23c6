import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, PrintSession } from '../src/print/index.js';
import { textPortion } from '../src/transform/text.js';
import { htmlOf, textOf, metaOf } from './helpers/doc.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const dickens = path.resolve(repoRoot, '..', 'shared', 'corpus', 'eltec', 'eng', 'level1', 'ENG18530_Dickens.xml');
const ready = existsSync(dickens) && findBrowser() !== null;
const why = !existsSync(dickens) ? ' (skipped: ../shared is absent)' : findBrowser() ? '' : ' (skipped: no Chromium found)';

/** The PDF edition of a TEI document, printed by a browser of its own, in a temporary file. */
async function printToFile(tei: string, name: string): Promise<string> {
  const session = await PrintSession.open();
  try {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'diwan-print-')), name);
    writeFileSync(file, await session.print(htmlOf(tei, { print: true }), { meta: metaOf(tei) }));
    return file;
  } finally {
    await session.close();
  }
}

/** Latin words, lower-cased, without the hyphenation a justified print line may add. */
const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/-\n/g, '')
    .match(/[a-z]+/g) ?? [];

describe.skipIf(!ready)(`a long document prints complete: Bleak House, 2.2 MB ELTeC${why}`, () => {
  it('keeps every chapter and the last words of the novel', async () => {
    const tei = readFileSync(dickens, 'utf8');
    const expected = words(textPortion(textOf(tei)));
    const file = await printToFile(tei, 'dickens.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(300);
    const printed = words(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
    // The novel's last 30 words appear, in order, near the end of what was printed (registers follow).
    const tail = expected.slice(-30).join(' ');
    expect(printed.join(' ')).toContain(tail);
    // Nearly every word of the text is there: print-only additions (running heads, numbers) aside.
    const have = new Map<string, number>();
    for (const w of printed) have.set(w, (have.get(w) ?? 0) + 1);
    let missing = 0;
    for (const w of expected) {
      const n = have.get(w) ?? 0;
      if (n === 0) missing++;
      else have.set(w, n - 1);
    }
    expect(missing / expected.length).toBeLessThan(0.005);
  }, 900_000);
});

const yiddish = path.resolve(repoRoot, '..', 'shared', 'corpus', 'dracor', 'yidracor', 'der_get.xml');
describe.skipIf(!existsSync(yiddish) || findBrowser() === null)(`Hebrew script prints in a font that travels with diwan${why}`, () => {
  it('embeds Noto Serif Hebrew for a Yiddish play and keeps its words', async () => {
    const tei = readFileSync(yiddish, 'utf8');
    const file = await printToFile(tei, 'der_get.pdf');
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSerifHebrew-Regular\s+CID TrueType\s+Identity-H\s+yes/);
    // pdftotext splits pointed Hebrew words at the points (a known extraction artefact, as with
    // kerned Arabic: decision 0003), so the letters are compared, not the words.
    const letters = (s: string) => {
      const counts = new Map<string, number>();
      for (const c of s.normalize('NFKD').replace(/[^\u05D0-\u05EA\u05F0-\u05F2]/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
      return counts;
    };
    const printed = letters(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    const source = letters(textPortion(textOf(tei)));
    let total = 0;
    let kept = 0;
    for (const [c, n] of source) {
      total += n;
      kept += Math.min(n, printed.get(c) ?? 0);
    }
    expect(total).toBeGreaterThan(10_000);
    expect(kept / total).toBeGreaterThan(0.98);
  }, 300_000);
});
