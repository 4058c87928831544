/**
 * Hostile archives, generated here, run through the real CLI (in this process, see
 * cli-in-process.ts; the missing path through the built one). Each ends in one of two ways:
 * a one-line error on stderr with exit code 2 (and no report), or the bad entry listed in the
 * report's coverage with the rest analyzed. In every case the input is unchanged and nothing
 * is written but the named outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync, createGzip } from 'node:zlib';
import { tempDir } from '../helpers/bundle.js';
import { runPodmortem, snapshotTree } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { tarBuffer, tarEntryBlocks, tarHeader, TAR_END, type TarEntry } from '../helpers/tar-writer.js';
import { zipBuffer, type ZipEntry } from '../helpers/zip-writer.js';

const PREFIX = 'podmortem-worker-3-20261127T101502Z/';
const MANIFEST = JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node: 'worker-3', items: [] });
const DMESG = '[86412.301290] Memory cgroup out of memory: Killed process 41234 (java) total-vm:1204080kB\n';
const MiB = 1024 * 1024;
const escapeTarget = `/tmp/podmortem-escape-${process.pid}`;

/** A healthy core every hostile archive carries, so "the rest is analyzed" can be checked. */
const CORE: TarEntry[] = [
  { name: `${PREFIX}manifest.json`, data: MANIFEST },
  { name: `${PREFIX}kernel/dmesg.txt`, data: DMESG },
];
const coreZip = (): ZipEntry[] => CORE.map((entry) => ({ name: entry.name, data: entry.data, deflate: true }));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  report: any;
}

let work: Awaited<ReturnType<typeof tempDir>>;
let counter = 0;

/**
 * Runs the CLI on `input` inside a fresh workspace and checks the file-system promises. In this
 * process by default: a node process per case was most of this file's CPU, and what is checked
 * here (exit code, stderr, files written) is runCli's, which the built CLI only wraps.
 */
async function analyze(inputBytes: Buffer | null, name: string, extraArgs: string[] = [], run = runPodmortemInProcess): Promise<Outcome> {
  const workspace = join(work.path, `case-${(counter += 1)}`);
  const tmp = join(workspace, 'tmp');
  await mkdir(join(workspace, 'out'), { recursive: true });
  await mkdir(tmp);
  const input = join(workspace, name);
  if (inputBytes) await writeFile(input, inputBytes);
  const before = await snapshotTree(workspace);
  const outcome = await run(['analyze', input, '-o', join(workspace, 'out/report.html'), '--json', join(workspace, 'out/report.json'), ...extraArgs], {
    env: { TMPDIR: tmp, TMP: tmp, TEMP: tmp },
  });
  const after = await snapshotTree(workspace);
  const added = [...after.keys()].filter((path) => !before.has(path));
  const changed = [...before.keys()].filter((path) => after.get(path) !== before.get(path));
  expect(changed, 'the input and existing files are unchanged').toEqual([]);
  expect(existsSync(escapeTarget), 'nothing was written outside the workspace').toBe(false);
  if (outcome.code === 0) {
    expect(added.sort()).toEqual(['out/report.html', 'out/report.json']);
  } else {
    expect(added, 'a failed run writes nothing').toEqual([]);
  }
  const report = outcome.code === 0 ? JSON.parse(await readFile(join(workspace, 'out/report.json'), 'utf8')) : null;
  return { ...outcome, report };
}

function expectCleanError(outcome: Outcome, message: RegExp): void {
  expect(outcome.code).toBe(2);
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^podmortem: error: /);
  expect(lines[0]).toMatch(message);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}

function expectRejected(outcome: Outcome, name: string | RegExp, reason: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(0);
  const rejected = outcome.report.archive.rejected as { name: string; reason: string }[];
  const hit = rejected.find((entry) => (typeof name === 'string' ? entry.name === name : name.test(entry.name)));
  expect(hit, `${String(name)} in ${JSON.stringify(rejected)}`).toBeDefined();
  expect(hit?.reason).toMatch(reason);
  expectRestAnalyzed(outcome);
}

function expectRestAnalyzed(outcome: Outcome): void {
  expect(outcome.report.node.name).toBe('worker-3');
  const kernel = outcome.report.coverage.find((row: { source: string }) => row.source === 'kernel');
  expect(kernel.files).toBe(1);
}

const tarGz = (entries: TarEntry[]) => gzipSync(tarBuffer([...CORE, ...entries]));
const zip = (entries: ZipEntry[]) => zipBuffer([...coreZip(), ...entries]);

beforeAll(async () => {
  work = await tempDir('podmortem-hostile-');
});
afterAll(async () => work.remove());

/** Symlink chain, link by link: name and target. */
const CHAIN: [string, string][] = [
  [`${PREFIX}stats/top.txt`, 'vmstat.txt'],
  [`${PREFIX}stats/vmstat.txt`, 'free.txt'],
  [`${PREFIX}stats/free.txt`, '../../../../../etc'],
];
const SPECIALS: [string, TarEntry['type'], number][] = [
  [`${PREFIX}dev/sda`, 'block', 0o060600],
  [`${PREFIX}dev/null`, 'char', 0o020666],
  [`${PREFIX}stats/ps.txt`, 'fifo', 0o010644],
];
const NON_UTF8_NAME = Buffer.concat([Buffer.from(`${PREFIX}kernel/`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('.txt')]);
const BIG = Buffer.alloc(2 * MiB, 0x61);

/**
 * Every hostile entry of the cases below, in one archive per format: a spawn per case was most of
 * this file's CPU. Each case still checks its own entries in the shared report, so each can fail
 * alone; and one archive holding all of them at once is no kinder than one at a time.
 */
function hostileEntries(): { tar: TarEntry[]; zip: ZipEntry[] } {
  const plain = (name: string | Buffer, data: string | Buffer = 'x'): TarEntry => ({ name, data });
  // Traversal and an absolute path: plain entries in both formats.
  const outside = [plain('../escape.txt'), plain(`${PREFIX}pods/../../escape2.txt`), plain(escapeTarget)];
  const tar: TarEntry[] = [
    ...outside,
    { name: `${PREFIX}kernel/kern.log`, type: 'symlink', linkname: '/etc/shadow' },
    { name: `${PREFIX}stats/meminfo.txt`, type: 'hardlink', linkname: '../../../../etc/passwd' },
    ...CHAIN.map(([name, linkname]) => ({ name, type: 'symlink' as const, linkname })),
    ...SPECIALS.map(([name, type]) => ({ name, type })),
    plain(`${PREFIX}kernel/dmesg.txt`, 'second copy\n'),
    plain(NON_UTF8_NAME),
    plain(`${PREFIX}kernel/kern.log.1`, BIG),
  ];
  const zip: ZipEntry[] = [
    ...outside.map((entry) => ({ name: entry.name, data: entry.data ?? '' })),
    { name: `${PREFIX}kernel/kern.log`, data: '/etc/shadow', mode: 0o120777 },
    ...CHAIN.map(([name, target]) => ({ name, data: target, mode: 0o120777 })),
    ...SPECIALS.map(([name, , mode]) => ({ name, data: '', mode })),
    { name: `${PREFIX}kernel/dmesg.txt`, data: 'second copy\n' },
    { name: NON_UTF8_NAME, data: 'x', utf8Flag: false },
    { name: `${PREFIX}kernel/kern.log.1`, data: BIG, deflate: true },
  ];
  return { tar, zip };
}

describe.each(['tar.gz', 'zip'] as const)('hostile %s', (format) => {
  const file = `bundle.${format}`;
  let shared: Promise<Outcome> | undefined;
  /** The one analysis of the archive of all hostile entries, made by the first case that asks. */
  const hostile = (): Promise<Outcome> => {
    const { tar, zip: zipEntries } = hostileEntries();
    shared ??= analyze(format === 'tar.gz' ? tarGz(tar) : zip(zipEntries), file, ['--max-entry-bytes', '1M']);
    return shared;
  };

  it('rejects ../ traversal', async () => {
    const outcome = await hostile();
    expectRejected(outcome, '../escape.txt', /escapes the bundle/);
    expectRejected(outcome, `${PREFIX}pods/../../escape2.txt`, /escapes the bundle/);
  });

  it('rejects absolute paths', async () => {
    expectRejected(await hostile(), escapeTarget, /absolute path/);
  });

  it('never follows a symlink or hard link pointing outside', async () => {
    const outcome = await hostile();
    expectRejected(outcome, `${PREFIX}kernel/kern.log`, /symbolic link to \/etc\/shadow: links are not followed/);
    if (format === 'tar.gz') expectRejected(outcome, `${PREFIX}stats/meminfo.txt`, /hard link .*not followed/);
  });

  it('treats a symlink chain as metadata only', async () => {
    const outcome = await hostile();
    for (const [name] of CHAIN) expectRejected(outcome, name, /links are not followed/);
  });

  it('ignores device files and FIFOs', async () => {
    const outcome = await hostile();
    expectRejected(outcome, `${PREFIX}dev/sda`, /block device: ignored/);
    expectRejected(outcome, `${PREFIX}dev/null`, /character device: ignored/);
    expectRejected(outcome, `${PREFIX}stats/ps.txt`, /FIFO: ignored/);
  });

  it('reads the first of duplicate names and lists the rest', async () => {
    const outcome = await hostile();
    expectRejected(outcome, `${PREFIX}kernel/dmesg.txt`, /duplicate name/);
    const kernel = outcome.report.coverage.find((row: { source: string }) => row.source === 'kernel');
    expect(kernel.bytes).toBe(DMESG.length);
  });

  it('rejects a non-UTF-8 entry name', async () => {
    expectRejected(await hostile(), /kernel\/\uFFFD/, /not valid UTF-8/);
  });

  it('rejects an entry larger than the per-entry limit', async () => {
    expectRejected(await hostile(), `${PREFIX}kernel/kern.log.1`, /per-entry limit/);
  });

  // In a zip, 110,000 entries pass the default limit (100,000) by a margin and need the zip64 count.
  // A tar has no entry count to get wrong, so its stop is shown at a limit set by the flag, on 1,100
  // entries: the same stop, a tenth of the 110,000-entry build and read.
  const maxEntries = format === 'zip' ? { total: 110_000, limit: 100_000, args: [] } : { total: 1_100, limit: 1_000, args: ['--max-entries', '1000'] };
  it(`stops at --max-entries with ${maxEntries.total.toLocaleString('en-US')} tiny entries and reports what it read`, async () => {
    const tiny = Array.from({ length: maxEntries.total }, (_, i) => ({ name: `${PREFIX}junk/${i}.txt`, data: 'x' }));
    const outcome = await analyze(format === 'tar.gz' ? tarGz(tiny) : zip(tiny.map((e) => ({ name: e.name, data: e.data }))), file, maxEntries.args);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.archive.stopped).toEqual({ limit: 'max-entries', message: `stopped after ${maxEntries.limit} entries (--max-entries)` });
    expect(outcome.stderr).toMatch(/warning: reading stopped early/);
    expectRestAnalyzed(outcome);
  });
});

describe('bombs', () => {
  it('refuses a tar.gz that expands like a gzip bomb', async () => {
    const path = join(work.path, 'bomb.tar.gz');
    // Zeros expand about 1000× in gzip: 100 MiB passes the 200× limit and its 8 MiB floor by far.
    await writeGzipBomb(path, 100 * MiB);
    const outcome = await analyze(await readFile(path), 'bomb.tar.gz');
    expectCleanError(outcome, /expands more than 200×.*decompression bomb/);
  });

  it('rejects a zip entry with a bomb-like compression ratio and reads the rest', async () => {
    const outcome = await analyze(zip([{ name: `${PREFIX}kernel/kern.log`, data: Buffer.alloc(50 * MiB), deflate: true }]), 'bomb.zip');
    expectRejected(outcome, `${PREFIX}kernel/kern.log`, /compression ratio \d+:1 is over 200:1/);
  });
});

describe('broken and wrong inputs', () => {
  it('reports a truncated tar.gz and analyzes what came before the cut', async () => {
    const whole = tarGz([{ name: `${PREFIX}stats/junk.bin`, data: randomBytes(2 * MiB) }]);
    const cut = whole.length - 100_000;
    const outcome = await analyze(whole.subarray(0, cut), 'truncated.tar.gz');
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.archive.stopped).toEqual({ limit: null, message: `archive cut at ${cut} bytes: the file ends inside the gzip stream (truncated gzip)` });
    expect(outcome.stderr).toMatch(/warning: reading stopped early: archive cut at \d+ bytes/);
    expectRestAnalyzed(outcome);
  });

  it('refuses a zip whose central directory is corrupt from the start', async () => {
    const bytes = zip([]);
    bytes.writeUInt32LE(0xdeadbeef, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    expectCleanError(await analyze(bytes, 'corrupt.zip'), /corrupt zip central directory/);
  });

  it('reports a central directory that breaks after some entries and analyzes those', async () => {
    const bytes = zip([{ name: `${PREFIX}stats/top.txt`, data: 'top - 10:15:02 up 1 day\n' }]);
    bytes.writeUInt32LE(0xdeadbeef, bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const outcome = await analyze(bytes, 'half-corrupt.zip');
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.archive.stopped.message).toMatch(/corrupt zip central directory/);
    expectRestAnalyzed(outcome);
  });

  it('refuses a truncated zip', async () => {
    const bytes = zip([{ name: `${PREFIX}stats/junk.bin`, data: randomBytes(100_000) }]);
    expectCleanError(await analyze(bytes.subarray(0, 60_000), 'truncated.zip'), /corrupt zip/);
  });

  it('skips a tar entry whose header checksum is corrupt and reads the rest', async () => {
    const good = tarBuffer([...CORE, { name: `${PREFIX}stats/vmstat.txt`, data: 'procs\n' }]);
    const corrupt = Buffer.from(good);
    const vmstatHeader = corrupt.indexOf(Buffer.from(`${PREFIX}stats/vmstat.txt`));
    corrupt[vmstatHeader + 148] = 0x37; // one checksum digit
    const outcome = await analyze(gzipSync(corrupt), 'checksum.tar.gz');
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.archive.warnings.join(' ')).toMatch(/checksum/);
    expectRestAnalyzed(outcome);
  });

  it('refuses an empty file', async () => {
    expectCleanError(await analyze(Buffer.alloc(0), 'empty.tar.gz'), /empty file/);
  });

  it('refuses a file that is not an archive', async () => {
    expectCleanError(await analyze(Buffer.from('just some notes\n'.repeat(100)), 'notes.tar.gz'), /not a tar, tar.gz, tar.xz or zip archive/);
  });

  it('refuses a gzip file that holds neither a tar nor a log file it recognises', async () => {
    expectCleanError(await analyze(gzipSync('plain text, not a tar\n'.repeat(50)), 'dmesg.gz'), /not a tar, tar\.gz, tar\.xz or zip archive, nor a directory, nor a log file/);
  });

  it('refuses a missing path', async () => {
    // Through the built CLI: the one case here that shows its process exits 2 with one line.
    expectCleanError(await analyze(null, 'no-such-bundle.tar.gz', [], runPodmortem), /input not found/);
  });
});

/** One tar entry of `size` zero bytes, streamed through gzip so the bomb is never held in memory. */
async function writeGzipBomb(path: string, size: number): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const done = new Promise<void>((resolve, reject) => gzip.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject));
  for (const block of CORE.flatMap(tarEntryBlocks)) gzip.write(block);
  gzip.write(tarHeader({ name: `${PREFIX}stats/zeros.bin` }, size));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += MiB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end(TAR_END);
  await done;
}
