import { constants } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import type { EntryKind, RawEntry } from './entry.js';

const MAX_DEPTH = 32;
const lossyUtf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Walks a bundle directory in name order (so reports are deterministic) without following
 * links. Files are opened with O_NOFOLLOW | O_NONBLOCK and checked again after opening, so a
 * FIFO or a link swapped in during the walk is never read.
 */
export async function* readDirectoryEntries(root: string): AsyncGenerator<RawEntry> {
  yield* walk(Buffer.from(root), '', 0);
}

async function* walk(dir: Buffer, prefix: string, depth: number): AsyncGenerator<RawEntry> {
  const names = (await readdir(dir, { encoding: 'buffer' })).sort((a, b) => Buffer.compare(a, b));
  for (const nameBytes of names) {
    const name = decode(nameBytes);
    const relative = prefix ? `${prefix}/${name}` : name;
    const full = Buffer.concat([dir, Buffer.from('/'), nameBytes]);
    const info = await lstat(full);
    const kind = kindOf(info);
    if (kind === 'directory') {
      // A directory whose name the policy will reject is reported once, not walked.
      if (depth >= MAX_DEPTH) {
        yield notAFile(relative, 'special', `directory nested deeper than ${MAX_DEPTH} levels`);
      } else {
        yield notAFile(relative, 'directory', null);
        if (!name.includes('\uFFFD')) yield* walk(full, relative, depth + 1);
      }
      continue;
    }
    yield {
      name: relative,
      kind,
      size: kind === 'file' ? info.size : null,
      compressedSize: null,
      linkTarget: kind === 'symlink' ? decode(await readlink(full, { encoding: 'buffer' })) : null,
      specialType: kind === 'special' ? specialName(info) : null,
      open: () => openRegularFile(full),
    };
  }
}

function notAFile(name: string, kind: EntryKind, specialType: string | null): RawEntry {
  return {
    name,
    kind,
    size: null,
    compressedSize: null,
    linkTarget: null,
    specialType,
    open: () => {
      throw new Error(`${name} is not a file`);
    },
  };
}

async function* openRegularFile(path: Buffer): AsyncGenerator<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new Error('no longer a regular file');
  }
  const stream = handle.createReadStream({ autoClose: false, highWaterMark: readSize(info.size) });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
    await handle.close();
  }
}

/**
 * Bytes asked of each read: a stream allocates that much per read (and a copy when fewer came),
 * and a bundle folder holds thousands of small pod logs: 256 KiB read buffers for 30 KiB files
 * churned gigabytes through malloc and left its heap fragmented (tens of MiB of resident memory).
 * The file's size, within bounds; a file that grew since is still read to its end.
 */
const MIN_READ_BYTES = 16 * 1024;
const MAX_READ_BYTES = 256 * 1024;

function readSize(size: number): number {
  return Math.min(MAX_READ_BYTES, Math.max(MIN_READ_BYTES, size));
}

function kindOf(info: Awaited<ReturnType<typeof lstat>>): EntryKind {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  if (info.isSymbolicLink()) return 'symlink';
  return 'special';
}

function specialName(info: Awaited<ReturnType<typeof lstat>>): string {
  if (info.isFIFO()) return 'FIFO';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

function decode(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return lossyUtf8.decode(bytes);
  }
}
