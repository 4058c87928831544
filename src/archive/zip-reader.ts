import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { BundleError } from '../errors.js';
import { ArchiveBreakError } from './archive-break.js';
import { crc32 } from './crc32.js';
import type { EntryKind, RawEntry } from './entry.js';
import { readSmallFile } from '../util/read-small.js';
import { ZipFileReader } from './zip-file-reader.js';

const S_IFMT = 0o170000;
const MODE_KINDS: Record<number, EntryKind> = {
  0o100000: 'file',
  0o040000: 'directory',
  0o120000: 'symlink',
};
const SPECIAL_MODES: Record<number, string> = {
  0o020000: 'character device',
  0o060000: 'block device',
  0o010000: 'FIFO',
  0o140000: 'socket',
};
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/**
 * Reads a zip lazily through its central directory (yauzl): entries are visited one at a time
 * and only the ones a consumer opens are decompressed. Names are decoded here (not by yauzl) so
 * that the shared path policy sees every name, including invalid ones.
 */
export async function* readZipEntries(path: string): AsyncGenerator<RawEntry> {
  const zip = await openZip(path);
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      const raw = toRawEntry(zip, entry);
      // A zip symlink stores its target as the entry's content.
      if (raw.kind === 'symlink') raw.linkTarget = (await readSmallFile(raw.open(), 4096)).text;
      yield raw;
    }
  } finally {
    zip.close();
  }
}

async function openZip(path: string): Promise<ZipFile> {
  const corrupt = (error: Error | null) => new BundleError(`corrupt zip archive (${error?.message ?? 'unreadable'}): ${path}`);
  const { reader, size } = await ZipFileReader.open(path).catch((error: Error) => Promise.reject(corrupt(error)));
  return new Promise((resolve, reject) => {
    const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
    yauzl.fromRandomAccessReader(reader, size, options, (error, zip) => {
      if (error || !zip) {
        reader.close(() => reject(corrupt(error)));
      } else resolve(zip);
    });
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (error: Error) => (cleanup(), reject(directoryBreak(zip, error)));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Where in the file the central directory broke: yauzl's cursor is the offset of the record it was reading. */
function directoryBreak(zip: ZipFile, error: Error): Error {
  const what = `corrupt zip central directory at entry ${zip.entriesRead + 1} of ${zip.entryCount} (${error.message})`;
  const cursor = (zip as unknown as { readEntryCursor?: unknown }).readEntryCursor;
  return typeof cursor === 'number' ? new ArchiveBreakError(cursor, what) : new Error(what);
}

function toRawEntry(zip: ZipFile, entry: Entry): RawEntry {
  const name = decodeName(entry);
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  let kind: EntryKind = MODE_KINDS[mode] ?? (mode === 0 ? 'file' : 'special');
  if (name.endsWith('/')) kind = 'directory';
  if (entry.isEncrypted()) kind = 'special';
  return {
    name,
    kind,
    size: entry.uncompressedSize,
    compressedSize: entry.compressedSize,
    linkTarget: null,
    specialType: entry.isEncrypted() ? 'encrypted entry' : (SPECIAL_MODES[mode] ?? (kind === 'special' ? `zip entry with mode ${mode.toString(8)}` : null)),
    open: () => openEntry(zip, entry),
  };
}

function decodeName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  if (typeof raw === 'string') return raw;
  try {
    return strictUtf8.decode(raw);
  } catch {
    // Bundles are written on Linux, where zip tools store raw UTF-8 whether or not they set the
    // UTF-8 flag. Anything else is rejected by the path policy (U+FFFD); the lossy form keeps the
    // report readable.
    return lossyUtf8.decode(raw);
  }
}

async function* openEntry(zip: ZipFile, entry: Entry): AsyncGenerator<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, readStream) => {
      if (error || !readStream) reject(new Error(`unreadable zip entry (${error?.message ?? 'no data'})`));
      else resolve(readStream);
    });
  });
  // yauzl checks sizes, not the CRC-32: a flipped bit in a stored or deflated entry would pass.
  let crc = 0;
  try {
    for await (const chunk of stream) {
      crc = crc32(chunk as Buffer, crc);
      yield chunk as Buffer;
    }
    if (crc !== entry.crc32 >>> 0 && !entry.isEncrypted()) throw new Error("bad CRC-32: the entry's data is damaged");
  } finally {
    stream.destroy();
  }
}
