/**
 * Lists every skipped test in test-artifacts/skipped-tests.txt (one line each: file, name, and
 * the reason the test gave, if any) and says how many on the terminal. A laptop without Chromium
 * or root skips those tests with a reason; CI must skip none, and .ci/run fails when this file is
 * not empty. Only whole runs write it: a focused run (`npm test -- <pattern>`) leaves it as it is.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

const LIST = join(process.cwd(), 'test-artifacts', 'skipped-tests.txt');

export default class SkippedReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    if (result.state !== 'skipped') return;
    const file = relative(process.cwd(), testCase.module.moduleId);
    this.skipped.push(`${file} > ${testCase.fullName}${result.note ? ` (${result.note})` : ''}`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    // A whole run has every test file of the repository; a focused one fewer.
    const all = readdirSync(join(process.cwd(), 'test'), { recursive: true }).filter((file) => String(file).endsWith('.test.ts')).length;
    if (modules.length < all) return;
    mkdirSync(join(LIST, '..'), { recursive: true });
    writeFileSync(
      LIST,
      this.skipped
        .sort()
        .map((line) => `${line}\n`)
        .join(''),
    );
    if (this.skipped.length > 0) process.stdout.write(`\n${this.skipped.length} tests skipped (their reasons are printed above): listed in ${relative(process.cwd(), LIST)}\n`);
  }
}
