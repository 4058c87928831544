import { spawn } from 'node:child_process';
import { BundleError } from '../errors.js';

/** The kubectl found on PATH, as a person would run it. */
export function kubectlCommand(): string {
  return 'kubectl';
}

export interface KubectlRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Output kept from a short kubectl call; node lists and error messages are far smaller. */
const MAX_OUTPUT = 4 * 1024 * 1024;

/** Runs a short kubectl call (list nodes, delete a pod) and gathers its output. */
export function runKubectl(args: string[]): Promise<KubectlRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlCommand(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout = (stdout + text).slice(0, MAX_OUTPUT)));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-MAX_OUTPUT)));
    child.on('error', (error: NodeJS.ErrnoException) => reject(spawnError(error)));
    child.on('close', (code) => resolve({ code, stdout, stderr: stderr.trim() }));
  });
}

/** kubectl missing is the user's to fix (exit 2), not a bug. */
export function spawnError(error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT') return new BundleError(`${kubectlCommand()} not found on PATH: podmortem collect runs where kubectl works`);
  if (error.code === 'EACCES') return new BundleError(`${kubectlCommand()} cannot be run: permission denied`);
  return error;
}
