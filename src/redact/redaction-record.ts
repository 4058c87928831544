/**
 * The redaction record, `podmortem-redaction.json` at the root of a redacted bundle: what was
 * replaced in each file (rule → count, never a value), which files were dropped (binary: they
 * cannot be checked) or skipped (unreadable, cut, refused by the archive policy) and why. The
 * analyzer shows it in its report, so whoever reads the report knows the bundle was redacted.
 */
import type { RedactionRule, RuleTally } from './redaction-engine.js';
import { SECRET_RULES } from './secret-rules.js';

export const RECORD_NAME = 'podmortem-redaction.json';
export const RECORD_FORMAT = 'podmortem-redaction';
export const RECORD_FORMAT_VERSION = 1;

export interface RedactionRecord {
  format: typeof RECORD_FORMAT;
  formatVersion: typeof RECORD_FORMAT_VERSION;
  redactedBy: string;
  /** Whether a private map was used (pseudonyms unguessable without it) or the fixed key. */
  map: 'private' | 'none';
  names: boolean;
  keywords: number;
  /** Totals over all files: secrets replaced, values pseudonymized, by rule. */
  secrets: Partial<Record<RedactionRule, number>>;
  pseudonyms: Partial<Record<RedactionRule, number>>;
  files: { path: string; replaced: Partial<Record<RedactionRule, number>> }[];
  dropped: { path: string; reason: string }[];
  skipped: { path: string; reason: string }[];
}

export class RecordBuilder {
  private readonly files: RedactionRecord['files'] = [];
  private readonly totals = new Map<RedactionRule, number>();
  readonly dropped: RedactionRecord['dropped'] = [];
  readonly skipped: RedactionRecord['skipped'] = [];

  constructor(private readonly head: Pick<RedactionRecord, 'redactedBy' | 'map' | 'names' | 'keywords'>) {}

  file(path: string, tally: Map<RedactionRule, RuleTally>): void {
    if (tally.size === 0) return;
    const replaced: Partial<Record<RedactionRule, number>> = {};
    for (const [rule, { count }] of [...tally.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      replaced[rule] = count;
      this.totals.set(rule, (this.totals.get(rule) ?? 0) + count);
    }
    this.files.push({ path, replaced });
  }

  build(): RedactionRecord {
    const secrets: Partial<Record<RedactionRule, number>> = {};
    const pseudonyms: Partial<Record<RedactionRule, number>> = {};
    for (const [rule, count] of [...this.totals.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      (SECRET_RULES.includes(rule) ? secrets : pseudonyms)[rule] = count;
    }
    return { format: RECORD_FORMAT, formatVersion: RECORD_FORMAT_VERSION, ...this.head, secrets, pseudonyms, files: this.files, dropped: this.dropped, skipped: this.skipped };
  }
}
