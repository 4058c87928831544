/**
 * `npm run bench:lines`: how long each stats reader takes over lines made to send a backtracking
 * regular expression into quadratic time (fuzz-inputs.ts: every trigger word × every slow body,
 * 66,000 characters, first and last in a real sample). A reader whose guard is missing shows up
 * as a mean of seconds instead of milliseconds; the tests (fuzz.ts) assert only what comes out.
 */
import { bench, describe } from 'vitest';
import { IssueLog } from '../../src/sources/source-reader.js';
import { hugeLineCases } from '../sources/stats/fuzz-inputs.js';
import { STATS_TARGETS } from '../sources/stats/fuzz-targets.js';
import { chunked, sourceFile } from '../sources/stats/helpers.js';

describe('stats readers, all 64 KiB backtracking lines of one reader per iteration', () => {
  for (const target of STATS_TARGETS) {
    const cases = [...hugeLineCases(target)];
    bench(
      `${target.source} (${cases.length} inputs)`,
      async () => {
        for (const { input } of cases) {
          const reader = target.create();
          await reader.read(sourceFile(target.source, target.path), chunked(input, 65_536), new IssueLog());
          reader.result();
        }
      },
      { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 },
    );
  }
});
