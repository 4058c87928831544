import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tarBuffer, type TarEntry } from './tar-writer.js';
import { zipBuffer, type ZipEntry } from './zip-writer.js';

/**
 * A bundle written from an object literal: `{ "kernel/dmesg.txt": "[ 1.0] …" }`. Values are
 * file contents, `{ symlink: target }` for a link, or `{ gzip: text }` for a gzip-compressed
 * file (rotated logs). The same spec can become a directory, a tar.gz, a tar or a zip.
 */
export type BundleSpec = Record<string, string | Buffer | { symlink: string } | { gzip: string | Buffer }>;

export type BundleFormat = 'dir' | 'tar.gz' | 'tar' | 'zip';

function contentOf(value: string | Buffer | { gzip: string | Buffer }): Buffer {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return Buffer.from(value);
  return gzipSync(value.gzip);
}

export function tarEntriesOf(spec: BundleSpec, prefix = ''): TarEntry[] {
  return Object.entries(spec).map(([name, value]) =>
    typeof value === 'object' && 'symlink' in value ? { name: prefix + name, type: 'symlink' as const, linkname: value.symlink } : { name: prefix + name, data: contentOf(value) },
  );
}

export function zipEntriesOf(spec: BundleSpec, prefix = ''): ZipEntry[] {
  return Object.entries(spec).map(([name, value]) =>
    typeof value === 'object' && 'symlink' in value ? { name: prefix + name, data: value.symlink, mode: 0o120777 } : { name: prefix + name, data: contentOf(value), deflate: true },
  );
}

/** Writes the bundle at `path` in the given format; `prefix` adds a top folder (`podmortem-…/`). */
export async function writeBundle(path: string, spec: BundleSpec, format: BundleFormat, prefix = ''): Promise<string> {
  switch (format) {
    case 'dir':
      await mkdir(path, { recursive: true });
      for (const [name, value] of Object.entries(spec)) {
        const target = join(path, prefix, name);
        await mkdir(dirname(target), { recursive: true });
        if (typeof value === 'object' && 'symlink' in value) await symlink(value.symlink, target);
        else await writeFile(target, contentOf(value));
      }
      return path;
    case 'tar':
      await writeFile(path, tarBuffer(tarEntriesOf(spec, prefix)));
      return path;
    case 'tar.gz':
      await writeFile(path, gzipSync(tarBuffer(tarEntriesOf(spec, prefix))));
      return path;
    case 'zip':
      await writeFile(path, zipBuffer(zipEntriesOf(spec, prefix)));
      return path;
  }
}

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir(label = 'podmortem-test-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), label));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
