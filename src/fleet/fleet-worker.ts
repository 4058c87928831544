/** A worker thread of the fleet pool: runs the jobs it is sent, one at a time, and answers each. */
import { parentPort } from 'node:worker_threads';
import { runFleetJob, type FleetJob } from './fleet-job.js';

parentPort?.on('message', (job: FleetJob) => {
  void runFleetJob(job).then((result) => parentPort?.postMessage(result));
});
