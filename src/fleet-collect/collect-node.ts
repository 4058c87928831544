import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { oneLine } from '../errors.js';
import { writeFileAtomic } from '../output/index.js';
import { ArchiveStream, NodeFailure } from './archive-stream.js';
import { debugNodeArgs, deletePodArgs, type CollectorOptions, type KubectlTarget } from './kubectl-args.js';
import { kubectlCommand, runKubectl, spawnError } from './run-kubectl.js';

export interface NodeRunSettings {
  target: KubectlTarget;
  image: string;
  collector: CollectorOptions;
  /** The collector script, fed to `sh -s` on the node through kubectl's stdin. */
  script: Buffer;
  outputDir: string;
  timeoutSeconds: number;
  /** Aborted on Ctrl-C / SIGTERM: the node stops at once and its pod is deleted. */
  stop: AbortSignal;
}

/** One node's result. `pod` is the debug pod kubectl created, when it said which. */
export type NodeOutcome = { node: string; status: 'ok'; path: string; bytes: number; pod: PodCleanup } | { node: string; status: 'failed'; reason: string; pod: PodCleanup };

/** The debug pod after the run: deleted, never seen (kubectl failed before naming it), or left. */
export type PodCleanup = { state: 'deleted'; name: string } | { state: 'unknown' } | { state: 'left'; name: string; reason: string };

/** After SIGTERM, how long kubectl gets to end before SIGKILL. */
const KILL_GRACE_MS = 5000;

/**
 * Runs the collector on one node through `kubectl debug node/<node>` (streamed mode), writes
 * `<outputDir>/<node>.tar.gz` atomically (a failed node leaves no file), and always deletes the
 * debug pod kubectl created, whatever happened.
 */
export async function collectNode(node: string, settings: NodeRunSettings): Promise<NodeOutcome> {
  let pod: string | null = null;
  const path = join(settings.outputDir, `${node}.tar.gz`);
  try {
    const bytes = await streamArchive(node, settings, path, (name) => (pod = name));
    return { node, status: 'ok', path, bytes, pod: await deletePod(settings.target, pod) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { node, status: 'failed', reason: oneLine(reason, 500), pod: await deletePod(settings.target, pod) };
  }
}

async function streamArchive(node: string, settings: NodeRunSettings, path: string, onPod: (pod: string) => void): Promise<number> {
  if (settings.stop.aborted) throw new NodeFailure('not started: the run was stopped');
  const child = spawn(kubectlCommand(), debugNodeArgs(settings.target, node, settings.image, settings.collector), {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C on the terminal reaches podmortem only, which then stops
    // kubectl itself and deletes the pod, in that order.
    detached: true,
  });
  const ended = childEnd(child);
  const watch = watchChild(child, settings);
  try {
    const stream = new ArchiveStream(onPod);
    child.stdin.on('error', () => undefined); // kubectl gone before reading all of the script: its exit says why
    child.stdin.end(settings.script);
    let bytes = 0;
    // Readable by its owner only, as the collector writes it on the node: it holds the node's logs.
    await writeFileAtomic(
      path,
      archiveChunks(child, stream, ended, watch.why, (count) => (bytes = count)),
      { mode: 0o600 },
    );
    return bytes;
  } finally {
    watch.clear();
    if (child.exitCode === null && child.signalCode === null) killGroup(child, 'SIGKILL');
  }
}

/** kubectl's stdout, archive bytes only; throws (so nothing is renamed into place) unless all is well. */
async function* archiveChunks(child: KubectlChild, stream: ArchiveStream, ended: Promise<ChildEnd>, why: () => string | null, done: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of child.stdout) {
    const bytes = stream.take(chunk as Buffer);
    if (bytes.length > 0) yield bytes;
  }
  const end = await ended;
  const stopped = why();
  if (stopped) throw new NodeFailure(stopped);
  if (end.error) throw end.error;
  if (end.code !== 0) throw new NodeFailure(`kubectl exited with ${end.code ?? end.signal}${end.stderr ? `: ${end.stderr}` : ''}`);
  try {
    done(await stream.finish());
  } catch (error) {
    if (error instanceof NodeFailure && end.stderr) throw new NodeFailure(`${error.message}; kubectl said: ${end.stderr}`);
    throw error;
  }
}

type KubectlChild = ChildProcessByStdio<Writable, Readable, Readable>;
interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines kubectl (and the collector, through it) wrote on stderr. */
  stderr: string;
  error: Error | null;
}

function childEnd(child: KubectlChild): Promise<ChildEnd> {
  let tail = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (tail = (tail + text).slice(-4096)));
  return new Promise((resolve) => {
    let error: Error | null = null;
    child.on('error', (failure: NodeJS.ErrnoException) => (error = spawnError(failure)));
    child.on('close', (code, signal) => resolve({ code, signal, stderr: lastLines(tail), error }));
    // A spawn failure (ENOENT) emits 'error' and then 'close'.
  });
}

function lastLines(text: string): string {
  return text
    .trim()
    .split('\n')
    .slice(-3)
    .map((line) => line.trim())
    .join(' | ');
}

/** The node's time limit and the run's stop signal both end kubectl; `why` says which did. */
function watchChild(child: KubectlChild, settings: NodeRunSettings): { why: () => string | null; clear: () => void } {
  let reason: string | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const end = (text: string): void => {
    if (reason !== null) return;
    reason = text;
    killGroup(child, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS);
  };
  const limit = setTimeout(() => end(`timed out after ${settings.timeoutSeconds} s`), settings.timeoutSeconds * 1000);
  const onStop = (): void => end('stopped before it finished (the run was interrupted)');
  settings.stop.addEventListener('abort', onStop, { once: true });
  if (settings.stop.aborted) onStop();
  return {
    why: () => reason,
    clear: () => {
      clearTimeout(limit);
      clearTimeout(killTimer);
      settings.stop.removeEventListener('abort', onStop);
    },
  };
}

function killGroup(child: KubectlChild, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Gone already.
  }
}

/** Deletes the pod kubectl named; a pod never named was never created by this run. */
async function deletePod(target: KubectlTarget, pod: string | null): Promise<PodCleanup> {
  if (pod === null) return { state: 'unknown' };
  const run = await runKubectl(deletePodArgs(target, pod)).catch((error: Error) => ({ code: null, stdout: '', stderr: error.message }));
  if (run.code === 0) return { state: 'deleted', name: pod };
  return { state: 'left', name: pod, reason: oneLine(run.stderr || `exit code ${run.code}`, 300) };
}
