import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests that spawn the CLI or the collector are I/O bound; two workers match the 2-core machine.
    maxWorkers: 2,
    // The default output, plus the list of skipped tests that .ci/run requires to be empty.
    reporters: ['default', './test/helpers/skipped-reporter.ts'],
  },
});
