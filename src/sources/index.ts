import type { BundleFile, SourceId } from '../bundle/index.js';
import { createCgroupMemoryReader } from './cgroup/index.js';
import { createCrictlReader } from './crictl/index.js';
import { createJournalBootsReader, createJournalReader, type JournalKernelStream } from './journal/index.js';
import { createKernelCollector, createKernelReader, type KernelCollector, type ServiceLine } from './kernel/index.js';
import { ServiceCollector, type ServiceMessageInput } from './services/index.js';
import { createManifestReader } from './manifest.js';
import { createRedactionRecordReader } from './redaction-record.js';
import { createContainerLinksReader, createPodLogsReader, KillHints } from './pod-logs/index.js';
import { KeptLinesBudget } from './pod-logs/kept-lines-budget.js';
import { readGuarded } from './read-guarded.js';
import { IssueLog, type ParseIssue, type SourceFile, type SourceReader } from './source-reader.js';
import { compareText, comparePlaces } from './place-order.js';
import { createStatsReaders } from './stats/index.js';
import { createSystemReaders } from './system/index.js';

export { CandidateReadings } from './candidate-readings.js';
export { IssueLog, type ParseIssue, type SourceFile, type SourceReader } from './source-reader.js';
export { ITEM_STATUSES, POD_LOG_ROUNDS, RUN_MODES, parseManifest, type BundleManifest, type ItemStatus, type ManifestItem, type PodLogBudget, type PodLogRound, type RunMode } from './manifest.js';
export { parseRedactionRecord, type RedactionRecordData } from './redaction-record.js';
export { MAX_LINE_BYTES, readLines, splitLines, type LineSink } from './lines.js';
export { NO_STAMP, normaliseBootId, type LocalTime, type Stamp } from './stamp.js';
export { utcMillis, zoneOffsetMinutes, zonedMillis, type DatedTime } from './time-text.js';
export type { CgroupMemoryData, CgroupMemoryState } from './cgroup/index.js';
export type { CrictlContainer, CrictlData, CrictlExit, CrictlSandbox } from './crictl/index.js';
export type { ClockPair, ClockPairKind, KernelData, KernelSignal, LostLinesMarker, OomEvent, OomVictim } from './kernel/index.js';
export { losesOomLines } from './kernel/index.js';
export type { BootAnchor, JournalData, ListedBoot } from './journal/index.js';
export type { PodRef, ServiceEvent, ServiceEventKind } from './services/index.js';
export type { ContainerAttempt, ContainerLink, ContainerLinkData, KillWindow, KillWindows, PodLogData, PodLogLine, WindowLine } from './pod-logs/index.js';
export { ATTEMPTS_WITH_LINES } from './pod-logs/index.js';
export type * from './stats/index.js';
export type * from './system/index.js';

/** One fresh reader per source kind; a source without a reader is found but not parsed. */
function createReaders(issues: IssueLog) {
  // Kernel messages arrive from kernel/* files and from journal kernel entries, and service
  // messages from the journal and from syslog files: one collector each joins both streams.
  // Kill times seen in kernel lines before the pod logs come keep the log lines around them (kill-hints.ts).
  const manifest = createManifestReader();
  const hints = new KillHints(() => manifest.result());
  const kernel = hints.watch(createKernelCollector());
  const services = new LossNotingServices(kernel);
  return {
    manifest,
    redactionRecord: createRedactionRecordReader(),
    kernel: createKernelReader(kernel, { onServiceLine: (line) => services.accept(serviceMessageOf(line)) }),
    journal: createJournalReader({ services, kernel: (file) => journalKernelStream(kernel, file, issues) }),
    journalBoots: createJournalBootsReader(),
    podLogs: createPodLogsReader(new KeptLinesBudget(), hints),
    containerLinks: createContainerLinksReader(),
    cgroup: createCgroupMemoryReader(),
    crictl: createCrictlReader(),
    ...createStatsReaders(),
    ...createSystemReaders(),
  } satisfies Partial<Record<SourceId, SourceReader<unknown>>>;
}

type Readers = ReturnType<typeof createReaders>;

/** journald says in its own messages when it dropped lines: the kernel collector keeps those as evidence. */
class LossNotingServices extends ServiceCollector {
  constructor(private readonly kernel: KernelCollector) {
    super();
  }

  override accept(input: ServiceMessageInput): ReturnType<ServiceCollector['accept']> {
    this.kernel.noteServiceMessage(input);
    return super.accept(input);
  }
}

function journalKernelStream(kernel: KernelCollector, file: SourceFile, issues: IssueLog): JournalKernelStream {
  const stream = kernel.stream(file, issues.forFile(file));
  return {
    push: (entry) => stream.push({ stamp: entry.stamp, level: entry.level, facility: 0, text: entry.text, format: 'journal', file: file.path, line: entry.line }),
    end: () => stream.end(),
  };
}

/** A kubelet or runtime line found in /var/log/messages or syslog, for the service classifier. */
function serviceMessageOf(line: ServiceLine): ServiceMessageInput {
  return { identifier: line.identifier, unit: null, message: line.message, priority: null, stamp: line.stamp, file: line.file, line: line.line };
}

/** Everything the parsers produced, by source id; the input of the model stage. */
export type SourceData = { [K in keyof Readers]: ReturnType<Readers[K]['result']> } & {
  parseIssues: readonly ParseIssue[];
  parseIssueCounts: Partial<Record<SourceId, number>>;
};

/**
 * Feeds each bundle file to the reader of its source, once, as a stream. A reader that throws
 * is a bug in that reader: it becomes a parse issue and the analysis goes on. Errors from the
 * content itself (a limit, a corrupt archive) are passed back to the bundle stage.
 */
export class SourceReading {
  private readonly issues = new IssueLog();
  private readonly readers = createReaders(this.issues);

  async read(file: BundleFile): Promise<void> {
    const reader = (this.readers as Partial<Record<SourceId, SourceReader<unknown>>>)[file.source];
    if (reader) await readGuarded(reader, file, () => file.open(), this.issues);
  }

  /**
   * `top`: the reading of the archive's top folder, when it is not this one (BundleInventory.top):
   * the redaction record, a note about the bundle, is taken from there with its parse issues.
   */
  finish(top: SourceReading = this): SourceData {
    const fromTop = (issue: ParseIssue) => issue.source === 'redactionRecord';
    const issues = [...this.issues.issues.filter((issue) => !fromTop(issue)), ...top.issues.issues.filter(fromTop)];
    const counts: Partial<Record<SourceId, number>> = {};
    for (const issue of issues) counts[issue.source] = (fromTop(issue) ? top : this).issues.count(issue.source);
    const results = Object.fromEntries(Object.entries(this.readers).map(([source, reader]) => [source, reader.result()]));
    results.redactionRecord = top.readers.redactionRecord.result();
    return { ...(results as { [K in keyof Readers]: ReturnType<Readers[K]['result']> }), parseIssues: sortedIssues(issues), parseIssueCounts: counts };
  }
}

/** Parse issues in a fixed order (source, file, line), not the order the archive gave the files in. */
function sortedIssues(issues: readonly ParseIssue[]): ParseIssue[] {
  return [...issues].sort((a, b) => compareText(a.source, b.source) || comparePlaces(a, b) || compareText(a.message, b.message));
}
