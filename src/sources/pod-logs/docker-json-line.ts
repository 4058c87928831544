/**
 * One line of Docker's json-file log driver (dockershim-era `/var/log/pods/.../N.log`, Docker
 * hosts). Sample:
 *
 *   `{"log":"GET /healthz \u003c200\u003e\n","stream":"stdout","time":"2019-03-02T10:15:02.123456789Z"}`
 *     → { time: '2019-03-02T10:15:02.123456789Z', stream: 'stdout', partial: false, content: 'GET /healthz <200>' }
 *
 * Docker splits lines longer than 16 KiB into several entries; all but the last lack the trailing
 * `\n` in `log`, so an entry without it is a fragment to join (per stream). `attrs` may be present
 * and is ignored.
 */
import type { LogRecord } from './cri-line.js';
import { rfc3339End } from '../time-text.js';

/** Parses one json-file line; null when the line is not a json-file entry. */
export function parseDockerJsonLine(line: string): LogRecord | null {
  if (line.charCodeAt(0) !== 0x7b || !line.includes('"log"')) return null;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null) return null;
  const { log, stream, time } = entry as Record<string, unknown>;
  if (typeof log !== 'string' || (stream !== 'stdout' && stream !== 'stderr') || typeof time !== 'string') return null;
  if (rfc3339End(time, 0) !== time.length) return null;
  const full = log.endsWith('\n');
  return { time, stream, partial: !full, content: full ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log };
}
