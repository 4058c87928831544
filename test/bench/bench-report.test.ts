/** The bench's arithmetic and verdict, on made-up runs: medians, ratios, and the two targets of issue 8. */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, parseSize } from './bench-options.js';
import { describeVerdict, spread, summarize, verdictOf, type SizeResult } from './bench-report.js';
import type { RunResult, Subject } from './bench-runs.js';

const MiB = 1024 ** 2;

function run(subject: Subject, wallMs: number, rssMiB: number | null, exitCode = 0): RunResult {
  return { subject, run: 1, wallMs, cpuMs: wallMs * 0.9, maxRssBytes: rssMiB === null ? null : rssMiB * MiB, exitCode, stderr: '', read: null };
}

function sizeResult(label: string, runs: RunResult[]): SizeResult {
  const size = parseSize(label);
  if (!size) throw new Error(label);
  return { size, inputs: {} as SizeResult['inputs'], subjects: summarize(runs, size.bytes), reads: {}, failures: [] };
}

describe('bench arithmetic', () => {
  it('takes medians of odd and even counts', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('divides by the RAM floor too, and keeps both floors first', () => {
    const subjects = summarize([run('tar.gz', 15_000, 150), run('floor-ram', 5_000, 3), run('floor', 10_000, 3)], 2048 * MiB);
    expect(subjects.map((s) => [s.subject, s.ratio, s.ramRatio])).toEqual([
      ['floor', 1, 2],
      ['floor-ram', 0.5, 1],
      ['tar.gz', 1.5, 3],
    ]);
  });

  it('divides each median wall time by the floor median, and leaves failed runs out', () => {
    const subjects = summarize(
      [run('floor', 10_000, 3), run('floor', 12_000, 3), run('floor', 11_000, 3), run('tar.gz', 14_000, 180), run('tar.gz', 16_500, 190), run('tar.gz', 1, null, 2)],
      2048 * MiB,
    );
    expect(subjects.map((s) => s.subject)).toEqual(['floor', 'tar.gz']);
    const tarGz = subjects[1];
    expect(tarGz).toMatchObject({ runs: 2, failed: 1, wallMs: { median: 15_250 }, rssBytes: { median: 185 * MiB, max: 190 * MiB } });
    expect(tarGz?.ratio).toBeCloseTo(15_250 / 11_000, 6);
    expect(subjects[0]?.ratio).toBe(1);
  });
});

describe('the verdict', () => {
  it('passes at 2G within 1.5× the floor and under 256 MiB everywhere', () => {
    const verdict = verdictOf(
      [sizeResult('500M', [run('floor', 3000, 3), run('tar.gz', 9000, 120)]), sizeResult('2G', [run('floor', 10_000, 3), run('tar.gz', 14_900, 200), run('zip', 30_000, 240)])],
      2,
    );
    expect(verdict.wall).toEqual({ size: '2G', ratio: 1.49, ramRatio: null, pass: true });
    expect(verdict.rss).toEqual({ bytes: 240 * MiB, size: '2G', subject: 'zip', pass: true });
  });

  it('fails on a slow 2G run or one peak RSS at the limit, at any size', () => {
    const verdict = verdictOf([sizeResult('100M', [run('floor', 500, 3), run('dir', 800, 256)]), sizeResult('2G', [run('floor', 10_000, 3), run('tar.gz', 15_100, 100)])], 2);
    expect(verdict.wall?.pass).toBe(false);
    expect(verdict.rss).toMatchObject({ size: '100M', subject: 'dir', pass: false });
  });

  it('has no wall verdict without a 2G size, and names the largest ratio instead', () => {
    const verdict = verdictOf([sizeResult('100M', [run('floor', 500, 3), run('tar.gz', 1000, 90)]), sizeResult('500M', [run('floor', 2000, 3), run('tar.gz', 3000, 95)])], 2);
    expect(verdict.wall).toBeNull();
    expect(verdict.largest).toEqual({ size: '500M', ratio: 1.5 });
  });
});

describe('the tar.xz verdict (issue 12)', () => {
  it('divides tar.xz by the xz floor, not the gzip one, and passes at 500M within 1.2× and 256 MiB', () => {
    const result = sizeResult('500M', [run('floor', 3000, 3), run('floor-xz', 10_000, 3), run('tar.gz', 3300, 150), run('tar.xz', 11_900, 190)]);
    expect(result.subjects.map((s) => [s.subject, s.ratio])).toEqual([
      ['floor', 1],
      ['floor-xz', 10_000 / 3000],
      ['tar.gz', 1.1],
      ['tar.xz', 1.19],
    ]);
    expect(verdictOf([result], 2).xz).toEqual({ size: '500M', ratio: 1.19, rssBytes: 190 * MiB, atTarget: true, pass: true, cpuBound: (11_900 * 0.9) / 2 / 10_000 });
  });

  it('fails when slower than 1.2× or over 256 MiB, and says when 500M was not measured', () => {
    expect(verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('floor-xz', 10_000, 3), run('tar.xz', 12_100, 190)])], 2).xz?.pass).toBe(false);
    expect(verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('floor-xz', 10_000, 3), run('tar.xz', 11_000, 300)])], 2).xz?.pass).toBe(false);
    expect(verdictOf([sizeResult('100M', [run('floor', 600, 3), run('floor-xz', 2000, 3), run('tar.xz', 2000, 90)])], 2).xz).toMatchObject({ size: '100M', atTarget: false, pass: false });
    expect(verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('tar.gz', 3300, 150)])], 2).xz).toBeNull();
  });
});

describe('redact verdict (issue 15: ≤ 1.5× analyze of the same 500M tar.gz, RSS ≤ 256 MiB)', () => {
  it('divides redact by analyze of the tar.gz, not by the floor', () => {
    const verdict = verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('tar.gz', 4000, 150), run('redact', 5900, 140)])], 2);
    expect(verdict.redact).toEqual({ size: '500M', ratio: 5900 / 4000, rssBytes: 140 * MiB, atTarget: true, pass: true, cpuBound: (5900 * 0.9) / 2 / 4000 });
  });

  it('fails when slower than 1.5× or over 256 MiB, says when 500M was not measured, and is absent without a redact run', () => {
    expect(verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('tar.gz', 4000, 150), run('redact', 6100, 140)])], 2).redact?.pass).toBe(false);
    expect(verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('tar.gz', 4000, 150), run('redact', 5000, 300)])], 2).redact?.pass).toBe(false);
    expect(verdictOf([sizeResult('100M', [run('floor', 600, 3), run('tar.gz', 900, 90), run('redact', 1000, 90)])], 2).redact).toMatchObject({ size: '100M', atTarget: false, pass: false });
    expect(verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('tar.gz', 3300, 150)])], 2).redact).toBeNull();
  });
});

describe('bench options', () => {
  it('defaults to 100M, 500M and 2G, three runs, every input format', () => {
    const parsed = parseBenchArgs([]);
    expect('options' in parsed && parsed.options).toMatchObject({
      sizes: [{ bytes: 100 * MiB }, { bytes: 500 * MiB }, { bytes: 2048 * MiB }],
      runs: 3,
      formats: ['tar.gz', 'zip', 'dir'],
      keep: false,
    });
  });

  it('makes --quick one small size and one run, unless told otherwise', () => {
    const quick = parseBenchArgs(['--quick']);
    expect('options' in quick && quick.options).toMatchObject({ sizes: [{ label: '16M' }], runs: 1 });
    const told = parseBenchArgs(['--quick', '--runs', '2', '--sizes', '1.5G', '--formats', 'dir', '--keep']);
    expect('options' in told && told.options).toMatchObject({ sizes: [{ bytes: 1.5 * 1024 * MiB }], runs: 2, formats: ['dir'], keep: true });
  });

  it('refuses sizes, counts and formats it cannot use', () => {
    for (const args of [['--sizes', '100X'], ['--sizes', '10K'], ['--runs', '0'], ['--formats', 'rar'], ['--frobnicate']]) expect(parseBenchArgs(args)).toHaveProperty('error');
    const xz = parseBenchArgs(['--formats', 'tar.gz,tar.xz']);
    expect('options' in xz && xz.options.formats).toEqual(['tar.gz', 'tar.xz']);
  });
});

describe('the bound CPU time sets', () => {
  it('divides median CPU by the cores and the reference wall time, and says so in the verdict', () => {
    // tar.xz: 11.9 s wall, 10.71 s CPU; 2 cores cannot finish 10.71 s of CPU in under 5.36 s, 1.07× the xz floor's 5 s.
    const verdict = verdictOf([sizeResult('500M', [run('floor', 3000, 3), run('floor-xz', 5000, 3), run('tar.gz', 4000, 150), run('tar.xz', 11_900, 190), run('redact', 20_000, 200)])], 2);
    expect(verdict.xz?.cpuBound).toBeCloseTo(1.071, 3);
    expect(verdict.redact?.cpuBound).toBeCloseTo(2.25, 3);
    const text = describeVerdict(verdict);
    expect(text).toContain('its CPU alone bounds it at 1.07× on 2 cores');
    expect(text).toContain('its CPU alone bounds it at 2.25× on 2 cores');
  });
});
