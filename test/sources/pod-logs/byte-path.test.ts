/**
 * The pod log parser's byte path (lines counted and kept as bytes, decoded only when kept) must
 * give what its string path gives, line for line: the same summary and the same parse issues,
 * for real fixtures and for generated CRI files full of what breaks byte offsets (multi-byte and
 * broken UTF-8 at the 2,048-character cap, 64 KiB lines, `P` fragments, `\r`, bad stamps), read
 * in chunks of any size from a producer that reuses its chunk buffer.
 */
import { describe, expect, it, vi } from 'vitest';
import { readLines } from '../../../src/sources/lines.js';
import { FIRST_PASS, SECOND_PASS, WindowRecorder, type FileWindows, type RecorderOptions } from '../../../src/sources/pod-logs/kill-window.js';
import { HEAD_LINES, LogFileParser, MAX_TEXT_CHARS, type LogFileSummary } from '../../../src/sources/pod-logs/log-file-parser.js';
import { SeededRandom } from '../../helpers/seeded-random.js';
import { fixture } from './feed-reader.js';

interface Parsed {
  summary: LogFileSummary;
  /** What a kill-window recorder watching the lines kept. */
  windows: FileWindows | null;
  issues: string[];
  /** Lines the parser was handed as strings. */
  stringLines: number;
}

/** The content in chunks of `size` bytes, all in one buffer that the next chunk overwrites. */
async function* reusedChunks(content: Buffer, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(size);
  for (let start = 0; start < content.length; start += size) {
    const length = content.copy(buffer, 0, start, Math.min(content.length, start + size));
    yield buffer.subarray(0, length);
    buffer.fill(0x58);
  }
}

interface Watch {
  thresholds: number[];
  options: RecorderOptions;
}

async function parse(content: Buffer, chunkSize: number, bytes: boolean, watch: Watch | null = null): Promise<Parsed> {
  const issues: string[] = [];
  const recorder = watch ? new WindowRecorder(watch.thresholds, watch.options) : null;
  const parser = new LogFileParser((line, message) => issues.push(`${line}: ${message}`), recorder);
  const line = vi.spyOn(parser, 'line');
  const sink = bytes ? parser : { line: (text: string, lineNo: number, cut: boolean) => parser.line(text, lineNo, cut) };
  await readLines(reusedChunks(content, chunkSize), sink);
  const summary = parser.finish();
  return { summary, windows: recorder?.finish(false) ?? null, issues, stringLines: line.mock.calls.length };
}

const STAMPS = ['2026-11-27T09:13:31.123456789Z', '2026-11-27T09:13:31Z', '2026-11-27T10:13:31.5+01:00', '2026-11-27T09:13:31.Z', '2026-13-27 09:13:31Z', '2026-11-27T09:13:31.1234567890123-00:30'];
const TAGS = ['F', 'F', 'F', 'F', 'P', 'P:x', 'F:y', 'X', '', ' F'];
/** Pieces of text that make byte and character offsets differ, or do not decode. */
const PIECES = [
  Buffer.from('é'),
  Buffer.from('€'),
  Buffer.from('😀'),
  Buffer.from([0xff]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.from('a'),
  Buffer.from(' '),
  Buffer.from('\r'),
];

/** A text of about `length` bytes, mostly ASCII, with pieces above sprinkled in. */
function text(random: SeededRandom, length: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < length) {
    const part = random.chance(0.2) ? random.pick(PIECES) : Buffer.from('x'.repeat(random.between(1, 40)));
    parts.push(part);
    size += part.length;
  }
  return Buffer.concat(parts);
}

/** A length near the places where cutting is decided: the cap in characters and bytes, the line reader's 64 KiB. */
function textLength(random: SeededRandom): number {
  const near = random.pick([0, 80, 200, MAX_TEXT_CHARS, 3 * MAX_TEXT_CHARS, 4 * MAX_TEXT_CHARS + 8, 64 * 1024]);
  return Math.max(0, near + random.between(-12, 12));
}

function criFile(random: SeededRandom, lines: number): Buffer {
  // CRI lines first, so that the file is read as CRI
  const out: Buffer[] = [Buffer.from(`${STAMPS[0]} stdout F first\n${STAMPS[1]} stderr F second\n`)];
  for (let i = 0; i < lines; i += 1) {
    if (random.chance(0.02)) {
      out.push(text(random, random.between(0, 100)), Buffer.from('\n'));
      continue;
    }
    const head = `${random.chance(0.9) ? STAMPS[0] : random.pick(STAMPS)} ${random.chance(0.5) ? 'stdout' : random.pick(['stderr', 'stdin', 'stdou'])} ${random.chance(0.8) ? 'F' : random.pick(TAGS)}`;
    const body = random.chance(0.1) ? text(random, textLength(random)) : text(random, random.between(0, 120));
    out.push(Buffer.from(head), random.chance(0.03) ? Buffer.alloc(0) : Buffer.from(' '), body, Buffer.from(random.chance(0.05) ? '\r\n' : '\n'));
  }
  if (random.chance(0.5)) out.push(Buffer.from(`${STAMPS[0]} stdout P no newline at the end`));
  return Buffer.concat(out);
}

/** Lines stamped 0.4 s apart from `startMs`, some in other zones, some fragments and bad lines, with generated texts. */
function timedCriFile(random: SeededRandom, startMs: number, lines: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < lines; i += 1) {
    const iso = new Date(startMs + i * 400).toISOString();
    const zone = random.pick(['Z', 'Z', 'Z', 'Z', '+00:00', '+01:00']);
    const stamp =
      zone === 'Z' ? iso.replace('Z', `${random.between(100, 999)}Z`) : zone === '+00:00' ? iso.replace('Z', '+00:00') : new Date(startMs + i * 400 + 3_600_000).toISOString().replace('Z', '+01:00');
    const tag = random.chance(0.05) ? 'P' : 'F';
    out.push(Buffer.from(`${stamp} ${random.chance(0.5) ? 'stdout' : 'stderr'} ${tag} `), text(random, random.chance(0.05) ? textLength(random) : random.between(0, 120)), Buffer.from('\n'));
    if (random.chance(0.01)) out.push(Buffer.from('not a CRI line\n'));
  }
  return Buffer.concat(out);
}

async function expectSamePaths(content: Buffer, chunkSize: number, watch: Watch | null = null): Promise<Parsed> {
  const bytes = await parse(content, chunkSize, true, watch);
  const strings = await parse(content, chunkSize, false, watch);
  expect(bytes.summary).toEqual(strings.summary);
  expect(bytes.windows).toEqual(strings.windows);
  expect(bytes.issues).toEqual(strings.issues);
  return bytes;
}

describe('pod log byte path', () => {
  for (const name of [
    'cri-containerd-partial-lines.log',
    'cri-o-conmon-9-digit-offset.log',
    'cri-containerd-cut-at-start.log',
    'cri-pre-1.9-untagged.log',
    'docker-json-file-split-line.log',
    'plain-text-no-timestamps.log',
  ]) {
    it(`reads the fixture ${name} as the string path does`, async () => {
      const real = await fixture('pod-logs', name);
      // the fixture repeated: past the head lines, where the byte path starts
      const content = Buffer.concat(Array.from({ length: 30 }, () => real));
      for (const chunkSize of [1, 7, 4096, 64 * 1024]) await expectSamePaths(content, chunkSize);
    });
  }

  for (const seed of [1, 2, 3, 42, 20261127]) {
    it(`reads generated CRI files as the string path does (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const content = criFile(random, 600);
      for (const chunkSize of [13, 1000, 64 * 1024]) {
        const parsed = await expectSamePaths(content, chunkSize);
        expect(parsed.summary.format).toBe('cri');
        expect(parsed.summary.tail.some((line) => line.cut)).toBe(true);
      }
    });
  }

  for (const seed of [5, 6, 7]) {
    it(`keeps the same lines around kills as the string path does (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const startMs = Date.UTC(2026, 10, 27, 9, 0, 0);
      const content = timedCriFile(random, startMs, 3000);
      // kills before the file, in it (some far apart, some a line apart), after it
      const inFile = Array.from({ length: 4 }, () => startMs + random.between(30, 2990) * 400 + random.between(-300, 300));
      const thresholds = [startMs - 60_000, ...inFile, inFile[0]! + 1, startMs + 4000 * 400];
      for (const options of [FIRST_PASS, SECOND_PASS]) {
        for (const chunkSize of [17, 4096]) {
          const parsed = await expectSamePaths(content, chunkSize, { thresholds, options });
          expect(parsed.windows?.segments.length).toBeGreaterThan(1);
          // the byte path was taken for most lines, and the lines around kills still came out
          expect(parsed.stringLines).toBeLessThan(parsed.summary.physicalLines);
        }
      }
    });
  }

  it('hands the parser strings only for the head and the lines it cannot read from bytes', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `2026-11-27T09:13:31.${String(i).padStart(9, '0')}Z stdout F request ${i} served in ${i % 97} ms — ok`);
    const { summary, stringLines } = await expectSamePaths(Buffer.from(`${lines.join('\n')}\n`), 4096);
    expect(summary.logicalLines).toBe(1000);
    expect(summary.tail.at(-1)?.text).toBe('request 999 served in 29 ms — ok');
    expect(summary.lastTime).toBe('2026-11-27T09:13:31.000000999Z');
    expect(stringLines).toBe(HEAD_LINES);
  });
});
