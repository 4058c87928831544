/**
 * The child `xz -dc`, its pipes and its input file, on a thread of their own (started by
 * xz-command.ts). This event loop does nothing else, so xz's stdout is read the moment xz writes
 * and its stdin is topped up from the file the moment it drains, while the main thread spends its
 * milliseconds in the parsers: on the main thread the two took turns, xz blocked on a full
 * 64 KiB pipe whenever the parsers ran (12.3 s with 4.7 s of it waiting, where both cores could
 * have worked at once). The file is read and hashed here too, so the main thread only parses.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromXzWorker, ToXzWorker, XzWorkerData } from './xz-worker-protocol.js';
import { endOfLastXzStream, InputTail } from './xz-tail.js';

const STDERR_KEEP_CHARS = 4096;
/** The size of the file's reads, and how many may wait for xz: enough to refill its pipe at once. */
const READ_BYTES = 256 * 1024;
const READS_AHEAD = 4;

const port = parentPort!;
const options = workerData as XzWorkerData;
const child = spawn(options.xzPath, options.args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env });

const post = (message: FromXzWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/**
 * The input file: read into a few buffers that are refilled once xz has taken them, hashed as
 * read; what was written to xz (`fed`) and its last bytes, for the break offset.
 */
const input = {
  file: null as FileHandle | null,
  hash: createHash('sha256'),
  spare: [] as Buffer[],
  waiting: [] as Buffer[],
  reading: false,
  ended: false,
  full: false,
  read: 0,
  fed: 0,
  error: null as string | null,
  /** The reader stopped early: it has no use for the hash, so the rest of the file is not read for it. */
  abandoned: false,
  tail: new InputTail(),
};
/** Decoded bytes read from xz, not yet a whole piece; and those posted but not yet acknowledged. */
const output = { parts: [] as Buffer[], queued: 0, unacknowledged: 0, total: 0 };
let stopped = false;
let finished = false;
let stderr = '';

if (child.pid !== undefined) post({ type: 'spawned', pid: child.pid });

// `on`, not `once`: a kill that fails after a failed spawn is a second 'error'.
child.on('error', (error) => void finish(null, null, error));
child.once('close', (code, signal) => void finish(code, signal, null));
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
    case 'ack':
      output.unacknowledged -= message.bytes;
      if (!stopped && child.stdout.isPaused() && output.queued + output.unacknowledged < options.aheadBytes) child.stdout.resume();
      return;
    case 'stop':
      input.abandoned = true;
      return stop();
  }
});

void readInput();

/** Reads the file while fewer than READS_AHEAD reads wait for xz; the write callbacks call it again. */
async function readInput(): Promise<void> {
  if (input.reading) return;
  input.reading = true;
  try {
    input.file ??= await open(options.inputPath, 'r');
    while (!stopped && !input.ended && input.waiting.length < READS_AHEAD) {
      const buffer = input.spare.pop() ?? Buffer.allocUnsafeSlow(READ_BYTES);
      const { bytesRead } = await input.file.read(buffer, 0, READ_BYTES, input.read);
      if (bytesRead === 0) {
        input.ended = true;
        input.spare.push(buffer);
        break;
      }
      const chunk = buffer.subarray(0, bytesRead);
      input.hash.update(chunk);
      input.read += bytesRead;
      input.waiting.push(chunk);
      writeInput();
    }
  } catch (error) {
    input.error = (error as Error).message;
    stop();
  } finally {
    input.reading = false;
  }
  writeInput();
}

/** Writes what is waiting until the pipe is full; each buffer is reused once written. */
function writeInput(): void {
  while (!input.full && !stopped && input.waiting.length > 0 && !child.stdin.destroyed) {
    const chunk = input.waiting.shift()!;
    input.fed += chunk.length;
    input.tail.push(chunk);
    // Written or failed (EPIPE), the stream holds it no longer.
    input.full = !child.stdin.write(chunk, () => {
      input.spare.push(Buffer.from(chunk.buffer, chunk.byteOffset, READ_BYTES));
      void readInput();
    });
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
    post({ type: 'piece', parts, read: input.read }, parts);
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

/**
 * The sha256 names the whole input file, also when xz stopped before its end (bytes after the xz
 * stream): the rest is read for it here. Null when the file could not be read or the reader
 * stopped early.
 */
async function finishHash(): Promise<string | null> {
  while (input.reading) await new Promise((resolve) => setImmediate(resolve));
  if (input.error !== null || input.abandoned) {
    await input.file?.close().catch(() => undefined);
    return null;
  }
  try {
    input.file ??= await open(options.inputPath, 'r');
    const buffer = input.spare.pop() ?? Buffer.allocUnsafeSlow(READ_BYTES);
    for (let at = input.read; ;) {
      const { bytesRead } = await input.file.read(buffer, 0, READ_BYTES, at);
      if (bytesRead === 0) break;
      input.hash.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    return input.hash.digest('hex');
  } catch (error) {
    input.error ??= (error as Error).message;
    return null;
  } finally {
    await input.file?.close().catch(() => undefined);
  }
}

/** Reports how xz ended, once it is reaped (or could not start) and the hash is done, then lets this thread end. */
async function finish(code: number | null, signal: NodeJS.Signals | null, spawnError: Error | null): Promise<void> {
  if (finished) return;
  finished = true;
  if (!stopped) postPieces(true);
  stopped = true;
  const trailingAt = code !== 0 && output.total > 0 ? endOfLastXzStream(input.tail) : null;
  const { fed, read } = input;
  const sha256 = await finishHash();
  post({ type: 'exit', code, signal, spawnError: spawnError?.message ?? null, stderr, fed, read, trailingAt, inputError: input.error, sha256 });
  port.close();
}
