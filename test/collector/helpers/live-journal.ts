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

export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
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
  return async () => {
    journald.kill('SIGTERM');
    await exited;
  };
}

/** A line in the kernel ring buffer (and so in the journal's kernel transport). */
export function writeKernelLine(text: string): void {
  spawnSync('sh', ['-c', 'echo "<6>$1" > /dev/kmsg', 'sh', text]);
}

/** More than the tests log under one identifier at once (live.test.ts logs 400 filler lines first). */
const RECENT_ENTRIES = 2000;

/**
 * Logs LINE under IDENTIFIER until `journalctl -t IDENTIFIER` shows it (a socket left by an
 * earlier journald may exist before the new one listens), then lets the clock pass the next
 * whole second: the collector's --until is whole seconds.
 */
export async function journalLine(identifier: string, line: string): Promise<void> {
  await until(() => {
    // Only the newest entries: a real node's kubelet journal is far more than spawnSync's 1 MiB
    // output buffer, and a cut output never holds the line just logged.
    const newest = spawnSync('journalctl', ['-t', identifier, '-o', 'cat', '--no-pager', '-n', String(RECENT_ENTRIES)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (newest.stdout.includes(line)) return true;
    spawnSync('systemd-cat', ['-t', identifier, 'echo', line]);
    return false;
  }, `the ${identifier} line in the journal`);
  await new Promise((resolve) => setTimeout(resolve, 1100));
}
