import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipBuffer } from '../helpers/zip-writer.js';
import { detectInput, readArchive, DEFAULT_LIMITS, type ArchiveLimits, type RejectedEntry } from '../../src/archive/index.js';
import { tempDir, writeBundle, type BundleFormat, type BundleSpec } from '../helpers/bundle.js';

const SPEC: BundleSpec = {
  'manifest.json': '{"format":"podmortem-bundle","formatVersion":1,"node":"worker-3"}',
  'kernel/dmesg.txt': '[86412.301290] Memory cgroup out of memory: Killed process 41234 (java)\n',
  'pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log.20261127-101500.gz': {
    gzip: '2026-11-27T10:14:59.1Z stdout F rotated line\n',
  },
  'pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log': '2026-11-27T10:15:01.5Z stdout F live line\n',
  'containers/api_shop_api-3b1f.log': { symlink: '/var/log/pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log' },
  'empty.txt': '',
};

interface Seen {
  files: Record<string, string>;
  links: Record<string, string | null>;
  rejected: RejectedEntry[];
}

async function readAll(path: string, limits: ArchiveLimits = DEFAULT_LIMITS) {
  const seen: Seen = { files: {}, links: {}, rejected: [] };
  const result = await readArchive(await detectInput(path), limits, {
    reject: (entry) => void seen.rejected.push(entry),
    entry: async (entry) => {
      if (entry.kind !== 'file') {
        seen.links[entry.path] = entry.linkTarget;
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry.open()) chunks.push(chunk);
      seen.files[entry.path] = Buffer.concat(chunks).toString('utf8');
    },
  });
  return { seen, result };
}

describe('readArchive reads every format the same way', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => (dir = await tempDir()));
  afterAll(async () => dir.remove());

  it.each<BundleFormat>(['dir', 'tar', 'tar.gz', 'zip'])('%s', async (format) => {
    const path = await writeBundle(join(dir.path, `bundle-${format}`), SPEC, format, 'podmortem-worker-3-20261127T101502Z/');
    const { seen, result } = await readAll(path);
    const prefix = 'podmortem-worker-3-20261127T101502Z/';
    expect(seen.files).toEqual({
      [`${prefix}manifest.json`]: SPEC['manifest.json'],
      [`${prefix}kernel/dmesg.txt`]: SPEC['kernel/dmesg.txt'],
      // The rotated .gz arrives decompressed: recognised by its magic bytes, not its name.
      [`${prefix}pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log.20261127-101500.gz`]: '2026-11-27T10:14:59.1Z stdout F rotated line\n',
      [`${prefix}pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log`]: '2026-11-27T10:15:01.5Z stdout F live line\n',
      [`${prefix}empty.txt`]: '',
    });
    expect(seen.links).toEqual({ [`${prefix}containers/api_shop_api-3b1f.log`]: '/var/log/pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log' });
    expect(seen.rejected).toEqual([]);
    expect(result.stopped).toBeNull();
    expect(result.sha256 === null).toBe(format === 'dir');
  });

  it('counts content bytes and stops at --max-bytes', async () => {
    const path = await writeBundle(join(dir.path, 'big.tar.gz'), { 'a.txt': 'x'.repeat(5000), 'b.txt': 'y'.repeat(5000) }, 'tar.gz');
    const { seen, result } = await readAll(path, { ...DEFAULT_LIMITS, maxBytes: 7000 });
    expect(result.stopped?.limit).toBe('max-bytes');
    expect(Object.keys(seen.files)).toEqual(['a.txt']);
    expect(seen.rejected).toEqual([expect.objectContaining({ name: 'b.txt', partlyRead: true })]);
  });

  it('cuts an entry that grows past --max-entry-bytes while the rest is read', async () => {
    const spec = { 'big.log': { gzip: 'z'.repeat(50_000) }, 'after.txt': 'still read' };
    const path = await writeBundle(join(dir.path, 'cut.tar'), spec, 'tar');
    const { seen } = await readAll(path, { ...DEFAULT_LIMITS, maxEntryBytes: 10_000 });
    expect(seen.rejected).toEqual([expect.objectContaining({ name: 'big.log', partlyRead: true, reason: expect.stringMatching(/per-entry limit/) })]);
    expect(seen.files['after.txt']).toBe('still read');
  });

  it('cuts a nested gzip bomb (a rotated log) and reads the rest', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
    const path = await writeBundle(join(dir.path, 'nested.tar.gz'), { 'pods/a_b_c/d/0.log.20261127-101500.gz': bomb, 'after.txt': 'still read' }, 'tar.gz');
    const { seen } = await readAll(path);
    expect(seen.rejected).toEqual([expect.objectContaining({ name: 'pods/a_b_c/d/0.log.20261127-101500.gz', partlyRead: true, reason: expect.stringMatching(/expands more than 200×/) })]);
    expect(seen.files['after.txt']).toBe('still read');
  });

  it('cuts a zip entry whose real size exceeds the size it declares', async () => {
    const path = join(dir.path, 'liar.zip');
    await writeFile(
      path,
      zipBuffer([
        { name: 'kernel/kern.log', data: Buffer.alloc(1024 * 1024, 0x61), deflate: true, declaredSize: 100 },
        { name: 'after.txt', data: 'still read' },
      ]),
    );
    const { seen } = await readAll(path);
    expect(seen.rejected).toEqual([expect.objectContaining({ name: 'kernel/kern.log', partlyRead: true, reason: expect.stringMatching(/content unreadable/) })]);
    expect(seen.files['after.txt']).toBe('still read');
  });

  describe('a rotated log whose own gzip is damaged', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `2026-11-27T10:14:59.${i}Z stdout F line ${i}\n`).join('');
    const gz = gzipSync(lines);
    const NAME = 'pods/a_b_c/d/0.log.20261127-101500.gz';

    /** Every entry's text as far as its consumer got, and what stopped it. */
    async function readUpToErrors(path: string) {
      const text: Record<string, string> = {};
      const rejected: RejectedEntry[] = [];
      const result = await readArchive(await detectInput(path), DEFAULT_LIMITS, {
        reject: (entry) => void rejected.push(entry),
        entry: async (entry) => {
          text[entry.path] = '';
          for await (const chunk of entry.open()) text[entry.path]! += chunk.toString();
        },
      });
      return { text, rejected, result };
    }

    it.each(['tar.gz', 'zip'] as const)('is read up to its cut in a %s and listed as partly read', async (format) => {
      const cut = Math.floor(gz.length / 2);
      const path = await writeBundle(join(dir.path, `nested-cut.${format}`), { [NAME]: gz.subarray(0, cut), 'after.txt': 'still read' }, format);
      const { text, rejected, result } = await readUpToErrors(path);
      const read = text[NAME] ?? '';
      expect(read.length).toBeGreaterThan(lines.length / 3);
      expect(lines.startsWith(read)).toBe(true);
      expect(rejected).toEqual([{ name: NAME, kind: 'file', partlyRead: true, reason: `cut: its gzip data breaks at byte ${cut}: the file ends inside the gzip stream (truncated gzip)` }]);
      expect(text['after.txt']).toBe('still read');
      expect(result.stopped).toBeNull();
    });

    it('is read whole and listed as partly read when its CRC-32 is wrong', async () => {
      const damaged = Buffer.from(gz);
      damaged.writeUInt32LE(damaged.readUInt32LE(gz.length - 8) ^ 0x40, gz.length - 8);
      const path = await writeBundle(join(dir.path, 'nested-crc.tar'), { [NAME]: damaged, 'after.txt': 'still read' }, 'tar');
      const { text, rejected } = await readUpToErrors(path);
      expect(text[NAME]).toBe(lines);
      expect(rejected).toEqual([
        expect.objectContaining({ name: NAME, partlyRead: true, reason: `cut: its gzip data breaks at byte ${gz.length - 8}: bad gzip CRC-32: the data read may be damaged` }),
      ]);
      expect(text['after.txt']).toBe('still read');
    });
  });

  it('lets a consumer skip content: the next entry still arrives whole', async () => {
    const path = await writeBundle(join(dir.path, 'skip.tar.gz'), { 'skip.bin': Buffer.alloc(300_000, 7), 'next.txt': 'next' }, 'tar.gz');
    const seen: string[] = [];
    await readArchive(await detectInput(path), DEFAULT_LIMITS, {
      reject: () => undefined,
      entry: async (entry) => {
        if (entry.path === 'next.txt') for await (const chunk of entry.open()) seen.push(chunk.toString());
      },
    });
    expect(seen.join('')).toBe('next');
  });
});
