import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../../src/sources/source-reader.js';
import { SeededRandom, flipBytes } from '../../helpers/seeded-random.js';
import { BODIES, hugeLineCases, TRIGGERS, type FuzzTarget } from './fuzz-inputs.js';
import { chunked, sourceFile } from './helpers.js';

export type { FuzzTarget } from './fuzz-inputs.js';

function randomBytes(random: SeededRandom): Buffer {
  const bytes = Buffer.alloc(random.int(2048));
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = random.next() < 0.05 ? 0x0a : random.int(256);
  return bytes;
}

function truncatedLines(random: SeededRandom, sample: string): Buffer {
  const lines = sample.split('\n').map((line) => (random.next() < 0.5 ? line.slice(0, random.int(line.length + 1)) : line));
  return Buffer.from(lines.join('\n'));
}

function flippedBytes(random: SeededRandom, sample: string): Buffer {
  return flipBytes(random, Buffer.from(sample), 1 + random.int(8));
}

function hugeLine(random: SeededRandom, sample: string): Buffer {
  const lines = sample.split('\n');
  const line = random.pick(TRIGGERS) + random.pick(BODIES)(random, 70_000 + random.int(130_000));
  lines.splice(random.int(lines.length + 1), 0, line);
  return Buffer.from(lines.join('\n'));
}

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc3], [0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], [0x0d]];

function invalidUtf8(random: SeededRandom, sample: string): Buffer {
  const bytes = Buffer.from(sample);
  const parts: Buffer[] = [];
  let at = 0;
  const cuts = 1 + random.int(6);
  for (let cut = 0; cut < cuts; cut += 1) {
    const next = Math.min(bytes.length, at + random.int(Math.max(1, bytes.length - at)));
    parts.push(bytes.subarray(at, next), Buffer.from(random.pick(INVALID_UTF8)));
    at = next;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

function mixedLines(random: SeededRandom, _sample: string, all: string[]): Buffer {
  const lines = all.flatMap((text) => text.split('\n'));
  return Buffer.from(Array.from({ length: 1 + random.int(40) }, () => random.pick(lines)).join('\n'));
}

const MUTATIONS = { randomBytes, truncatedLines, flippedBytes, hugeLine, invalidUtf8, mixedLines } as const;

/**
 * Feeds `cases` mutated inputs to fresh readers: none may throw or hang, every issue names the file
 * and a real line (or none), and the result must be plain JSON data. Each failure message carries
 * the seed, case and mutation that reproduce it.
 */
export async function fuzzReader(target: FuzzTarget, seed: number, cases: number, everySample: string[]): Promise<void> {
  const random = new SeededRandom(seed);
  const names = Object.keys(MUTATIONS) as (keyof typeof MUTATIONS)[];
  for (let index = 0; index < cases; index += 1) {
    const mutation = names[index % names.length]!;
    const input = MUTATIONS[mutation](random, random.pick(target.samples), everySample);
    const where = `${target.source} seed ${seed} case ${index} (${mutation})`;
    const lineCount = input.toString('latin1').split('\n').length;
    const issues = new IssueLog(10_000);
    const reader = target.create();
    await reader.read(sourceFile(target.source, target.path), chunked(input, 1 + random.int(4096)), issues);
    const result = reader.result();
    expect(() => JSON.stringify(result), where).not.toThrow();
    for (const issue of issues.issues) {
      expect(issue.file, where).toBe(target.path);
      expect(issue.source, where).toBe(target.source);
      if (issue.line !== null) expect(Number.isInteger(issue.line) && issue.line >= 1 && issue.line <= lineCount, `${where}: line ${issue.line}`).toBe(true);
    }
  }
}

/**
 * Every trigger word followed by every slow body, as the first and as the last line of a real
 * sample: each reader must come through with plain data and keep the sample's own reading. How
 * long each case takes is measured by `npm run bench:lines` (test/bench/huge-lines.bench.ts), not here.
 */
export async function sweepHugeLines(target: FuzzTarget): Promise<void> {
  const plain = target.create();
  await plain.read(sourceFile(target.source, target.path), chunked(target.samples[0]!, 65_536), new IssueLog());
  const expected = JSON.stringify(plain.result());
  for (const { label, input } of hugeLineCases(target)) {
    const reader = target.create();
    await reader.read(sourceFile(target.source, target.path), chunked(input, 65_536), new IssueLog());
    const result = JSON.stringify(reader.result());
    expect(result.length, `${target.source}: ${label}`).toBeLessThan(expected.length + 2 * 65_536);
  }
}

/** A bad line appended to a real sample must come back as an issue on that very line. */
export async function badLineIsReported(target: FuzzTarget): Promise<void> {
  const sample = target.samples[0]!;
  const text = sample.endsWith('\n') ? sample : `${sample}\n`;
  const badLine = text.split('\n').length;
  const issues = new IssueLog(10_000);
  const reader = target.create();
  await reader.read(sourceFile(target.source, target.path), chunked(Buffer.concat([Buffer.from(text), Buffer.from([0x00, 0xff]), Buffer.from(' garbage ### 1 2\n')])), issues);
  expect(
    issues.issues.filter((issue) => issue.line === badLine && issue.file === target.path),
    target.source,
  ).not.toEqual([]);
}

/** The three robustness tests, registered for every target; seeds come from the source ids. */
export function fuzzSuite(title: string, targets: FuzzTarget[], everySample: string[]): void {
  const cases = targets.map((target) => [target.source, target] as const);
  describe(title, () => {
    it.each(cases)('%s: never throws or hangs, issues name file and line', async (_name, target) => {
      if (target.samples.length === 0) throw new Error(`no fixtures for ${target.source}`);
      const seed = Array.from(target.source).reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 17);
      await fuzzReader(target, seed, 120, everySample);
    });

    it.each(cases)('%s: a bad line after a real sample becomes an issue on its line', async (_name, target) => {
      await badLineIsReported(target);
    });

    it.each(cases)('%s: comes through 64 KiB lines made to make regular expressions backtrack', async (_name, target) => {
      await sweepHugeLines(target);
    });
  });
}
