/** Messages between redact's text scans on another thread (scan-pool.ts) and that thread (scan-worker.ts). */

export interface ScanWorkerData {
  /** LineRedactor.triggers(), as source and flags. */
  triggers: [string, string][];
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
  hits: Int32Array;
}
