import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jingAvailable, runJing, type JingMessage } from './helpers/jing.js';
import { needsShared } from './helpers/needs-shared.js';

/**
 * Issue 9's "done when": on every document of ../shared/corpus, `diwan validate --tei-all
 * tei_all.rng` and `diwan validate --schema tei_all.rng` give jing's verdict, and their RELAX NG
 * error counts are within 10 % of jing's. jing checks the grammar only; diwan also runs tei_all's
 * embedded Schematron, so a document may be invalid for diwan and valid for jing only through
 * Schematron findings, which the table shows.
 */
const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '..', 'shared');
const corpus = path.join(shared, 'corpus');
const teiAll = path.join(shared, 'tei', 'tei_all.rng');
const bin = path.join(root, 'bin', 'diwan.js');

function documents(): string[] {
  if (!existsSync(corpus)) return [];
  return readdirSync(corpus, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !/relaxng-testsuites|schematron-conformance|_licences/.test(f))
    .sort();
}

interface Report {
  files: { file: string; status: string }[];
  findings: { file: string; severity: string; schema: string | null; message: string }[];
}

describe.skipIf(!jingAvailable())('--tei-all and --schema tei_all.rng agree with jing on every corpus document (jing present)', () => {
  const docs = documents();
  let jing: Map<string, JingMessage[]>;
  const runs: Record<string, Report> = {};
  beforeAll(async () => {
    if (!docs.length || !existsSync(teiAll)) return;
    jing = await runJing(teiAll, docs);
    for (const mode of ['--tei-all', '--schema']) {
      const r = spawnSync(process.execPath, [bin, 'validate', '--json', mode, teiAll, ...docs], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 1_200_000 });
      runs[mode] = JSON.parse(r.stdout) as Report;
    }
  }, 1_500_000);

  it('same verdict, RELAX NG counts within 10 %; the table per document', (ctx) => {
    needsShared(ctx, [teiAll, corpus]);
    const rows: string[] = ['  mode        verdict  jing     RNG errors  jing errors  Schematron errors  document'];
    const failures: string[] = [];
    for (const mode of ['--tei-all', '--schema']) {
      const report = runs[mode]!;
      for (const doc of docs) {
        const status = report.files.find((f) => f.file === doc)!.status;
        const errors = report.findings.filter((f) => f.file === doc && f.severity === 'error');
        const rng = errors.filter((f) => f.schema === teiAll).length;
        const sch = errors.filter((f) => f.schema === `${teiAll}#schematron`).length;
        const theirs = (jing.get(doc) ?? []).filter((m) => m.severity !== 'warning' && !/^first occurrence of ID/.test(m.message)).length;
        const jingVerdict = theirs ? 'invalid' : 'valid';
        rows.push(
          `  ${mode.padEnd(10)}  ${status.padEnd(7)}  ${jingVerdict.padEnd(7)}  ${String(rng).padStart(10)}  ${String(theirs).padStart(11)}  ${String(sch).padStart(17)}  ${path.relative(corpus, doc)}`,
        );
        // The grammar's verdict is jing's; the document's verdict too, unless only Schematron differs.
        if (rng > 0 !== theirs > 0) failures.push(`${mode} ${doc}: RELAX NG ${rng} errors, jing ${theirs}`);
        if (Math.abs(rng - theirs) > Math.floor(theirs * 0.1)) failures.push(`${mode} ${doc}: ${rng} RELAX NG errors, jing ${theirs}`);
        const schematronOnly = jingVerdict === 'valid' && errors.every((f) => f.schema === `${teiAll}#schematron`);
        if (status !== jingVerdict && !(status === 'invalid' && schematronOnly)) failures.push(`${mode} ${doc}: diwan ${status}, jing ${jingVerdict}`);
      }
    }
    console.log(`tei_all verdicts on ../shared/corpus:\n${rows.join('\n')}`);
    expect(failures).toEqual([]);
  });
});
