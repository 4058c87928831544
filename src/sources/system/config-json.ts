/**
 * A KubeletConfiguration written as JSON (EKS' /etc/kubernetes/kubelet/kubelet-config.json), read
 * as a stream of tokens line by line: JSON tokens never span lines, so only the nesting is kept
 * between lines. Scalars and containers go to the sink by key path; at the first syntax error the
 * rest of the file is not read (one issue on that line), since a JSON parser gives up there too.
 */
import type { ReportIssue } from '../stats/line-reader.js';
import { MAX_CONFIG_DEPTH, type ConfigSink } from './config-sink.js';

/** What may come next inside a container. */
type Expect = 'first-key' | 'key' | 'colon' | 'value' | 'first-value' | 'comma';

interface Frame {
  kind: 'object' | 'array';
  path: string[];
  expect: Expect;
  key: string | null;
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/;

export class ConfigJson {
  private readonly frames: Frame[] = [];
  private state: 'before' | 'inside' | 'after' | 'failed' = 'before';

  constructor(
    private readonly sink: ConfigSink,
    private readonly report: ReportIssue,
  ) {}

  line(text: string, lineNo: number): void {
    let at = 0;
    while (this.state !== 'failed' && at < text.length) {
      const char = text[at]!;
      if (char === ' ' || char === '\t' || char === '\r') at += 1;
      else if (this.state === 'after') at = this.fail(lineNo, 'text after the end of the JSON document', text.length);
      else at = this.token(text, at, lineNo);
    }
  }

  finish(): void {
    if (this.state === 'inside') this.report(null, 'JSON document not closed: the file ends inside it');
  }

  /** Reads the token at `at`; returns where the next one starts (the line's end after a failure). */
  private token(text: string, at: number, lineNo: number): number {
    const frame = this.frames.at(-1);
    const expect: Expect = frame?.expect ?? 'value';
    const char = text[at]!;
    if (frame && char === (frame.kind === 'object' ? '}' : ']') && (expect === 'comma' || expect === 'first-key' || expect === 'first-value')) return this.close(at);
    if (expect === 'comma' && char === ',') return this.next(frame!, frame!.kind === 'object' ? 'key' : 'value', at + 1);
    if (expect === 'colon' && char === ':') return this.next(frame!, 'value', at + 1);
    if ((expect === 'key' || expect === 'first-key') && char === '"') return this.key(frame!, text, at, lineNo);
    if (expect === 'value' || expect === 'first-value') return this.value(frame, text, at, lineNo);
    return this.fail(lineNo, `unexpected "${char}" in JSON: the rest is not read`, text.length);
  }

  private next(frame: Frame, expect: Expect, at: number): number {
    frame.expect = expect;
    return at;
  }

  private key(frame: Frame, text: string, at: number, lineNo: number): number {
    const string = readString(text, at);
    if (!string) return this.fail(lineNo, 'unreadable JSON string: the rest is not read', text.length);
    frame.key = string.value;
    frame.expect = 'colon';
    return string.end;
  }

  private value(frame: Frame | undefined, text: string, at: number, lineNo: number): number {
    const path = frame ? [...frame.path, frame.kind === 'object' ? frame.key! : '-'] : [];
    if (frame) frame.expect = 'comma';
    const char = text[at]!;
    if (char === '{' || char === '[') return this.open(char === '{' ? 'object' : 'array', path, at, lineNo, text.length);
    if (!frame) return this.fail(lineNo, 'not a JSON object', text.length);
    if (char === '"') {
      const string = readString(text, at);
      if (!string) return this.fail(lineNo, 'unreadable JSON string: the rest is not read', text.length);
      this.sink.scalar(path, string.value, lineNo);
      return string.end;
    }
    const literal = LITERAL.exec(text.slice(at, at + 64))?.[0];
    if (!literal) return this.fail(lineNo, `unexpected "${char}" in JSON: the rest is not read`, text.length);
    if (literal !== 'null') this.sink.scalar(path, literal, lineNo);
    return at + literal.length;
  }

  private open(kind: Frame['kind'], path: string[], at: number, lineNo: number, lineEnd: number): number {
    if (this.frames.length >= MAX_CONFIG_DEPTH) return this.fail(lineNo, 'JSON nested too deep: the rest is not read', lineEnd);
    if (this.frames.length === 0 && kind === 'array') return this.fail(lineNo, 'not a JSON object', lineEnd);
    if (path.length > 0) this.sink.container(path, lineNo);
    this.frames.push({ kind, path, expect: kind === 'object' ? 'first-key' : 'first-value', key: null });
    this.state = 'inside';
    return at + 1;
  }

  private close(at: number): number {
    this.frames.pop();
    if (this.frames.length === 0) this.state = 'after';
    return at + 1;
  }

  private fail(lineNo: number, message: string, next = 0): number {
    this.report(lineNo, message);
    this.state = 'failed';
    return next;
  }
}

/** The JSON string starting at `at` (a quote), unescaped, and the index after it; null when it does not close or is malformed. */
function readString(text: string, at: number): { value: string; end: number } | null {
  for (let end = at + 1; end < text.length; end += 1) {
    const char = text[end];
    if (char === '\\') end += 1;
    else if (char === '"') {
      try {
        return { value: JSON.parse(text.slice(at, end + 1)) as string, end: end + 1 };
      } catch {
        return null;
      }
    }
  }
  return null;
}
