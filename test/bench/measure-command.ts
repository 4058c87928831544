/**
 * Runs a command as a child and measures it: wall time (here, around the child's whole life),
 * CPU time (user + system of the child and every descendant it waited for) and peak resident
 * memory. GNU `/usr/bin/time -f` reports CPU and peak RSS when present; without it, the shell's
 * `times` gives the CPU and a preloaded hook gives a Node child's peak RSS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RSS_HOOK } from './repo-paths.js';

export interface Measurement {
  wallMs: number;
  cpuMs: number;
  /** null when it could not be measured (no GNU time and not a Node child). */
  maxRssBytes: number | null;
  exitCode: number | null;
  /** The last 4 KiB of the child's stderr, for failures. */
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
const RSS_LINE = /^podmortem-test-max-rss=(\d+)$/m;

let hasGnuTime: boolean | null = null;

export function gnuTimeAvailable(): boolean {
  if (hasGnuTime === null) {
    const probe = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
    hasGnuTime = `${probe.stdout ?? ''}${probe.stderr ?? ''}`.includes('GNU');
  }
  return hasGnuTime;
}

/** How the numbers were taken, for the printed report. */
export function measuringTool(): string {
  return gnuTimeAvailable() ? 'GNU time (%U+%S CPU, %M peak RSS)' : 'sh `times` for CPU, a preload hook for Node peak RSS';
}

export async function measure(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<Measurement> {
  const scratch = await mkdtemp(join(tmpdir(), 'podmortem-measure-'));
  try {
    return gnuTimeAvailable() ? await withGnuTime(command, args, scratch, options.cwd) : await withShellTimes(command, args, options.cwd);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function withGnuTime(command: string, args: readonly string[], scratch: string, cwd?: string): Promise<Measurement> {
  const stats = join(scratch, 'time.txt');
  const run = await spawnTimed(GNU_TIME, ['-o', stats, '-f', '%U %S %M', command, ...args], cwd);
  const [user, system, rssKiB] = (await readFile(stats, 'utf8')).trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  return { ...run, cpuMs: Math.round(((user ?? 0) + (system ?? 0)) * 1000), maxRssBytes: rssKiB ? rssKiB * 1024 : null };
}

/** `times` prints the shell's own CPU line, then its children's: `0m1.234s 0m0.321s`. */
async function withShellTimes(command: string, args: readonly string[], cwd?: string): Promise<Measurement> {
  const nodeChild = command === process.execPath;
  const childArgs = nodeChild ? ['--require', MAX_RSS_HOOK, ...args] : args;
  const run = await spawnTimed('sh', ['-c', '"$@"; s=$?; times >&2; exit $s', 'sh', command, ...childArgs], cwd);
  const lines = run.stderr.trim().split('\n');
  const children = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines.at(-1) ?? '');
  const cpuMs = children ? Math.round((Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000) : 0;
  const rss = RSS_LINE.exec(run.stderr);
  return { ...run, cpuMs, maxRssBytes: rss ? Number(rss[1]) * 1024 : null, stderr: lines.slice(0, -2).join('\n').replace(RSS_LINE, '') };
}

async function spawnTimed(command: string, args: readonly string[], cwd?: string): Promise<Omit<Measurement, 'cpuMs' | 'maxRssBytes'>> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, exitCode, stderr }));
  });
}
