/**
 * Runs fleet jobs on `jobs` worker threads, each taking the next bundle when it is done with one.
 * A worker that dies (out of memory, a crash in native code) fails its bundle and is replaced;
 * the other bundles go on. When `stop` aborts (Ctrl-C), every worker is stopped at once and no
 * bundle is started after it: the promise rejects with the abort's reason.
 */
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-root.js';
import { STOP_WORKER, type FleetJob, type FleetJobResult } from './fleet-job.js';

/** Built by `npm run build` (also when this module runs from the TypeScript sources, under vitest). */
const WORKER_URL = new URL('dist/fleet/fleet-worker.js', PACKAGE_ROOT);
/** How long a busy worker told to stop may take before it is terminated from here. */
const STOP_GRACE_MS = 5000;

export async function runOnWorkers(jobs: readonly FleetJob[], threads: number, onDone: (result: FleetJobResult, done: number) => void, stop?: AbortSignal): Promise<FleetJobResult[]> {
  const results = new Array<FleetJobResult>(jobs.length);
  const live = new Set<Worker>();
  stop?.addEventListener('abort', () => void Promise.all([...live].map(stopWorker)), { once: true });
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

/**
 * Ends a busy worker: it is told to stop and ends itself between two steps of its job, and is
 * terminated from here only if it has not within STOP_GRACE_MS. terminate() while the worker is
 * about to call into the file system can abort the whole process (Node.js 20: `Assertion failed:
 * (req_wrap_async) != nullptr` in fs.realpath, seen once in CI when Ctrl-C came mid-bundle): the
 * run then died of SIGABRT instead of the user's SIGINT and left its temporary files behind.
 */
async function stopWorker(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return; // already exited
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage(STOP_WORKER);
  const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
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
