import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ArchiveBreakError } from './archive-break.js';
import { endOfLastXzStream, InputTail } from './xz-tail.js';
import { unxzStreams, XZ_CHUNK_BYTES, XZ_MEMLIMIT_BYTES, XZ_READ_AHEAD_BYTES, xzMemlimitError } from './xz-stream.js';

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

interface XzExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: Error | null;
}

/** What the feeder saw: bytes written to xz's stdin, and a failure reading the input file. */
interface FeedState {
  fed: number;
  inputError: Error | null;
  readonly tail: InputTail;
}

const STDERR_KEEP_CHARS = 4096;

/**
 * Decodes through a child `xz -dc`: the input's bytes are written to its stdin here (counted, for
 * the break offset) and its stdout is the tar stream, each side waiting for the other, so memory
 * stays constant. Whatever way the reader stops, the child is killed and reaped before this ends.
 */
export async function* unxzWithCommand(xzPath: string, chunks: AsyncIterable<Buffer>, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  const child = spawn(xzPath, ['--decompress', '--stdout', `--memlimit=${XZ_MEMLIMIT_BYTES}`], { stdio: ['pipe', 'pipe', 'pipe'], env: xzEnvironment() });
  const exited = new Promise<XzExit>((resolve) => {
    // `on`, not `once`: a kill that fails after a failed spawn is a second 'error', which must not go unhandled.
    child.on('error', (error) => resolve({ code: null, signal: null, spawnError: error }));
    child.once('close', (code, signal) => resolve({ code, signal, spawnError: null }));
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < STDERR_KEEP_CHARS) stderr += text;
  });
  const state: FeedState = { fed: 0, inputError: null, tail: new InputTail() };
  const stop = new AbortController();
  const feeding = feed(child.stdin, chunks, state, stop.signal, () => child.kill('SIGKILL'));
  let decoded = 0;
  try {
    for await (const out of readAhead(child.stdout)) {
      decoded += out.length;
      yield out;
    }
    await feeding;
    const exit = await exited;
    if (state.inputError) throw state.inputError;
    if (exit.code === 0) return;
    const trailingAt = decoded > 0 ? endOfLastXzStream(state.tail) : null;
    if (trailingAt !== null) {
      onWarning(`bytes that are not xz after the end of the xz stream (near byte ${trailingAt}) were ignored`);
      return;
    }
    const failure = xzCommandFailure(exit, stderr, state.fed);
    if (failure) throw failure;
    onWarning(`xz: ${xzMessage(stderr)}`);
  } finally {
    stop.abort();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdout.destroy();
    await feeding;
    await exited;
  }
}

/**
 * xz's stdout read ahead of the parsers, up to the in-process decoder's 4 MiB, so xz keeps
 * decoding on the other core while they work (the pipe alone lets it run only about 128 KiB
 * ahead); handed over in pieces of 256 KiB, as gunzip's are, and only in whole pieces until the
 * end. xz writes 8 KiB at a time, so a reader that waits for it is woken with 8 KiB pieces:
 * passed on as they came, the 500M bench bundle's tar went to the parsers in about 14,700 pieces
 * of 26 KiB on average instead of about 1,450, and every piece costs the tar parser, the line
 * splitters and the garbage collector once more (figures in test/bench/README.md).
 */
async function* readAhead(pipe: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  pipe.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= XZ_READ_AHEAD_BYTES) pipe.pause();
    if (queued >= XZ_CHUNK_BYTES) notify();
  });
  pipe.once('end', () => ((ended = true), notify()));
  pipe.once('close', () => ((ended = true), notify()));
  pipe.once('error', (error: Error) => ((failure = error), notify()));
  while (queued > 0 || !ended) {
    if (failure) throw failure;
    if (queued < XZ_CHUNK_BYTES && !ended && !failure) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const parts: Buffer[] = [];
    let have = 0;
    while (have < XZ_CHUNK_BYTES && queue.length > 0) {
      const part = queue.shift()!;
      parts.push(part);
      have += part.length;
    }
    queued -= have;
    if (pipe.isPaused() && queued < XZ_READ_AHEAD_BYTES) pipe.resume();
    yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
  }
  if (failure) throw failure;
}

/** The user's XZ_OPT or XZ_DEFAULTS could change the limits; C messages are the ones matched below. */
function xzEnvironment(): NodeJS.ProcessEnv {
  const { XZ_OPT: _opt, XZ_DEFAULTS: _defaults, ...env } = process.env;
  return { ...env, LC_ALL: 'C' };
}

/** Writes the input into xz's stdin, waiting while the pipe is full; never rejects. */
async function feed(stdin: Writable, chunks: AsyncIterable<Buffer>, state: FeedState, signal: AbortSignal, kill: () => void): Promise<void> {
  // EPIPE when xz exits early (a corrupt stream, the limit): its exit status says why.
  stdin.on('error', () => undefined);
  try {
    for await (const chunk of chunks) {
      if (signal.aborted || stdin.destroyed) return;
      state.fed += chunk.length;
      state.tail.push(chunk);
      if (!stdin.write(chunk)) await drained(stdin, signal);
    }
    if (!signal.aborted) stdin.end();
  } catch (error) {
    state.inputError = error as Error;
    kill();
  } finally {
    if (signal.aborted || state.inputError) stdin.destroy();
  }
}

/** Resolves when the pipe takes more, or when it never will (closed, failed, stopped). */
function drained(stdin: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stdin.off('drain', done).off('close', done).off('error', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    stdin.once('drain', done).once('close', done).once('error', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * xz's messages (LC_ALL=C, xz 5.4), e.g. `xz: (stdin): Compressed data is corrupt`. A cut file is
 * found at its end, so that offset is exact; otherwise xz stopped somewhere before the bytes fed.
 */
function xzCommandFailure(exit: XzExit, stderr: string, fed: number): Error | null {
  if (exit.spawnError) return new Error(`could not run xz: ${exit.spawnError.message}`);
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
