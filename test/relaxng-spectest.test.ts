import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectCases, parseSpectest, pct, report, runSuite } from './helpers/rng-suite.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const suiteFile = path.resolve(repoRoot, '..', 'shared', 'corpus', 'relaxng-testsuites', 'jing-trang', 'spectest.xml');
const haveSuite = existsSync(suiteFile);

/**
 * Measured with salve-annos 1.2.4 (see docs/decisions/0001-relaxng-engine.md);
 * a drop below this is a regression.
 */
const FLOOR = { checks: 99.1, incorrectRejected: 96.2, correctAccepted: 100, valid: 100, invalid: 100 };

describe.skipIf(!haveSuite)(`James Clark's RELAX NG spec test suite through salve${haveSuite ? '' : ' (skipped: ../shared is absent)'}`, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'diwan-spectest-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('meets the measured pass-rate floor', { timeout: 600_000 }, async () => {
    const cases = collectCases(parseSpectest(suiteFile));
    const outcomes = await runSuite(cases, work);
    const summary = report(`spectest: ${cases.length} test cases`, outcomes);
    for (const [k, floor] of Object.entries(FLOOR)) {
      expect(pct(summary[k as keyof typeof summary]), k).toBeGreaterThanOrEqual(floor);
    }
  });
});
