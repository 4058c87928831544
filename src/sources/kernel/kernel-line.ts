/**
 * Recognises one line of a kernel file by its own shape (DESIGN.md: formats by content, never by
 * file name) and splits it into stamp, level and message. Real samples, one per form:
 *
 *   [  931.472465] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=500
 *     → { kind: 'kernel', format: 'dmesg', stamp: { monotonic: 931.472465 }, level: null,
 *         text: 'python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=500' }
 *   <4>[  931.472465] …  ·  kern  :warn  : [  931.472465] …  ·  4,426,931472465,-;…
 *   [Sat Nov 28 04:13:10 2026] …  ·  2026-11-28T04:13:10,472465+00:00 …
 *   Nov 28 04:13:10 node-1 kernel: …  ·  2026-11-28T04:13:10.472465+00:00 node-1 kernel: …
 *   10.5.0.7: kern:    info: [2023-03-14T07:52:06.417110117Z]: …  ·  type=AVC msg=audit(…): …
 *   ` SUBSYSTEM=pnp` (a kmsg dictionary line) → skipped
 *
 * Never throws: a malformed stamp keeps the line as an unstamped message with an issue.
 */
import { parseBracketed, parseDecoded, parseDmesgBody, parseIsoDmesg, parseKmsg, parsePrioritised, parseTalos } from './dmesg-line.js';
import { kernelLine, makeStamp, type ParsedKernelLine } from './line-parse.js';
import { parseAudit, parseRfc3339Syslog, parseSyslog } from './syslog-line.js';

export type { ParsedKernelLine, KernelLineParse, ServiceLineParse, SkippedLineParse } from './line-parse.js';

/** kmsg dictionary lines (`SUBSYSTEM=`, `DEVICE=`) follow a record, indented by one space or not. */
const DICTIONARY = /^ ?(?:SUBSYSTEM|DEVICE)=\S/;
const BROKEN_DMESG_STAMP = /^\[ *\d/;

export function parseKernelLine(text: string): ParsedKernelLine {
  if (text.length === 0 || text.trim().length === 0) return { kind: 'skip', reason: 'blank', issue: null };
  if (looksBinary(text)) return { kind: 'skip', reason: 'binary', issue: 'binary data (NUL bytes or invalid UTF-8), not a log line' };
  const first = text.charCodeAt(0);
  if (first === 0x5b /* [ */) return parseBracketed(text, null, null) ?? unstamped(text, BROKEN_DMESG_STAMP.test(text) ? 'malformed dmesg stamp' : null);
  if (first === 0x3c /* < */) return parsePrioritised(text) ?? unstamped(text);
  if (first >= 0x30 && first <= 0x39) return parseDigitFirst(text);
  if (first === 0x20 || first === 0x09) return DICTIONARY.test(text) ? { kind: 'skip', reason: 'dictionary', issue: null } : unstamped(text);
  return parseWordFirst(text);
}

/** kmsg records, ISO stamps (dmesg `,` or syslog `.`), Talos lines whose node is an IP address. */
function parseDigitFirst(text: string): ParsedKernelLine {
  const kmsg = parseKmsg(text);
  if (kmsg) return kmsg;
  if (text.length > 10 && text.charCodeAt(4) === 0x2d /* - */ && text.charCodeAt(10) === 0x54 /* T */) {
    const parsed = parseRfc3339Syslog(text) ?? parseIsoDmesg(text);
    if (parsed) return parsed;
  }
  return parseTalos(text) ?? unstamped(text);
}

function parseWordFirst(text: string): ParsedKernelLine {
  const decoded = parseDecoded(text);
  if (decoded) return decoded;
  if (text.includes(': [')) {
    const talos = parseTalos(text);
    if (talos) return talos;
  }
  const syslog = parseSyslog(text);
  if (syslog) return syslog;
  if (text.startsWith('type=') || text.startsWith('node=')) {
    const audit = parseAudit(text);
    if (audit) return audit;
  }
  if (DICTIONARY.test(text)) return { kind: 'skip', reason: 'dictionary', issue: null };
  return parseDmesgBody(text, null, null);
}

function unstamped(text: string, issue: string | null = null) {
  return kernelLine('none', makeStamp('', {}), text, null, null, issue);
}

/** NULs (a zero-filled tail after a crash) or mostly U+FFFD (bytes that were not UTF-8). */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  if (!text.includes('\ufffd')) return false;
  let replaced = 0;
  for (let index = text.indexOf('\ufffd'); index !== -1; index = text.indexOf('\ufffd', index + 1)) replaced += 1;
  return replaced * 4 > text.length;
}
