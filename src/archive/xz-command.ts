import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-root.js';
import { ArchiveBreakError } from './archive-break.js';
import type { FromXzWorker, ToXzWorker, XzReport, XzWorkerData } from './xz-worker-protocol.js';
import { unxzStreams, XZ_CHUNK_BYTES, XZ_MEMLIMIT_BYTES, xzMemlimitError } from './xz-stream.js';

let systemXzPath: string | null | undefined;

/**
 * The `xz` command on PATH, looked up once; null when there is none or `PODMORTEM_XZ=builtin`
 * asks for the in-process decoder (so tests can cover both on one machine).
 */
export function systemXz(): string | null {
  if (systemXzPath === undefined) systemXzPath = process.env['PODMORTEM_XZ'] === 'builtin' ? null : findOnPath('xz');
  return systemXzPath;
}

function findOnPath(command: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * The tar stream inside an xz file: decoded by the system `xz -dc` when there is one (about 3 s
 * of CPU for the 500M bench bundle where lzma-native's older liblzma needs 5, and on another
 * core than the parsers), by lzma-native otherwise. Same breaks and warnings either way.
 */
export function unxz(chunks: AsyncIterable<Buffer>, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  const xz = systemXz();
  return xz ? unxzWithCommand(xz, chunks, onWarning) : unxzStreams(chunks, onWarning);
}

/** Compressed bytes sent to the worker and not yet written to xz: enough for xz to run on while the main thread parses. */
const INPUT_AHEAD_BYTES = 4 * 1024 * 1024;
/** The size of the input file's reads (tar-reader.ts), so one buffer serves each. */
const INPUT_BUFFER_BYTES = 256 * 1024;
const ACK_BYTES = 1024 * 1024;
/**
 * Decoded bytes the worker may post before the reader takes them. The worker reads xz's stdout
 * whatever the main thread is doing, so this is how far xz can decode ahead of the parsers.
 */
const DECODED_AHEAD_BYTES = 16 * 1024 * 1024;

/**
 * Decodes through a child `xz -dc` run by a worker thread (xz-worker.ts), which writes the input
 * to xz's stdin and reads its stdout continuously, on its own event loop, so xz decodes on the
 * other core while the parsers work on this one. The input is read here (hashed and counted by
 * the caller) and sent up to 4 MiB ahead; decoded bytes come back in whole 256 KiB pieces, up
 * to 16 MiB ahead, so memory stays bounded. Whatever way the reader stops, the child is killed
 * and reaped and the worker ended before this ends.
 */
export async function* unxzWithCommand(xzPath: string, chunks: AsyncIterable<Buffer>, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  const link = new XzWorkerLink(xzPath);
  const state: FeedState = { inputError: null };
  const feeding = feed(link, chunks, state);
  try {
    for (let piece = await link.nextPiece(); piece; piece = await link.nextPiece()) {
      yield piece;
      link.consumed(piece.length);
    }
    await feeding;
    const report = link.report!;
    if (state.inputError) throw state.inputError;
    if (report.code === 0) return;
    if (report.trailingAt !== null) {
      onWarning(`bytes that are not xz after the end of the xz stream (near byte ${report.trailingAt}) were ignored`);
      return;
    }
    const failure = xzCommandFailure(report);
    if (failure) throw failure;
    onWarning(`xz: ${xzMessage(report.stderr)}`);
  } finally {
    link.stop();
    await feeding;
    await link.ended();
  }
}

/** What the feeder saw: a failure reading the input file. */
interface FeedState {
  inputError: Error | null;
}

/** Sends the input to the worker, at most INPUT_AHEAD_BYTES ahead of xz; never rejects. */
async function feed(link: XzWorkerLink, chunks: AsyncIterable<Buffer>, state: FeedState): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (!(await link.send(chunk))) return;
    }
    link.endInput();
  } catch (error) {
    state.inputError = error as Error;
    link.stop();
  }
}

/** Number of xz workers running in this process, for the tests that check none is left behind. */
let runningWorkers = 0;
export function runningXzWorkers(): number {
  return runningWorkers;
}

/**
 * The main thread's end of one xz worker: decoded pieces queued as they arrive, acknowledged as
 * the reader takes them; compressed bytes sent as the worker acknowledges writing earlier ones.
 */
class XzWorkerLink {
  report: XzReport | null = null;
  private readonly worker: Worker;
  private readonly pieces: ArrayBuffer[][] = [];
  /** Input buffers the worker gave back, to be refilled rather than allocated again. */
  private readonly spare: ArrayBuffer[] = [];
  private unacknowledged = 0;
  private failure: Error | null = null;
  private gone = false;
  private stopping = false;
  private pid: number | null = null;
  private sent = 0;
  private taken = 0;
  /** The reader and the feeder wait on the worker independently; every message wakes both. */
  private waiting: (() => void)[] = [];
  private readonly exited: Promise<void>;

  constructor(xzPath: string) {
    const data: XzWorkerData = {
      xzPath,
      args: ['--decompress', '--stdout', `--memlimit=${XZ_MEMLIMIT_BYTES}`],
      env: xzEnvironment(),
      pieceBytes: XZ_CHUNK_BYTES,
      aheadBytes: DECODED_AHEAD_BYTES,
    };
    this.worker = new Worker(workerFile(), { workerData: data });
    runningWorkers += 1;
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: FromXzWorker) => this.receive(message));
    this.worker.on('error', (error) => ((this.failure ??= error), this.notify()));
    this.worker.once('exit', () => {
      runningWorkers -= 1;
      this.gone = true;
      // Only when the worker died of a bug before reporting: its xz must not outlive it.
      if (!this.report && this.pid !== null) killQuietly(this.pid);
      this.notify();
    });
  }

  /** The next decoded piece; null once xz has ended and every piece was taken. */
  async nextPiece(): Promise<Buffer | null> {
    for (;;) {
      const parts = this.pieces.shift();
      if (parts) return parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts.map((part) => Buffer.from(part)));
      if (this.report) return null;
      if (this.failure) throw this.failure;
      if (this.gone) throw new Error('the xz worker ended without a report');
      await this.nextMessage();
    }
  }

  /** Acknowledged a MiB at a time: the worker needs no finer step, and each message costs both threads. */
  consumed(bytes: number): void {
    this.unacknowledged += bytes;
    if (this.unacknowledged < ACK_BYTES || this.gone) return;
    this.worker.postMessage({ type: 'ack', bytes: this.unacknowledged } satisfies ToXzWorker);
    this.unacknowledged = 0;
  }

  /** Sends a copy of the chunk (it is still the caller's); false when xz takes no more input. */
  async send(chunk: Buffer): Promise<boolean> {
    while (this.sent - this.taken >= INPUT_AHEAD_BYTES && this.open()) await this.nextMessage();
    if (!this.open()) return false;
    const buffer = this.spareBuffer(chunk.length);
    chunk.copy(new Uint8Array(buffer));
    this.worker.postMessage({ type: 'input', buffer, length: chunk.length } satisfies ToXzWorker, [buffer]);
    this.sent += chunk.length;
    return true;
  }

  endInput(): void {
    if (this.open()) this.worker.postMessage({ type: 'end' } satisfies ToXzWorker);
  }

  /** Asks the worker to kill xz now, unless it has already reported. */
  stop(): void {
    if (!this.open()) return;
    this.stopping = true;
    this.worker.postMessage({ type: 'stop' } satisfies ToXzWorker);
    this.notify();
  }

  /** Resolves once xz is reaped (the worker's report) and the worker thread has exited. */
  async ended(): Promise<void> {
    while (!this.report && !this.gone) await this.nextMessage();
    if (!this.gone) await this.worker.terminate();
    await this.exited;
  }

  private spareBuffer(length: number): ArrayBuffer {
    const index = this.spare.findIndex((buffer) => buffer.byteLength >= length);
    return index >= 0 ? this.spare.splice(index, 1)[0]! : new ArrayBuffer(Math.max(length, INPUT_BUFFER_BYTES));
  }

  private open(): boolean {
    return !this.stopping && !this.report && !this.gone;
  }

  private receive(message: FromXzWorker): void {
    switch (message.type) {
      case 'spawned':
        this.pid = message.pid;
        return;
      case 'piece':
        this.pieces.push(message.parts);
        break;
      case 'took':
        this.taken += message.length;
        this.spare.push(message.buffer);
        break;
      case 'exit': {
        const { type: _type, ...report } = message;
        this.report = report;
        break;
      }
    }
    this.notify();
  }

  private nextMessage(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private notify(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }
}

/** Built by `npm run build`, also when this module runs from the TypeScript sources (vitest). */
function workerFile(): URL {
  return new URL('dist/archive/xz-worker.js', PACKAGE_ROOT);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The user's XZ_OPT or XZ_DEFAULTS could change the limits; C messages are the ones matched below. */
function xzEnvironment(): NodeJS.ProcessEnv {
  const { XZ_OPT: _opt, XZ_DEFAULTS: _defaults, ...env } = process.env;
  return { ...env, LC_ALL: 'C' };
}

/**
 * xz's messages (LC_ALL=C, xz 5.4), e.g. `xz: (stdin): Compressed data is corrupt`. A cut file is
 * found at its end, so that offset is exact; otherwise xz stopped somewhere before the bytes fed.
 */
function xzCommandFailure(exit: XzReport): Error | null {
  const { stderr, fed } = exit;
  if (exit.spawnError) return new Error(`could not run xz: ${exit.spawnError}`);
  if (exit.signal) return new Error(`xz -dc was killed by ${exit.signal}`);
  if (exit.code === 2 && stderr.trim()) return null; // warnings only
  const message = xzMessage(stderr);
  if (/Memory usage limit reached|of memory is required/i.test(stderr)) return xzMemlimitError();
  if (/Unexpected end of input/i.test(message)) return new ArchiveBreakError(fed, 'the file ends inside the xz stream (truncated xz)');
  if (/File format not recognized/i.test(message)) return new ArchiveBreakError(fed, 'not an xz stream', true);
  if (/Unsupported options|Unsupported type of integrity check/i.test(message)) return new ArchiveBreakError(fed, `xz stream with unsupported options (${message})`, true);
  return new ArchiveBreakError(fed, `corrupt xz data (${message || `xz exit ${exit.code}`})`, true);
}

function xzMessage(stderr: string): string {
  const line = stderr.split('\n').find((text) => text.trim()) ?? '';
  return line.replace(/^(?:\S*\/)?xz: (?:\(stdin\): )?/, '').trim();
}
