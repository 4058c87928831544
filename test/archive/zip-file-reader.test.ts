/**
 * The windowed file reader under yauzl: every read gives the file's own bytes wherever it starts
 * and however long it is (inside a window, across its end, longer than one, at the end of the
 * file), entry streams leave the file open for the next entry, and close() closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZipFileReader } from '../../src/archive/zip-file-reader.js';
import { readZipEntries } from '../../src/archive/zip-reader.js';
import { tempDir } from '../helpers/bundle.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { zipBuffer } from '../helpers/zip-writer.js';

const FILE_BYTES = 300 * 1024;

let work: Awaited<ReturnType<typeof tempDir>>;
let path: string;
let bytes: Buffer;

beforeAll(async () => {
  work = await tempDir('podmortem-zip-reader-');
  path = join(work.path, 'data.bin');
  const random = new SeededRandom(7);
  bytes = Buffer.from(Array.from({ length: FILE_BYTES }, () => random.int(256)));
  await writeFile(path, bytes);
});
afterAll(async () => work.remove());

function readAt(reader: ZipFileReader, position: number, length: number): Promise<{ read: Buffer; count: number }> {
  const read = Buffer.alloc(length);
  return new Promise((resolve, reject) => reader.read(read, 0, length, position, (error, count) => (error ? reject(error) : resolve({ read, count: count ?? 0 }))));
}

const openFds = () => readdirSync('/proc/self/fd').length;

describe('ZipFileReader', () => {
  it('gives the bytes of the file at any position and length', async () => {
    const { reader } = await ZipFileReader.open(path);
    const random = new SeededRandom(11);
    const cases: [number, number][] = [
      [0, 46],
      [46, 30],
      [64 * 1024 - 10, 46],
      [1000, 100 * 1024],
      [FILE_BYTES - 46, 46],
    ];
    for (let i = 0; i < 300; i++) cases.push([random.int(FILE_BYTES - 200), 1 + random.int(200)]);
    for (const [position, length] of cases) {
      const { read, count } = await readAt(reader, position, length);
      expect(count, `${position}+${length}`).toBe(length);
      expect(read.equals(bytes.subarray(position, position + length)), `${position}+${length}`).toBe(true);
    }
    const pastEnd = await readAt(reader, FILE_BYTES - 10, 46);
    expect(pastEnd.count, 'a read past the end says how much there was').toBe(10);
    await new Promise<void>((resolve, reject) => reader.close((error) => (error ? reject(error) : resolve())));
  });

  it('leaves the file open when an entry stream is destroyed, and closes it with the zip', async () => {
    const zip = join(work.path, 'entries.zip');
    await writeFile(
      zip,
      zipBuffer([
        { name: 'a.txt', data: Buffer.from('first entry\n'.repeat(5000)), deflate: true },
        { name: 'b.txt', data: Buffer.from('second entry\n') },
        { name: 'c.txt', data: Buffer.from('third entry\n') },
      ]),
    );
    const before = openFds();
    const seen: string[] = [];
    for await (const entry of readZipEntries(zip)) {
      // Only the first chunk of each: the stream is destroyed early, as a consumer that stops does.
      for await (const chunk of entry.open()) {
        seen.push(`${entry.name} ${chunk.subarray(0, 5).toString()}`);
        break;
      }
    }
    expect(seen).toEqual(['a.txt first', 'b.txt secon', 'c.txt third']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openFds()).toBe(before);
  });
});
