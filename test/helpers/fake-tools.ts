/**
 * Runs a suggested command through a real POSIX shell (dash, else busybox sh) with stand-ins for
 * the tools it names (kubectl, crictl, journalctl …): each stand-in records the arguments it was
 * given, one per line, and does nothing else. What the shell made of the command is then known
 * exactly: which tools ran, with which arguments, and whether anything else happened in its folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './bundle.js';

export interface ToolRun {
  tool: string;
  args: string[];
}

export interface ShellRun {
  runs: ToolRun[];
  /** Files in the working folder after the run (a hostile name that ran `touch` would leave one). */
  leftovers: string[];
}

const SHELL = ['/bin/dash', '/bin/busybox'].find((shell) => existsSync(shell)) ?? null;

/** Why commands cannot be run here, or null. */
export function shellMissing(): string | null {
  return SHELL ? null : 'neither /bin/dash nor /bin/busybox is installed';
}

export async function runWithFakeTools(command: string, tools: readonly string[]): Promise<ShellRun> {
  const dir = await tempDir('podmortem-fake-tools-');
  try {
    const bin = join(dir.path, 'bin');
    const work = join(dir.path, 'work');
    const log = join(dir.path, 'log');
    await mkdir(bin);
    await mkdir(work);
    await mkdir(log);
    for (const tool of tools) {
      // Each call writes its own file: tool name, then one argument per line.
      const script = `#!/bin/sh\nf=$(mktemp '${log}/run.XXXXXX')\nprintf '%s\\n' '${tool}' >"$f"\nfor a in "$@"; do printf '%s\\n' "$a" >>"$f"; done\n`;
      await writeFile(join(bin, tool), script);
      await chmod(join(bin, tool), 0o755);
    }
    const args = SHELL?.endsWith('busybox') ? ['sh', '-c', command] : ['-c', command];
    try {
      execFileSync(SHELL as string, args, { cwd: work, env: { PATH: `${bin}:/usr/bin:/bin` }, stdio: 'pipe' });
    } catch {
      // a pipeline's grep that matches nothing exits 1: what ran is still recorded
    }
    const runs = await Promise.all(
      (await readdir(log)).sort().map(async (file) => {
        const [tool, ...rest] = (await readFile(join(log, file), 'utf8')).replace(/\n$/, '').split('\n');
        return { tool: tool as string, args: rest };
      }),
    );
    return { runs, leftovers: await readdir(work) };
  } finally {
    await dir.remove();
  }
}
