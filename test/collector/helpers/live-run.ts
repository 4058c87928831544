/**
 * One run of the real collector on this machine (as root), in host mode or inside a debug pod
 * setting (VIA: the commands that make the pod), with what a live test judges it by: the bundle,
 * the console streams, the output folder, the listing of the folders where a stray file would
 * land, and the clock readings around the run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { archiveIn, openBundle, runCollector, type CollectedBundle, type ShellName } from './collector.js';

const PATH = process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The collector's limit per command in these runs. The tests expect each source they check to be
 * `ok`, so the limit must not be what a loaded machine reaches (five runs go at once, each command
 * takes well under a second on a quiet one): it only catches a command that never ends, and a
 * run ends as soon as its commands do.
 */
export const LIVE_COMMAND_LIMIT_SECONDS = 120;

/** How long a test waits for its live runs: a bound on a run that never ends, not a judgement of speed. */
export const LIVE_RUNS_WAIT_MS = 900_000;

export interface LiveRun {
  dir: string;
  archive: string;
  stdout: string;
  stderr: string;
  bundle: CollectedBundle;
  /** The output folder's names after the run. */
  outputs: string[];
  listings: { before: Record<string, string[]>; after: Record<string, string[]> };
  clock: { startMs: number; endMs: number; uptimeBefore: number; uptimeAfter: number };
}

/**
 * Where a stray archive (podmortem-*.tar.gz[.part]) or staging folder (.podmortem-work.<pid>) would
 * land: the root, and the debug pod's default output folder, which other programs share.
 */
async function listing(): Promise<Record<string, string[]>> {
  return { '/': (await readdir('/')).sort(), '/var/tmp': (await readdir('/var/tmp')).filter((name) => name.includes('podmortem')).sort() };
}

export async function uptime(): Promise<number> {
  return Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
}

/** Collects the last hour into DIR under SHELL, through VIA (the debug pod) or on the host itself. */
export async function collectLive(shell: ShellName, dir: string, via: ((out: string) => string[]) | null, extraArgs: string[] = []): Promise<LiveRun> {
  const before = await listing();
  const clock = { startMs: Date.now(), endMs: 0, uptimeBefore: await uptime(), uptimeAfter: 0 };
  const args = ['--output-dir', dir, '--budget', '64M', '--since', '1h', '--timeout', String(LIVE_COMMAND_LIMIT_SECONDS), ...extraArgs];
  const run = await runCollector({ shell, path: PATH, via: via?.(dir), args });
  clock.uptimeAfter = await uptime();
  clock.endMs = Date.now();
  if (run.code !== 0) throw new Error(`collector ${via ? 'in the debug pod' : 'on the host'} exited ${run.code}: ${run.stderr}`);
  const archive = await archiveIn(dir);
  return {
    dir,
    archive,
    stdout: run.stdout.toString(),
    stderr: run.stderr,
    bundle: await openBundle(await readFile(archive)),
    outputs: await readdir(dir),
    listings: { before, after: await listing() },
    clock,
  };
}
