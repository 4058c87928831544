/**
 * Reader for the `journal` source: every file under journal/ (and a hand-made bundle's kubelet.log),
 * in whichever form it is (export, json, json-seq, json-pretty, journalctl's text forms, a service's
 * own log), recognised by content. Each entry is handed on and forgotten: kernel records to the
 * injected kernel parser, everything else to the service classifier. What stays is bounded: boot
 * anchors, event budgets, line counts, and a summary per file.
 */
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { ServiceCollector, type ServiceCollectorOptions, type ServiceData } from '../services/service-collector.js';
import { BootAnchors, type BootAnchor } from './boot-anchors.js';
import { isKernelEntry, kernelEntryOf, type JournalEntry, type JournalFormat, type JournalKernelEntry } from './journal-entry.js';
import { readExportEntries } from './read-export.js';
import { readJsonEntries, readJsonPrettyEntries } from './read-json.js';
import { readTextEntries } from './read-text.js';
import { compareText } from '../place-order.js';
import { binaryJournalNotice } from './binary-journal.js';
import { sniffJournalFormat } from './sniff-format.js';
import type { EntrySink } from './entry-sink.js';

export interface JournalKernelStream {
  push(entry: JournalKernelEntry): void;
  end(): void;
}

export interface JournalReaderOptions extends ServiceCollectorOptions {
  /** Opens the kernel parser's stream for a file, on that file's first kernel record. */
  kernel?: (file: SourceFile) => JournalKernelStream;
  /**
   * A collector shared with other readers of service lines (syslog files), so that events and
   * counts of a service come out in one place; by default the reader has its own.
   */
  services?: ServiceCollector;
}

export interface JournalFileSummary {
  path: string;
  /** The forms seen in the file (a text file may mix short forms; `empty` for an empty file). */
  formats: JournalFormat[];
  entries: number;
  kernelEntries: number;
  /** Entries whose MESSAGE was cut or not shown (`null` in JSON). */
  cutMessages: number;
}

export interface JournalData extends ServiceData {
  boots: BootAnchor[];
  files: JournalFileSummary[];
}

export function createJournalReader(options: JournalReaderOptions = {}): SourceReader<JournalData> {
  const services = options.services ?? new ServiceCollector(options);
  const anchors = new BootAnchors();
  const files: JournalFileSummary[] = [];

  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const summary: JournalFileSummary = { path: file.path, formats: [], entries: 0, kernelEntries: 0, cutMessages: 0 };
      files.push(summary);
      services.beginFile();
      let kernel: JournalKernelStream | null = null;
      const sink: EntrySink = {
        entry(entry: JournalEntry, format: JournalFormat) {
          if (!summary.formats.includes(format)) summary.formats.push(format);
          summary.entries += 1;
          if (entry.messageCut) summary.cutMessages += 1;
          const isKernel = isKernelEntry(entry);
          anchors.add(entry, isKernel);
          if (!isKernel) {
            // A journal entry has every field the service collector reads.
            services.accept(entry);
            return;
          }
          summary.kernelEntries += 1;
          services.countOnly('kernel', entry.priority);
          if (options.kernel) (kernel ??= options.kernel(file)).push(kernelEntryOf(entry));
        },
        issue: report,
      };
      try {
        await readJournalFile(file.path, content, sink, summary);
      } finally {
        (kernel as JournalKernelStream | null)?.end();
      }
    },
    result(): JournalData {
      return { ...services.result(), boots: anchors.result(), files: files.map((file) => ({ ...file, formats: [...file.formats] })).sort((a, b) => compareText(a.path, b.path)) };
    },
  };
}

async function readJournalFile(path: string, content: AsyncIterable<Buffer>, sink: EntrySink, summary: JournalFileSummary): Promise<void> {
  const sniffed = await sniffJournalFormat(content);
  switch (sniffed.format) {
    case 'empty':
      summary.formats.push('empty');
      return;
    case 'binary-journal':
      return sink.issue(null, binaryJournalNotice(path));
    case 'export':
      return readExportEntries(sniffed.content, path, sink);
    case 'json':
    case 'json-seq':
      return readJsonEntries(sniffed.content, path, sniffed.format, sink);
    case 'json-pretty':
      return readJsonPrettyEntries(sniffed.content, path, sink);
    case 'text':
      return readTextEntries(sniffed.content, path, sink);
  }
}
