import type { SourceId } from '../bundle/index.js';

/** A line or file a parser could not read; shown in the report's data-quality section. */
export interface ParseIssue {
  source: SourceId;
  file: string;
  /** 1-based line number, or null for a file-level problem. */
  line: number | null;
  message: string;
}

/** The file a reader is given: where it is and which source it belongs to. */
export interface SourceFile {
  path: string;
  source: SourceId;
  /** Which candidate path of the layout matched: lower is preferred. */
  candidate: number;
  /** Target of a symlink entry (the `/var/log/containers` table); null for files. */
  linkTarget: string | null;
}

/**
 * Parses the files of one kind of source into typed records. A reader is created per analysis,
 * is given each file once as a stream, and keeps only bounded state (records of interest,
 * counters, tails); `result()` is called once after the whole bundle was read.
 * A reader never throws for bad content: it records a ParseIssue and goes on.
 */
export interface SourceReader<T> {
  read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog): Promise<void>;
  result(): T;
}

/** Collects parse issues, keeping the first few per source and counting the rest. */
export class IssueLog {
  private readonly kept: ParseIssue[] = [];
  private readonly perSource = new Map<SourceId, number>();

  constructor(private readonly maxPerSource = 100) {}

  add(issue: ParseIssue): void {
    const count = (this.perSource.get(issue.source) ?? 0) + 1;
    this.perSource.set(issue.source, count);
    if (count <= this.maxPerSource) this.kept.push(issue);
  }

  /** A logger bound to one file, for parsers that only know line numbers. */
  forFile(file: SourceFile): (line: number | null, message: string) => void {
    return (line, message) => this.add({ source: file.source, file: file.path, line, message });
  }

  get issues(): readonly ParseIssue[] {
    return this.kept;
  }

  count(source: SourceId): number {
    return this.perSource.get(source) ?? 0;
  }

  get total(): number {
    let total = 0;
    for (const count of this.perSource.values()) total += count;
    return total;
  }
}
