import { defineConfig } from 'vitest/config';
import NoSilentSkips from './test/helpers/no-silent-skips.js';

// Under CI=true vitest also writes its JSON report, from which .ci/run prints the closing line.
const ci = process.env.CI === 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Chromium, jing and the Nu checker are slow to start; two cores in CI.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', new NoSilentSkips(), ...(ci ? [['json', { outputFile: 'test-artifacts/vitest.json' }] as ['json', { outputFile: string }]] : [])],
  },
});
