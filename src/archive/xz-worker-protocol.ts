/**
 * What the main thread and the xz worker (xz-worker.ts) say to each other. Bytes cross as
 * transferred ArrayBuffers, never copied by the port, and each side acknowledges what it took,
 * so neither runs more than a fixed number of bytes ahead. Compressed bytes travel in buffers
 * that come back with the acknowledgement, to be refilled: the worker allocates almost nothing
 * of its own, so it rarely collects garbage, and every buffer it dropped would stay in memory.
 */

/** Set once, when the worker starts. */
export interface XzWorkerData {
  xzPath: string;
  args: string[];
  env: Record<string, string | undefined>;
  /** Decoded bytes per piece posted to the main thread (only the last one is shorter). */
  pieceBytes: number;
  /** Decoded bytes posted and not yet acknowledged beyond which xz's stdout is paused. */
  aheadBytes: number;
}

export type ToXzWorker =
  | { type: 'input'; buffer: ArrayBuffer; length: number }
  /** The input file is read to its end: close xz's stdin. */
  | { type: 'end' }
  /** The main thread's reader took this many decoded bytes. */
  | { type: 'ack'; bytes: number }
  /** The reader stopped (or the input failed): kill xz now and report. */
  | { type: 'stop' };

export type FromXzWorker =
  | { type: 'spawned'; pid: number }
  /** One piece of decoded bytes: xz's reads as they came, to be joined by the main thread. */
  | { type: 'piece'; parts: ArrayBuffer[] }
  /** An input buffer was written to xz's stdin: it comes back, and the main thread may send as many bytes more. */
  | { type: 'took'; buffer: ArrayBuffer; length: number }
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
  /** Where bytes that are not xz begin after the last complete stream, when xz failed on them. */
  trailingAt: number | null;
}
