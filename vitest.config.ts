import { defineConfig } from 'vitest/config';

/**
 * Tests that judge memory by a peak RSS (`process.resourceUsage().maxRSS`, a high-water mark):
 * each needs a worker process of its own. In the worker's own process an earlier file's peak
 * would hide the test's; and a CLI child (runPodmortem's measureMemory) starts as a fork of the
 * worker, so Linux counts the worker's resident memory at the fork in the child's peak.
 */
const OWN_PROCESS = [
  'test/sources/journal/streaming-memory.test.ts',
  'test/sources/kernel/kernel-streaming-memory.test.ts',
  'test/sources/pod-logs/pod-logs-memory.test.ts',
  'test/archive/large-archive-memory.test.ts',
  'test/report/manifest-amplification.test.ts',
];

// Each project names its own files: a root `include` would be merged into both.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests that spawn the CLI or the collector are I/O bound; two workers match the 2-core machine.
    maxWorkers: 2,
    // The default output, plus the list of skipped tests that .ci/run requires to be empty.
    reporters: ['default', './test/helpers/skipped-reporter.ts'],
    projects: [
      {
        // A fresh module graph per test file cost about 0.5 s of CPU per file (over 190 files); no
        // test changes shared state (no module mocks, no global stubs, fake timers restored), so
        // the files of one worker share its modules.
        extends: true,
        test: { name: 'shared', isolate: false, include: ['test/**/*.test.ts'], exclude: OWN_PROCESS },
      },
      { extends: true, test: { name: 'own-process', isolate: true, include: OWN_PROCESS } },
    ],
  },
});
