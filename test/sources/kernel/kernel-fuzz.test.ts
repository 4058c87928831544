/**
 * Hostile input is normal input: random bytes, truncated and bit-flipped real lines, huge lines
 * built to make regular expressions backtrack, and invalid UTF-8 go through every kernel parser.
 * Nothing may throw or hang; bad lines become parse issues with file and line. The PRNG is
 * seeded, so a failure names the seed that reproduces it.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectKernelSignal, parseKernelLine } from '../../../src/sources/kernel/index.js';
import { parseOomHeaderLine } from '../../../src/sources/kernel/oom-header-lines.js';
import { parseOomKillLine } from '../../../src/sources/kernel/oom-kill-lines.js';
import { MAX_LINE_BYTES } from '../../../src/sources/lines.js';
import { SeededRandom, flipBytes, spliceIn } from '../../helpers/seeded-random.js';
import { FIXTURES, fixture, readKernel } from './read-kernel.js';

const REAL_LINES = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.txt'))
  .flatMap((name) => fixture(name).split('\n'))
  .filter((line) => line.length > 0);

/** Lines shaped to make a careless regular expression backtrack for a long time. */
const HUGE = 60_000;
const BACKTRACK_BAIT = [
  `Killed process 1 (${'('.repeat(HUGE)}`,
  `Memory cgroup out of memory: Killed process 1 (${') total-vm:'.repeat(HUGE / 11)}`,
  `oom-kill:constraint=${',nodemask=,cpuset=,mems_allowed='.repeat(HUGE / 34)}`,
  `oom-kill:constraint=CONSTRAINT_MEMCG${',task='.repeat(HUGE / 6)},pid=1,uid=x`,
  `x invoked oom-killer: gfp_mask=0xcc0(${'G'.repeat(HUGE)}`,
  `oom killer 1 (${') has mm pinned by 1 ('.repeat(HUGE / 21)}`,
  `Tasks in ${' are going to be killed due to memory.oom.group set'.repeat(HUGE / 51)}x`,
  `[${' '.repeat(HUGE)}`,
  `[a ${' '.repeat(HUGE)}b`,
  `[  pid  ]${' 1'.repeat(HUGE / 2)} name`,
  `[ 1]${' 1'.repeat(HUGE / 2)}`,
  `INFO: task ${':'.repeat(HUGE)} blocked for more than 1 seconds.`,
  `watchdog: BUG: soft lockup - CPU#1 stuck for 1s! [${':1'.repeat(HUGE / 2)}`,
  `apparmor="DENIED" ${'a="'.repeat(HUGE / 3)}`,
  `avc:  denied  {${' read'.repeat(HUGE / 5)}`,
  `Memory cgroup stats for /x: ${'cache:1KB'.repeat(HUGE / 9)}`,
  `e1000e ${'link '.repeat(HUGE / 5)}Link is Down`,
  `${'a'.repeat(HUGE)} error, dev sda, sector 1`,
  `Mar  3 14:02:11 ${'h'.repeat(HUGE)}`,
  `10.0.0.1: kern:${' '.repeat(HUGE)}info: [2024`,
  `active_anon:1${' a:1'.repeat(HUGE / 4)}`,
];

const INVALID_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xc0, 0xaf])];

function mutate(random: SeededRandom): Buffer {
  const line = Buffer.from(random.pick(REAL_LINES));
  switch (random.int(6)) {
    case 0:
      return random.bytes(random.int(400));
    case 1:
      return line.subarray(0, random.int(line.length));
    case 2:
      return flipBytes(random, line, 1 + random.int(4));
    case 3:
      return spliceIn(random, line, () => random.pick(INVALID_UTF8));
    case 4:
      return Buffer.from(random.pick(BACKTRACK_BAIT));
    default:
      return Buffer.from(`${random.pick(REAL_LINES)} ${random.pick(REAL_LINES)}`);
  }
}

describe('kernel parsers on hostile input', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: no parser throws or hangs on any mutated line', (seed) => {
    const random = new SeededRandom(seed);
    for (let round = 0; round < 400; round += 1) {
      const text = mutate(random).toString('utf8');
      const parsed = parseKernelLine(text);
      const message = parsed.kind === 'kernel' ? parsed.text : text;
      parseOomHeaderLine(message);
      parseOomKillLine(message);
      detectKernelSignal(message, '');
    }
  });

  it.each(BACKTRACK_BAIT.map((line, index) => [index, line] as const))('backtracking bait %i is read without hanging or throwing (speed: npm run bench)', (_index, line) => {
    for (const text of [line, `[ 1.000000] ${line}`, `Mar  3 14:02:11 worker-7 kernel: ${line}`]) {
      const parsed = parseKernelLine(text);
      const message = parsed.kind === 'kernel' ? parsed.text : text;
      parseOomHeaderLine(message);
      parseOomKillLine(message);
      detectKernelSignal(message, '');
    }
  });

  it.each([11, 12, 13])('seed %i: the reader reads a whole mutated file, keeps going, and reports bad lines with file and line', async (seed) => {
    const random = new SeededRandom(seed);
    const lines: Buffer[] = [];
    for (let index = 0; index < 3000; index += 1) lines.push(mutate(random));
    // Known-bad lines at known places.
    lines.splice(100, 0, Buffer.from('[ 12.3 truncated stamp'));
    lines.splice(200, 0, Buffer.from('bad\0bytes\0'));
    lines.splice(300, 0, Buffer.from(`[ 1.000000] ${'y'.repeat(MAX_LINE_BYTES * 3)}`));
    const content = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
    const lineCount = content.toString('latin1').split('\n').length - 1;
    const { data, issues } = await readKernel({ 'kernel/fuzz.log': content }, { chunkSize: 1 + random.int(5000), maxIssues: 100_000 });
    expect(data.files[0]!.lines).toBe(lineCount);
    expect(issues.issues.length).toBeGreaterThan(0);
    for (const issue of issues.issues) {
      expect(issue.file).toBe('kernel/fuzz.log');
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lineCount);
    }
    const lineOf = (needle: Buffer) => content.subarray(0, content.indexOf(needle)).toString('latin1').split('\n').length;
    const reported = new Set(issues.issues.map((issue) => `${issue.line}:${issue.message}`));
    expect(reported).toContain(`${lineOf(Buffer.from('[ 12.3 truncated stamp'))}:malformed dmesg stamp`);
    expect(reported).toContain(`${lineOf(Buffer.from('bad\0bytes'))}:binary data (NUL bytes or invalid UTF-8), not a log line`);
    expect(reported).toContain(`${lineOf(Buffer.from('y'.repeat(100)))}:line longer than ${MAX_LINE_BYTES} bytes: cut`);
    expect(data.files[0]!.cutLines).toBeGreaterThanOrEqual(1);
  });

  it('a file of random bytes only is read to the end', async () => {
    const content = new SeededRandom(99).bytes(256 * 1024);
    const { data } = await readKernel({ 'kernel/random.bin': content }, { chunkSize: 3333 });
    expect(data.files[0]!.lines).toBe(content.toString('latin1').split('\n').length);
  });
});
