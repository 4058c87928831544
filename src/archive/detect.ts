import { open, stat } from 'node:fs/promises';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { BundleError } from '../errors.js';

/** `file`: one log file on its own (plain or gzip-compressed); the bundle stage tells its form by content. */
export type InputKind = 'tar.gz' | 'tar' | 'zip' | 'directory' | 'file';

export interface InputInfo {
  kind: InputKind;
  path: string;
  /** Size of the file in bytes; null for a directory. */
  bytes: number | null;
}

const HEAD_BYTES = 4096;

/** Chooses the reader by the first bytes of the input, never by its name. */
export async function detectInput(path: string): Promise<InputInfo> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new BundleError(`input not found: ${path}`);
    if (error.code === 'EACCES') throw new BundleError(`input not readable (permission denied): ${path}`);
    throw new BundleError(`cannot read input ${path}: ${error.code ?? error.message}`);
  });
  if (info.isDirectory()) return { kind: 'directory', path, bytes: null };
  if (!info.isFile()) throw new BundleError(`input is neither a file nor a directory: ${path}`);
  if (info.size === 0) throw new BundleError(`input is an empty file, not a bundle: ${path}`);

  const head = await readHead(path);
  return { kind: kindFromHead(head, path, info.size), path, bytes: info.size };
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BundleError(`cannot open input ${path}: ${error.code ?? error.message}`);
  });
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function kindFromHead(head: Buffer, path: string, size: number): InputKind {
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const prefix = gunzipPrefix(head);
    if (isTarBlock(prefix)) return 'tar.gz';
    if (prefix.length < 512 && size <= HEAD_BYTES && !looksLikeText(prefix) && !isWholeGzip(head)) {
      // An interrupted copy of a bundle, most likely: say so rather than "not a tar".
      throw new BundleError(`input is a gzip file of ${size} bytes that ends before its first tar header is complete (a cut copy?): ${path}`);
    }
    return 'file';
  }
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'zip';
  if (head.subarray(0, 4).equals(Buffer.from('PK\x05\x06', 'latin1'))) return 'zip';
  if (isTarBlock(head)) return 'tar';
  const other = otherCompression(head);
  if (other) {
    throw new BundleError(`input is ${other}-compressed; decompress it first (podmortem reads tar, tar.gz, zip, directories and lone log files): ${path}`);
  }
  return 'file';
}

function isWholeGzip(bytes: Buffer): boolean {
  try {
    gunzipSync(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A gzip-compressed log (a rotated `kern.log.2.gz`) starts with a line of text; a tar header holds NULs. */
function looksLikeText(bytes: Buffer): boolean {
  return bytes.length > 0 && !bytes.includes(0) && bytes.includes(0x0a);
}

/** Decompresses as much of a gzip prefix as the head holds; a truncated stream is expected here. */
function gunzipPrefix(head: Buffer): Buffer {
  try {
    return gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

/** A tar header block: `ustar` magic at 257, or (old v7 tar) a valid header checksum. */
export function isTarBlock(block: Buffer): boolean {
  if (block.length < 512) return false;
  if (block.subarray(257, 262).toString('latin1') === 'ustar') return true;
  const stored = parseInt(block.subarray(148, 156).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === stored && block[0] !== 0;
}

function otherCompression(head: Buffer): string | null {
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  return null;
}
