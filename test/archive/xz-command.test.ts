/**
 * The child `xz -dc` behind `.tar.xz` input, driven directly: whatever way its reader stops (it
 * takes one chunk and leaves, the input file fails, xz refuses the data while input is still
 * being written), the child is gone when the decoder returns and nothing throws out of band. The
 * worker reads the file itself: how far it read and the file's sha256 come back with the bytes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveBreakError } from '../../src/archive/archive-break.js';
import { runningXzWorkers, systemXz, unxzWithCommand, XZ_PIECE_BYTES } from '../../src/archive/xz-command.js';

const xzPath = systemXz();
if (!xzPath) console.log('xz-command.test: skipped: no `xz` command on PATH, or PODMORTEM_XZ=builtin');

/** 16 MiB of log-like text: many output chunks, a few MiB of input. */
const TEXT = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `Nov 27 10:15:02 worker-3 kubelet[812]: line ${i} ${randomBytes(8).toString('hex')}\n`).join(''));

function xz(bytes: Buffer): Buffer {
  return spawnSync('xz', ['-c', '-6'], { input: bytes, maxBuffer: 64 * 1024 * 1024 }).stdout;
}

const folder = mkdtempSync(join(tmpdir(), 'xz-command-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

/** The bytes as a file of their own, for the worker to read. */
function inFile(bytes: Buffer): string {
  const path = join(folder, `input-${(files += 1)}.xz`);
  writeFileSync(path, bytes);
  return path;
}

/** What the decoder says of its input: bytes read and the file's hash. */
function progress(): { counts: { compressedBytes: number }; sha256: string | null | undefined; onFileHash(sha256: string | null): void } {
  return {
    counts: { compressedBytes: 0 },
    sha256: undefined,
    onFileHash(sha256) {
      this.sha256 = sha256;
    },
  };
}

function decode(bytes: Buffer | string, onWarning: (message: string) => void = () => undefined, seen = progress()): AsyncGenerator<Buffer> {
  return unxzWithCommand(xzPath!, typeof bytes === 'string' ? bytes : inFile(bytes), seen, onWarning);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Live (not zombie) or zombie `xz` children of this process. */
function xzChildren(): string[] {
  if (!existsSync('/proc')) return [];
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    // ps exits 1 when there is no child at all
  }
  return out.split('\n').filter((line) => /\bxz\b/.test(line));
}

describe.skipIf(!xzPath)('xz -dc as a child process', () => {
  const packed = xz(TEXT);

  it('decodes the whole stream, with every byte in order, and says how much of the file it read and its sha256', async () => {
    const parts: Buffer[] = [];
    const seen = progress();
    for await (const chunk of decode(packed, undefined, seen)) parts.push(chunk);
    expect(Buffer.concat(parts).equals(TEXT)).toBe(true);
    expect(seen.counts.compressedBytes).toBe(packed.length);
    expect(seen.sha256).toBe(sha256(packed));
    expect(xzChildren()).toEqual([]);
  });

  it('hands the data over in whole pieces, not in the 8 KiB writes xz makes; only the last is short', async () => {
    const sizes: number[] = [];
    for await (const chunk of decode(packed)) sizes.push(chunk.length);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(TEXT.length);
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(XZ_PIECE_BYTES);
    expect(sizes.at(-1)).toBeGreaterThan(0);
  });

  it('a stream shorter than one piece comes out whole, as one piece', async () => {
    const small = TEXT.subarray(0, 1000);
    const parts: Buffer[] = [];
    for await (const chunk of decode(xz(small))) parts.push(chunk);
    expect(parts.length).toBe(1);
    expect(parts[0]!.equals(small)).toBe(true);
    expect(xzChildren()).toEqual([]);
  });

  it('bytes that are not xz after a stream longer than the kept tail are a warning at the exact offset', async () => {
    const warnings: string[] = [];
    const parts: Buffer[] = [];
    const withGarbage = Buffer.concat([packed, Buffer.from('this is not xz, it is a log line\n'.repeat(100))]);
    const seen = progress();
    for await (const chunk of decode(withGarbage, (message) => warnings.push(message), seen)) parts.push(chunk);
    expect(packed.length).toBeGreaterThan(1024 * 1024);
    expect(Buffer.concat(parts).equals(TEXT)).toBe(true);
    expect(warnings).toEqual([`bytes that are not xz after the end of the xz stream (near byte ${packed.length}) were ignored`]);
    // xz stopped reading at the garbage; the hash still covers the whole file.
    expect(seen.sha256).toBe(sha256(withGarbage));
    expect(runningXzWorkers()).toBe(0);
  });

  it('a reader that stops after one chunk leaves no child behind (and gets no hash: the file was not read to its end)', async () => {
    const seen = progress();
    for await (const chunk of decode(packed, undefined, seen)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(seen.sha256).toBeNull();
    expect(xzChildren()).toEqual([]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('a reader that abandons the stream while xz is busy (the worker holding decoded data ahead) leaves no xz and no worker', async () => {
    // Zeros decode far faster than they are read: xz is blocked on its pipe, the worker paused at its limit.
    const zeros = xz(Buffer.alloc(64 * 1024 * 1024));
    const decoding = decode(zeros);
    const first = await decoding.next();
    expect(first.done).toBe(false);
    expect(runningXzWorkers()).toBe(1);
    expect(xzChildren().length).toBe(1);
    await decoding.return(undefined);
    expect(xzChildren()).toEqual([]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('an input that cannot be read ends with that failure, no hash and no child', async () => {
    const seen = progress();
    const reading = (async () => {
      for await (const _ of decode(folder, undefined, seen));
    })();
    await expect(reading).rejects.toThrow(/EISDIR/);
    expect(seen.sha256).toBeNull();
    expect(xzChildren()).toEqual([]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('xz refusing the data while more is written (EPIPE) is one break, after what was decoded', async () => {
    const corrupt = Buffer.from(packed);
    corrupt.fill(0x55, 200_000, 200_100);
    let decoded = 0;
    const reading = (async () => {
      for await (const chunk of decode(corrupt)) decoded += chunk.length;
    })();
    const error = await reading.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ArchiveBreakError);
    expect((error as ArchiveBreakError).message).toMatch(/^archive cut near byte \d+: corrupt xz data \(Compressed data is corrupt\)/);
    expect((error as ArchiveBreakError).atByte).toBeGreaterThanOrEqual(200_000);
    expect(decoded).toBeGreaterThan(0);
    expect(xzChildren()).toEqual([]);
  });
});
