/**
 * The child `xz -dc` behind `.tar.xz` input, driven directly: whatever way its reader stops (it
 * takes one chunk and leaves, the input file fails, xz refuses the data while input is still
 * being written), the child is gone when the decoder returns and nothing throws out of band.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ArchiveBreakError } from '../../src/archive/archive-break.js';
import { runningXzWorkers, systemXz, unxzWithCommand } from '../../src/archive/xz-command.js';
import { XZ_CHUNK_BYTES } from '../../src/archive/xz-stream.js';

const xzPath = systemXz();
if (!xzPath) console.log('xz-command.test: skipped: no `xz` command on PATH, or PODMORTEM_XZ=builtin');

/** 16 MiB of log-like text: many output chunks, a few MiB of input. */
const TEXT = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `Nov 27 10:15:02 worker-3 kubelet[812]: line ${i} ${randomBytes(8).toString('hex')}\n`).join(''));

function xz(bytes: Buffer): Buffer {
  return spawnSync('xz', ['-c', '-6'], { input: bytes, maxBuffer: 64 * 1024 * 1024 }).stdout;
}

async function* inPieces(bytes: Buffer, size = 64 * 1024, failAt = Infinity): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) {
    if (at >= failAt) throw new Error('EIO: the input file could not be read');
    yield bytes.subarray(at, at + size);
  }
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

  it('decodes the whole stream, with every byte in order', async () => {
    const parts: Buffer[] = [];
    for await (const chunk of unxzWithCommand(xzPath!, inPieces(packed), () => undefined)) parts.push(chunk);
    expect(Buffer.concat(parts).equals(TEXT)).toBe(true);
    expect(xzChildren()).toEqual([]);
  });

  it('hands the data over in whole pieces, not in the 8 KiB writes xz makes; only the last is short', async () => {
    const sizes: number[] = [];
    for await (const chunk of unxzWithCommand(xzPath!, inPieces(packed), () => undefined)) sizes.push(chunk.length);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(TEXT.length);
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(XZ_CHUNK_BYTES);
    expect(sizes.at(-1)).toBeGreaterThan(0);
  });

  it('a stream shorter than one piece comes out whole, as one piece', async () => {
    const small = TEXT.subarray(0, 1000);
    const parts: Buffer[] = [];
    for await (const chunk of unxzWithCommand(xzPath!, inPieces(xz(small)), () => undefined)) parts.push(chunk);
    expect(parts.length).toBe(1);
    expect(parts[0]!.equals(small)).toBe(true);
    expect(xzChildren()).toEqual([]);
  });

  it('bytes that are not xz after a stream longer than the kept tail are a warning at the exact offset', async () => {
    const warnings: string[] = [];
    const parts: Buffer[] = [];
    const withGarbage = Buffer.concat([packed, Buffer.from('this is not xz, it is a log line\n'.repeat(100))]);
    for await (const chunk of unxzWithCommand(xzPath!, inPieces(withGarbage, 100_000), (message) => warnings.push(message))) parts.push(chunk);
    expect(packed.length).toBeGreaterThan(1024 * 1024);
    expect(Buffer.concat(parts).equals(TEXT)).toBe(true);
    expect(warnings).toEqual([`bytes that are not xz after the end of the xz stream (near byte ${packed.length}) were ignored`]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('a reader that stops after one chunk leaves no child behind', async () => {
    for await (const chunk of unxzWithCommand(xzPath!, inPieces(packed), () => undefined)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(xzChildren()).toEqual([]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('a reader that abandons the stream while xz is busy (the worker holding decoded data ahead) leaves no xz and no worker', async () => {
    // Zeros decode far faster than they are read: xz is blocked on its pipe, the worker paused at its limit.
    const zeros = xz(Buffer.alloc(64 * 1024 * 1024));
    const decoding = unxzWithCommand(xzPath!, inPieces(zeros), () => undefined);
    const first = await decoding.next();
    expect(first.done).toBe(false);
    expect(runningXzWorkers()).toBe(1);
    expect(xzChildren().length).toBe(1);
    await decoding.return(undefined);
    expect(xzChildren()).toEqual([]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('an input that fails part-way ends with that failure and no child', async () => {
    const reading = (async () => {
      for await (const _ of unxzWithCommand(xzPath!, inPieces(packed, 64 * 1024, 256 * 1024), () => undefined));
    })();
    await expect(reading).rejects.toThrow(/EIO/);
    expect(xzChildren()).toEqual([]);
    expect(runningXzWorkers()).toBe(0);
  });

  it('xz refusing the data while more is written (EPIPE) is one break, after what was decoded', async () => {
    const corrupt = Buffer.from(packed);
    corrupt.fill(0x55, 200_000, 200_100);
    let decoded = 0;
    const reading = (async () => {
      for await (const chunk of unxzWithCommand(xzPath!, inPieces(corrupt), () => undefined)) decoded += chunk.length;
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
