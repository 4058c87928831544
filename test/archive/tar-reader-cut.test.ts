/**
 * The tar reader on a stream that breaks: a tar or tar.gz cut inside an entry's data, a bad CRC,
 * trailing garbage. Real archives written by the test tar writer and Node's gzip, cut with
 * `subarray`. The reader must hand over every complete entry, end the cut one with an error its
 * consumer can catch, end its own iteration with the break (where and what), and never hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../helpers/bundle.js';
import { tarBuffer } from '../helpers/tar-writer.js';
import { ArchiveBreakError } from '../../src/archive/archive-break.js';
import { EntryCutError } from '../../src/archive/metered-content.js';
import { readTarEntries, type TarStreamStats } from '../../src/archive/tar-reader.js';
import { detectInput, readArchive, DEFAULT_LIMITS, type RejectedEntry } from '../../src/archive/index.js';

const MANIFEST = '{"format":"podmortem-bundle","formatVersion":1,"node":"worker-3"}';
/** Random bytes do not compress: a cut in the gzip lands at the same place in the tar. */
const BIG = randomBytes(300_000);
const TAR = tarBuffer([
  { name: 'b/manifest.json', data: MANIFEST },
  { name: 'b/stats/big.bin', data: BIG },
  { name: 'b/kernel/dmesg.txt', data: '[1.0] late\n' },
]);
const GZ = gzipSync(TAR);
const BIG_DATA_START = 512 * 3; // manifest header + one data block, then big.bin's header

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('podmortem-tar-cut-');
});
afterAll(async () => dir.remove());

interface Visit {
  name: string;
  bytes: number;
  error: unknown;
}

/** Reads every entry (or only the first `readBytes` of each); collects what each consumer saw. */
async function readAllEntries(file: string, gzip: boolean, readBytes = Infinity) {
  const stats: TarStreamStats = { compressedBytes: 0, tarBytes: 0, sha256: null };
  const warnings: string[] = [];
  const visits: Visit[] = [];
  let end: unknown = null;
  try {
    for await (const entry of readTarEntries(file, { compression: gzip ? 'gzip' : 'none', onWarning: (w) => warnings.push(w) }, stats)) {
      const visit: Visit = { name: entry.name, bytes: 0, error: null };
      visits.push(visit);
      if (entry.kind !== 'file') continue;
      try {
        for await (const chunk of entry.open()) {
          visit.bytes += chunk.length;
          if (visit.bytes >= readBytes) break;
        }
      } catch (error) {
        visit.error = error;
      }
    }
  } catch (error) {
    end = error;
  }
  return { visits, end, stats, warnings };
}

async function write(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, bytes);
  return path;
}

describe.each([
  { format: 'tar.gz', gzip: true, whole: GZ },
  { format: 'tar', gzip: false, whole: TAR },
])('a $format cut inside an entry', ({ format, gzip, whole }) => {
  // Half-way through big.bin's data, both in the tar and (random data) in the gzip.
  const cut = BIG_DATA_START + 150_000 + (gzip ? 20 : 0);

  it('ends the cut entry with an EntryCutError, then ends the iteration with the break', async () => {
    const file = await write(`cut.${format}`, whole.subarray(0, cut));
    const { visits, end, stats } = await readAllEntries(file, gzip);
    expect(visits.map((v) => v.name)).toEqual(['b/manifest.json', 'b/stats/big.bin']);
    expect(visits[0]).toMatchObject({ bytes: MANIFEST.length, error: null });
    expect(visits[1]!.error).toBeInstanceOf(EntryCutError);
    expect((visits[1]!.error as Error).message).toMatch(/^cut: the archive breaks inside this entry after \d+ of 300000 bytes/);
    // Everything that reached the reader before the cut was handed over (gzip: all but the header bytes).
    expect(visits[1]!.bytes).toBeGreaterThan(140_000);
    expect(visits[1]!.bytes).toBeLessThan(BIG.length);
    expect(end).toBeInstanceOf(ArchiveBreakError);
    expect((end as ArchiveBreakError).atByte).toBe(cut);
    expect((end as Error).message).toMatch(new RegExp(`^archive cut at ${cut} bytes: .*truncated ${gzip ? 'gzip' : 'tar'}`));
    expect(stats.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ends the same way when the consumer does not open the cut entry', async () => {
    const file = await write(`cut-unread.${format}`, whole.subarray(0, cut));
    const { visits, end } = await readAllEntries(file, gzip, 0);
    expect(visits.map((v) => v.name)).toEqual(['b/manifest.json', 'b/stats/big.bin']);
    expect(end).toBeInstanceOf(ArchiveBreakError);
  });

  it('ends the same way when the consumer reads only the head of the cut entry', async () => {
    const file = await write(`cut-head.${format}`, whole.subarray(0, cut));
    const { visits, end } = await readAllEntries(file, gzip, 1000);
    expect(visits[1]!.error).toBeNull();
    expect(end).toBeInstanceOf(ArchiveBreakError);
  });

  it('lets readArchive list the entry as partly read and set stopped', async () => {
    const file = await write(`cut-archive.${format}`, whole.subarray(0, cut));
    const rejected: RejectedEntry[] = [];
    const read: string[] = [];
    const result = await readArchive(await detectInput(file), DEFAULT_LIMITS, {
      reject: (entry) => void rejected.push(entry),
      entry: async (entry) => {
        for await (const _chunk of entry.open()) {
          /* drained: only the path is recorded */
        }
        read.push(entry.path);
      },
    });
    expect(read).toEqual(['b/manifest.json']);
    expect(rejected).toEqual([expect.objectContaining({ name: 'b/stats/big.bin', partlyRead: true, reason: expect.stringMatching(/^cut: /) })]);
    expect(result.stopped).toEqual({ limit: null, message: expect.stringMatching(new RegExp(`^archive cut at ${cut} bytes: `)) });
    expect(result.entries).toBe(2);
  });
});

describe('a tar.gz damaged after its data', () => {
  it('reads every entry and stops with the offset of a bad CRC-32', async () => {
    const damaged = Buffer.from(GZ);
    damaged[damaged.length - 8] = damaged[damaged.length - 8]! ^ 0x01;
    const { visits, end } = await readAllEntries(await write('crc.tar.gz', damaged), true);
    expect(visits.map((v) => [v.name, v.bytes, v.error])).toEqual([
      ['b/manifest.json', MANIFEST.length, null],
      ['b/stats/big.bin', BIG.length, null],
      ['b/kernel/dmesg.txt', 11, null],
    ]);
    expect((end as Error).message).toBe(`archive cut at ${GZ.length - 8} bytes: bad gzip CRC-32: the data read may be damaged`);
  });

  it('reads every entry and only warns about trailing garbage', async () => {
    const { visits, end, warnings, stats } = await readAllEntries(await write('garbage.tar.gz', Buffer.concat([GZ, Buffer.from('not gzip at all')])), true);
    expect(visits).toHaveLength(3);
    expect(end).toBeNull();
    expect(warnings).toEqual([`15 bytes of trailing garbage after the end of the gzip stream (from byte ${GZ.length}) were ignored`]);
    expect(stats.compressedBytes).toBe(GZ.length + 15);
  });

  it('reads a second gzip member and ignores zero padding', async () => {
    const half = TAR.length / 2 - ((TAR.length / 2) % 512);
    const twoMembers = Buffer.concat([gzipSync(TAR.subarray(0, half)), gzipSync(TAR.subarray(half)), Buffer.alloc(4096)]);
    const { visits, end, warnings } = await readAllEntries(await write('members.tar.gz', twoMembers), true);
    expect(visits.map((v) => v.bytes)).toEqual([MANIFEST.length, BIG.length, 11]);
    expect(end).toBeNull();
    expect(warnings).toEqual([]);
  });
});

describe('a tar.gz cut inside a rotated log that is itself gzip', () => {
  it('ends that entry with the archive cut, not a hang or a stray error', async () => {
    const rotated = gzipSync(randomBytes(200_000));
    const tar = tarBuffer([
      { name: 'b/manifest.json', data: MANIFEST },
      { name: 'b/pods/a_b_c/d/0.log.20261127-101500.gz', data: rotated },
    ]);
    const cut = 512 * 3 + 100_000;
    const file = await write('cut-nested.tar', tar.subarray(0, cut));
    const rejected: RejectedEntry[] = [];
    let read = 0;
    const result = await readArchive(await detectInput(file), DEFAULT_LIMITS, {
      reject: (entry) => void rejected.push(entry),
      entry: async (entry) => {
        for await (const chunk of entry.open()) read += chunk.length;
      },
    });
    expect(rejected).toEqual([
      expect.objectContaining({ name: 'b/pods/a_b_c/d/0.log.20261127-101500.gz', partlyRead: true, reason: expect.stringMatching(/^cut: the archive breaks inside this entry/) }),
    ]);
    expect(read).toBeGreaterThan(MANIFEST.length + 90_000);
    expect(result.stopped?.message).toMatch(new RegExp(`^archive cut at ${cut} bytes: the tar data ends inside an entry`));
  });
});
