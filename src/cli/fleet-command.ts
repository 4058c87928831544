/** `podmortem analyze` with several bundles: the flags checked and wired into src/fleet. */
import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import type { ArchiveLimits } from '../archive/index.js';
import { BundleError, ExitCode } from '../errors.js';
import { analyzeFleet } from '../fleet/index.js';
import { openInBrowser } from '../report/index.js';
import type { Severity } from '../rules/index.js';
import { parseCount } from './flag-values.js';
import { onStop } from './stop-hooks.js';

export { fleetInputs } from '../fleet/index.js';

export interface FleetFlags {
  output: string;
  outputFromCli: boolean;
  jobs: number;
  format: 'html' | 'text';
  json?: string;
  open?: boolean;
  timestamp?: boolean;
  quiet?: boolean;
  failOn?: Severity;
  limits: ArchiveLimits;
}

/** The fleet folder when -o is not given. */
export const DEFAULT_FLEET_DIR = './podmortem-fleet';

export function jobsOption(): Option {
  return new Option('--jobs <n>', 'with several bundles: how many to analyze at once, each on its own thread').default(availableParallelism(), 'the number of cores').argParser(parseCount);
}

export async function analyzeFleetCommand(inputs: string[], flags: FleetFlags, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<ExitCode> {
  if (flags.json !== undefined) throw new BundleError('with several bundles, each node gets its JSON report in <dir>/nodes/ and the fleet gets <dir>/fleet.json: drop --json');
  if (flags.format === 'text') throw new BundleError('--format text reads one bundle; with several, open <dir>/index.html');
  const outputDir = flags.outputFromCli ? flags.output : DEFAULT_FLEET_DIR;
  const stopper = new AbortController();
  const run = analyzeFleet({
    inputs,
    outputDir,
    jobs: flags.jobs,
    limits: flags.limits,
    generatedAt: flags.timestamp ? new Date() : null,
    failOn: flags.failOn ?? null,
    onBundle: flags.quiet
      ? undefined
      : (job, done, total) => io.stderr.write(`podmortem: [${done}/${total}] ${job.ok ? `${job.node.input}: ${job.node.node}` : `${job.failure.input}: failed: ${job.failure.error}`}\n`),
    stop: stopper.signal,
  });
  // On Ctrl-C: stop the workers and remove their half-written reports before dying.
  const removeHook = onStop(async () => {
    stopper.abort();
    await run.catch(() => undefined);
  });
  const result = await run.finally(removeHook);
  const { fleet } = result;
  // Even with --quiet: a bundle left out of the fleet is as important as an error.
  for (const failure of fleet.failed) io.stderr.write(`podmortem: warning: ${failure.input} was not analyzed: ${failure.error}\n`);
  if (flags.failOn && result.failOnNodes.length > 0) {
    const count = result.failOnNodes.reduce((sum, node) => sum + node.failOn.length, 0);
    io.stderr.write(
      `podmortem: --fail-on ${flags.failOn}: ${count} findings at or above ${flags.failOn} on ${result.failOnNodes.length} of ${fleet.nodes.length} nodes: ${result.failOnNodes.map((node) => node.node).join(', ')}\n`,
    );
  }
  const index = result.written.at(-1) as string;
  if (flags.open) await openInBrowser(index).catch((error: Error) => io.stderr.write(`podmortem: warning: ${error.message}; open ${index} yourself\n`));
  if (!flags.quiet) io.stdout.write(`${index}\n`);
  if (fleet.failed.some((failure) => failure.internal)) return ExitCode.internalError;
  return flags.failOn && result.failOnNodes.length > 0 ? ExitCode.failOn : ExitCode.ok;
}
