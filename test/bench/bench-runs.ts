/**
 * The measured runs of one size. The floor is the least any analyzer must do to see every byte:
 * `tar -xzf` of the bundle into a folder, then `gzip -dc` of every nested `.gz` in it. Into the
 * data folder (issue 8's floor) a large bundle's floor also waits for the disk; the same floor
 * into a RAM-backed folder (`/dev/shm`) is pure decompression, the stricter yardstick. The
 * analyzer runs as a user runs it: `node dist/cli/main.js analyze <input> -o … --json … --quiet`.
 * Runs are interleaved (floor, tar.gz, zip, dir; floor, …) so drift on the machine touches all
 * subjects alike; the floor's folder and the reports are removed between runs, untimed.
 */
import { spawn } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchInputs } from './bench-inputs.js';
import type { InputFormat } from './bench-options.js';
import { measure, type Measurement } from './measure-command.js';
import { ANALYZER_CLI, REPO_ROOT } from './repo-paths.js';

/** `floor` extracts into the data folder (the issue's floor); `floor-ram` into a RAM-backed folder, without disk writes. */
/** `redact`: `podmortem redact` of the tar.gz (issue 15), judged against `analyze` of the same tar.gz. */
export type Subject = 'floor' | 'floor-ram' | 'floor-xz' | InputFormat | 'redact';

const RAM_FOLDER = '/dev/shm';

/** A RAM-backed folder with room for the extracted bundle, or null (not Linux, or too small). */
export function ramFolderFor(contentBytes: number): string | null {
  try {
    const fs = statfsSync(RAM_FOLDER);
    return fs.bavail * fs.bsize > contentBytes * 1.25 + 512 * 1024 ** 2 ? RAM_FOLDER : null;
  } catch {
    return null;
  }
}

/** What the analyzer's JSON report says it read: a fast run that read half the bundle proves nothing. */
export interface ReadSummary {
  entries: number;
  contentBytes: number;
  parseIssues: number;
  /** Why reading stopped early, if it did. */
  stopped: string | null;
  rejected: number;
  podLogFiles: number;
}

export interface RunResult extends Measurement {
  subject: Subject;
  run: number;
  read: ReadSummary | null;
}

const FLOOR_SCRIPT = 'set -e; mkdir -p "$2"; tar -xzf "$1" -C "$2"; find "$2" -type f -name "*.gz" -exec gzip -dc {} + > /dev/null';

/** The floor of the tar.xz: the same tar stream decoded by xz instead of gzip. */
const FLOOR_XZ_SCRIPT = 'set -e; mkdir -p "$2"; xz -dc "$1" | tar -x -C "$2"; find "$2" -type f -name "*.gz" -exec gzip -dc {} + > /dev/null';

/** `folder` is where to extract: null for the data folder's scratch space. */
export async function runFloor(inputs: BenchInputs, run: number, folder: string | null = null): Promise<RunResult> {
  const target = await mkdtemp(join(folder ?? inputs.scratch, 'podmortem-floor-'));
  const measured = await measure('sh', ['-c', FLOOR_SCRIPT, 'floor', inputs.paths['tar.gz'], target]);
  await rm(target, { recursive: true, force: true });
  await settle();
  return { ...measured, subject: folder === null ? 'floor' : 'floor-ram', run, read: null };
}

export async function runXzFloor(inputs: BenchInputs, run: number): Promise<RunResult> {
  const target = await mkdtemp(join(inputs.scratch, 'podmortem-floor-xz-'));
  const measured = await measure('sh', ['-c', FLOOR_XZ_SCRIPT, 'floor-xz', inputs.paths['tar.xz'], target]);
  await rm(target, { recursive: true, force: true });
  await settle();
  return { ...measured, subject: 'floor-xz', run, read: null };
}

export async function runAnalyzer(inputs: BenchInputs, format: InputFormat, run: number): Promise<RunResult> {
  const out = join(inputs.scratch, `report-${format}-${run}`);
  await mkdir(out, { recursive: true });
  const json = join(out, 'report.json');
  const measured = await measure(process.execPath, [ANALYZER_CLI, 'analyze', inputs.paths[format], '-o', join(out, 'report.html'), '--json', json, '--quiet'], { cwd: REPO_ROOT });
  const read = measured.exitCode === 0 ? await readSummary(json) : null;
  await rm(out, { recursive: true, force: true });
  await settle();
  return { ...measured, subject: format, run, read };
}

/** `podmortem redact <tar.gz> -o <tmp>.tar.gz`, without a map (as a first try at sharing runs it). */
export async function runRedact(inputs: BenchInputs, run: number): Promise<RunResult> {
  const out = join(inputs.scratch, `redact-${run}`);
  await mkdir(out, { recursive: true });
  const measured = await measure(process.execPath, [ANALYZER_CLI, 'redact', inputs.paths['tar.gz'], '-o', join(out, 'clean.tar.gz')], { cwd: REPO_ROOT });
  await rm(out, { recursive: true, force: true });
  await settle();
  return { ...measured, subject: 'redact', run, read: null };
}

/** Writes of one run (the floor's extraction, reports) are flushed before the next run starts, untimed. */
function settle(): Promise<void> {
  return new Promise((resolve) =>
    spawn('sync', [], { stdio: 'ignore' })
      .on('close', () => resolve())
      .on('error', () => resolve()),
  );
}

interface ReportJson {
  archive?: { entries?: number; contentBytes?: number; stopped?: { message?: string } | null; rejectedCount?: number };
  parseIssues?: { total?: number };
  coverage?: { source: string; files: number }[];
}

async function readSummary(path: string): Promise<ReadSummary | null> {
  try {
    const report = JSON.parse(await readFile(path, 'utf8')) as ReportJson;
    return {
      entries: report.archive?.entries ?? 0,
      contentBytes: report.archive?.contentBytes ?? 0,
      parseIssues: report.parseIssues?.total ?? 0,
      stopped: report.archive?.stopped?.message ?? null,
      rejected: report.archive?.rejectedCount ?? 0,
      podLogFiles: report.coverage?.find((row) => row.source === 'podLogs')?.files ?? 0,
    };
  } catch {
    return null;
  }
}
