/**
 * The CRI line of cri-line.ts read from the bytes of a line, without making a string of it: most
 * pod log lines are only counted and passed (log-file-parser.ts), and a string for each was a
 * third of the analyzer's allocation on a bundle of pod logs. Sample:
 *
 *   bytes of `2024-01-01T12:00:00.1234Z stderr F GET /healthz 200`
 *     → { timeEnd: 25, stream: 'stderr', partial: false, contentStart: 35 } (offsets from the line's start)
 *
 * Only what `parseCriLine` accepts is accepted, with the same fields: the time, the stream and
 * the tag are ASCII, so a byte offset up to the content is the same as the character offset in
 * the decoded line, and the content's bytes decode to the string `parseCriLine` slices (UTF-8
 * never uses the space byte inside a character). A line this rejects may still be read by the
 * string parser: the caller then decodes it and asks that one.
 */
import type { LogStream } from './cri-line.js';

/** Where the fields of one CRI line are, in bytes from the start of the buffer. */
export interface CriByteFields {
  timeEnd: number;
  stream: LogStream;
  partial: boolean;
  /** Where the content starts; equal to the line's end when it has none. */
  contentStart: number;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SPACE = 0x20;

function isDigit(bytes: Buffer, at: number, end: number): boolean {
  if (at >= end) return false;
  const code = bytes[at] as number;
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function twoDigits(bytes: Buffer, at: number, end: number): boolean {
  return isDigit(bytes, at, end) && isDigit(bytes, at + 1, end);
}

function byteIs(bytes: Buffer, at: number, end: number, code: number): boolean {
  return at < end && bytes[at] === code;
}

/** Whether the byte at `at` is a digit; `at` must be inside the line. */
function digitAt(bytes: Buffer, at: number): boolean {
  return ((bytes[at] as number) - DIGIT_0) >>> 0 <= 9;
}

/** `YYYY-MM-DDTHH:MM:SS` at `s`, which has at least 19 bytes of line after it. */
function isDateTime(bytes: Buffer, s: number): boolean {
  for (const at of DIGIT_OFFSETS) if (!digitAt(bytes, s + at)) return false;
  return bytes[s + 4] === 0x2d && bytes[s + 7] === 0x2d && bytes[s + 10] === 0x54 && bytes[s + 13] === 0x3a && bytes[s + 16] === 0x3a;
}

const DIGIT_OFFSETS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** `rfc3339End` (time-text.ts) over bytes `start`…`end`: the offset after the stamp, or -1. */
export function rfc3339EndOfBytes(bytes: Buffer, start: number, end: number): number {
  if (end - start < 20 || !isDateTime(bytes, start)) return -1;
  let i = start + 19;
  if (bytes[i] === 0x2e) {
    const fractionStart = i + 1;
    i = fractionStart;
    while (isDigit(bytes, i, end)) i += 1;
    if (i === fractionStart) return -1;
  }
  if (byteIs(bytes, i, end, 0x5a)) return i + 1;
  if (!byteIs(bytes, i, end, 0x2b) && !byteIs(bytes, i, end, 0x2d)) return -1;
  return twoDigits(bytes, i + 1, end) && byteIs(bytes, i + 3, end, 0x3a) && twoDigits(bytes, i + 4, end) ? i + 6 : -1;
}

/** `stdout` or `stderr` at `at`, or null. */
function streamAt(bytes: Buffer, at: number, end: number): LogStream | null {
  if (at + 6 > end || bytes[at] !== 0x73 || bytes[at + 1] !== 0x74 || bytes[at + 2] !== 0x64) return null;
  if (bytes[at + 3] === 0x6f && bytes[at + 4] === 0x75 && bytes[at + 5] === 0x74) return 'stdout';
  return bytes[at + 3] === 0x65 && bytes[at + 4] === 0x72 && bytes[at + 5] === 0x72 ? 'stderr' : null;
}

/**
 * The fields of a tagged CRI line held in `bytes` from `start` to `end` (no newline), written
 * into `into` (reused: no allocation per line); false when `parseCriLine` might not read the
 * line the same way.
 */
export function scanCriBytes(bytes: Buffer, start: number, end: number, into: CriByteFields): boolean {
  const timeEnd = rfc3339EndOfBytes(bytes, start, end);
  if (timeEnd < 0 || !byteIs(bytes, timeEnd, end, SPACE)) return false;
  const stream = streamAt(bytes, timeEnd + 1, end);
  const streamEnd = timeEnd + 7;
  if (stream === null || !byteIs(bytes, streamEnd, end, SPACE)) return false;
  const tagStart = streamEnd + 1;
  if (tagStart >= end || bytes[tagStart] === SPACE) return false;
  let tagEnd = tagStart + 1;
  while (tagEnd < end && bytes[tagEnd] !== SPACE) tagEnd += 1;
  into.timeEnd = timeEnd;
  into.stream = stream;
  // Only the first `:`-separated tag counts: `P` or `P:…` is partial.
  into.partial = bytes[tagStart] === 0x50 && (tagEnd === tagStart + 1 || bytes[tagStart + 1] === 0x3a);
  into.contentStart = tagEnd < end ? tagEnd + 1 : end;
  return true;
}
