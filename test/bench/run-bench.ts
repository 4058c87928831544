/**
 * `npm run bench`: issue 8's benchmark. For each size: generate (or reuse) a realistic bundle,
 * then measure the floor (on disk and in RAM) and `podmortem analyze` on it as tar.gz, zip and directory, several
 * runs each, and print medians, the ratio to the floor, and a verdict against the targets.
 */
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { prepareInputs, type BenchInputs } from './bench-inputs.js';
import { parseBenchArgs, USAGE, type BenchOptions, type BenchSize } from './bench-options.js';
import { describeBundle, describeRun, describeVerdict, sizeTable, summarize, verdictOf, type SizeResult } from './bench-report.js';
import { ramFolderFor, runAnalyzer, runFloor, runRedact, runXzFloor, type ReadSummary, type RunResult, type Subject } from './bench-runs.js';
import { describeMachine, machineFacts } from './machine-facts.js';
import { describeFleet, runFleetBench } from './fleet-bench.js';
import { measuringTool } from './measure-command.js';
import { NO_PROGRESS, terminalProgress, type Progress } from './progress.js';
import { ANALYZER_CLI } from './repo-paths.js';

const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseBenchArgs(argv);
  if ('help' in parsed) return (say(parsed.help), 0);
  if ('error' in parsed) return (process.stderr.write(`bench: ${parsed.error}\n\n${USAGE}\n`), 2);
  const { options } = parsed;
  if (!options.generateOnly && !existsSync(ANALYZER_CLI)) return (process.stderr.write(`bench: ${ANALYZER_CLI} not found: run npm run build first\n`), 2);
  const machine = machineFacts(options.dir);
  say(describeMachine(machine));
  say(`method:  ${options.runs} run(s) per subject, interleaved, medians; warm page cache; ${measuringTool()}; data in ${options.dir}${options.keep ? ' (kept)' : ''}`);
  say(`analyzer: node ${ANALYZER_CLI} analyze <input> -o <tmp>.html --json <tmp>.json --quiet\n`);
  const needGiB = (Math.max(...options.sizes.map((size) => size.bytes)) * 2.5) / 1024 ** 3;
  if (machine.freeDiskGiB !== null && machine.freeDiskGiB < needGiB) say(`WARNING: about ${needGiB.toFixed(1)} GiB of disk is needed, ${machine.freeDiskGiB} GiB is free\n`);
  const progress = options.quiet ? NO_PROGRESS : terminalProgress();
  const results: SizeResult[] = [];
  for (const size of options.fleet === 'only' ? [] : options.sizes) {
    const inputs = await prepareInputs({ seed: options.seed, size, dir: options.dir, keep: options.keep, formats: options.formats, progress });
    releaseOnInterrupt(inputs);
    try {
      if (options.generateOnly) {
        say(`${describeBundle({ size, inputs, subjects: [], reads: {}, failures: [] })}\n   ${inputs.paths['tar.gz']}\n`);
        continue;
      }
      const result = await measureSize(size, inputs, options, progress);
      say(`${sizeTable(result)}\n`);
      results.push(result);
    } finally {
      await inputs.release();
    }
  }
  if (!options.generateOnly && results.length > 0) say(describeVerdict(verdictOf(results, machine.cores)));
  let fleetFailed = false;
  if (!options.generateOnly && options.fleet !== 'none') {
    const fleet = await runFleetBench({ seed: options.seed, dir: options.dir, progress });
    say(describeFleet(fleet));
    fleetFailed = [...fleet.runs.map((run) => run.measurement), ...fleet.sideBySide.measurements].some((run) => run.exitCode !== 0);
  }
  return fleetFailed || results.some((result) => result.failures.length > 0) ? 1 : 0;
}

async function measureSize(size: BenchSize, inputs: BenchInputs, options: BenchOptions, progress: Progress): Promise<SizeResult> {
  const runs: RunResult[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  const ramFolder = options.ramFloor ? ramFolderFor(inputs.facts.contentBytes) : null;
  const xzFloor = options.formats.includes('tar.xz') ? (['floor-xz'] as const) : [];
  const redact = options.formats.includes('tar.gz') ? (['redact'] as const) : [];
  const subjects: Subject[] = ['floor', ...(ramFolder ? (['floor-ram'] as const) : []), ...xzFloor, ...options.formats, ...redact];
  for (let run = 1; run <= options.runs; run += 1) {
    for (const subject of subjects) {
      progress.update(`${size.label}: run ${run}/${options.runs}, ${subject}`);
      const result =
        subject === 'floor' || subject === 'floor-ram'
          ? await runFloor(inputs, run, subject === 'floor' ? null : ramFolder)
          : subject === 'floor-xz'
            ? await runXzFloor(inputs, run)
            : subject === 'redact'
              ? await runRedact(inputs, run)
              : await runAnalyzer(inputs, subject, run);
      if (options.verbose) say(describeRun(result));
      runs.push(result);
    }
  }
  progress.done();
  const reads: Partial<Record<Subject, ReadSummary>> = {};
  for (const run of runs) if (run.read && !reads[run.subject]) reads[run.subject] = run.read;
  const failures = runs.filter((run) => run.exitCode !== 0).map((run) => `${run.subject} run ${run.run} exited ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return { size, inputs, subjects: summarize(runs, inputs.facts.contentBytes), reads, failures, load: { before: loadBefore, after: loadavg()[0] ?? 0 } };
}

let interruptHandler: (() => void) | null = null;

/** Ctrl-C removes the generated data of the size in progress (not the cache). */
function releaseOnInterrupt(inputs: BenchInputs): void {
  if (interruptHandler) process.off('SIGINT', interruptHandler);
  interruptHandler = () => {
    rmSync(inputs.scratch, { recursive: true, force: true });
    void inputs.release().finally(() => process.exit(130));
  };
  process.on('SIGINT', interruptHandler);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
