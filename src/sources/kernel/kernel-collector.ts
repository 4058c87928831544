/**
 * Collects what kernel messages say across streams: each stream (one kernel file, or the
 * journal's kernel entries of one export) gets its own OOM assembler, and all share the bounded
 * result. Usage by the journal reader (wired by the lead):
 *
 *   const stream = collector.stream(file, issues.forFile(file));
 *   stream.push({ stamp, level, facility: 0, text, format: 'journal', file: file.path, line });
 *   stream.end();
 */
import type { SourceFile } from '../source-reader.js';
import type { Stamp } from '../stamp.js';
import { detectKernelSignal } from './detect-signal.js';
import { KERNEL_LIMITS, type KernelBootMarker, type KernelCounts, type KernelData, type KernelFileSummary } from './kernel-data.js';
import type { KernelLineFormat, KernelMessage, SkippedLineKind } from './kernel-message.js';
import { KERNEL_SIGNAL_KINDS, type KernelSignal, type KernelSignalKind } from './kernel-signal.js';
import { losesOomLines, parseJournaldLostLines, parseKernelLostLines, type LostLinesMarker } from './lost-lines.js';
import { OomAssembler } from './oom-assembler.js';
import { ClockPairSampler } from './clock-pairs.js';
import { emptyRecord } from '../safe-record.js';
import type { OomEvent } from './oom-event.js';
import { detachStrings } from '../keep-text.js';
import { comparePlaces } from '../place-order.js';

export interface KernelStream {
  push(message: KernelMessage): void;
  /** A line of the file that is not a kernel message; `identifier` is the syslog tag of a service line. */
  skip(kind: SkippedLineKind, identifier?: string | null): void;
  /** The last line pushed or skipped was longer than the line limit and was cut. */
  markCut(): void;
  /** Ends the stream: the OOM event still open is complete. */
  end(): void;
}

/** A line of another program (a syslog file's service line, a journal entry) that may say lines were lost. */
export interface ServiceMessageSeen {
  identifier: string | null;
  /** The journal's unit (`systemd-journald.service`) when the entry has no identifier. */
  unit?: string | null;
  message: string;
  stamp: Stamp;
  file: string;
  line: number;
}

export interface KernelCollector {
  stream(file: Pick<SourceFile, 'path'>, report?: (line: number | null, message: string) => void): KernelStream;
  /** journald's own messages about dropped lines are kept as lost-lines markers; everything else is ignored. */
  noteServiceMessage(message: ServiceMessageSeen): void;
  result(): KernelData;
}

const EXCERPT_CHARS = 300;
/**
 * One printk can hold several lines (the memory.stat dump before 6.2, the Mem-Info counters):
 * dmesg indents the extra lines (the reader reads them as continuations), kmsg escapes the
 * newline as `\x0a`, rsyslog writes `#012`, the journal keeps `\n`. Each part is read as a
 * line of its own.
 */
function recordBreak(format: KernelLineFormat): string | null {
  switch (format) {
    case 'journal':
      return '\n';
    case 'kmsg':
      return '\\x0a';
    case 'syslog':
    case 'syslog-rfc3339':
      return '#012';
    default:
      return null;
  }
}
const SUPPRESSED = /^([\w.:-]{1,64}): (\d{1,10}) callbacks suppressed\s*$/;

export function createKernelCollector(): KernelCollector {
  const oomEvents: OomEvent[] = [];
  const signals = new Map<KernelSignalKind, KernelSignal[]>();
  const signalCounts = Object.fromEntries(KERNEL_SIGNAL_KINDS.map((kind) => [kind, 0])) as Record<KernelSignalKind, number>;
  const boots: KernelBootMarker[] = [];
  const files: KernelFileSummary[] = [];
  const counts: KernelCounts = { messages: 0, oomEvents: 0, oomEventsDropped: 0, oomEventsWithoutDetails: 0, unmatchedReaps: 0, suppressedCallbacks: emptyRecord(), lostLinesMarkers: 0 };
  const lostLines: LostLinesMarker[] = [];
  const open = new Set<KernelStream>();
  const clockPairs = new ClockPairSampler();

  const onEvent = (event: OomEvent) => {
    counts.oomEvents += 1;
    if (oomEvents.length >= KERNEL_LIMITS.oomEvents) counts.oomEventsDropped += 1;
    // detached: its texts are slices of kernel lines of up to 64 KiB
    else oomEvents.push(detachStrings(event));
    if (event.detailsOmitted) counts.oomEventsWithoutDetails += 1;
  };

  const noteSignal = (message: KernelMessage) => {
    const fields = detectKernelSignal(message.text, message.stamp.text);
    if (!fields) return;
    signalCounts[fields.kind] += 1;
    const kept = signals.get(fields.kind) ?? [];
    signals.set(fields.kind, kept);
    if (kept.length >= KERNEL_LIMITS.signalsPerKind) return;
    const excerpt = message.text.length > EXCERPT_CHARS ? message.text.slice(0, EXCERPT_CHARS) : message.text;
    kept.push(detachStrings({ stamp: message.stamp, file: message.file, line: message.line, excerpt, ...fields }));
  };

  const noteLostLines = (fields: Pick<LostLinesMarker, 'kind' | 'count' | 'name'>, at: Pick<LostLinesMarker, 'stamp' | 'file' | 'line'>) => {
    counts.lostLinesMarkers += 1;
    if (lostLines.length < KERNEL_LIMITS.lostLines) lostLines.push(detachStrings({ ...fields, stamp: at.stamp, file: at.file, line: at.line }));
  };

  /** Returns the marker when the message says kernel lines were dropped. */
  const noteMarkers = (message: KernelMessage): Pick<LostLinesMarker, 'kind' | 'count' | 'name'> | null => {
    const text = message.text;
    const lost = parseKernelLostLines(text);
    if (lost) noteLostLines(lost, message);
    if (text.startsWith('Linux version ') && boots.length < KERNEL_LIMITS.boots) {
      const release = text.slice('Linux version '.length).split(' ', 1)[0]!;
      boots.push(detachStrings({ release, stamp: message.stamp, file: message.file, line: message.line }));
    } else if (text.endsWith('callbacks suppressed') || text.endsWith('callbacks suppressed ')) {
      const suppressed = SUPPRESSED.exec(text);
      const table = counts.suppressedCallbacks;
      if (suppressed && (suppressed[1]! in table || Object.keys(table).length < KERNEL_LIMITS.suppressedCallbackNames)) {
        table[suppressed[1]!] = (table[suppressed[1]!] ?? 0) + Number(suppressed[2]);
      }
    }
    return lost;
  };

  return {
    stream(file, report) {
      const summary = emptySummary(file.path);
      files.push(summary);
      const assembler = new OomAssembler({
        event: onEvent,
        issue: report ? (line, message) => report(line, message) : undefined,
        keepDetails: () => counts.oomEvents < KERNEL_LIMITS.detailedOomEvents,
      });
      const stream: KernelStream = {
        push(message) {
          counts.messages += 1;
          countMessage(summary, message.format, message.stamp);
          const separator = recordBreak(message.format);
          const parts = separator !== null && message.text.includes(separator) ? message.text.split(separator).map((text) => ({ ...message, text })) : [message];
          for (const part of parts) {
            const lost = noteMarkers(part);
            if (lost && losesOomLines(lost)) assembler.noteLinesLost();
            else assembler.push(part);
            noteSignal(part);
            clockPairs.note(part);
          }
        },
        skip(kind, identifier) {
          summary.lines += 1;
          summary.skipped[kind] += 1;
          if (identifier) countIdentifier(summary, identifier);
        },
        markCut() {
          summary.cutLines += 1;
        },
        end() {
          if (!open.delete(stream)) return;
          assembler.end();
          counts.unmatchedReaps += assembler.unmatchedReaps;
        },
      };
      open.add(stream);
      return stream;
    },
    noteServiceMessage(seen) {
      const lost = parseJournaldLostLines(seen.identifier ?? seen.unit ?? null, seen.message);
      if (lost) noteLostLines(lost, seen);
    },
    result() {
      for (const stream of [...open]) stream.end();
      // Files arrive in archive order; the model merges copies of an event in the order given, so
      // that order is made the files' names (then lines), the same for any packing of the bundle.
      oomEvents.sort((a, b) => comparePlaces({ file: a.file, line: a.evidence[0]?.line ?? 0 }, { file: b.file, line: b.evidence[0]?.line ?? 0 }));
      const sortedSignals = KERNEL_SIGNAL_KINDS.flatMap((kind) => [...(signals.get(kind) ?? [])].sort(comparePlaces));
      return { oomEvents, signals: sortedSignals, signalCounts, boots, lostLines: [...lostLines].sort(comparePlaces), files, counts, clockPairs: clockPairs.result() };
    },
  };
}

function emptySummary(file: string): KernelFileSummary {
  return { file, lines: 0, messages: 0, formats: {}, skipped: { blank: 0, dictionary: 0, binary: 0, service: 0 }, serviceIdentifiers: emptyRecord(), cutLines: 0, firstStamp: null, lastStamp: null };
}

function countMessage(summary: KernelFileSummary, format: KernelMessage['format'], stamp: Stamp): void {
  summary.lines += 1;
  summary.messages += 1;
  summary.formats[format] = (summary.formats[format] ?? 0) + 1;
  if (stamp.text !== '') {
    summary.firstStamp ??= stamp;
    summary.lastStamp = stamp;
  }
}

function countIdentifier(summary: KernelFileSummary, identifier: string): void {
  const table = summary.serviceIdentifiers;
  if (identifier in table) table[identifier]! += 1;
  else if (Object.keys(table).length < KERNEL_LIMITS.serviceIdentifiersPerFile) table[identifier] = 1;
}
