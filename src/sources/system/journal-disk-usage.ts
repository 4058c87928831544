/**
 * `journalctl --disk-usage`. Sample, systemd 252 on a machine without journal files:
 *
 *   No journal files were found.
 *   Archived and active journals take up 0B in the file system.
 *
 *   → { bytes: 0, noJournalFiles: true }
 *
 * and on a node `… take up 1.2G in the file system.` → { bytes: 1.2 × 1024³ }; older systemd says
 * `… take up 24.0M on disk.` Sizes are powers of 1024 (`B`, `K`, `M`, `G` …).
 */
import type { SourceFile } from '../source-reader.js';
import { createLineReader, type LineParser, type ReportIssue } from '../stats/line-reader.js';
import { parseKib } from '../stats/numbers.js';

export interface JournalDiskUsage {
  file: string;
  /** Approximate (journalctl rounds to one decimal); null when not stated. */
  bytes: number | null;
  /** journalctl found no journal files (none kept, or not readable by the collector). */
  noJournalFiles: boolean;
  /** The sentence as printed. */
  text: string | null;
}

const USAGE = /take up\s+(\d+(?:[.,]\d+)?[KMGTPE]?B?)\b/;

export function createJournalDiskUsageReader() {
  return createLineReader(startJournalDiskUsage, (usage) => usage.bytes === null && !usage.noJournalFiles);
}

export function startJournalDiskUsage(file: SourceFile, report: ReportIssue): LineParser<JournalDiskUsage> {
  const usage: JournalDiskUsage = { file: file.path, bytes: null, noJournalFiles: false, text: null };
  let inHint = false;
  return {
    line(text, lineNo) {
      if (text.trim() === '') return;
      // journalctl adds hints (`Hint: You are currently not seeing messages from other users …`), indented when wrapped.
      inHint = text.startsWith('Hint:') || (inHint && /^\s/.test(text));
      if (inHint) return;
      const match = USAGE.exec(text);
      if (match && usage.bytes === null) {
        const kib = parseKib(match[1]!, 1 / 1024);
        usage.bytes = kib === null ? null : Math.round(kib * 1024);
        usage.text = text.trim();
        return;
      }
      if (text.includes('No journal files were found')) {
        usage.noJournalFiles = true;
        usage.text ??= text.trim();
        return;
      }
      report(lineNo, 'not journalctl --disk-usage output');
    },
    finish() {
      if (usage.bytes === null && !usage.noJournalFiles) report(null, 'no journal disk usage found');
      return usage;
    },
  };
}
