import type { ChunkHits } from './text-scan.js';
import type { ValueFinderOptions } from './value-finder.js';

/** Messages between redact's text scans on another thread (scan-pool.ts) and that thread (scan-worker.ts). */

export interface ScanWorkerData {
  /** LineRedactor.triggers(), as source and flags. */
  triggers: [string, string][];
  /** LineRedactor.finder()'s options. */
  finder: ValueFinderOptions;
  maxLine: number;
}

/** A prepared chunk's bytes (text-scan.ts PreparedChunk), whose complete lines end at `end`. */
export interface ToScanWorker {
  id: number;
  bytes: Uint8Array;
  end: number;
}

/** hitLines() of that chunk. */
export interface FromScanWorker {
  id: number;
  hits: ChunkHits;
}
