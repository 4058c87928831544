/** Messages between redact's learning pass (learn-pool.ts) and its worker threads (learn-worker.ts). */

export interface LearnWorkerData {
  /** `--names`: the vocabulary learns namespaces, pods, workloads and containers too. */
  names: boolean;
}

export type ToLearnWorker =
  /** A chunk of the file `file` (a number the pool gives each file), in order. */
  | { type: 'chunk'; file: number; bytes: Uint8Array }
  /** The file `file` has no more chunks. */
  | { type: 'end'; file: number }
  /** No more files: send what was learned. */
  | { type: 'finish' };

export type FromLearnWorker =
  /** This many bytes of chunks were learned from (the pool's flow control). */
  { type: 'learned'; bytes: number } | { type: 'vocabulary'; hosts: string[]; users: string[]; names: string[] };
