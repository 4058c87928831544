/**
 * Runs fleet jobs on `jobs` worker threads, each taking the next bundle when it is done with one.
 * A worker that dies (out of memory, a crash in native code) fails its bundle and is replaced;
 * the other bundles go on. When `stop` aborts (Ctrl-C), every worker is terminated at once and
 * no bundle is started after it: the promise rejects with the abort's reason.
 */
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-root.js';
import type { FleetJob, FleetJobResult } from './fleet-job.js';

/** Built by `npm run build` (also when this module runs from the TypeScript sources, under vitest). */
const WORKER_URL = new URL('dist/fleet/fleet-worker.js', PACKAGE_ROOT);

export async function runOnWorkers(jobs: readonly FleetJob[], threads: number, onDone: (result: FleetJobResult, done: number) => void, stop?: AbortSignal): Promise<FleetJobResult[]> {
  const results = new Array<FleetJobResult>(jobs.length);
  const live = new Set<Worker>();
  const terminateAll = () => Promise.all([...live].map((worker) => worker.terminate()));
  stop?.addEventListener('abort', () => void terminateAll(), { once: true });
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    let worker: Worker | null = null;
    try {
      while (next < jobs.length && !stop?.aborted) {
        const index = next++;
        if (!worker) live.add((worker = new Worker(WORKER_URL)));
        const result = await runOne(worker, jobs[index] as FleetJob).catch((error: Error): FleetJobResult => {
          void worker?.terminate();
          if (worker) live.delete(worker);
          worker = null;
          return { ok: false, failure: { input: (jobs[index] as FleetJob).files.input, error: `internal error, please report: the worker stopped: ${error.message}`, internal: true } };
        });
        if (stop?.aborted) break;
        results[index] = result;
        onDone(result, ++done);
      }
    } finally {
      if (worker) live.delete(worker);
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, lane));
  stop?.throwIfAborted();
  return results;
}

function runOne(worker: Worker, job: FleetJob): Promise<FleetJobResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (result: FleetJobResult) => settle(() => resolve(result));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`exit code ${code}`)));
    const settle = (then: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      then();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job);
  });
}
