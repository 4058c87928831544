/**
 * The child `xz -dc` and both of its pipes, on a thread of their own (started by xz-command.ts).
 * This event loop does nothing else, so xz's stdout is read the moment xz writes and its stdin
 * is topped up the moment it drains, while the main thread spends its milliseconds in the
 * parsers: on the main thread the two took turns, xz blocked on a full 64 KiB pipe whenever the
 * parsers ran (12.3 s with 4.7 s of it waiting, where both cores could have worked at once).
 */
import { spawn } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromXzWorker, ToXzWorker, XzWorkerData } from './xz-worker-protocol.js';
import { endOfLastXzStream, InputTail } from './xz-tail.js';

const STDERR_KEEP_CHARS = 4096;

const port = parentPort!;
const options = workerData as XzWorkerData;
const child = spawn(options.xzPath, options.args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env });

const post = (message: FromXzWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** Compressed bytes waiting for room in xz's stdin, and what was written, for the break offset. */
const input = { waiting: [] as Buffer[], ended: false, full: false, fed: 0, tail: new InputTail() };
/** Decoded bytes read from xz, not yet a whole piece; and those posted but not yet acknowledged. */
const output = { parts: [] as Buffer[], queued: 0, unacknowledged: 0, total: 0 };
let stopped = false;
let finished = false;
let stderr = '';

if (child.pid !== undefined) post({ type: 'spawned', pid: child.pid });

// `on`, not `once`: a kill that fails after a failed spawn is a second 'error'.
child.on('error', (error) => finish(null, null, error));
child.once('close', (code, signal) => finish(code, signal, null));
// EPIPE when xz exits early (a corrupt stream, the limit): its exit status says why.
child.stdin.on('error', () => undefined);
child.stdin.on('drain', () => ((input.full = false), writeInput()));
child.stderr.setEncoding('utf8');
child.stderr.on('data', (text: string) => {
  if (stderr.length < STDERR_KEEP_CHARS) stderr += text;
});
child.stdout.on('data', (chunk: Buffer) => {
  output.parts.push(chunk);
  output.queued += chunk.length;
  output.total += chunk.length;
  postPieces(false);
  if (output.queued + output.unacknowledged >= options.aheadBytes) child.stdout.pause();
});

port.on('message', (message: ToXzWorker) => {
  switch (message.type) {
    case 'input':
      input.waiting.push(Buffer.from(message.buffer, 0, message.length));
      return writeInput();
    case 'end':
      input.ended = true;
      return writeInput();
    case 'ack':
      output.unacknowledged -= message.bytes;
      if (!stopped && child.stdout.isPaused() && output.queued + output.unacknowledged < options.aheadBytes) child.stdout.resume();
      return;
    case 'stop':
      return stop();
  }
});

/** Writes what is waiting until the pipe is full; each buffer goes back once written, for more. */
function writeInput(): void {
  while (!input.full && !stopped && input.waiting.length > 0 && !child.stdin.destroyed) {
    const chunk = input.waiting.shift()!;
    input.fed += chunk.length;
    input.tail.push(chunk);
    // Written or failed (EPIPE), the stream holds it no longer.
    input.full = !child.stdin.write(chunk, () => post({ type: 'took', buffer: chunk.buffer as ArrayBuffer, length: chunk.length }, [chunk.buffer as ArrayBuffer]));
  }
  if (input.ended && input.waiting.length === 0 && !stopped && !child.stdin.destroyed && !child.stdin.writableEnded) child.stdin.end();
}

/**
 * Posts the decoded bytes in whole pieces (and, at the end, the short rest). xz's reads are
 * handed over as they are, not joined here: a buffer this thread dropped would wait for a
 * garbage collection it hardly ever runs, where the main thread runs one every few milliseconds.
 */
function postPieces(all: boolean): void {
  while (output.queued >= options.pieceBytes || (all && output.queued > 0)) {
    const parts: ArrayBuffer[] = [];
    let have = 0;
    while (have < options.pieceBytes && output.parts.length > 0) {
      const part = output.parts.shift()!;
      parts.push(ownBuffer(part));
      have += part.length;
    }
    output.queued -= have;
    output.unacknowledged += have;
    post({ type: 'piece', parts }, parts);
  }
}

/** An ArrayBuffer holding exactly these bytes and nothing else (as a pipe read's does), so that it can be transferred. */
function ownBuffer(bytes: Buffer): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

function stop(): void {
  stopped = true;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child.stdin.destroy();
  child.stdout.destroy();
}

/** Reports how xz ended, once it is reaped (or could not start), then lets this thread end. */
function finish(code: number | null, signal: NodeJS.Signals | null, spawnError: Error | null): void {
  if (finished) return;
  finished = true;
  if (!stopped) postPieces(true);
  const trailingAt = code !== 0 && output.total > 0 ? endOfLastXzStream(input.tail) : null;
  post({ type: 'exit', code, signal, spawnError: spawnError?.message ?? null, stderr, fed: input.fed, trailingAt });
  port.close();
}
