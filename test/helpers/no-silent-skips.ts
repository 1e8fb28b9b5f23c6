import type { Reporter, TestModule } from 'vitest/node';

/**
 * Lists every skipped test with its reason at the end of a run, and under CI=true (where
 * `.ci/run` installs every tool and `../shared` is beside the clone) turns any skip into a
 * failed run: a test that silently did not run must never read as a pass.
 */
export default class NoSilentSkips implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped' || test.options.mode === 'todo') continue;
        const note = result.note ? ` (${result.note})` : '';
        skipped.push(`${mod.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}${note}`);
      }
    }
    if (skipped.length === 0) return;
    const ci = process.env.CI === 'true';
    const head = ci ? `${skipped.length} test(s) skipped under CI=true, which counts as a failure:` : `${skipped.length} test(s) skipped:`;
    process.stdout.write(`\n${head}\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    if (ci) process.exitCode = 1;
  }
}
