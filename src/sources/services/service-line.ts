/**
 * One message of a Kubernetes node service, taken apart by its logging style. Samples:
 *
 *   klog text:      E1128 14:02:06.631719  308309 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: …"
 *                   → { style: 'klog', severity: 'error', msg: 'Skipping pod synchronization', fields: { err: 'PLEG is not healthy: …' } }
 *   klog (old):     I0617 03:05:13.803095    5478 eviction_manager.go:346] eviction manager: must evict pod(s) to reclaim imagefs
 *                   → { style: 'klog', structured: false, msg: 'eviction manager: must evict pod(s) to reclaim imagefs' }
 *   logrus:         time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\"4bcb…\""
 *   logrus (tty):   INFO[2023-06-25T08:45:57.769400335Z] CreateContainer within sandbox "999a…" for container …
 *   JSON (klog --logging-format=json, containerd --log-format=json): {"ts":1700000000.1,"msg":"Probe failed","v":0,…}
 *
 * klog stamps have no year and no zone (the node's local time): they become `Stamp.local` with a
 * null year; logrus and JSON stamps carry a zone and become `utcMs`.
 */
import { emptyRecord } from '../safe-record.js';
import type { Stamp } from '../stamp.js';
import { datedStamp, fractionToMicros } from '../time-text.js';
import { readQuoted, scanKeyValues } from './key-values.js';

export type LineStyle = 'klog' | 'logrus' | 'json' | 'plain';
export type Severity = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

export interface ServiceLine {
  style: LineStyle;
  severity: Severity | null;
  /** The time printed inside the message, when there is one. */
  stamp: Stamp | null;
  /** klog's `file.go:123`, or null. */
  caller: string | null;
  /** The message: klog's quoted message or free text, logrus' `msg`. */
  msg: string;
  /** True for klog `"msg" key=value` lines, logrus and JSON; false for free text. */
  structured: boolean;
  fields: Record<string, string>;
  /** A `key=<` block that continues in the following lines (klog multi-line values). */
  openBlock: string | null;
}

const KLOG_HEAD = /^([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})\s+\d+ ([^\s\]]+)\] ?/;
const LOGRUS_TTY = /^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[([^\]]{1,64})\] ?/;
const KLOG_SEVERITY: Record<string, Severity> = { I: 'info', W: 'warning', E: 'error', F: 'fatal' };

/** Priority (syslog 0–7) of a severity, so klog and logrus levels count like journal priorities. */
export const SEVERITY_PRIORITY: Record<Severity, number> = { fatal: 2, error: 3, warning: 4, info: 6, debug: 7 };

export function parseServiceLine(message: string): ServiceLine {
  const first = message.charCodeAt(0);
  if (first === 0x7b) {
    const json = parseJsonLine(message);
    if (json) return json;
  }
  if (message.startsWith('time="') || message.startsWith('level=')) return parseLogrus(message);
  const klog = KLOG_HEAD.exec(message) ?? klogAfterPrefix(message);
  if (klog) return parseKlog(message, klog);
  const tty = LOGRUS_TTY.exec(message);
  if (tty) return parseLogrusTty(message, tty);
  return plain(message);
}

/** The severity alone, cheaply, for counting every line without taking it apart. */
export function severityOf(message: string): Severity | null {
  const c = message.charCodeAt(0);
  if ((c === 0x49 || c === 0x57 || c === 0x45 || c === 0x46) && message.charCodeAt(5) === 0x20 && isDigit(message.charCodeAt(1))) {
    return KLOG_SEVERITY[message[0] as string] ?? null;
  }
  const at = message.indexOf('level=');
  if (at !== -1 && at < 80) return logrusSeverity(wordAt(message, at + 6));
  const tty = c >= 0x41 && c <= 0x5a && message.charCodeAt(4) === 0x5b ? LOGRUS_TTY.exec(message) : null;
  return tty ? logrusSeverity(tty[1] as string) : null;
}

/** microshift and some wrappers put a component name before the klog header: `kubelet E0206 …`. */
function klogAfterPrefix(message: string): RegExpExecArray | null {
  const space = message.indexOf(' ');
  if (space <= 0 || space > 32) return null;
  const rest = message.slice(space + 1);
  const match = KLOG_HEAD.exec(rest);
  if (!match) return null;
  match.index = space + 1;
  return match;
}

function parseKlog(message: string, head: RegExpExecArray): ServiceLine {
  const bodyStart = head.index + head[0].length;
  const stamp: Stamp = {
    text: message.slice(head.index + 1, head.index + 21),
    monotonic: null,
    utcMs: null,
    local: { year: null, month: Number(head[2]), day: Number(head[3]), hour: Number(head[4]), minute: Number(head[5]), second: Number(head[6]), micros: Number(head[7]) },
    bootId: null,
  };
  const severity = KLOG_SEVERITY[head[1] as string] ?? null;
  const caller = head[8] ?? null;
  if (message.charCodeAt(bodyStart) === 0x22) {
    const quoted = readQuoted(message, bodyStart);
    const { fields, openBlock } = scanKeyValues(message, quoted.end);
    return { style: 'klog', severity, stamp, caller, msg: quoted.value, structured: true, fields, openBlock };
  }
  return { style: 'klog', severity, stamp, caller, msg: message.slice(bodyStart), structured: false, fields: {}, openBlock: null };
}

function parseLogrus(message: string): ServiceLine {
  const { fields, openBlock } = scanKeyValues(message);
  return {
    style: 'logrus',
    severity: logrusSeverity(fields.level ?? ''),
    stamp: fields.time ? serviceStamp(fields.time) : null,
    caller: null,
    msg: fields.msg ?? '',
    structured: true,
    fields,
    openBlock,
  };
}

function parseLogrusTty(message: string, head: RegExpExecArray): ServiceLine {
  const rest = message.slice(head[0].length);
  // The tty format pads the message to 44 columns before the fields: split at the first `  key=`.
  const gap = /\s{2,}(?=[A-Za-z_][\w.-]*=)/.exec(rest);
  const msg = (gap ? rest.slice(0, gap.index) : rest).trim();
  const { fields } = gap ? scanKeyValues(rest, gap.index) : { fields: {} };
  return { style: 'logrus', severity: logrusSeverity(head[1] as string), stamp: serviceStamp(head[2] as string), caller: null, msg, structured: true, fields, openBlock: null };
}

function parseJsonLine(message: string): ServiceLine | null {
  let object: unknown;
  try {
    object = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return null;
  const record = object as Record<string, unknown>;
  const msg = typeof record.msg === 'string' ? record.msg : typeof record.message === 'string' ? record.message : null;
  if (msg === null) return null;
  const fields = emptyRecord<string>();
  for (const [key, value] of Object.entries(record)) {
    if (key === 'msg' || key === 'message') continue;
    fields[key] = jsonFieldText(value);
  }
  const level = typeof record.level === 'string' ? logrusSeverity(record.level) : 'err' in record ? 'error' : 'info';
  return { style: 'json', severity: level, stamp: jsonStamp(record), caller: typeof record.caller === 'string' ? record.caller : null, msg, structured: true, fields, openBlock: null };
}

/** klog JSON renders object references as `{"name":…,"namespace":…}`: keep them as `ns/name`. */
function jsonFieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const ref = value as Record<string, unknown>;
    if (typeof ref.name === 'string') return typeof ref.namespace === 'string' && ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  }
  const text = JSON.stringify(value) ?? '';
  return text.length > 2048 ? text.slice(0, 2048) : text;
}

function jsonStamp(record: Record<string, unknown>): Stamp | null {
  if (typeof record.ts === 'number' && Number.isFinite(record.ts)) {
    // klog JSON: seconds since the epoch; zap-style loggers use milliseconds.
    const ms = record.ts > 1e11 ? record.ts : record.ts * 1000;
    return { text: String(record.ts), monotonic: null, utcMs: ms, local: null, bootId: null };
  }
  const time = typeof record.time === 'string' ? record.time : typeof record.ts === 'string' ? record.ts : null;
  return time ? serviceStamp(time) : null;
}

function plain(message: string): ServiceLine {
  return { style: 'plain', severity: null, stamp: null, caller: null, msg: message, structured: false, fields: {}, openBlock: null };
}

function logrusSeverity(level: string): Severity | null {
  switch (level.toLowerCase()) {
    case 'trace':
    case 'trac':
    case 'debug':
    case 'debu':
      return 'debug';
    case 'info':
      return 'info';
    case 'warn':
    case 'warning':
      return 'warning';
    case 'error':
    case 'erro':
      return 'error';
    case 'fatal':
    case 'fata':
    case 'panic':
    case 'pani':
      return 'fatal';
    default:
      return null;
  }
}

const SERVICE_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|[+-]\d\d:?\d\d)?$/;

/**
 * The time a Go service prints: `2023-09-01T19:12:33.012922721Z` (logrus), CRI-O's
 * `2023-05-31 15:54:15.113161747Z`, `…+08:00`; without a zone, local time with its year. The
 * fields are not range-checked.
 */
export function serviceStamp(text: string): Stamp | null {
  const m = SERVICE_TIME.exec(text);
  if (!m) return null;
  const time = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), micros: fractionToMicros(m[7]) };
  return datedStamp(text, time, m[8]);
}

function wordAt(text: string, at: number): string {
  let end = at;
  while (end < text.length && text.charCodeAt(end) > 0x20) end += 1;
  return text.slice(at, end).replace(/"/g, '');
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
