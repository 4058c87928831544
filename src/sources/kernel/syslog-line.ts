/**
 * Lines of syslog files (kern.log, messages, syslog), where the kernel shares the file with
 * other programs. Samples (rsyslog defaults; the second one is RSYSLOG_FileFormat):
 *
 *   Apr 16 09:21:48 worker-02 kernel: [41872.110264] blk_update_request: critical medium error, dev sdb, sector 8192
 *     → kernel message, local time Apr 16 09:21:48 (no year) and monotonic 41872.110264
 *   2024-01-01T12:00:00.123456+00:00 worker-02 kernel: Out of memory: Killed process 4242 (java) …
 *     → kernel message, utcMs of 2024-01-01T12:00:00.123456Z
 *   Feb 23 05:44:02 kernel: mce: [Hardware Error]: Machine check events logged   (no host)
 *   Apr 16 07:07:39 worker-02 kubelet[1025]: I0416 07:07:39.110852 1025 kubelet.go:2134] …
 *     → service line { identifier: 'kubelet', pid: 1025 }
 *
 * and audit.log (`type=AVC msg=audit(<epoch seconds>.<ms>:<serial>): …`).
 */
import type { LocalTime, Stamp } from '../stamp.js';
import { fractionToMicros, isValidLocalTime, monthNumber } from '../time-text.js';
import { parseBracketed, parsePrioritised, matchIsoStamp } from './dmesg-line.js';
import { kernelLine, makeStamp, type KernelLineParse, type ParsedKernelLine } from './line-parse.js';
import type { KernelLineFormat } from './kernel-message.js';

const SYSLOG_STAMP = /^([A-Za-z\u00c0-\u017f]{3,5}\.?) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? +/;
const AUDIT_RECORD = /^(?:node=\S{1,253} )?type=([A-Z_0-9]{1,40}) msg=audit\((\d{1,12})\.(\d{1,3}):(\d{1,20})\): ?/;
/** Syslog tags whose lines come from the kernel: the kernel itself and the audit subsystem. */
const KERNEL_IDENTIFIERS = new Set(['kernel', 'audit']);

/** `Nov 28 04:13:10 host tag: msg` → kernel or service line; null if the line has no such stamp. */
export function parseSyslog(text: string): ParsedKernelLine | null {
  const match = SYSLOG_STAMP.exec(text);
  if (!match) return null;
  const month = monthNumber(match[1]!);
  const stampText = match[0].trimEnd();
  const rest = text.slice(match[0].length);
  if (month === null) return kernelLine('none', makeStamp('', {}), text, null, null, `unknown month name "${match[1]}" in syslog stamp`);
  const local: LocalTime = { year: null, month, day: Number(match[2]), hour: Number(match[3]), minute: Number(match[4]), second: Number(match[5]), micros: fractionToMicros(match[6]) };
  if (!isValidLocalTime(local)) return kernelLine('none', makeStamp('', {}), text, null, null, 'syslog stamp out of range');
  return tagged('syslog', makeStamp(stampText, { local }), rest);
}

/** `2024-01-01T12:00:00.123456+00:00 host tag: msg` (rsyslog / journalctl short-iso). */
export function parseRfc3339Syslog(text: string): ParsedKernelLine | null {
  const iso = matchIsoStamp(text);
  if (!iso || iso.comma) return null;
  const rest = text.slice(iso.length);
  if (!hasTag(rest)) return null;
  const stamp = makeStamp(iso.stampText, iso.utcMs === null ? {} : { utcMs: iso.utcMs });
  const parsed = tagged('syslog-rfc3339', stamp, rest);
  if (iso.utcMs === null && parsed.kind === 'kernel') parsed.issue = 'RFC 3339 stamp out of range';
  return parsed;
}

/** `type=AVC msg=audit(1704110400.123:456): avc:  denied …` → stamp from the audit id. */
export function parseAudit(text: string): KernelLineParse | null {
  const record = AUDIT_RECORD.exec(text);
  if (!record) return null;
  const utcMs = Number(record[2]) * 1000 + Number(record[3]!.padEnd(3, '0'));
  const stampText = text.slice(text.indexOf('audit('), record[0].trimEnd().length - 1);
  return kernelLine('audit', makeStamp(stampText, { utcMs }), text.slice(record[0].length));
}

function hasTag(rest: string): boolean {
  return splitTag(rest).tag !== null;
}

interface TagSplit {
  host: string | null;
  tag: string | null;
  message: string;
}

/** `host tag[pid]: msg`, `tag: msg` (no host) or `host msg` (no tag: `-- MARK --`, `last message repeated`). */
function splitTag(rest: string): TagSplit {
  const firstEnd = rest.indexOf(' ');
  const first = firstEnd === -1 ? rest : rest.slice(0, firstEnd);
  if (first.endsWith(':') && first.length > 1) return { host: null, tag: first.slice(0, -1), message: firstEnd === -1 ? '' : rest.slice(firstEnd + 1) };
  if (firstEnd === -1) return { host: first || null, tag: null, message: '' };
  const secondEnd = rest.indexOf(' ', firstEnd + 1);
  const second = rest.slice(firstEnd + 1, secondEnd === -1 ? rest.length : secondEnd);
  if (second.endsWith(':') && second.length > 1 && second.length <= 128) {
    return { host: first, tag: second.slice(0, -1), message: secondEnd === -1 ? '' : rest.slice(secondEnd + 1) };
  }
  return { host: first, tag: null, message: rest.slice(firstEnd + 1) };
}

function tagged(format: KernelLineFormat, stamp: Stamp, rest: string): ParsedKernelLine {
  const { host, tag, message } = splitTag(rest);
  const bracket = tag === null ? -1 : tag.indexOf('[');
  const identifier = bracket > 0 && tag!.endsWith(']') ? tag!.slice(0, bracket) : tag;
  const pidText = bracket > 0 && tag!.endsWith(']') ? tag!.slice(bracket + 1, -1) : '';
  const pid = /^\d{1,10}$/.test(pidText) ? Number(pidText) : null;
  if (identifier === null || !KERNEL_IDENTIFIERS.has(identifier)) {
    return { kind: 'service', format, stamp, identifier, pid, host, message };
  }
  return kernelWithInnerStamp(format, stamp, message);
}

/** rsyslog keeps the kernel's own `[seconds]` (and sometimes `<N>`) inside the message. */
function kernelWithInnerStamp(format: KernelLineFormat, stamp: Stamp, message: string): KernelLineParse {
  const first = message.charCodeAt(0);
  const inner = first === 0x5b /* [ */ ? parseBracketed(message, null, null) : first === 0x3c /* < */ ? parsePrioritised(message) : null;
  if (!inner || inner.stamp.monotonic === null) return kernelLine(format, stamp, message);
  const combined = makeStamp(`${stamp.text} ${inner.stamp.text}`, { monotonic: inner.stamp.monotonic });
  combined.utcMs = stamp.utcMs;
  combined.local = stamp.local;
  return kernelLine(format, combined, inner.text, inner.level, inner.facility);
}
