/**
 * A thread of redact's second pass (started by scan-pool.ts): for each chunk of text it is sent,
 * the lines some trigger hits and the values in them (text-scan.ts hitLines), which is most of the
 * CPU a text file costs. The main thread redacts the chunk before meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hitLines } from './text-scan.js';
import { ValueFinder } from './value-finder.js';
import type { FromScanWorker, ScanWorkerData, ToScanWorker } from './scan-worker-protocol.js';

const port = parentPort!;
const data = workerData as ScanWorkerData;
const triggers = data.triggers.map(([source, flags]) => new RegExp(source, flags));
const finder = new ValueFinder(data.finder);

port.on('message', (message: ToScanWorker) => {
  const text = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength).toString('latin1');
  const hits = hitLines(text, message.end, triggers, data.maxLine, finder);
  port.postMessage({ id: message.id, hits } satisfies FromScanWorker, [hits.hits.buffer as ArrayBuffer, hits.found.buffer as ArrayBuffer]);
});
