/**
 * What the main thread and the xz worker (xz-worker.ts) say to each other. The worker reads the
 * input file itself (hashing it as it goes) and writes it to xz; decoded bytes cross as
 * transferred ArrayBuffers, never copied by the port, and the main thread acknowledges what it
 * took, so the worker never runs more than a fixed number of bytes ahead.
 */

/** Set once, when the worker starts. */
export interface XzWorkerData {
  xzPath: string;
  args: string[];
  env: Record<string, string | undefined>;
  /** The compressed file, read by the worker and written to xz's stdin. */
  inputPath: string;
  /** Decoded bytes per piece posted to the main thread (only the last one is shorter). */
  pieceBytes: number;
  /** Decoded bytes posted and not yet acknowledged beyond which xz's stdout is paused. */
  aheadBytes: number;
}

export type ToXzWorker =
  /** The main thread's reader took this many decoded bytes. */
  | { type: 'ack'; bytes: number }
  /** The reader stopped: kill xz now, finish the input's hash and report. */
  | { type: 'stop' };

export type FromXzWorker =
  | { type: 'spawned'; pid: number }
  /** One piece of decoded bytes: xz's reads as they came, to be joined by the main thread; `read`: input bytes read so far. */
  | { type: 'piece'; parts: ArrayBuffer[]; read: number }
  | ({ type: 'exit' } & XzReport);

/** How xz ended, sent last; the worker then ends too. */
export interface XzReport {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: string | null;
  /** The start of what xz printed on stderr. */
  stderr: string;
  /** Compressed bytes written to xz's stdin: where a cut or corrupt stream is reported. */
  fed: number;
  /** Compressed bytes read from the input file before xz ended or the reader stopped. */
  read: number;
  /** Where bytes that are not xz begin after the last complete stream, when xz failed on them. */
  trailingAt: number | null;
  /** Why reading the input file failed, if it did. */
  inputError: string | null;
  /** sha256 of the whole input file; null when reading it failed. */
  sha256: string | null;
}
