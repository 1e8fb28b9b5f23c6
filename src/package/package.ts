import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Finding } from '../check/finding.js';
import { buildEdition, type BuildOptions, type BuildResult } from '../edition/build.js';
import type { Edition } from '../edition/load.js';
import { diwanVersion } from '../paths.js';
import { hashFile } from './hash.js';
import { BagNameError } from './names.js';
import type { BagSpec, PayloadFile, WrittenBag } from './write-bag.js';
import { writeBag } from './write-bag.js';

/**
 * The payload of an edition's bag, under data/:
 *   edition/   the published edition exactly as `diwan build` writes it (index.html, <slug>.txt,
 *              <slug>.xml: the TEI byte for byte, <slug>.pdf, the citation files), so its links
 *              work inside the bag;
 *   source/    source.txt, the archival source, when the edition keeps one;
 *   schemas/   the schemas the TEI was validated against, byte for byte.
 */
export function bagSpec(edition: Edition, result: BuildResult): BagSpec {
  const payload: PayloadFile[] = result.artifacts.map((a) => ({ path: `edition/${a.name}`, data: a.data }));
  if (edition.archival) payload.push({ path: 'source/source.txt', from: edition.archival.path });
  const used = new Set<string>();
  for (const schema of [...new Set(result.schemas)]) {
    if (!existsSync(schema) || !statSync(schema).isFile()) continue;
    // Two schemas of one name from different folders: the second is numbered, in the plan's order.
    let name = basename(schema);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${n}-${basename(schema)}`;
    used.add(name.toLowerCase());
    payload.push({ path: `schemas/${name}`, from: schema });
  }
  const record = result.record;
  const p = record?.provenance;
  const schemaNames = payload.filter((f) => f.path.startsWith('schemas/')).map((f) => `data/${f.path}`);
  const info: [string, string][] = [
    ['Source-Organization', record?.publisher ?? ''],
    ['External-Description', record ? `${record.title.text}. ${description(result, Boolean(edition.archival))}` : ''],
    ['External-Identifier', p?.id ?? edition.slug],
    ['Internal-Sender-Identifier', edition.slug],
    // The edition's own date, never the day of packaging: two runs give the same bag.
    ['Bagging-Date', record?.date ?? ''],
    ['Bag-Software-Agent', `diwan ${diwanVersion()}`],
    ['Edition-Version', p?.version ?? ''],
    ['Validated-Against', schemaNames.join(', ')],
  ];
  return { payload, info };
}

/** "TEI P5 edition with its HTML, plain-text and PDF editions and its archival source." — what the bag holds. */
function description(result: BuildResult, archival: boolean): string {
  const names: Record<string, string> = { html: 'HTML', text: 'plain-text', pdf: 'PDF' };
  const made = (['html', 'text', 'pdf'] as const).filter((f) => result.artifacts.some((a) => a.format === f)).map((f) => names[f]!);
  const list = made.length > 1 ? `${made.slice(0, -1).join(', ')} and ${made.at(-1)}` : (made[0] ?? '');
  return `TEI P5 edition${list ? ` with its ${list} edition${made.length > 1 ? 's' : ''}` : ''}${archival ? `${list ? ' and' : ' with'} its archival source` : ''}.`;
}

export interface PackageOptions extends BuildOptions {
  /** Replace an existing bag at the output path. */
  force?: boolean;
  /** Folders a bag must never be written into (the editions folder). */
  inputs?: string[];
}

export interface PackageResult {
  build: BuildResult;
  /** Absent when the edition could not be built, or its bag not made: the findings say why. */
  bag?: WrittenBag;
  findings: Finding[];
}

/**
 * Builds an edition (validated, all four outputs) and writes it as a BagIt bag at `bagDir`.
 * Refuses, with a finding, a bag that would lack an output that was asked for (no PDF without a
 * browser) or whose archival source changed on disk since it was read.
 */
export async function packageEdition(edition: Edition, bagDir: string, opts: PackageOptions = {}): Promise<PackageResult> {
  const formats = opts.formats ?? ['html', 'text', 'tei', 'pdf'];
  const build = await buildEdition(edition, { ...opts, formats });
  const findings = [...build.findings];
  const file = edition.source.path;
  if (!build.ok) return { build, findings };
  const missing = formats.filter((f) => !build.artifacts.some((a) => a.format === f));
  if (missing.length) {
    findings.push({
      file,
      line: 0,
      col: 0,
      severity: 'error',
      rule: 'package',
      message: `no bag written: the ${missing.join(', ')} edition could not be made (for a bag without the PDF, pass --no-pdf)`,
    });
    return { build, findings };
  }
  if (!build.record?.date) {
    findings.push({
      file,
      line: 0,
      col: 0,
      severity: 'warning',
      rule: 'package',
      message: 'the header gives no date (publicationStmt/date or a change): bag-info.txt has no Bagging-Date, as diwan never uses the day of packaging',
    });
  }
  if (edition.archival && build.fixity?.sourceSha256) {
    const now = (await hashFile(edition.archival.path, ['sha256'])).digests.sha256;
    if (now !== build.fixity.sourceSha256) {
      findings.push({
        file: edition.archival.path,
        line: 0,
        col: 0,
        severity: 'error',
        rule: 'package',
        message: 'changed on disk while the edition was built; no bag written: run again',
      });
      return { build, findings };
    }
  }
  let bag: WrittenBag;
  try {
    bag = await writeBag(bagSpec(edition, build), bagDir, { force: opts.force, inputs: opts.inputs });
  } catch (err) {
    if (!(err instanceof BagNameError)) throw err;
    findings.push({ file: bagDir, line: 0, col: 0, severity: 'error', rule: 'package', message: `no bag written: ${err.message}` });
    return { build, findings };
  }
  // The copy in the bag is the file every output states the checksum of.
  if (edition.archival && bag.sha256['data/source/source.txt'] !== build.fixity?.sourceSha256) {
    findings.push({
      file: edition.archival.path,
      line: 0,
      col: 0,
      severity: 'error',
      rule: 'package',
      message: `changed on disk while the bag was written: ${bag.bag} holds another source.txt than its editions state; run again`,
    });
  }
  return { build, bag, findings };
}
