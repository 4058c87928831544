/**
 * One line of journalctl's text output, recognised by its stamp (journalctl(1), logs-show.c).
 * Real lines (journald 252):
 *
 *   short              Nov 28 04:16:19 vm kubelet[8830]: I0527 09:00:05.110852 …   → local time, no year
 *   short-precise      Nov 28 04:16:19.640094 vm kubelet[8830]: …
 *   short-iso          2026-11-28T04:16:19+0000 vm kubelet[8830]: …               → utcMs (`+0000` or `+00:00`)
 *   short-iso-precise  2026-11-28T04:16:19.640094+0000 vm kubelet[8830]: …
 *   short-monotonic    [ 1120.621955] vm kubelet[8830]: …                         → monotonic seconds
 *   short-unix         1795839379.640094 vm kubelet[8830]: …                       → utcMs
 *   short-full         Sat 2026-11-28 04:16:19 UTC vm kubelet[8830]: …              → utcMs for UTC, else local with year
 *   separators         -- Boot e66375b30f6145f2a3df737bac559bc9 --   -- Reboot --   -- No entries --
 *   continuation       (indented to the message column) the next line of a multi-line message
 *
 * Also the bare lines of a log file written by the service itself (kubelet.log, containerd.log):
 * a klog header or a logrus `time="…"` at the start of the line.
 */
import type { LocalTime, Stamp } from '../stamp.js';
import { parseServiceLine } from '../services/service-line.js';
import { datedStamp, fractionToMicros, matchIsoDateTime, monthNumber, zonedMillis } from '../time-text.js';
import type { JournalFormat } from './journal-entry.js';

export type TextLine =
  | { type: 'entry'; format: JournalFormat; stamp: Stamp; host: string | null; identifier: string | null; pid: number | null; message: string; messageColumn: number }
  | { type: 'bare'; format: 'klog' | 'logrus'; stamp: Stamp | null; message: string }
  | { type: 'boot'; bootId: string | null }
  | { type: 'marker' }
  | { type: 'continuation'; text: string }
  | { type: 'unknown' };

const SHORT = /^([A-Za-zÄäÉéÛû]{3,4}\.?|\d{1,2}[月월]) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? /;
const MONOTONIC = /^\[\s*(\d{1,12}\.\d{1,9})\] /;
const UNIX = /^(\d{9,12})\.(\d{1,9}) /;
const FULL = /^[A-Z][a-z]{2} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? ([A-Za-z][\w/+-]*|[+-]\d\d:?\d\d) /;
const NO_HOST = /^([^\s[:]+)(?:\[(\d{1,10})\])?: ?/;
const WITH_HOST = /^(\S+) ([^[:\s][^[:]*?)(?:\[(\d{1,10})\])?: ?/;
const KLOG_START = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s/;

export function parseTextLine(line: string): TextLine {
  const first = line.charCodeAt(0);
  if (first === 0x20 || first === 0x09) return { type: 'continuation', text: line };
  if (first === 0x2d && line.startsWith('-- ')) return separator(line);
  const stamped = stampOf(line, first);
  if (stamped) return withOrigin(line, stamped);
  if (KLOG_START.test(line)) return bare(line, 'klog');
  if (line.startsWith('time="') || line.startsWith('level=')) return bare(line, 'logrus');
  return { type: 'unknown' };
}

function separator(line: string): TextLine {
  const boot = /^-- Boot ([0-9a-f]{32}) --$/.exec(line);
  if (boot) return { type: 'boot', bootId: boot[1] as string };
  if (line === '-- Reboot --') return { type: 'boot', bootId: null };
  return line.endsWith(' --') ? { type: 'marker' } : { type: 'unknown' };
}

function bare(line: string, format: 'klog' | 'logrus'): TextLine {
  return { type: 'bare', format, stamp: parseServiceLine(line).stamp, message: line };
}

interface Stamped {
  format: JournalFormat;
  stamp: Stamp;
  length: number;
}

function stampOf(line: string, first: number): Stamped | null {
  if (first === 0x5b) return monotonicStamp(line);
  if (first >= 0x30 && first <= 0x39) return isoStamp(line) ?? unixStamp(line) ?? shortStamp(line);
  return fullStamp(line) ?? shortStamp(line);
}

/** journalctl prints `%b` in the node's locale: a name (time-text.ts), or a number with 月/월 (zh, ja, ko). */
function monthOf(name: string): number | null {
  const cjk = /^(\d{1,2})[月월]$/.exec(name);
  if (cjk) return Number(cjk[1]) >= 1 && Number(cjk[1]) <= 12 ? Number(cjk[1]) : null;
  return monthNumber(name);
}

function shortStamp(line: string): Stamped | null {
  const m = SHORT.exec(line);
  const month = m ? monthOf(m[1] as string) : null;
  if (!m || !month) return null;
  const local: LocalTime = { year: null, month, day: Number((m[2] as string).trim()), hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]), micros: fractionToMicros(m[6]) };
  const text = m[0].slice(0, -1);
  return { format: m[6] ? 'short-precise' : 'short', stamp: { text, monotonic: null, utcMs: null, local, bootId: null }, length: m[0].length };
}

function isoStamp(line: string): Stamped | null {
  const iso = matchIsoDateTime(line);
  if (!iso || line.charCodeAt(iso.end) !== 0x20) return null;
  const utcMs = zonedMillis(iso.time, iso.offsetMinutes);
  return { format: iso.precise ? 'short-iso-precise' : 'short-iso', stamp: { text: line.slice(0, iso.end), monotonic: null, utcMs, local: null, bootId: null }, length: iso.end + 1 };
}

function monotonicStamp(line: string): Stamped | null {
  const m = MONOTONIC.exec(line);
  if (!m) return null;
  return { format: 'short-monotonic', stamp: { text: m[0].slice(0, -1), monotonic: Number(m[1]), utcMs: null, local: null, bootId: null }, length: m[0].length };
}

function unixStamp(line: string): Stamped | null {
  const m = UNIX.exec(line);
  if (!m) return null;
  const utcMs = Number(m[1]) * 1000 + fractionToMicros(m[2]) / 1000;
  return { format: 'short-unix', stamp: { text: m[0].slice(0, -1), monotonic: null, utcMs, local: null, bootId: null }, length: m[0].length };
}

function fullStamp(line: string): Stamped | null {
  const m = FULL.exec(line);
  if (!m) return null;
  return { format: 'short-full', stamp: fullTimeStamp(m), length: m[0].length };
}

const FULL_TIME = /^[A-Z][a-z]{2} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?: ([A-Za-z][\w/+-]*|[+-]\d\d:?\d\d))?$/;

/** `Wed 2023-04-26 18:47:58 CEST` (short-full, --list-boots): exact for UTC and numeric zones, else local time with its year. */
export function parseFullTime(text: string): Stamp | null {
  const m = FULL_TIME.exec(text.trim());
  return m ? fullTimeStamp(m, text.trim()) : null;
}

function fullTimeStamp(m: RegExpExecArray, text = m[0].slice(0, -1)): Stamp {
  const time = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), micros: fractionToMicros(m[7]) };
  return datedStamp(text, time, m[8]);
}

function withOrigin(line: string, stamped: Stamped): TextLine {
  const rest = line.slice(stamped.length);
  const origin = NO_HOST.exec(rest) ?? null;
  const hosted = origin ? null : WITH_HOST.exec(rest);
  const match = origin ?? hosted;
  if (!match) return { type: 'entry', format: stamped.format, stamp: stamped.stamp, host: null, identifier: null, pid: null, message: rest, messageColumn: stamped.length };
  const [identifier, pid] = origin ? [origin[1], origin[2]] : [hosted?.[2], hosted?.[3]];
  return {
    type: 'entry',
    format: stamped.format,
    stamp: stamped.stamp,
    host: origin ? null : (hosted?.[1] ?? null),
    identifier: identifier ?? null,
    pid: pid ? Number(pid) : null,
    message: rest.slice(match[0].length),
    messageColumn: stamped.length + match[0].length,
  };
}
