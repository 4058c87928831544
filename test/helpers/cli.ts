import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO_ROOT, 'dist/cli/main.js');
const MAX_RSS_PRELOAD = fileURLToPath(new URL('./report-max-rss.cjs', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the analyzer process in bytes, when `measureMemory` was asked. */
  maxRssBytes: number | null;
}

/** Runs the built CLI (`npm test` builds it first) as a real child process. */
export function runPodmortem(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; measureMemory?: boolean } = {}): Promise<CliRun> {
  const nodeArgs = options.measureMemory ? ['--require', MAX_RSS_PRELOAD, CLI, ...args] : [CLI, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /^podmortem-test-max-rss=(\d+)$/m.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/^podmortem-test-max-rss=\d+\n?/m, ''), maxRssBytes: match ? Number(match[1]) * 1024 : null });
    });
  });
}

/** Every file under a folder with its sha256, to prove a run changed nothing it should not. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const name = prefix + entry.name;
      if (entry.isDirectory()) await walk(full, `${name}/`);
      else if (entry.isFile())
        result.set(
          name,
          createHash('sha256')
            .update(await readFile(full))
            .digest('hex'),
        );
      else result.set(name, `(${entry.isSymbolicLink() ? 'link' : 'special'})`);
    }
  };
  if ((await stat(root)).isDirectory()) await walk(root, '');
  return result;
}
