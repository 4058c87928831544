/**
 * A small configuration document (the kubelet's `--config` file) in YAML or JSON, read by real
 * parsers behind limits: the text is kept up to MAX_CONFIG_BYTES, JSON goes to `JSON.parse`, YAML
 * (and JSON that `JSON.parse` refuses, to keep what comes before the error) to the `yaml` package
 * with the failsafe schema, so every scalar stays the string it was printed as (`0s`, `110`,
 * `True`), quotes removed. Aliases are resolved up to MAX_ALIASES, later documents (`---`) are
 * reported and not read. What the document holds goes to a ConfigSink by key path:
 *
 *   evictionHard:               container(['evictionHard'], 1)
 *     memory.available: 100Mi   scalar(['evictionHard', 'memory.available'], '100Mi', 2)
 *   enforceNodeAllocatable:     container(['enforceNodeAllocatable'], 3)
 *   - pods                      scalar(['enforceNodeAllocatable', '-'], 'pods', 4)
 */
import type { Document, LineCounter, Node } from 'yaml';
import { lazyPackage } from '../../util/lazy-package.js';

/** yaml, loaded when the first config document is read (util/lazy-package.ts says why). */
const yamlPackage = lazyPackage('yaml') as () => typeof import('yaml');
import type { ReportIssue } from '../stats/line-reader.js';

/** What the document readers hand on, so one builder serves both forms. */
export interface ConfigSink {
  /** A scalar, unquoted; a list item adds `-` to the path. `null` / `~` values are not reported. */
  scalar(path: readonly string[], text: string, line: number): void;
  /** `path` holds a map or a list, possibly empty (`{}`), reported at the line of its key. */
  container(path: readonly string[], line: number): void;
}

/** Deeper than this nobody writes a kubelet configuration; the rest of such a branch is not read. */
export const MAX_CONFIG_DEPTH = 32;
/** A kubelet configuration is a few KiB; past this the file is not a configuration anyone wrote. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Aliases resolved per document: a few are normal, thousands are an expansion bomb. */
const MAX_ALIASES = 100;

export type ConfigFormat = 'yaml' | 'json';

/** Collects a document's lines within MAX_CONFIG_BYTES, then reads it in `finish`. */
export class ConfigDocument {
  private readonly parts: string[] = [];
  private bytes = 0;
  private cut = false;
  private firstLine: number | null = null;

  constructor(
    private readonly sink: ConfigSink,
    private readonly report: ReportIssue,
  ) {}

  line(text: string, lineNo: number): void {
    if (this.cut) return;
    this.firstLine ??= lineNo;
    this.bytes += Buffer.byteLength(text) + 1;
    if (this.bytes > MAX_CONFIG_BYTES) {
      this.cut = true;
      this.report(lineNo, `configuration larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB: the rest is not read`);
      return;
    }
    this.parts.push(text);
  }

  /** The form, told by the first character that is not blank or a comment (`{`: JSON). */
  get format(): ConfigFormat {
    const start = this.parts.find((text) => text.trim() !== '' && !text.trimStart().startsWith('#'));
    return start?.trimStart().startsWith('{') ? 'json' : 'yaml';
  }

  finish(): void {
    // Line numbers count from the first line the document saw, so what precedes it shifts nothing.
    const text = this.parts.join('\n');
    const offset = (this.firstLine ?? 1) - 1;
    // JSON is read by the YAML parser too (JSON is YAML's flow style), which keeps each key's
    // line for evidence; JSON.parse judges whether it is valid JSON.
    const error = this.format === 'json' ? jsonError(text) : yamlError(text);
    if (error) this.report(error.line === null ? null : error.line + offset, error.message);
    // A broken document is read up to the line of its first error, never past it: what a parser
    // recovers after an error would be a guess, and the kubelet refuses such a file anyway.
    const readable = error?.line != null ? this.parts.slice(0, error.line - 1).join('\n') : error ? wholeLines(this.parts) : text;
    this.read(readable, offset);
  }

  private read(text: string, offset: number): void {
    const { lines, documents: list } = parseDocuments(text);
    const lineOf = (position: number) => lines.linePos(position).line + offset;
    list.forEach((document, index) => {
      if (index > 0) return this.report(lineOf(document.range[0]), 'a later document (---) is not read: the kubelet reads the first');
      const contents = document.contents;
      if (contents === null) return;
      if (!yamlPackage().isMap(contents)) return this.report(lineOf(contents.range?.[0] ?? 0), 'the document is not a map of settings');
      new DocumentWalk(document, lineOf, this.sink, this.report).node(contents, [], lineOf(contents.range?.[0] ?? 0));
    });
  }
}

/** A document cut short, without its last line when that line was cut (`"memory.available": "1`). */
function wholeLines(parts: readonly string[]): string {
  let end = parts.length;
  while (end > 0 && parts[end - 1]!.trim() === '') end -= 1;
  const last = parts[end - 1]?.trim() ?? '';
  return parts.slice(0, /[,{[}\]]$/.test(last) ? end : end - 1).join('\n');
}

/** The first error the YAML parser finds, on its line, in the first document. */
function yamlError(text: string): { line: number | null; message: string } | null {
  const { lines, documents } = parseDocuments(text);
  const error = documents[0]?.errors[0];
  return error ? { line: lines.linePos(error.pos[0]).line, message: shortMessage(error.message) } : null;
}

/** Every document of `text` (the failsafe schema: each scalar a string) and where its lines start. */
function parseDocuments(text: string): { lines: LineCounter; documents: Document.Parsed[] } {
  const { LineCounter, parseAllDocuments } = yamlPackage();
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  return { lines, documents: Array.isArray(documents) ? documents : [] };
}

/** Where JSON.parse stops, when it does: the line of the error, null when the text ends early. */
function jsonError(text: string): { line: number | null; message: string } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    // An error at the very end is a file cut short: everything before it is whole.
    if (!position || Number(position[1]) >= text.trimEnd().length) return { line: null, message: `JSON ends early: ${shortMessage(message)}` };
    return { line: text.slice(0, Number(position[1])).split('\n').length, message: shortMessage(message) };
  }
}

/** The first line of a parser's message, without the context lines it adds. */
function shortMessage(message: string): string {
  return (message.split('\n')[0] ?? message).slice(0, 200);
}

/** Hands a parsed document to the sink, resolving aliases up to MAX_ALIASES (each one is walked again). */
class DocumentWalk {
  private aliases = 0;

  constructor(
    private readonly document: Document,
    private readonly lineOf: (position: number) => number,
    private readonly sink: ConfigSink,
    private readonly report: ReportIssue,
  ) {}

  node(node: unknown, path: readonly string[], keyLine: number): void {
    if (path.length > MAX_CONFIG_DEPTH) return;
    const { isAlias, isMap, isScalar, isSeq } = yamlPackage();
    let resolved = node;
    if (isAlias(node)) {
      this.aliases += 1;
      if (this.aliases === MAX_ALIASES + 1) this.report(keyLine, `more than ${MAX_ALIASES} aliases: the rest are not read`);
      if (this.aliases > MAX_ALIASES) return;
      resolved = node.resolve(this.document);
    }
    if (isScalar(resolved)) {
      const text = typeof resolved.value === 'string' ? resolved.value : ''; // the failsafe schema reads every scalar as a string
      if (path.length > 0 && !isNullText(text, resolved.type)) this.sink.scalar(path, text, keyLine);
    } else if (isMap(resolved)) {
      if (path.length > 0) this.sink.container(path, keyLine);
      for (const pair of resolved.items) {
        if (!isScalar(pair.key)) continue;
        this.node(pair.value, [...path, String(pair.key.value)], this.lineOf(pair.key.range?.[0] ?? 0));
      }
    } else if (isSeq(resolved)) {
      if (path.length > 0) this.sink.container(path, keyLine);
      for (const item of resolved.items) this.node(item, [...path, '-'], this.lineOf((item as Node | null)?.range?.[0] ?? 0));
    }
  }
}

/** A plain `null`, `~` or nothing: YAML's null, which the sink is not told about. Quoted text is a string. */
function isNullText(text: string, type: string | undefined): boolean {
  return (type === undefined || type === 'PLAIN') && (text === '' || text === '~' || /^(?:null|Null|NULL)$/.test(text));
}
