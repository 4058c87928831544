/**
 * The trigger scan of large text chunks on a thread of its own: while the main thread redacts
 * one chunk's hit lines (pseudonyms are handed out there, in entry order, so the output stays
 * deterministic), the thread finds the hit lines of the next and the values in them. The scan is
 * a pure function of the chunk (text-scan.ts hitLines), so where it runs changes nothing in the output.
 */
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-root.js';
import type { FromScanWorker, ScanWorkerData, ToScanWorker } from './scan-worker-protocol.js';
import type { ChunkHits, PreparedChunk } from './text-scan.js';

const WORKER_URL = new URL('dist/redact/scan-worker.js', PACKAGE_ROOT);

/**
 * The thread's young generation, where its lines and matches live and die. Since the thread finds
 * values too it allocates fast, and V8 let that space grow: on the 500 MB bench bundle peak RSS
 * was 221-254 MB (issue 15 allows 256 MiB), 205-210 MB with this cap, CPU alike (3 runs each).
 */
const YOUNG_GENERATION_MB = 8;

interface Waiting {
  resolve: (hits: ChunkHits) => void;
  reject: (error: Error) => void;
}

export class ScanPool {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private ids = 0;
  private failure: Error | null = null;

  constructor(private readonly data: ScanWorkerData) {}

  /** hitLines() of a prepared chunk, found on the thread (started on first use). */
  hits(prepared: PreparedChunk): Promise<ChunkHits> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = (this.worker ??= this.start());
    // A copy of its own: the chunk's bytes are still redacted here, and may be a view into a larger buffer.
    const bytes = new Uint8Array(prepared.bytes.length);
    bytes.set(prepared.bytes);
    const id = this.ids++;
    worker.postMessage({ id, bytes, end: prepared.end } satisfies ToScanWorker, [bytes.buffer]);
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failure ??= new Error('the scan thread was closed');
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: this.data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.on('message', (message: FromScanWorker) => {
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      waiting?.resolve(message.hits);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.waiting.values()) waiting.reject(this.failure);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.once('exit', (code) => fail(new Error(`the scan thread stopped (exit code ${code})`)));
    return worker;
  }
}
