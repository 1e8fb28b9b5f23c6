import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatFinding } from '../../check/finding.js';
import { Validator } from '../../check/validate.js';
import { catalogueHtml, type CatalogueEntry } from '../../edition/catalogue.js';
import { discoverEditions } from '../../edition/discover.js';
import { pdfMetaFromTei } from '../../print/metadata.js';
import { fidelityCheck, htmlEdition, pdfEdition, textEdition } from '../../edition/publish.js';
import { BrowserNotFoundError, PrintSession, type Paper } from '../../print/index.js';
import { writeFileAtomic } from '../../write/atomic.js';
import { parse, UsageError, type Io } from '../io.js';
import { maxBytes } from './validate.js';

const HELP = `Usage: diwan build [DIR] [-o OUT] [options]

Validates and publishes every edition in DIR (default: editions). An edition is a folder
DIR/<slug>/ holding <slug>.xml (TEI P5) and, optionally, source.txt (the archival source,
which the text of the edition must reproduce character for character).
Writes OUT/<slug>/index.html, <slug>.txt, <slug>.xml (a copy of the TEI) and <slug>.pdf,
and OUT/index.html listing the editions built.
An edition with errors is reported and not written; the others are still built.

Options:
  -o, --out OUT       output folder (default: dist)
  --paper A4|Letter   paper size of the PDF (default: A4)
  --no-pdf            skip the print edition
  --chrome PATH       Chromium or Chrome to print with (default: $CHROME_PATH, then the usual paths)
  --max-size MiB      refuse larger TEI files (default 64)
  -h, --help          this help`;

export async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', short: 'o' },
    paper: { type: 'string' },
    'no-pdf': { type: 'boolean' },
    chrome: { type: 'string' },
    'max-size': { type: 'string' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('build takes one DIR');
  const root = resolve(positionals[0] ?? 'editions');
  const out = resolve(values.out ?? 'dist');
  const paper = paperOf(values.paper);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`${root}:0:0: error: no such folder; expected a folder of editions (DIR/<slug>/<slug>.xml)`);
    return 2;
  }
  const editions = discoverEditions(root);
  if (editions.length === 0) {
    io.err(`${root}:0:0: error: no editions found; expected folders <slug>/ holding <slug>.xml`);
    return 1;
  }

  const validator = new Validator({ maxBytes: maxBytes(values['max-size']) });
  let session: PrintSession | null = null;
  let printing = !values['no-pdf'];
  let failed = 0;
  const built: CatalogueEntry[] = [];
  try {
    for (const edition of editions) {
      const report = await validator.validate(edition.tei);
      for (const f of report.findings) io.out(formatFinding(f));
      if (!report.source || report.findings.some((f) => f.severity === 'error')) {
        io.err(`diwan: ${edition.slug}: not built (invalid)`);
        failed++;
        continue;
      }
      const source = report.source;
      const files = { tei: `${edition.slug}.xml`, text: `${edition.slug}.txt` };
      let html = htmlEdition(source, printing ? { ...files, pdf: `${edition.slug}.pdf` } : files);
      const text = textEdition(source);
      const fidelity = fidelityCheck(text, join(edition.dir, 'source.txt'));
      if (fidelity) {
        io.out(formatFinding(fidelity));
        io.err(`diwan: ${edition.slug}: not built (its text does not reproduce source.txt)`);
        failed++;
        continue;
      }
      let pdf: Uint8Array | undefined;
      if (printing) {
        try {
          session ??= await PrintSession.open({ browserPath: values.chrome });
          pdf = await pdfEdition(source, html, session, paper);
        } catch (err) {
          if (!(err instanceof BrowserNotFoundError)) throw err;
          io.err(`diwan: ${err.message}`);
          printing = false;
        }
        // Offer no link to a PDF that was not made.
        if (!pdf) html = htmlEdition(source, files);
      }
      // Everything is in memory before the first byte is written: no half-built edition.
      const dir = join(out, edition.slug);
      writeFileAtomic(join(dir, 'index.html'), html);
      writeFileAtomic(join(dir, `${edition.slug}.txt`), text);
      writeFileAtomic(join(dir, `${edition.slug}.xml`), source.bytes);
      if (pdf) writeFileAtomic(join(dir, `${edition.slug}.pdf`), pdf);
      io.err(`diwan: built ${edition.slug} -> ${dir}${pdf ? '' : ' (no PDF)'}`);
      const meta = pdfMetaFromTei(source.text);
      built.push({
        slug: edition.slug,
        title: meta.title,
        lang: meta.lang,
        date: meta.date.toISOString().slice(0, 10),
        files: [
          { label: 'HTML', href: 'index.html' },
          { label: 'Text', href: `${edition.slug}.txt` },
          { label: 'TEI', href: `${edition.slug}.xml` },
          ...(pdf ? [{ label: 'PDF', href: `${edition.slug}.pdf` }] : []),
        ],
      });
    }
  } finally {
    await session?.close();
  }
  if (built.length > 0) writeFileAtomic(join(out, 'index.html'), catalogueHtml(built));
  return failed > 0 ? 1 : 0;
}

export function paperOf(value: string | undefined): Paper {
  if (value === undefined) return 'A4';
  const v = value.toLowerCase();
  if (v === 'a4') return 'A4';
  if (v === 'letter' || v === 'us-letter') return 'Letter';
  throw new UsageError(`--paper expects A4 or Letter, got "${value}"`);
}
