/**
 * A worker thread of the fleet pool: runs the jobs it is sent, one at a time, and answers each.
 * Told to stop (Ctrl-C), it ends itself where it stands: its job's next step never starts.
 */
import { parentPort } from 'node:worker_threads';
import { runFleetJob, STOP_WORKER, type FleetJob } from './fleet-job.js';

parentPort?.on('message', (message: FleetJob | typeof STOP_WORKER) => {
  if (message === STOP_WORKER) process.exit(0);
  void runFleetJob(message).then((result) => parentPort?.postMessage(result));
});
