/**
 * The CLI run in this test process: `runCli` (what `dist/cli/main.js` calls with the process's
 * argv and streams) with captured output. Same flags, exit code and output as the built CLI, for
 * none of the 0.3 s of CPU a node process costs to start and load the bundle, and warm code from
 * the second run on. What only the process shows (signals, a closed pipe, a terminal, peak
 * memory, the built bundle) stays with `runPodmortem`, which spawns `dist/cli/main.js`.
 */
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import type { CliRun } from './cli.js';

/** A stream that keeps what is written, as text. */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

let running = false;

/**
 * Runs `podmortem <args>`. `env` and `cwd` are set in this process for the run and restored after
 * it (vitest's default pool runs each worker in a process of its own, where chdir is allowed), so
 * two runs never overlap.
 */
export async function runPodmortemInProcess(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  if (running) throw new Error('runPodmortemInProcess: runs in one process must not overlap (they share its environment)');
  running = true;
  const saved = Object.entries(options.env ?? {}).map(([name]) => [name, process.env[name]] as const);
  const folder = process.cwd();
  const stdout = new TextSink();
  const stderr = new TextSink();
  try {
    Object.assign(process.env, options.env);
    if (options.cwd) process.chdir(options.cwd);
    const code = await runCli(args, { stdout, stderr });
    return { code, stdout: stdout.text, stderr: stderr.text, maxRssBytes: null };
  } finally {
    process.chdir(folder);
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    running = false;
  }
}
