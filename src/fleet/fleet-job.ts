/**
 * One bundle of a fleet, analyzed exactly as `podmortem analyze <bundle>` would (the same
 * pipeline call), its two reports written into the fleet folder, and the node's summary returned.
 * A failure is data: the bundle's error message, and whether it was a bug.
 */
import type { ArchiveLimits } from '../archive/index.js';
import { isBundleError } from '../errors.js';
import { analyze } from '../pipeline.js';
import type { Severity } from '../rules/index.js';
import { fleetNodeOf, type NodeFiles } from './fleet-node.js';
import type { FleetFailure, FleetNode } from './fleet-types.js';

export interface FleetJob {
  /** The bundle as the user named it (read), and its name as the fleet shows it. */
  path: string;
  files: NodeFiles;
  htmlPath: string;
  jsonPath: string;
  limits: ArchiveLimits;
  generatedAt: string | null;
  failOn: Severity | null;
}

export type FleetJobResult = { ok: true; node: FleetNode } | { ok: false; failure: FleetFailure };

/** Sent to a worker instead of a job: end now, between two steps of the job (worker-pool.ts says why). */
export const STOP_WORKER = 'stop';

export async function runFleetJob(job: FleetJob): Promise<FleetJobResult> {
  try {
    const result = await analyze({
      input: job.path,
      htmlPath: job.htmlPath,
      jsonPath: job.jsonPath,
      limits: job.limits,
      generatedAt: job.generatedAt === null ? null : new Date(job.generatedAt),
      stdout: process.stdout,
      failOn: job.failOn,
    });
    return { ok: true, node: fleetNodeOf(result.report, job.files, result.failOnFindings) };
  } catch (error) {
    const internal = !isBundleError(error);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: { input: job.files.input, error: internal ? `internal error, please report: ${message}` : message, internal } };
  }
}
