/**
 * Every file podmortem writes (report, JSON, later archives and redacted bundles) goes through
 * here: the content is written to a hidden temporary file in the target's folder, flushed to
 * disk, and renamed over the target. A reader (or a second run) sees the old file or the new
 * one, never a half; a failed write leaves the old file as it was.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BundleError } from '../errors.js';

/** What can be written: one piece, or chunks produced as the write goes (a stream, a generator). */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * Writes `content` to `target` atomically. A file-system error (disk full, read-only, no
 * permission…) becomes a one-line BundleError naming the path and the reason; any other error
 * (a bug in the producer of the chunks) is thrown as it is. Either way the temporary file is gone.
 * `mode` (before the umask) is for files only their owner may read, such as node bundles.
 */
export async function writeFileAtomic(target: string, content: FileContent, options: { mode?: number } = {}): Promise<void> {
  const folder = dirname(resolve(target));
  const temp = tempNameFor(target);
  let handle: FileHandle | null = null;
  pending.add(temp);
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    for await (const chunk of chunksOf(content)) await handle.writeFile(chunk);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw isSystemError(error) ? new BundleError(`cannot write ${target}: ${reasonOf(error, folder)}; any previous file there is unchanged`) : error;
  } finally {
    pending.delete(temp);
  }
  await syncFolder(folder);
}

/**
 * Creates and removes a temporary file where `target` would be written, so that an output that
 * cannot be written (a read-only or special file system such as /proc or /sys, no permission) is
 * refused before a long analysis, and no output is written when another cannot be.
 */
export async function checkWritable(target: string): Promise<void> {
  const folder = dirname(resolve(target));
  const temp = tempNameFor(target);
  try {
    await (await open(temp, 'wx')).close();
  } catch (error) {
    throw isSystemError(error) ? new BundleError(`cannot write ${target}: ${reasonOf(error, folder)}`) : error;
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/**
 * Unique per run and per call (pid + random), hidden, and in the target's folder so that the
 * rename stays on one file system and is atomic; the name is shortened to stay under NAME_MAX.
 */
function tempNameFor(target: string): string {
  return join(dirname(resolve(target)), `.${basename(target).slice(0, 100)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Temporary files being written now. */
const pending = new Set<string>();

/**
 * Removes, synchronously, this process's temporary files in `folder`: those of writes under way on
 * other threads (the fleet's workers share the process id in the name, not the `pending` set of
 * this thread), once those threads are stopped. Other processes' and finished files stay.
 */
export function removeTempFilesIn(folder: string): void {
  const ours = new RegExp(`^\\..+\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) if (ours.test(name)) rmSync(join(folder, name), { force: true });
}

/**
 * Removes the temporary files of writes still under way, synchronously: for a signal handler,
 * so that Ctrl-C in the middle of a write leaves no hidden half file behind.
 */
export function removePendingWrites(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

function chunksOf(content: FileContent): Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> {
  return typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
}

/** The rename itself reaches the disk only when the folder is flushed; not every system allows it. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOENT: 'the folder no longer exists',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'the path is a folder',
  ENAMETOOLONG: 'the name is too long',
};

function reasonOf(error: NodeJS.ErrnoException, folder: string): string {
  const code = error.code ?? 'unknown';
  // /proc answers ENOENT to a new file in a folder that is there.
  if (code === 'ENOENT' && existsSync(folder)) return `this folder does not allow new files (${code})`;
  return `${REASONS[code] ?? error.message} (${code})`;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code ?? '');
}
