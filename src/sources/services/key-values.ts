/**
 * The `key=value` tail shared by klog's structured lines and logrus lines. Samples:
 *
 *   "Probe failed" probeType="Liveness" pod="default/web-0" podUID="93e1…" probeResult="failure" output=<
 *   time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\"4bcb…\""
 *   event=&{ID:27aff94d-… Type:ContainerDied Data:4296…}     pods=[kube-system/calico-node-29x5m]
 *
 * Values are Go-quoted strings, bare words, or bracketed Go/JSON renderings (`[…]`, `{…}`, `&{…}`)
 * that may hold spaces. klog renders a multi-line value as `key=<` + `\n\t…` lines + `\n >`; when
 * the block is not closed in this text the value is what was seen and `openBlock` names the key.
 */
import { emptyRecord } from '../safe-record.js';
import { keepText } from '../keep-text.js';

export interface KeyValues {
  /** Values by key (first occurrence wins), unquoted, each cut to MAX_VALUE_CHARS. */
  fields: Record<string, string>;
  /** The key whose `=<` block continues past the end of the text, or null. */
  openBlock: string | null;
}

export const MAX_VALUE_CHARS = 2048;
const MAX_PAIRS = 48;

/** Reads a Go/JSON double-quoted string starting at `start` (the quote); returns the text and the index after it. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  let plainFrom = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      value += text.slice(plainFrom, i);
      return { value, end: i + 1 };
    }
    if (c === 0x5c && i + 1 < text.length) {
      value += text.slice(plainFrom, i);
      const escaped = unescapeAt(text, i + 1);
      value += escaped.text;
      i = escaped.end;
      plainFrom = i;
      continue;
    }
    i += 1;
  }
  return { value: value + text.slice(plainFrom), end: text.length };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '/': '/' };

function unescapeAt(text: string, at: number): { text: string; end: number } {
  const letter = text[at] ?? '';
  const simple = SIMPLE_ESCAPES[letter];
  if (simple !== undefined) return { text: simple, end: at + 1 };
  const width = letter === 'x' ? 2 : letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  if (width > 0) {
    const hex = text.slice(at + 1, at + 1 + width);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
    if (Number.isFinite(code) && code <= 0x10ffff) return { text: String.fromCodePoint(code), end: at + 1 + width };
  }
  return { text: letter, end: at + 1 };
}

/** Scans `key=value` pairs from `start` to the end of `text`. Words that are not pairs are skipped. */
export function scanKeyValues(text: string, start = 0): KeyValues {
  const fields = emptyRecord<string>();
  let openBlock: string | null = null;
  let pairs = 0;
  const scan: ValueScan = { value: '', block: false, closed: true };
  let i = start;
  while (i < text.length && pairs < MAX_PAIRS) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
    const keyStart = i;
    while (i < text.length && isKeyChar(text.charCodeAt(i))) i += 1;
    if (i === keyStart || text.charCodeAt(i) !== 0x3d) {
      i = skipWord(text, i === keyStart ? i + 1 : i);
      continue;
    }
    const key = text.slice(keyStart, i);
    const end = readValue(text, i + 1, scan);
    if (scan.block) openBlock = scan.closed ? null : key;
    if (!(key in fields)) fields[key] = keepText(scan.value, MAX_VALUE_CHARS);
    pairs += 1;
    i = end;
  }
  return { fields, openBlock };
}

/** What readValue found; one object per scan, reused for every pair. */
interface ValueScan {
  value: string;
  block: boolean;
  closed: boolean;
}

/** Reads the value starting at `at` into `scan`; returns the index after it. */
function readValue(text: string, at: number, scan: ValueScan): number {
  scan.block = false;
  scan.closed = true;
  const c = text.charCodeAt(at);
  if (c === 0x22) {
    const quoted = readQuoted(text, at);
    scan.value = quoted.value;
    return quoted.end;
  }
  if (c === 0x3c && (at + 1 === text.length || text.charCodeAt(at + 1) === 0x0a)) return readBlock(text, at + 1, scan);
  const end = c === 0x5b || c === 0x7b || (c === 0x26 && text.charCodeAt(at + 1) === 0x7b) ? matchBrackets(text, c === 0x26 ? at + 1 : at) : skipWord(text, at);
  scan.value = text.slice(at, end);
  return end;
}

/** `<` then lines starting with a tab, closed by a line ` >` (the space may be gone once a line is trimmed). */
function readBlock(text: string, at: number, scan: ValueScan): number {
  const close = text.indexOf('\n >', at);
  const body = text.slice(at, close === -1 ? text.length : close);
  scan.value = body
    .split('\n')
    .filter((line, index) => index > 0 || line !== '')
    // journalctl's text output expands the tab to spaces.
    .map((line) => line.replace(/^(?:\t| {1,8})/, ''))
    .join('\n');
  scan.block = true;
  scan.closed = close !== -1;
  return close === -1 ? text.length : close + 3;
}

/** Index after the bracket that closes the one at `at`, skipping quoted strings. */
function matchBrackets(text: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = readQuoted(text, i).end;
      continue;
    }
    if (c === 0x5b || c === 0x7b || c === 0x28) depth += 1;
    else if (c === 0x5d || c === 0x7d || c === 0x29) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return text.length;
}

function skipWord(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
}
