/**
 * A whole input redacted into a tar.gz, in two passes through the archive stage (so every format
 * the analyzer reads is read the same way here): the first learns the names no pattern finds
 * (vocabulary.ts), the second streams every entry through the engine into the tar writer. Links
 * keep their kind with pseudonymized names; binary files are dropped and listed; rotated `.gz`
 * logs are compressed again. A read that stops early (a cut or corrupt input) fails the run: a
 * redacted bundle that silently lacks the end of the original would mislead.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ArchiveStopError, EntryCutError, readArchive, type ArchiveEntry, type ArchiveLimits, type InputInfo, type RejectedEntry } from '../archive/index.js';
import { BundleError } from '../errors.js';
import { writeFileAtomic } from '../output/index.js';
import { LearnPool } from './learn-pool.js';
import { contentForm, redactJournalExport, redactText, textScanPool, UnredactableError } from './redact-content.js';
import { RedactionEngine, type RedactionRule, type RedactionSettings, type RuleTally } from './redaction-engine.js';
import type { LoadedMap } from './redaction-map.js';
import { RECORD_NAME, RecordBuilder, type RedactionRecord } from './redaction-record.js';
import type { ScanPool } from './scan-pool.js';
import { padding, spillPath, SpillBuffer, TAR_END, tarHeader } from './tar-writer.js';
import { Vocabulary } from './vocabulary.js';

export interface RedactRun {
  input: InputInfo;
  limits: ArchiveLimits;
  map: LoadedMap;
  settings: RedactionSettings;
  /** The tar.gz to write; null for a dry run (nothing written). */
  output: string | null;
  redactedBy: string;
}

export interface RedactResult {
  record: RedactionRecord;
  /** Per output path: rule → count and examples (originals: for the sender's screen only). */
  tallies: Map<string, Map<RedactionRule, RuleTally>>;
}

/** The second pass's tools: the engine, and the thread that scans large text chunks for it. */
interface Redactor {
  engine: RedactionEngine;
  scans: ScanPool;
}

/** Output path → tally, kept only for a dry run (its examples are what it shows). */
type Tallies = Map<string, Map<RedactionRule, RuleTally>>;

export async function redactBundle(run: RedactRun): Promise<RedactResult> {
  const vocabulary = await learn(run);
  const engine = new RedactionEngine(run.map.table, vocabulary, run.settings);
  const record = new RecordBuilder({ redactedBy: run.redactedBy, map: run.map.secret ? 'private' : 'none', names: run.settings.names, keywords: run.settings.keywords.length });
  const tallies: Tallies = new Map();
  const spillFolder = await mkdtemp(join(tmpdir(), 'podmortem-redact-'));
  const scans = textScanPool(engine.lines());
  try {
    if (run.output === null) {
      await writeEntries(run, { engine, scans }, record, tallies, null, spillFolder);
    } else {
      await writeArchive(run.output, async (gzip) => {
        const out = new BatchedOutput(gzip);
        await writeEntries(run, { engine, scans }, record, null, out, spillFolder);
        await out.flush();
      });
    }
  } finally {
    await scans.close();
    await rm(spillFolder, { recursive: true, force: true });
  }
  return { record: record.build(), tallies };
}

/** The first pass: entry names here, every text line on the learning threads, for the vocabulary. */
async function learn(run: RedactRun): Promise<Vocabulary> {
  const vocabulary = new Vocabulary(run.settings.names);
  const faults = new Faults();
  const pool = new LearnPool(run.settings.names);
  try {
    const result = await readArchive(run.input, run.limits, {
      reject: () => undefined,
      entry: faults.guard(async (entry) => {
        vocabulary.learnPath(entry.path);
        if (entry.kind !== 'file') return;
        const { form, content } = await contentForm(entry.open());
        if (form === 'binary') return;
        await pool.learn(content);
      }),
    });
    faults.rethrow();
    stoppedIsFatal(run.input, result.stopped);
    await pool.finish(vocabulary);
  } finally {
    await pool.close();
  }
  return vocabulary;
}

function stoppedIsFatal(input: InputInfo, stopped: { message: string } | null): void {
  if (stopped) throw new BundleError(`cannot redact ${input.path}: reading stopped before its end (${stopped.message}); nothing was written`);
}

/** The second pass: every entry, redacted, as tar records into `out` (null: a dry run, counted only). */
async function writeEntries(run: RedactRun, redactor: Redactor, record: RecordBuilder, tallies: Tallies | null, out: BatchedOutput | null, spillFolder: string): Promise<void> {
  const { engine } = redactor;
  const roots = new Set<string>();
  let deepest = true;
  let spills = 0;
  const pathTally = new Map<RedactionRule, RuleTally>();
  const faults = new Faults();
  const lone = run.input.kind === 'file';
  const result = await readArchive(run.input, run.limits, {
    reject: (entry: RejectedEntry) => record.skipped.push({ path: engine.path(entry.name), reason: engine.lines().line(entry.reason) }),
    entry: faults.guard(async (entry: ArchiveEntry) => {
      if (!lone && isEarlierRecord(entry.path)) {
        // A bundle redacted again: one record only, this run's; the analyzer would believe the first.
        record.skipped.push({ path: entry.path, reason: "the record of an earlier podmortem redact: this run's record replaces it" });
        return;
      }
      const path = engine.path(entry.path, pathTally);
      roots.add(path.split('/')[0]!);
      if (!path.includes('/')) deepest = false;
      if (entry.kind !== 'file') {
        const target = engine.path(entry.linkTarget ?? '');
        if (out) await out.push(tarHeader(path, entry.kind, 0, target));
        return;
      }
      if (lone) return redactLoneFile(entry, path, redactor, record, tallies, out);
      const spill = out ? new SpillBuffer(spillPath(spillFolder, spills++)) : null;
      try {
        const tally = await redactEntry(entry, path, redactor, record, spill, true);
        if (tally === null) return;
        tallies?.set(path, tally);
        record.file(path, tally);
        if (out && spill) {
          await out.push(tarHeader(path, 'file', spill.size));
          for await (const chunk of spill.read()) await out.push(chunk);
          await out.push(padding(spill.size));
        }
      } finally {
        await spill?.dispose();
      }
    }),
  });
  faults.rethrow();
  stoppedIsFatal(run.input, result.stopped);
  record.file('(entry names)', pathTally);
  tallies?.set('(entry names)', pathTally);
  if (!out || lone) return;
  const root = roots.size === 1 && deepest ? `${[...roots][0]}/` : '';
  const body = Buffer.from(`${JSON.stringify(record.build(), null, 2)}\n`);
  await out.push(tarHeader(`${root}${RECORD_NAME}`, 'file', body.length));
  await out.push(body);
  await out.push(padding(body.length));
  await out.push(TAR_END);
}

/** The record an earlier `podmortem redact` wrote: at the top, or in the single top folder. */
function isEarlierRecord(path: string): boolean {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length <= 2 && parts.at(-1) === RECORD_NAME;
}

/**
 * A lone log file stays a lone file: its redacted content is the whole output (gzip-compressed),
 * which the analyzer reads as it read the original. It has no room for the record; the CLI prints it.
 */
async function redactLoneFile(entry: ArchiveEntry, path: string, redactor: Redactor, record: RecordBuilder, tallies: Tallies | null, out: BatchedOutput | null): Promise<void> {
  const sink = { write: async (chunk: Buffer) => out?.push(chunk) };
  const tally = await redactEntry(entry, path, redactor, record, sink, false);
  if (tally === null) throw new BundleError(`cannot redact ${path}: ${record.dropped[0]?.reason ?? record.skipped[0]?.reason ?? 'unreadable'}`);
  tallies?.set(path, tally);
  record.file(path, tally);
}

/** One file into `spill`; null when it is left out (binary, or unredactable), with the reason recorded. */
async function redactEntry(
  entry: ArchiveEntry,
  path: string,
  { engine, scans }: Redactor,
  record: RecordBuilder,
  spill: Pick<SpillBuffer, 'write'> | null,
  recompress: boolean,
): Promise<Map<RedactionRule, RuleTally> | null> {
  const { form, content } = await contentForm(entry.open());
  if (form === 'binary') {
    record.dropped.push({ path, reason: 'binary content (not text, not a journal export): cannot be checked for private values' });
    return null;
  }
  const lines = engine.lines();
  const redacted = form === 'journal-export' ? redactJournalExport(content, lines) : redactText(content, lines, scans);
  try {
    for await (const chunk of recompress && path.endsWith('.gz') ? gzipped(redacted) : redacted) await spill?.write(chunk);
  } catch (error) {
    if (!(error instanceof UnredactableError)) throw error;
    record.skipped.push({ path, reason: error.message });
    return null;
  }
  return lines.tally;
}

/** A rotated log compressed again, without a name or time in the header (gzip -n): same input, same bytes. */
async function* gzipped(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gzip = createGzip({ level: GZIP_LEVEL, chunkSize: GZIP_CHUNK });
  const collected: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => collected.push(chunk));
  for await (const chunk of chunks) {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
    if (collected.length > 0) yield Buffer.concat(collected.splice(0));
  }
  gzip.end();
  await once(gzip, 'end');
  yield Buffer.concat(collected.splice(0));
}

/**
 * Compression of the output and of rotated logs. Measured on the 500 MB bench bundle: level 6
 * (zlib's default) spent more CPU than the redaction itself; level 1 takes about half of it for
 * an output about 10% larger. Deflate levels differ only in effort: any level is a plain gzip.
 */
const GZIP_LEVEL = 1;
/** zlib's default chunk is 16 KiB: larger chunks mean fewer callbacks and buffers per MB. */
const GZIP_CHUNK = 256 * 1024;

class OutputClosed extends Error {}

/**
 * The archive stage turns any error in a consumer into "reading stopped". Here an error of our
 * own (the output closed, a bug) must stay what it is: it is kept and thrown again afterwards.
 */
class Faults {
  private fault: unknown = null;

  guard(consume: (entry: ArchiveEntry) => Promise<void>): (entry: ArchiveEntry) => Promise<void> {
    return async (entry) => {
      try {
        await consume(entry);
      } catch (error) {
        if (!(error instanceof EntryCutError || error instanceof ArchiveStopError)) this.fault ??= error;
        throw error;
      }
    };
  }

  rethrow(): void {
    if (this.fault !== null) throw this.fault;
  }
}

/** Output gathered to this size before it goes into gzip. */
const OUTPUT_BATCH = 1024 * 1024;

/**
 * Output queued in the output's gzip before the producer waits for it to drain. Waiting whenever
 * write() says so (above zlib's 16 KiB) made every 1 MiB batch wait until it was compressed, so
 * the main thread and the deflate thread took turns; with a few batches queued they work side by
 * side, for at most this much more memory.
 */
const OUTPUT_QUEUE = 4 * OUTPUT_BATCH;

/**
 * The tar stream's pieces (512-byte headers and padding, 64 KiB chunks of content) gathered into
 * 1 MiB writes: each write into a zlib stream is a round trip to the thread pool.
 */
class BatchedOutput {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  async push(chunk: Buffer): Promise<void> {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= OUTPUT_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const batch = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    await push(this.stream, batch);
  }
}

async function push(stream: Writable, chunk: Buffer): Promise<void> {
  if (stream.destroyed) throw new OutputClosed('output closed');
  if (stream.write(chunk) || stream.writableLength <= OUTPUT_QUEUE) return;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      if (stream.destroyed) reject(new OutputClosed('output closed'));
      else resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * The tar stream is produced into a gzip stream that writeFileAtomic drains into a temporary
 * file, renamed only when both ends finished: a failure on either side leaves no output.
 */
async function writeArchive(output: string, produce: (gzip: Writable) => Promise<void>): Promise<void> {
  const gzip = createGzip({ level: GZIP_LEVEL, chunkSize: GZIP_CHUNK });
  const producing = produce(gzip).then(
    () => {
      gzip.end();
    },
    (error: unknown) => {
      gzip.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    },
  );
  const [written, produced] = await Promise.allSettled([writeFileAtomic(output, gzip), producing]);
  // The writer's error comes first: it is either its own (disk full) or the producer's, passed on.
  if (written.status === 'rejected') throw written.reason;
  if (produced.status === 'rejected' && !(produced.reason instanceof OutputClosed)) throw produced.reason;
}
