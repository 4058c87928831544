/**
 * `podmortem analyze` of many bundles: each is analyzed by the single-bundle pipeline on a worker
 * thread and gets its own report in `<dir>/nodes/`; then the fleet page (`index.html`) and
 * `fleet.json` go beside them. A bundle that fails is listed with its error; the others go on.
 */
import { mkdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { ArchiveLimits } from '../archive/index.js';
import { BundleError } from '../errors.js';
import { removeTempFilesIn, writeFileAtomic } from '../output/index.js';
import type { Severity } from '../rules/index.js';
import { buildFleet } from './build-fleet.js';
import type { FleetJob, FleetJobResult } from './fleet-job.js';
import { refuseRepeats, reportStems } from './fleet-inputs.js';
import type { Fleet, FleetNode } from './fleet-types.js';
import { renderFleetHtml, renderFleetJson } from './render-fleet.js';
import { runOnWorkers } from './worker-pool.js';

export interface FleetOptions {
  inputs: string[];
  /** The fleet folder: created when missing (its parent must exist). */
  outputDir: string;
  jobs: number;
  limits: ArchiveLimits;
  generatedAt: Date | null;
  failOn: Severity | null;
  /** Called as each bundle is done, for a progress line. */
  onBundle?: (result: FleetJobResult, done: number, total: number) => void;
  /** Aborted on Ctrl-C: the workers stop at once and their half-written reports are removed. */
  stop?: AbortSignal;
}

export interface FleetResult {
  fleet: Fleet;
  written: string[];
  /** Nodes with findings at or above --fail-on. */
  failOnNodes: FleetNode[];
}

export async function analyzeFleet(options: FleetOptions): Promise<FleetResult> {
  refuseRepeats(options.inputs.map((input) => resolve(input)));
  const nodesDir = await prepareOutput(options.outputDir, options.inputs);
  const stems = reportStems(options.inputs);
  const jobs: FleetJob[] = options.inputs.map((path, index) => {
    const stem = stems[index] as string;
    const files = { input: basename(path.replace(/\/+$/, '')), report: `nodes/${stem}.html`, json: `nodes/${stem}.json`, fallbackName: stem };
    return {
      path,
      files,
      htmlPath: join(nodesDir, `${stem}.html`),
      jsonPath: join(nodesDir, `${stem}.json`),
      limits: options.limits,
      generatedAt: options.generatedAt?.toISOString() ?? null,
      failOn: options.failOn,
    };
  });
  const results = await runOnWorkers(jobs, options.jobs, (result, done) => options.onBundle?.(result, done, jobs.length), options.stop).catch((error: unknown) => {
    // The workers are gone: their temporary files (this process's, in nodes/) can go too.
    if (options.stop?.aborted) removeTempFilesIn(nodesDir);
    throw error;
  });
  const nodes = results.flatMap((result) => (result.ok ? [result.node] : []));
  const failed = results.flatMap((result) => (result.ok ? [] : [result.failure]));
  if (nodes.length === 0) throw new BundleError(`no bundle could be analyzed: ${failed.map((failure) => `${failure.input}: ${failure.error}`).join('; ')}`);
  const fleet = buildFleet(nodes, failed, options.generatedAt);
  const jsonPath = join(options.outputDir, 'fleet.json');
  const htmlPath = join(options.outputDir, 'index.html');
  await writeFileAtomic(jsonPath, renderFleetJson(fleet));
  await writeFileAtomic(htmlPath, renderFleetHtml(fleet));
  const written = [...nodes.flatMap((node) => [join(options.outputDir, node.report), join(options.outputDir, node.json)]), jsonPath, htmlPath];
  return { fleet, written, failOnNodes: nodes.filter((node) => node.failOn.length > 0) };
}

/**
 * The fleet folder and its `nodes/` folder. It may not lie inside an input folder: the input is
 * never modified.
 */
async function prepareOutput(outputDir: string, inputs: readonly string[]): Promise<string> {
  const info = await stat(outputDir).catch(() => null);
  if (info && !info.isDirectory()) throw new BundleError(`-o names ${outputDir}, which is not a folder: with several bundles -o is the folder for the fleet report`);
  if (!info) {
    await mkdir(outputDir).catch((error: NodeJS.ErrnoException) => {
      throw new BundleError(`cannot create the fleet folder ${outputDir}: ${error.code === 'ENOENT' ? 'its parent folder does not exist' : error.message}`);
    });
  }
  const outputReal = await realpath(outputDir);
  for (const input of inputs) {
    const inputInfo = await stat(input).catch(() => null);
    if (!inputInfo?.isDirectory()) continue;
    const inside = relative(await realpath(input), outputReal);
    if (!inside.startsWith('..') && !isAbsolute(inside))
      throw new BundleError(`the fleet folder ${outputDir} is inside the input folder ${input}; write it elsewhere (-o) so the input stays unchanged`);
  }
  const nodesDir = join(outputDir, 'nodes');
  await mkdir(nodesDir, { recursive: true });
  return nodesDir;
}
