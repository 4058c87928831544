/**
 * The `dmesg` text forms (util-linux `sys-utils/dmesg.c`), as captured on this machine from one
 * OOM report (test/sources/kernel/fixtures/oom-kill-cgroup-v1-kernel-6.18-real*.txt):
 *
 *   [  931.472465] python3 invoked oom-killer: …                  → monotonic 931.472465
 *   <4>[  931.472465] python3 invoked oom-killer: …               → level 4 (dmesg -r)
 *   kern  :warn  : [  931.472465] python3 invoked oom-killer: …   → facility 0, level 4 (dmesg -x)
 *   4,426,931472465,-;python3 invoked oom-killer: …               → /dev/kmsg record
 *   [Sat Nov 28 04:13:10 2026] python3 invoked oom-killer: …      → local time (dmesg -T)
 *   [sam. nov. 28 04:13:10 2026] …                                 → the same under fr_FR
 *   2026-11-28T04:13:10,472465+00:00 python3 invoked oom-killer: … → UTC (--time-format iso)
 *
 * and Talos (`talosctl dmesg`):
 *
 *   10.5.0.7: kern: warning: [2023-03-14T07:52:06.418302117Z]: platform regulatory.0: …
 */
import { EPOCH_YEAR, fractionToMicros, isDigitAt, isValidLocalTime, matchIsoDateTime, monthNumber, zonedMillis, zoneOffsetMinutes } from '../time-text.js';
import { kernelLine, makeStamp, type KernelLineParse } from './line-parse.js';

/** CONFIG_PRINTK_CALLER adds the task or CPU after the stamp: `[    T123]`, `[  C1]`. */
const CALLER_ID = /^ ?\[ *[TC]\d{1,10}\] ?/;
const CTIME_STAMP = /^\[(\S{1,24}) +(\S{1,24}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\] ?/;
const KMSG_RECORD = /^(\d{1,3}),(\d{1,20}),(\d{1,20}),[^;]{0,64};/;
const PRIORITY = /^<(\d{1,3})>/;
const DECODED = /^([a-z0-9]{2,8}) *:([a-z]{3,7}) *: /;
const TALOS = /^(?:(\S{1,253}): )?([a-z0-9]{2,8}): *([a-z]{3,7}): \[(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)\]: ?/;

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'res0', 'res1', 'res2', 'res3'];
const LEVELS: Record<string, number> = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, warning: 4, notice: 5, info: 6, debug: 7 };

/** `kern`, `warn` (dmesg -x) or `kern`, `warning` (Talos) → numbers; null for unknown names. */
function facilityAndLevel(facilityName: string, levelName: string): { facility: number; level: number } | null {
  const index = FACILITIES.indexOf(facilityName);
  const local = /^local([0-7])$/.exec(facilityName);
  const facility = index >= 0 ? index : local ? 16 + Number(local[1]) : null;
  const level = Object.hasOwn(LEVELS, levelName) ? LEVELS[levelName]! : null;
  return facility === null || level === null ? null : { facility, level };
}

/**
 * The length of a raw dmesg stamp `[  931.472618]` (and the one space after it) at the start of
 * `text`, or -1: what `/^\[ *(\d{1,12}\.\d{1,9})\] ?/` matches, read without a match array, since
 * this runs for every line of a dmesg file.
 */
function rawStampLength(text: string): number {
  if (text.charCodeAt(0) !== 0x5b /* [ */) return -1;
  let at = 1;
  while (text.charCodeAt(at) === 0x20) at += 1;
  const seconds = at;
  while (isDigitAt(text, at)) at += 1;
  if (at === seconds || at - seconds > 12 || text.charCodeAt(at) !== 0x2e /* . */) return -1;
  const fraction = (at += 1);
  while (isDigitAt(text, at)) at += 1;
  if (at === fraction || at - fraction > 9 || text.charCodeAt(at) !== 0x5d /* ] */) return -1;
  return text.charCodeAt(at + 1) === 0x20 ? at + 2 : at + 1;
}

/** A line starting with `[`: raw monotonic or `-T` wall-clock stamp; null if neither. */
export function parseBracketed(text: string, level: number | null, facility: number | null): KernelLineParse | null {
  const rawLength = rawStampLength(text);
  if (rawLength !== -1) {
    let rest = text.slice(rawLength);
    const next = rest.charCodeAt(0);
    if (next === 0x5b /* [ */ || next === 0x20) {
      const caller = CALLER_ID.exec(rest);
      if (caller) rest = rest.slice(caller[0].length);
    }
    // `journalctl -k -o short-monotonic`: `[   86.123456] node-1 kernel: msg`. The host is one
    // word, so only the first space can start the tag (no scan of the whole message).
    const tag = rest.indexOf(' ');
    if (tag > 0 && tag <= 64 && rest.startsWith(' kernel: ', tag)) rest = rest.slice(tag + ' kernel: '.length);
    const close = text.indexOf(']');
    let digits = 1;
    while (text.charCodeAt(digits) === 0x20) digits += 1;
    const stamp = makeStamp(text.slice(0, close + 1), { monotonic: Number(text.slice(digits, close)) });
    return kernelLine('dmesg', stamp, rest, level, facility);
  }
  const ctime = CTIME_STAMP.exec(text);
  if (!ctime) return null;
  const stampText = ctime[0].trimEnd();
  const rest = text.slice(ctime[0].length);
  const month = monthNumber(ctime[2]!);
  if (month === null) {
    return kernelLine('dmesg-ctime', makeStamp(stampText, {}), rest, level, facility, `unknown month name "${ctime[2]}" in dmesg -T stamp`);
  }
  const local = { year: Number(ctime[7]), month, day: Number(ctime[3]), hour: Number(ctime[4]), minute: Number(ctime[5]), second: Number(ctime[6]), micros: 0 };
  if (!isValidLocalTime(local, EPOCH_YEAR)) return kernelLine('dmesg-ctime', makeStamp(stampText, {}), rest, level, facility, 'dmesg -T stamp out of range');
  return kernelLine('dmesg-ctime', makeStamp(stampText, { local }), rest, level, facility);
}

/** `2026-11-28T04:13:10,472465+00:00 msg`; the separator tells dmesg (`,`) from syslog (`.`). */
export function matchIsoStamp(text: string): { length: number; stampText: string; utcMs: number | null; comma: boolean } | null {
  const iso = matchIsoDateTime(text);
  if (!iso) return null;
  const after = text.charCodeAt(iso.end);
  if (iso.end < text.length && after !== 0x20) return null;
  const utcMs = isValidLocalTime(iso.time, EPOCH_YEAR) ? zonedMillis(iso.time, iso.offsetMinutes) : null;
  return { length: iso.end < text.length ? iso.end + 1 : iso.end, stampText: text.slice(0, iso.end), utcMs, comma: iso.comma };
}

export function parseIsoDmesg(text: string, level: number | null = null, facility: number | null = null): KernelLineParse | null {
  const iso = matchIsoStamp(text);
  if (!iso) return null;
  const rest = text.slice(iso.length);
  if (iso.utcMs === null) return kernelLine('dmesg-iso', makeStamp(iso.stampText, {}), rest, level, facility, 'ISO stamp out of range');
  return kernelLine('dmesg-iso', makeStamp(iso.stampText, { utcMs: iso.utcMs }), rest, level, facility);
}

/** The part after any `<N>` / `-x` prefix: a stamped or bare dmesg line. */
export function parseDmesgBody(text: string, level: number | null, facility: number | null): KernelLineParse {
  const first = text.charCodeAt(0);
  if (first === 0x5b /* [ */) {
    const bracketed = parseBracketed(text, level, facility);
    if (bracketed) return bracketed;
  } else if (first >= 0x30 && first <= 0x39) {
    const iso = parseIsoDmesg(text, level, facility);
    if (iso) return iso;
  }
  return kernelLine('none', makeStamp('', {}), text, level, facility);
}

/** `<6>[    2.091107] msg` (dmesg -r): N = facility × 8 + level. */
export function parsePrioritised(text: string): KernelLineParse | null {
  const priority = PRIORITY.exec(text);
  if (!priority) return null;
  const value = Number(priority[1]);
  const parsed = parseDmesgBody(text.slice(priority[0].length), value & 7, value >> 3);
  if (value > 191) parsed.issue = `syslog priority <${value}> out of range`;
  return parsed;
}

/** `kern  :warn  : [    2.091107] msg` (dmesg -x). */
export function parseDecoded(text: string): KernelLineParse | null {
  const decoded = DECODED.exec(text);
  const names = decoded ? facilityAndLevel(decoded[1]!, decoded[2]!) : null;
  if (!decoded || !names) return null;
  return parseDmesgBody(text.slice(decoded[0].length), names.level, names.facility);
}

/** `4,426,931472465,-;msg`: priority, sequence, µs since boot, flags (a /dev/kmsg record). */
export function parseKmsg(text: string): KernelLineParse | null {
  const record = KMSG_RECORD.exec(text);
  if (!record) return null;
  const value = Number(record[1]);
  // µs / 1e6 rounds exactly like reading the decimal `931.472465`.
  const stamp = makeStamp(record[0].slice(0, -1), { monotonic: Number(record[3]) / 1e6 });
  return kernelLine('kmsg', stamp, text.slice(record[0].length), value & 7, value >> 3);
}

/** `<node>: kern:    info: [2021-11-10T10:09:37.662764956Z]: msg` (talosctl dmesg, UTC). */
export function parseTalos(text: string): KernelLineParse | null {
  const talos = TALOS.exec(text);
  const names = talos ? facilityAndLevel(talos[2]!, talos[3]!) : null;
  if (!talos || !names) return null;
  const { facility, level } = names;
  const local = {
    year: Number(talos[4]),
    month: Number(talos[5]),
    day: Number(talos[6]),
    hour: Number(talos[7]),
    minute: Number(talos[8]),
    second: Number(talos[9]),
    micros: fractionToMicros(talos[10]),
  };
  const stampText = talos[0].slice(talos[0].lastIndexOf('['), talos[0].lastIndexOf(']') + 1);
  const rest = text.slice(talos[0].length);
  const utcMs = isValidLocalTime(local, EPOCH_YEAR) ? zonedMillis(local, zoneOffsetMinutes(talos[11]) ?? 0) : null;
  if (utcMs === null) return kernelLine('talos', makeStamp(stampText, {}), rest, level, facility, 'Talos stamp out of range');
  return kernelLine('talos', makeStamp(stampText, { utcMs }), rest, level, facility);
}
