/**
 * One line of the CRI logging format (containerd, CRI-O/conmon), as the kubelet reads it
 * (`parseCRILog`): `<RFC3339Nano> <stream> <tags> <content>`. Sample (containerd):
 *
 *   `2024-01-01T12:00:00.1234Z stderr P first 16 KiB of a long line...`
 *     → { time: '2024-01-01T12:00:00.1234Z', stream: 'stderr', partial: true, content: 'first 16 KiB of a long line...' }
 *
 * Tags are split on `:`; only a first tag `P` means partial, anything else (`F`, unknown future
 * tags) is a full line. Content may be empty or hold spaces. CRI logs written before 1.9 had no
 * tag field (`untagged`): every line is full and the content starts after the stream.
 */
import { rfc3339End } from '../time-text.js';

export type LogStream = 'stdout' | 'stderr';

/** One physical record of a container log, whatever the file format. */
export interface LogRecord {
  /** The timestamp as printed; null in plain-text logs. */
  time: string | null;
  stream: LogStream | null;
  /** True when the record is a fragment to be joined with the next ones of the same stream. */
  partial: boolean;
  content: string;
}

/** The stream name at `start`, or null; both names are 6 characters long. */
function streamAt(line: string, start: number): LogStream | null {
  if (line.startsWith('stdout', start)) return 'stdout';
  if (line.startsWith('stderr', start)) return 'stderr';
  return null;
}

/** Parses a CRI line with a tag field; null when the line is not one. */
export function parseCriLine(line: string): LogRecord | null {
  const timeEnd = rfc3339End(line, 0);
  if (timeEnd < 0 || line.charCodeAt(timeEnd) !== 0x20) return null;
  const stream = streamAt(line, timeEnd + 1);
  const streamEnd = timeEnd + 7;
  if (stream === null || line.charCodeAt(streamEnd) !== 0x20) return null;
  const tagStart = streamEnd + 1;
  if (tagStart >= line.length || line.charCodeAt(tagStart) === 0x20) return null;
  let tagEnd = line.indexOf(' ', tagStart);
  if (tagEnd < 0) tagEnd = line.length;
  // Only the first `:`-separated tag counts: `P` or `P:…` is partial.
  const partial = line.charCodeAt(tagStart) === 0x50 && (tagEnd === tagStart + 1 || line.charCodeAt(tagStart + 1) === 0x3a);
  return { time: line.slice(0, timeEnd), stream, partial, content: tagEnd < line.length ? line.slice(tagEnd + 1) : '' };
}

/** Parses a pre-1.9 CRI line (`<time> <stream> <content>`, no tags); null when the line is not one. */
export function parseUntaggedCriLine(line: string): LogRecord | null {
  const timeEnd = rfc3339End(line, 0);
  if (timeEnd < 0 || line.charCodeAt(timeEnd) !== 0x20) return null;
  const stream = streamAt(line, timeEnd + 1);
  const streamEnd = timeEnd + 7;
  if (stream === null || (streamEnd < line.length && line.charCodeAt(streamEnd) !== 0x20)) return null;
  return { time: line.slice(0, timeEnd), stream, partial: false, content: streamEnd < line.length ? line.slice(streamEnd + 1) : '' };
}

/**
 * Whether a CRI line's third field is a tag list the kubelet ≥ 1.9 writes (`P`, `F`, `F:x`), as
 * opposed to the first word of a pre-1.9 line's content. Used once per file, on the first line.
 */
export function hasCriTags(line: string): boolean {
  const record = parseCriLine(line);
  if (!record) return false;
  const tagStart = (record.time?.length ?? 0) + 8;
  const tag = line.charCodeAt(tagStart);
  const next = tagStart + 1 < line.length ? line.charCodeAt(tagStart + 1) : 0x20;
  return (tag === 0x50 || tag === 0x46) && (next === 0x20 || next === 0x3a);
}
