import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-root.js';
import { ArchiveBreakError } from './archive-break.js';
import type { FromXzWorker, ToXzWorker, XzReport, XzWorkerData } from './xz-worker-protocol.js';
import { unxzStreams, XZ_MEMLIMIT_BYTES, xzMemlimitError } from './xz-stream.js';

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

/** How far the xz worker has read the compressed file (counted as pieces arrive), and the file's sha256 once it has read it all. */
export interface XzInputProgress {
  counts: { compressedBytes: number };
  onFileHash(sha256: string | null): void;
}

/**
 * The tar stream inside an xz file: decoded by the system `xz -dc` when there is one (about 3 s
 * of CPU for the 500M bench bundle where lzma-native's older liblzma needs 5, and on another
 * core than the parsers), by lzma-native otherwise. Same breaks and warnings either way. With
 * `xz`, the file is read and hashed off the main thread (`progress` hears how far, and the hash);
 * lzma-native is fed the `chunks` of the file, read and hashed by the caller.
 */
export function unxzFile(path: string, chunks: () => AsyncIterable<Buffer>, progress: XzInputProgress, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  const xz = systemXz();
  return xz ? unxzWithCommand(xz, path, progress, onWarning) : unxzStreams(chunks(), onWarning);
}

/**
 * Decoded bytes per piece handed to the tar parser: each piece costs both threads a message and
 * the main thread a pass through the async chain to the parser, so 1 MiB rather than the 256 KiB
 * the decoders read in.
 */
export const XZ_PIECE_BYTES = 1024 * 1024;
const ACK_BYTES = 1024 * 1024;
/**
 * Decoded bytes the worker may post before the reader takes them. The worker reads xz's stdout
 * whatever the main thread is doing, so this is how far xz can decode ahead of the parsers.
 */
const DECODED_AHEAD_BYTES = 16 * 1024 * 1024;

/**
 * Decodes through a child `xz -dc` run by a worker thread (xz-worker.ts), which reads the file,
 * writes it to xz's stdin and reads xz's stdout continuously, on its own event loop, so xz decodes
 * on the other core while the parsers work on this one. Decoded bytes come back in whole 1 MiB
 * pieces, up to 16 MiB ahead, so memory stays bounded. Whatever way the reader stops, the child
 * is killed and reaped and the worker ended before this ends.
 */
export async function* unxzWithCommand(xzPath: string, path: string, progress: XzInputProgress, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  const link = new XzWorkerLink(xzPath, path, progress);
  try {
    for (let piece = await link.nextPiece(); piece; piece = await link.nextPiece()) {
      yield piece;
      link.consumed(piece.length);
    }
    const report = link.report!;
    if (report.inputError !== null) throw new Error(report.inputError);
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
    await link.ended();
  }
}

/** Number of xz workers running in this process, for the tests that check none is left behind. */
let runningWorkers = 0;
export function runningXzWorkers(): number {
  return runningWorkers;
}

/** The main thread's end of one xz worker: decoded pieces queued as they arrive, acknowledged as the reader takes them. */
class XzWorkerLink {
  report: XzReport | null = null;
  private readonly worker: Worker;
  private readonly pieces: ArrayBuffer[][] = [];
  private unacknowledged = 0;
  private failure: Error | null = null;
  private gone = false;
  private stopping = false;
  private pid: number | null = null;
  private waiting: (() => void) | null = null;
  private readonly exited: Promise<void>;

  constructor(
    xzPath: string,
    inputPath: string,
    private readonly progress: XzInputProgress,
  ) {
    const data: XzWorkerData = {
      xzPath,
      args: ['--decompress', '--stdout', `--memlimit=${XZ_MEMLIMIT_BYTES}`],
      env: xzEnvironment(),
      inputPath,
      pieceBytes: XZ_PIECE_BYTES,
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

  /** Asks the worker to kill xz now, unless it has already reported. */
  stop(): void {
    if (this.stopping || this.report || this.gone) return;
    this.stopping = true;
    this.worker.postMessage({ type: 'stop' } satisfies ToXzWorker);
  }

  /** Resolves once xz is reaped (the worker's report) and the worker thread has exited. */
  async ended(): Promise<void> {
    while (!this.report && !this.gone) await this.nextMessage();
    if (!this.gone) await this.worker.terminate();
    await this.exited;
  }

  private receive(message: FromXzWorker): void {
    switch (message.type) {
      case 'spawned':
        this.pid = message.pid;
        return;
      case 'piece':
        this.pieces.push(message.parts);
        this.progress.counts.compressedBytes = message.read;
        break;
      case 'exit': {
        const { type: _type, ...report } = message;
        this.report = report;
        this.progress.counts.compressedBytes = report.read;
        this.progress.onFileHash(report.sha256);
        break;
      }
    }
    this.notify();
  }

  private nextMessage(): Promise<void> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private notify(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
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
