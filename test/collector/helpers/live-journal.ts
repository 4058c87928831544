/**
 * A real systemd-journald for the live collector tests: it runs here without systemd as PID 1
 * (started in the background when none runs) and is written to with `systemd-cat -t NAME`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { hasCommand } from './collector.js';

export const JOURNALD = '/lib/systemd/systemd-journald';

/** Why the collector cannot run for real here (root, journald, dash, systemd-cat), or null. */
export function liveCollectorSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync(JOURNALD)) return `${JOURNALD} not installed`;
  if (!hasCommand('dash')) return 'dash not installed';
  if (!hasCommand('systemd-cat')) return 'systemd-cat not installed';
  return null;
}

/** journald's comm is cut to 15 characters: `systemd-journal`. */
export async function journaldRunning(): Promise<boolean> {
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'systemd-journal') return true;
  }
  return false;
}

/**
 * Polls `check` every 100 ms until it holds. It returns as soon as it does; the 60 s bound only
 * stops a wait that would never end, and is wide so that a loaded machine does not fail it.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Starts a journald when none runs. The returned function stops only the one started here, and
 * waits for it to exit: the next test to hold the live-machine lock must not take a dying
 * journald for a running one.
 */
export async function ensureJournald(): Promise<() => Promise<void>> {
  if (await journaldRunning()) return async () => undefined;
  const journald: ChildProcess = spawn(JOURNALD, [], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => journald.once('exit', () => resolve()));
  await until(journaldRunning, 'journald to start');
  // Its process comes before its sockets: on a fresh machine (first runtime journal) lines sent
  // through systemd-cat in between were lost. systemd-cat fails while it cannot connect.
  await until(() => spawnSync('systemd-cat', ['-t', 'podmortem-test', 'true']).status === 0, 'journald to take stream connections');
  return async () => {
    journald.kill('SIGTERM');
    await exited;
  };
}

/** A line in the kernel ring buffer (and so in the journal's kernel transport). */
export function writeKernelLine(text: string): void {
  spawnSync('sh', ['-c', 'echo "<6>$1" > /dev/kmsg', 'sh', text]);
}
