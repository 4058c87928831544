/**
 * The subset of YAML a KubeletConfiguration is written in (kubeadm's /var/lib/kubelet/config.yaml,
 * hand-written and templated files), read line by line: block maps by indentation, `key: scalar`,
 * lists as `- item` (also at the key's own indent, as kubeadm writes `clusterDNS:\n- 10.96.0.10`),
 * `# comments`, plain, "double" and 'single' quoted scalars and keys, and flow collections that
 * close on their line (`memorySwap: {}`, `enforceNodeAllocatable: ["pods"]`,
 * `evictionSoft: {memory.available: 500Mi}`). Anchors, aliases, tags, nested or multi-line flow
 * collections and later documents are reported and skipped; block scalars (`key: |`) are skipped
 * silently, since nothing the analyzer reads is one.
 */
import type { ReportIssue } from '../stats/line-reader.js';
import { MAX_CONFIG_DEPTH, type ConfigSink } from './config-sink.js';

interface Level {
  indent: number;
  /** The key, or `-` for a list item. */
  key: string;
  line: number;
  /** Whether the sink was told this level is a container: once its first child appears. */
  announced: boolean;
}

export class ConfigYaml {
  private readonly levels: Level[] = [];
  /** Indent of the `key: |` line while its block scalar lasts. */
  private blockIndent: number | null = null;
  /** Brackets left open by a flow collection that went on past its line. */
  private flowDepth = 0;
  private ended = false;
  private seenContent = false;
  /** Indent of the last line that ended in a scalar: a deeper line right after it is not valid YAML. */
  private scalarIndent: number | null = null;

  constructor(
    private readonly sink: ConfigSink,
    private readonly report: ReportIssue,
  ) {}

  line(text: string, lineNo: number): void {
    if (this.ended || this.continues(text)) return;
    const content = stripComment(text);
    if (content === null) return this.report(lineNo, 'unclosed quote');
    if (content.trim() === '') return;
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(content)) return this.documentMarker(content, lineNo);
    const indent = content.length - content.trimStart().length;
    if (content.slice(0, indent).includes('\t')) return this.report(lineNo, 'tab in indentation');
    this.seenContent = true;
    if (this.scalarIndent !== null && indent > this.scalarIndent) return this.report(lineNo, 'indented under a scalar value: not read');
    const body = content.slice(indent);
    if (body === '-' || body.startsWith('- ')) this.listItem(body, indent, lineNo);
    else this.keyLine(body, indent, lineNo);
  }

  /** Lines inside a block scalar or an unclosed flow collection belong to the line before. */
  private continues(text: string): boolean {
    if (this.blockIndent !== null) {
      if (text.trim() === '' || text.length - text.trimStart().length > this.blockIndent) return true;
      this.blockIndent = null;
    }
    if (this.flowDepth > 0) {
      this.flowDepth = bracketDepth(text, this.flowDepth);
      return true;
    }
    return false;
  }

  private documentMarker(content: string, lineNo: number): void {
    if (!this.seenContent) return;
    if (content.startsWith('---')) this.report(lineNo, 'a second YAML document: not read');
    this.ended = true;
  }

  private listItem(body: string, indent: number, lineNo: number): void {
    this.closeLevels(indent, 'item');
    const parent = this.levels.at(-1);
    if (!parent) return this.report(lineNo, 'a list at the top level: a kubelet configuration is a map');
    if (this.levels.length >= MAX_CONFIG_DEPTH) return this.report(lineNo, 'nested too deep: not read');
    this.announce(parent);
    this.levels.push({ indent, key: '-', line: lineNo, announced: false });
    const rest = body.slice(1).trimStart();
    this.scalarIndent = null;
    if (rest === '') return;
    if (splitKey(rest) !== null) return this.keyLine(rest, indent + body.length - rest.length, lineNo);
    this.scalarIndent = indent;
    this.value(this.path(), rest, indent, lineNo);
  }

  private keyLine(body: string, indent: number, lineNo: number): void {
    const pair = splitKey(body);
    if (!pair) return this.report(lineNo, 'not a "key: value" line');
    this.closeLevels(indent, 'key');
    if (this.levels.length >= MAX_CONFIG_DEPTH) return this.report(lineNo, 'nested too deep: not read');
    const parent = this.levels.at(-1);
    if (parent) this.announce(parent);
    if (pair.value === '') {
      this.levels.push({ indent, key: pair.key, line: lineNo, announced: false });
      this.scalarIndent = null;
      return;
    }
    this.scalarIndent = indent;
    this.value([...this.path(), pair.key], pair.value, indent, lineNo);
  }

  /** A key line closes the levels at its indent or deeper; a list item keeps an open key at its own indent. */
  private closeLevels(indent: number, kind: 'key' | 'item'): void {
    for (let top = this.levels.at(-1); top; top = this.levels.at(-1)) {
      const sibling = top.indent === indent && (kind === 'key' || top.key === '-');
      if (top.indent <= indent && !sibling) break;
      this.levels.pop();
    }
  }

  private announce(level: Level): void {
    if (level.announced) return;
    level.announced = true;
    const depth = this.levels.indexOf(level) + 1;
    this.sink.container(this.levels.slice(0, depth).map((open) => open.key), level.line);
  }

  private path(): string[] {
    return this.levels.map((level) => level.key);
  }

  private value(path: string[], text: string, ownerIndent: number, lineNo: number): void {
    if (/^[|>][-+0-9]*$/.test(text)) {
      this.blockIndent = ownerIndent;
      return;
    }
    if (text[0] === '{' || text[0] === '[') return this.flow(path, text, lineNo);
    if (text[0] === '&' || text[0] === '*' || text[0] === '!') return this.report(lineNo, 'anchors, aliases and tags are not read');
    const scalar = parseScalar(text);
    if (scalar === undefined) return this.report(lineNo, 'not a readable scalar');
    if (scalar !== null) this.sink.scalar(path, scalar, lineNo);
  }

  /** `{a: 1, "b": two}` or `[x, "y"]` on one line; nested collections are not read. */
  private flow(path: string[], text: string, lineNo: number): void {
    const depth = bracketDepth(text, 0);
    if (depth > 0) {
      this.flowDepth = depth;
      return this.report(lineNo, 'flow collection over several lines: not read');
    }
    const close = text[0] === '{' ? '}' : ']';
    if (depth < 0 || text[text.length - 1] !== close) return this.report(lineNo, 'unbalanced flow collection');
    this.sink.container(path, lineNo);
    for (const entry of splitFlow(text.slice(1, -1))) {
      if (entry === null) {
        this.report(lineNo, 'nested flow collection: not read');
        continue;
      }
      const pair = close === '}' ? splitKey(entry) : { key: '-', value: entry };
      const scalar = pair ? parseScalar(pair.value) : undefined;
      if (!pair || scalar === undefined) this.report(lineNo, 'unreadable flow collection entry');
      else if (scalar !== null) this.sink.scalar([...path, pair.key], scalar, lineNo);
    }
  }
}

type WalkEnd = 'stopped' | 'closed' | 'open';

/**
 * Calls `visit` for each character of `text` outside quoted scalars, until it returns true. A quote
 * opens a scalar only where one can start (line start, after `:`, `-`, `,`, `[`, `{`), so the
 * apostrophe in `it's` is text. `open` means a quote was left unclosed.
 */
function walkUnquoted(text: string, visit: (char: string, at: number) => boolean | void): WalkEnd {
  let quote: string | null = null;
  let previous = '';
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at]!;
    if (quote !== null) {
      if (quote === '"' && char === '\\') at += 1;
      else if (char === quote && quote === "'" && text[at + 1] === "'") at += 1;
      else if (char === quote) {
        quote = null;
        previous = char;
      }
      continue;
    }
    if ((char === '"' || char === "'") && (previous === '' || ':-,[{?'.includes(previous))) {
      quote = char;
      continue;
    }
    if (visit(char, at) === true) return 'stopped';
    if (char !== ' ' && char !== '\t') previous = char;
  }
  return quote === null ? 'closed' : 'open';
}

/** The line without its `# comment` (a `#` at the start or after a blank, outside quotes); null for an open quote. */
function stripComment(text: string): string | null {
  let cut = text.length;
  const end = walkUnquoted(text, (char, at) => {
    if (char !== '#' || (at > 0 && text[at - 1] !== ' ' && text[at - 1] !== '\t')) return false;
    cut = at;
    return true;
  });
  return end === 'open' ? null : text.slice(0, cut).trimEnd();
}

function bracketDepth(text: string, start: number): number {
  let depth = start;
  walkUnquoted(text, (char, at) => {
    if (char === '#' && (at === 0 || text[at - 1] === ' ')) return true;
    if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
    return false;
  });
  return depth;
}

/** The entries of a flow collection's inside, trimmed; null for an entry holding a nested collection. */
function splitFlow(inner: string): (string | null)[] {
  const entries: (string | null)[] = [];
  let start = 0;
  let nested = false;
  const push = (end: number) => {
    const entry = inner.slice(start, end).trim();
    if (entry !== '' || nested) entries.push(nested ? null : entry);
    nested = false;
  };
  walkUnquoted(inner, (char, at) => {
    if (char === '{' || char === '[') nested = true;
    if (char !== ',') return false;
    push(at);
    start = at + 1;
    return false;
  });
  push(inner.length);
  return entries;
}

/** `key: value`, `"memory.available": "100Mi"`, `key:` → key and value text; null when the line is no pair. */
export function splitKey(body: string): { key: string; value: string } | null {
  const quote = body[0];
  if (quote === '"' || quote === "'") {
    const end = quotedEnd(body);
    if (end === -1) return null;
    const rest = body.slice(end + 1).trimStart();
    if (rest[0] !== ':' || (rest.length > 1 && rest[1] !== ' ' && rest[1] !== '\t')) return null;
    const key = parseScalar(body.slice(0, end + 1));
    return typeof key === 'string' ? { key, value: rest.slice(1).trim() } : null;
  }
  if (quote === undefined || '{[-#?&*!|>'.includes(quote)) return null;
  for (let at = 0; at < body.length; at += 1) {
    if (body[at] !== ':') continue;
    const next = body[at + 1];
    if (next === undefined || next === ' ' || next === '\t') {
      const key = body.slice(0, at).trimEnd();
      return key === '' ? null : { key, value: body.slice(at + 1).trim() };
    }
  }
  return null;
}

/** Index of the quote closing the quoted scalar that starts `text`, or -1. */
function quotedEnd(text: string): number {
  const quote = text[0];
  for (let at = 1; at < text.length; at += 1) {
    if (quote === '"' && text[at] === '\\') at += 1;
    else if (text[at] === quote && quote === "'" && text[at + 1] === "'") at += 1;
    else if (text[at] === quote) return at;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ' };

/** A scalar as written → its text; null for `null` / `~`; undefined when a quote is not closed or text follows it. */
export function parseScalar(text: string): string | null | undefined {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return text === '~' || /^null$/i.test(text) ? null : text;
  const end = quotedEnd(text);
  if (end === -1 || text.slice(end + 1).trim() !== '') return undefined;
  const inner = text.slice(1, end);
  if (quote === "'") return inner.replaceAll("''", "'");
  return inner.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (escape, code: string) => {
    if (code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? escape;
  });
}
