/**
 * Assembles the files of one container attempt, which arrive in archive order, into one
 * ContainerAttempt: rotated files by suffix (`0.log.20240101-115000.gz` before
 * `0.log.20240101-120000`), the live `0.log` last. If both `X` and `X.gz` exist (the kubelet
 * crashed mid-rotation) `X.gz` wins, as the kubelet would delete `X`.
 *
 * Memory stays bounded by the number of files, not their size: after each file, heads of files
 * that come after HEAD_LINES earlier lines, and tails of files followed by TAIL_LINES later
 * lines, are dropped. Files added later can only add lines around them, so a dropped part is
 * never needed again.
 *
 * An attempt whose lines no report part shows gives them up (`dropLines`, pod-logs-reader.ts
 * says which): it keeps its files' counts and times, and the number of its last line.
 */
import { rfc3339Stamp } from '../time-text.js';
import { HEAD_LINES, TAIL_LINES, type LogFileSummary, type LogLineDraft } from './log-file-parser.js';
import type { ContainerAttempt, IgnoredReason, PodLogFile, PodLogLine } from './pod-log-data.js';
import { rotationStamp, type PodLogPath } from './pod-log-path.js';

interface AttemptFile {
  path: string;
  name: PodLogPath;
  summary: LogFileSummary;
}

/** Rotated files by suffix, then the live file. */
function fileOrder(a: AttemptFile, b: AttemptFile): number {
  const left = a.name.rotation ?? '~';
  const right = b.name.rotation ?? '~';
  return left < right ? -1 : left > right ? 1 : 0;
}

function toLine(draft: LogLineDraft, file: string): PodLogLine {
  const stamp = draft.time === null ? null : rfc3339Stamp(draft.time);
  return { stamp, stream: draft.stream, text: draft.text, file, line: draft.line, cut: draft.cut, unterminated: draft.unterminated };
}

function toFile({ path, name, summary }: AttemptFile): PodLogFile {
  return {
    path,
    rotatedAt: name.rotation === null ? null : rotationStamp(name.rotation),
    compressed: name.compressed,
    format: summary.format,
    physicalLines: summary.physicalLines,
    lines: summary.logicalLines,
    badLines: summary.badLines,
    cutLines: summary.cutLines,
    firstStamp: summary.firstTime === null ? null : rfc3339Stamp(summary.firstTime),
    lastStamp: summary.lastTime === null ? null : rfc3339Stamp(summary.lastTime),
    unterminated: summary.unterminated,
  };
}

export class AttemptLogs {
  private readonly files: AttemptFile[] = [];
  /** A file of this attempt could not be read to its end. */
  broken = false;
  /** No line is kept: not the files' so far, nor those of files added later. */
  private linesDropped = false;

  constructor(readonly name: PodLogPath) {}

  /** Why a file of this attempt need not be read, given the files already read; null to read it. */
  skipReason(name: PodLogPath): IgnoredReason | null {
    const twin = this.files.find((file) => file.name.rotation === name.rotation);
    if (!twin) return null;
    if (twin.name.compressed === name.compressed) return 'duplicate';
    return twin.name.compressed ? 'superseded-by-gz' : null;
  }

  /** Adds a file read in full (or up to a cut); returns the path of a file it supersedes. */
  add(path: string, name: PodLogPath, summary: LogFileSummary, broken = false): string | null {
    // a kill in a file that broke off shows the attempt's lines (oom-logs.ts): keep them again
    if (broken) {
      this.broken = true;
      this.linesDropped = false;
    }
    if (this.linesDropped) summary = { ...summary, head: [], tail: [] };
    const twin = this.files.findIndex((file) => file.name.rotation === name.rotation && !file.name.compressed && name.compressed);
    const superseded = twin >= 0 ? (this.files.splice(twin, 1)[0] as AttemptFile).path : null;
    this.files.push({ path, name, summary });
    this.files.sort(fileOrder);
    this.prune();
    return superseded;
  }

  private prune(): void {
    let before = 0;
    for (const file of this.files) {
      if (before >= HEAD_LINES) file.summary.head = [];
      before += file.summary.logicalLines;
    }
    let after = 0;
    for (let i = this.files.length - 1; i >= 0; i -= 1) {
      const file = this.files[i] as AttemptFile;
      if (after >= TAIL_LINES) file.summary.tail = [];
      after += file.summary.logicalLines;
    }
  }

  get keepsLines(): boolean {
    return !this.linesDropped;
  }

  /** Drops the head and tail lines of every file, now and later. */
  dropLines(): void {
    this.linesDropped = true;
    for (const { summary } of this.files) {
      summary.head = [];
      summary.tail = [];
    }
  }

  toAttempt(): ContainerAttempt {
    const { podDir, namespace, pod, uid, container, attempt } = this.name;
    const files = this.files.map(toFile);
    const head = this.files.flatMap((file) => file.summary.head.map((draft) => toLine(draft, file.path))).slice(0, HEAD_LINES);
    const tail = this.files.flatMap((file) => file.summary.tail.map((draft) => toLine(draft, file.path))).slice(-TAIL_LINES);
    const last = files[files.length - 1];
    return {
      podPath: podDir,
      namespace,
      pod,
      uid,
      container,
      attempt,
      files,
      lines: files.reduce((sum, file) => sum + file.lines, 0),
      firstStamp: files.find((file) => file.firstStamp)?.firstStamp ?? null,
      lastStamp: files.findLast((file) => file.lastStamp)?.lastStamp ?? null,
      head,
      tail,
      // a file's last line is its tail's last: the last file with lines has the attempt's
      lastLine: this.files.findLast((file) => file.summary.lastLine !== null)?.summary.lastLine ?? null,
      unterminated: (last?.unterminated.length ?? 0) > 0,
    };
  }
}
