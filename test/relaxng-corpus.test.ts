import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema, validateRelaxNG } from '../src/check/relaxng/index.js';
import { jingAvailable, runJing, type JingMessage } from './helpers/jing.js';
import { parsed } from './helpers/doc.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const corpus = path.join(shared, 'corpus');
const haveShared = existsSync(corpus) && existsSync(path.join(shared, 'tei', 'tei_all.rng'));
const cacheDir = path.join(tmpdir(), 'diwan-test-rng-cache');

function teiDocs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes('relaxng-testsuites') && !f.includes('_licences') && !f.includes('schematron-conformance'))
    .sort();
}

/** Each document against tei_all, and against its project's own schema where it has one. */
const plans: { schema: string; docs: string[] }[] = haveShared
  ? [
      { schema: path.join(shared, 'tei', 'tei_all.rng'), docs: teiDocs(corpus) },
      { schema: path.join(corpus, 'eltec/schemas/eltec-1.rng'), docs: teiDocs(path.join(corpus, 'eltec/eng/level1')) },
      { schema: path.join(corpus, 'eltec/schemas/eltec-2.rng'), docs: teiDocs(path.join(corpus, 'eltec/eng/level2')) },
      {
        schema: path.join(corpus, 'openarabicpe/al-muqtabas/schema/tei_periodical.rng'),
        docs: readdirSync(path.join(corpus, 'openarabicpe/al-muqtabas'))
          .filter((f) => f.endsWith('.xml'))
          .map((f) => path.join(corpus, 'openarabicpe/al-muqtabas', f)),
      },
    ]
  : [];

describe.skipIf(!haveShared || !jingAvailable())(
  `RELAX NG verdicts agree with jing on the shared corpus${haveShared ? '' : ' (skipped: ../shared is absent)'}${jingAvailable() ? '' : ' (skipped: jing jars absent)'}`,
  () => {
    for (const plan of plans) {
      describe(path.basename(plan.schema), () => {
        let reference: Map<string, JingMessage[]>;
        beforeAll(async () => {
          reference = await runJing(plan.schema, plan.docs);
        }, 600_000);

        it('has documents to compare', () => {
          expect(plan.docs.length).toBeGreaterThan(0);
        });

        const table: string[] = [];
        afterAll(() => {
          console.log(
            `errors per document, ${path.basename(plan.schema)} (diwan / jing, jing's "first occurrence of ID" lines not counted):\n${table.join('\n')}`,
          );
        });

        for (const doc of plan.docs) {
          it(`${path.relative(corpus, doc)}`, { timeout: 600_000 }, async () => {
            const schema = await loadSchema(plan.schema, { cacheDir });
            const findings = validateRelaxNG(schema, parsed(doc, readFileSync(doc, 'utf8')));
            const jing = (reference.get(doc) ?? []).filter((m) => m.severity !== 'warning');
            // Error counts within 10 % of jing's: every independent error is reported in one pass
            // (recovery inside rejected elements). jing also reports the first occurrence of a
            // duplicate ID; diwan names it in the one error at the second occurrence.
            const counted = jing.filter((m) => !/^first occurrence of ID/.test(m.message)).length;
            table.push(`  ${String(findings.length).padStart(6)} ${String(counted).padStart(6)}  ${path.relative(corpus, doc)}`);
            expect(Math.abs(findings.length - counted), `${findings.length} errors, jing ${counted}`).toBeLessThanOrEqual(Math.floor(counted * 0.1));
            // Messages are words, never salve's JSON names.
            for (const f of findings) expect(f.message).not.toMatch(/\{"|"ns":/);
            const ours = findings.map((f) => `${f.line}:${f.col} ${f.message}`.slice(0, 200));
            const theirs = jing.map((m) => `${m.line}:${m.col} ${m.message}`.slice(0, 200));
            // Same verdict; the messages are shown when they differ.
            expect({ valid: findings.length === 0, ours: findings.length ? ours.slice(0, 5) : [] }).toMatchObject({
              valid: jing.length === 0,
            });
            if (jing.length === 0) expect(theirs).toEqual([]);
            // Findings land on lines jing also complains about (jing points at the end of a tag,
            // we at its start, so compare lines within the tag's span).
            // A document we cannot parse (entities declared in its DTD, which diwan never expands)
            // is stopped at the first problem; jing reads the DTD and goes on.
            const stopped = findings.some((f) => f.message.startsWith('not well-formed'));
            if (jing.length > 0 && findings.length > 0 && !stopped) {
              const jingLines = new Set(jing.map((m) => m.line));
              const near = findings.filter((f) => [...jingLines].some((l) => Math.abs(l - f.line) <= 3));
              expect(near.length).toBeGreaterThan(0);
            }
          });
        }
      });
    }
  },
);
