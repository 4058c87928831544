/**
 * A lone log file given instead of a bundle (`podmortem analyze dmesg.txt`): its form is told
 * from its first 64 KiB (lone-file-format.ts) and it is handed, under its own name, to the one
 * source whose parser reads that form. Every other source is simply not present. A file of no
 * known form, a binary journal file or a file with no content is refused with one line.
 */
import { BundleError } from '../errors.js';
import type { ArchiveEntry } from '../archive/index.js';
import { binaryJournalNotice } from '../sources/journal/binary-journal.js';
import { classifyLoneFile, LONE_FILE_FORMATS, type LoneFileFormat } from './lone-file-format.js';
import type { SourceId } from './layout.js';
import type { BundleFile } from './read-bundle.js';

export { LONE_FILE_FORMATS, type LoneFileFormat } from './lone-file-format.js';

/** What the report says about a lone-file input. */
export interface LoneFileFacts {
  format: LoneFileFormat;
  title: string;
  /** The source the file fed; all others are not present. */
  source: SourceId;
  /** What such a file cannot tell, in one sentence. */
  unknown: string;
}

const HEAD_BYTES = 64 * 1024;
const ACCEPTED = 'dmesg (raw or -T), kern.log/messages/syslog (plain or .gz), journalctl -o export/json/short, a CRI or docker json container log';

export async function loneBundleFile(entry: ArchiveEntry): Promise<{ file: BundleFile; facts: LoneFileFacts }> {
  const peeked = await peekUpToBreak(entry.open());
  if (peeked.head.length === 0 && peeked.error) {
    throw new BundleError(`input ${entry.path} could not be read at all (${peeked.error.message})`);
  }
  const form = classifyLoneFile(peeked.head, peeked.complete);
  if (form === 'binary-journal') {
    throw new BundleError(`input ${entry.path} is ${binaryJournalNotice(entry.path)}`);
  }
  if (form === 'empty') throw new BundleError(`input ${entry.path} holds no content (an empty compressed file?)`);
  if (form === 'unknown') {
    throw new BundleError(`input ${entry.path} is not a tar, tar.gz, tar.xz or zip archive, nor a directory, nor a log file podmortem recognises by content (${ACCEPTED})`);
  }
  const { source, title, unknown } = LONE_FILE_FORMATS[form];
  const file: BundleFile = { path: entry.path, source, candidate: 0, kind: 'file', size: entry.size, linkTarget: null, open: () => peeked.content };
  return { file, facts: { format: form, title, source, unknown } };
}

interface PeekedUpToBreak {
  head: Buffer;
  /** The head is the whole content. */
  complete: boolean;
  /** Why reading stopped inside the head (a cut gzip, a limit), passed on after the head. */
  error: Error | null;
  /** The whole content again from byte 0, ending with `error` if there was one. */
  content: AsyncIterable<Buffer>;
}

/** Like peekStream, but a break inside the head still leaves what came before it to classify and read. */
async function peekUpToBreak(content: AsyncIterable<Buffer>): Promise<PeekedUpToBreak> {
  const iterator = content[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let bytes = 0;
  let complete = false;
  let error: Error | null = null;
  try {
    while (bytes < HEAD_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        complete = true;
        break;
      }
      chunks.push(next.value);
      bytes += next.value.length;
    }
  } catch (caught) {
    error = caught as Error;
  }
  const head = Buffer.concat(chunks, bytes);
  return { head, complete, error, content: replay(head, error, complete || error ? null : iterator) };
}

async function* replay(head: Buffer, error: Error | null, rest: AsyncIterator<Buffer> | null): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    if (error) throw error;
    if (!rest) return;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest?.return?.();
  }
}
