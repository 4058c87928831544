import { readFileSync } from 'node:fs';
import { createJournalReader, type JournalReaderOptions } from '../../../src/sources/journal/journal-reader.js';
import type { JournalEntry, JournalFormat, JournalKernelEntry } from '../../../src/sources/journal/journal-entry.js';
import type { EntrySink } from '../../../src/sources/journal/entry-sink.js';
import { IssueLog, type SourceFile } from '../../../src/sources/source-reader.js';

export const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

export function sourceFile(path: string): SourceFile {
  return { path, source: 'journal', candidate: 0, linkTarget: null };
}

/** Yields `content` in chunks of `size` bytes, fresh buffers each time (as a stream would). */
export async function* chunksOf(content: string | Buffer, size = 65536): AsyncGenerator<Buffer> {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

/** Reads the files through one journal reader, collecting what the kernel consumer is handed. */
export async function readJournal(files: Record<string, string | Buffer>, options: { chunkSize?: number } & Omit<JournalReaderOptions, 'kernel'> = {}) {
  const kernel: Record<string, JournalKernelEntry[]> = {};
  const ended: string[] = [];
  const reader = createJournalReader({
    ...options,
    kernel: (file) => {
      const entries: JournalKernelEntry[] = (kernel[file.path] = []);
      return { push: (entry) => entries.push(entry), end: () => ended.push(file.path) };
    },
  });
  const issues = new IssueLog(1000);
  for (const [path, content] of Object.entries(files)) await reader.read(sourceFile(path), chunksOf(content, options.chunkSize), issues);
  return { data: reader.result(), kernel, ended, issues: issues.issues };
}

/** `NAME\n` + 64-bit little-endian length + bytes + `\n`: the export format's binary field. */
export function binaryField(name: string, value: string | Buffer): Buffer {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([Buffer.from(`${name}\n`), length, bytes, Buffer.from('\n')]);
}

/** Every entry and issue one of the per-form readers produces. */
export async function collectEntries(
  read: (content: AsyncIterable<Buffer>, file: string, sink: EntrySink) => Promise<void>,
  content: string | Buffer,
  chunkSize?: number,
): Promise<{ entries: JournalEntry[]; formats: JournalFormat[]; issues: { line: number | null; message: string }[] }> {
  const entries: JournalEntry[] = [];
  const formats: JournalFormat[] = [];
  const issues: { line: number | null; message: string }[] = [];
  await read(chunksOf(content, chunkSize), 'journal/test', {
    entry: (entry, format) => {
      entries.push(entry);
      formats.push(format);
    },
    issue: (line, message) => issues.push({ line, message }),
  });
  return { entries, formats, issues };
}
