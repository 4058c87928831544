/**
 * Damaged copies of the real sample bundles, the way they arrive on a ticket: cut by an
 * interrupted `scp` or `kubectl cp` at many offsets, flipped bits, a damaged gzip CRC or length,
 * garbage after the gzip, a damaged tar header, a damaged zip. Seeded, so every case can be
 * rebuilt from its name. Most cases run through the in-process `analyze()`; a sample of them
 * through the real CLI process. Every run ends with a report (exit 0) or one clear line (exit 2),
 * never an internal error (exit 1), a stack trace or a hang; a cut says where it is and the
 * report still holds what came before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { tempDir } from '../helpers/bundle.js';
import { REPO_ROOT, runPodmortem } from '../helpers/cli.js';
import { flipBytes, SeededRandom } from '../helpers/seeded-random.js';
import { zipBuffer, type ZipEntry } from '../helpers/zip-writer.js';
import { DEFAULT_LIMITS } from '../../src/archive/index.js';
import { isBundleError } from '../../src/errors.js';
import { analyze } from '../../src/pipeline.js';
import { renderJson } from '../../src/report/index.js';

/** Another seed explores other damage: PODMORTEM_MUTATION_SEED=7 npx vitest run test/archive/archive-mutations.test.ts */
const SEED = Number(process.env.PODMORTEM_MUTATION_SEED ?? 11);
const SAMPLES = ['oom-burstable-containerd', 'node-pressure-cgroupfs', 'debug-pod-minimal'];
/** A hang is a failure with the case's name, not a vitest timeout that names nothing. */
const HANG_GUARD_MS = 60_000;
const CLI_CASES = 8;

interface TarLayout {
  /** Byte offset in the tar just after each real entry's header block (meta blocks not counted). */
  headerEnds: number[];
  manifestDataEnd: number;
  /** Where the two zero blocks that end the tar begin. */
  endBlocks: number;
}

/** What a damaged file must give; null fields are not checked for that case. */
interface Expect {
  /** Exit code the run must end with; null: 0 or 2. */
  code: 0 | 2 | null;
  /** The exact `archive.stopped.message` start, or null for "not stopped". undefined: not checked. */
  stoppedAt?: string | null;
  /** `archive.entries` must be exactly this. */
  entries?: number;
  /** The node name the whole bundle gives (the manifest was read). */
  node?: string;
  /** A warning line that must be present. */
  warning?: RegExp;
  /** What the one error line must say, for an exit 2. */
  error?: RegExp;
  /** An entry that must be listed as partly read. */
  cutEntry?: RegExp;
}

interface Case {
  name: string;
  file: string;
  bytes: Buffer;
  expect: Expect;
}

interface Outcome {
  code: number;
  report: any;
  warnings: string[];
  error: string | null;
}

interface Sample {
  name: string;
  gz: Buffer;
  tar: Buffer;
  layout: TarLayout;
  node: string;
}

let work: Awaited<ReturnType<typeof tempDir>>;
const samples: Sample[] = [];
const cases: Case[] = [];

beforeAll(async () => {
  work = await tempDir('podmortem-mutations-');
  for (const name of SAMPLES) {
    const gz = await readFile(join(REPO_ROOT, 'samples/bundles', `${name}.tar.gz`));
    const tar = gunzipSync(gz);
    const whole = await runInProcess(gz, `${name}-whole.tar.gz`);
    expect(whole.code, whole.error ?? '').toBe(0);
    samples.push({ name, gz, tar, layout: tarLayout(tar), node: whole.report.node.name });
  }
  const random = new SeededRandom(SEED);
  for (const sample of samples) cases.push(...gzipCases(sample, random.fork(sample.name)), ...tarCases(sample, random.fork(`tar ${sample.name}`)));
  cases.push(...zipCases(samples[0]!, random.fork('zip')));
});
afterAll(async () => work?.remove());

describe(`damaged sample bundles (seed ${SEED})`, () => {
  it('each ends in a report or one clear line, in process', { timeout: 180_000 }, async () => {
    expect(cases.length).toBeGreaterThan(150);
    for (const mutation of cases) {
      const outcome = await guard(mutation.name, runInProcess(mutation.bytes, mutation.file));
      checkOutcome(mutation, outcome);
    }
  });

  it('each of a sample ends the same way through the real CLI process, with no stack trace', { timeout: 180_000 }, async () => {
    const step = Math.floor(cases.length / CLI_CASES);
    for (let i = 0; i < CLI_CASES; i += 1) {
      const mutation = cases[i * step]!;
      const dir = join(work.path, `cli-${i}`);
      await mkdir(dir);
      const input = join(dir, mutation.file);
      await writeFile(input, mutation.bytes);
      const run = await guard(mutation.name, runPodmortem(['analyze', input, '-o', join(dir, 'r.html'), '--json', join(dir, 'r.json')]));
      expect([0, 2], `${mutation.name}: ${run.stderr}`).toContain(run.code);
      expect(run.stderr, mutation.name).not.toMatch(/^\s+at /m);
      expect(run.stderr, mutation.name).not.toMatch(/please report|Unhandled|node:internal/);
      for (const line of run.stderr.trimEnd().split('\n').filter(Boolean)) expect(line, mutation.name).toMatch(/^podmortem: (warning|error): /);
      if (run.code === 2) {
        expect(run.stderr.trimEnd().split('\n'), mutation.name).toHaveLength(1);
        expect(existsSync(join(dir, 'r.json')), mutation.name).toBe(false);
        checkOutcome(mutation, { code: 2, report: null, warnings: [], error: run.stderr.trim() });
      } else {
        const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
        const warnings = run.stderr
          .split('\n')
          .filter((line) => line.startsWith('podmortem: warning: '))
          .map((line) => line.slice('podmortem: warning: '.length));
        checkOutcome(mutation, { code: 0, report, warnings, error: null });
      }
    }
  });
});

async function runInProcess(bytes: Buffer, file: string): Promise<Outcome> {
  const input = join(work.path, file);
  await writeFile(input, bytes);
  try {
    const result = await analyze({ input, htmlPath: null, jsonPath: null, limits: DEFAULT_LIMITS, generatedAt: null, stdout: new PassThrough(), failOn: null });
    return { code: 0, report: JSON.parse(renderJson(result.report)), warnings: result.warnings, error: null };
  } catch (error) {
    // Anything but a BundleError would be exit 1 ("internal error, please report") in the CLI.
    if (!isBundleError(error)) return { code: 1, report: null, warnings: [], error: String((error as Error).stack ?? error) };
    return { code: 2, report: null, warnings: [], error: error.message };
  }
}

function checkOutcome(mutation: Case, outcome: Outcome): void {
  const label = `${mutation.name}: ${outcome.error ?? JSON.stringify(outcome.report?.archive?.stopped)}`;
  const { expect: want } = mutation;
  expect([0, 2], label).toContain(outcome.code);
  if (want.code !== null) expect(outcome.code, label).toBe(want.code);
  if (outcome.code === 2) {
    expect(outcome.error, label).not.toMatch(/\n/);
    if (want.error) expect(outcome.error, label).toMatch(want.error);
    return;
  }
  const archive = outcome.report.archive;
  if (want.stoppedAt === null) expect(archive.stopped, label).toBeNull();
  if (want.stoppedAt) expect(archive.stopped?.message ?? '', label).toMatch(new RegExp(`^${escape(want.stoppedAt)}`));
  if (archive.stopped) expect(archive.stopped.message, label).toMatch(/^archive cut at \d+ bytes: |--max/);
  if (want.entries !== undefined) expect(archive.entries, label).toBe(want.entries);
  if (want.node !== undefined) expect(outcome.report.node.name, label).toBe(want.node);
  if (want.warning) expect(outcome.warnings.join('\n'), label).toMatch(want.warning);
  if (want.cutEntry) {
    const cut = archive.rejected.find((entry: { name: string; partlyRead: boolean }) => want.cutEntry!.test(entry.name) && entry.partlyRead);
    expect(cut, `${label} ${JSON.stringify(archive.rejected)}`).toBeDefined();
  }
}

/** Cuts at 40 evenly spread offsets and near both ends (the largest sample), fewer for the others; flips; CRC; garbage. */
function gzipCases(sample: Sample, random: SeededRandom): Case[] {
  const { gz } = sample;
  const out: Case[] = [];
  const spread = sample === samples[0] ? 40 : 8;
  const cuts = new Set<number>();
  for (let i = 1; i <= spread; i += 1) cuts.add(Math.floor((gz.length * i) / (spread + 1)));
  for (const near of [1, 10, 18, 64, 300, 700, 1500]) cuts.add(near);
  for (const back of [1, 4, 7, 8, 9, 12, 30, 200]) cuts.add(gz.length - back);
  for (let i = 0; i < 4; i += 1) cuts.add(1 + random.int(gz.length - 1));
  for (const cut of [...cuts].sort((a, b) => a - b)) out.push(truncationCase(sample, cut));

  for (let i = 0; i < 10; i += 1) {
    out.push({ name: `${sample.name} flip #${i}`, file: `flip-${i}.tar.gz`, bytes: flipBytes(random, gz, 1 + random.int(3)), expect: { code: null } });
  }
  const crc = Buffer.from(gz);
  flipAt(random, crc, gz.length - 8 + random.int(4));
  out.push({ name: `${sample.name} bad CRC`, file: 'crc.tar.gz', bytes: crc, expect: { code: 0, stoppedAt: `archive cut at ${gz.length - 8} bytes: bad gzip CRC-32`, node: sample.node } });
  const isize = Buffer.from(gz);
  flipAt(random, isize, gz.length - 4 + random.int(4));
  out.push({ name: `${sample.name} bad ISIZE`, file: 'isize.tar.gz', bytes: isize, expect: { code: 0, stoppedAt: `archive cut at ${gz.length - 4} bytes: bad gzip length`, node: sample.node } });

  const whole = { code: 0 as const, node: sample.node, entries: sample.layout.headerEnds.length };
  const garbage = Buffer.concat([gz, random.bytes(1 + random.int(3000))]);
  garbage[gz.length] = 0x42; // not a zero, not a gzip magic
  out.push({ name: `${sample.name} trailing garbage`, file: 'garbage.tar.gz', bytes: garbage, expect: { ...whole, stoppedAt: null, warning: /trailing garbage after the end of the gzip stream/ } });
  out.push({ name: `${sample.name} trailing zeros`, file: 'zeros.tar.gz', bytes: Buffer.concat([gz, Buffer.alloc(random.int(20_000))]), expect: { ...whole, stoppedAt: null } });
  const again = Buffer.concat([gz, gz.subarray(0, 20 + random.int(gz.length - 20))]);
  out.push({ name: `${sample.name} a second, cut copy`, file: 'again.tar.gz', bytes: again, expect: { ...whole, stoppedAt: null, warning: /after the end of the tar data: every entry was read/ } });
  return out;
}

/** What a tar.gz cut at `cut` must give, worked out from what zlib can decompress of the prefix. */
function truncationCase(sample: Sample, cut: number): Case {
  const available = inflatedPrefix(sample.gz.subarray(0, cut)).length;
  const { headerEnds, manifestDataEnd, endBlocks } = sample.layout;
  const entries = headerEnds.filter((end) => end <= available).length;
  // One byte is not yet recognisable as gzip.
  const error = cut < 2 ? /not a tar, tar.gz, tar.xz or zip archive/ : /ends before its first tar header is complete|archive cut at \d+ bytes/;
  const want: Expect = { code: entries > 0 ? 0 : 2, error };
  if (entries > 0) {
    want.entries = entries;
    if (available >= endBlocks + 1024) {
      want.stoppedAt = null;
      want.warning = new RegExp(`archive cut at ${cut} bytes: .*after the end of the tar data`);
    } else {
      want.stoppedAt = `archive cut at ${cut} bytes: `;
      want.warning = /reading stopped early: archive cut at/;
    }
    if (available >= manifestDataEnd) want.node = sample.node;
    if (available < manifestDataEnd && entries === 1) want.cutEntry = /manifest\.json$/;
  }
  return { name: `${sample.name} cut at ${cut} of ${sample.gz.length}`, file: `cut-${cut}.tar.gz`, bytes: sample.gz.subarray(0, cut), expect: want };
}

/** Damaged tar headers (re-gzipped) and a plain tar cut at a few places. */
function tarCases(sample: Sample, random: SeededRandom): Case[] {
  const out: Case[] = [];
  const { tar, layout } = sample;
  for (let i = 0; i < 4; i += 1) {
    const which = 1 + random.int(layout.headerEnds.length - 1); // the manifest's header stays whole
    const damaged = Buffer.from(tar);
    let at = random.int(512);
    if (at >= 148 && at < 156) at += 8; // not the checksum field itself
    flipAt(random, damaged, layout.headerEnds[which]! - 512 + at);
    out.push({
      name: `${sample.name} tar header #${which} byte ${at} damaged`,
      file: `header-${i}.tar.gz`,
      bytes: gzipSync(damaged),
      expect: { code: 0, node: sample.node, warning: /bad tar header skipped \((checksum failure|invalid)/ },
    });
  }
  for (let i = 0; i < 3; i += 1) {
    const cut = layout.headerEnds[0]! + random.int(layout.endBlocks - layout.headerEnds[0]!);
    out.push({
      name: `${sample.name} plain tar cut at ${cut}`,
      file: `cut-${cut}.tar`,
      bytes: tar.subarray(0, cut),
      expect: { code: 0, stoppedAt: `archive cut at ${cut} bytes: the tar data ends`, entries: layout.headerEnds.filter((end) => end <= cut).length },
    });
  }
  return out;
}

/** A zip of the sample's files: cut (no central directory: a clear refusal is fine), flipped entry data, damaged directory. */
function zipCases(sample: Sample, random: SeededRandom): Case[] {
  const entries = tarFiles(sample.tar).map(({ name, data }): ZipEntry => ({ name, data, deflate: random.chance(0.7) }));
  const zip = zipBuffer(entries);
  const out: Case[] = [];
  out.push({ name: 'zip whole', file: 'whole.zip', bytes: zip, expect: { code: 0, node: sample.node, stoppedAt: null } });
  for (let i = 0; i < 6; i += 1) {
    const cut = 1 + random.int(zip.length - 1);
    out.push({ name: `zip cut at ${cut}`, file: `cut-${cut}.zip`, bytes: zip.subarray(0, cut), expect: { code: 2, error: /corrupt zip/ } });
  }
  const manifest = entries.findIndex((entry) => String(entry.name).endsWith('/manifest.json'));
  for (let i = 0; i < 8; i += 1) {
    const target = i < 3 ? manifest : random.int(entries.length);
    const span = entryDataSpan(zip, target);
    if (span.length < 2) continue;
    const damaged = Buffer.from(zip);
    // Not the last byte: the bits after a deflate stream's end code are padding and change nothing.
    flipAt(random, damaged, span.start + random.int(span.length - 1));
    const name = String(entries[target]!.name);
    const want: Expect = target === manifest ? { code: 0, cutEntry: /manifest\.json$/ } : { code: 0, node: sample.node };
    out.push({ name: `zip data of ${basename(name)} flipped`, file: `flip-${i}.zip`, bytes: damaged, expect: want });
  }
  const directory = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  for (let i = 0; i < 4; i += 1) {
    const damaged = Buffer.from(zip);
    flipAt(random, damaged, directory + random.int(zip.length - directory));
    out.push({ name: `zip central directory damaged #${i}`, file: `directory-${i}.zip`, bytes: damaged, expect: { code: null } });
  }
  return out;
}

/** Where the compressed data of the `index`-th local entry lies (the writer puts entries in order, no data descriptor). */
function entryDataSpan(zip: Buffer, index: number): { start: number; length: number } {
  let at = 0;
  for (let i = 0; ; i += 1) {
    const compressed = zip.readUInt32LE(at + 18);
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    if (i === index) return { start, length: compressed };
    at = start + compressed;
  }
}

/** The tar's file entries (names resolved by the tar module, GNU long names included). */
function tarFiles(tar: Buffer): { name: string; data: Buffer }[] {
  const files: { name: string; data: Buffer }[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        if (entry.type === 'File') files.push({ name: entry.path, data: Buffer.concat(chunks) });
      });
    },
  });
  parser.end(tar);
  expect(files.length).toBeGreaterThan(10);
  return files;
}

/** Walks the tar headers by their size fields (independently of the reader under test). */
function tarLayout(tar: Buffer): TarLayout {
  const headerEnds: number[] = [];
  let manifestDataEnd = -1;
  let longName: string | null = null;
  let at = 0;
  while (at + 512 <= tar.length && !tar.subarray(at, at + 512).equals(Buffer.alloc(512))) {
    const size = parseInt(
      tar
        .subarray(at + 124, at + 136)
        .toString('latin1')
        .replace(/[\0 ]+$/, '') || '0',
      8,
    );
    const type = String.fromCharCode(tar[at + 156]!);
    const dataEnd = at + 512 + size;
    const name =
      longName ??
      tar
        .subarray(at, at + 100)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    longName = null;
    if (type === 'L')
      longName = tar
        .subarray(at + 512, dataEnd)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    else if (!'Kxg'.includes(type)) {
      headerEnds.push(at + 512);
      if (name.endsWith('/manifest.json')) manifestDataEnd = dataEnd;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  expect(manifestDataEnd, 'the sample has a manifest').toBeGreaterThan(0);
  return { headerEnds, manifestDataEnd, endBlocks: at };
}

/** All zlib can decompress of a cut gzip. */
function inflatedPrefix(prefix: Buffer): Buffer {
  try {
    return gunzipSync(prefix, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

/** XORs one byte with a non-zero mask, so the byte always changes. */
function flipAt(random: SeededRandom, bytes: Buffer, at: number): void {
  bytes[at] = bytes[at]! ^ (1 + random.int(255));
}

async function guard<T>(name: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result after ${HANG_GUARD_MS / 1000} s (a hang)`)), HANG_GUARD_MS);
  });
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
