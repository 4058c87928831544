import type { JournalEntry, JournalFormat } from './journal-entry.js';

/** Where the per-form readers hand each entry and each problem they meet. */
export interface EntrySink {
  entry(entry: JournalEntry, format: JournalFormat): void;
  /** `line` is 1-based, or null for a problem with the whole file. */
  issue(line: number | null, message: string): void;
}
