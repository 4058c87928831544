import { basename } from 'node:path';
import type { ArchiveReadResult, InputInfo, RejectedEntry } from '../archive/index.js';
import type { BundleInventory, InputFormat, LoneFileFacts } from '../bundle/index.js';
import type { Incident } from '../incidents/index.js';
import { redactionNote, type CoverageRow, type NodeModel, type NodeFacts, type OomEventWithoutKill, type OomKill, type OomKillDetail, type RedactionNote } from '../model/index.js';
import type { Finding, RuleResults, RuleRun } from '../rules/index.js';
import type { ParseIssue, RedactionRecordData, SourceData } from '../sources/index.js';
import { capTextDeep } from '../util/cap-text.js';
import { withExcerpts } from './finding-excerpts.js';
import { buildNetworkView, type NetworkView } from './network-view.js';
import { buildPodViews, type PodsView } from './pod-view.js';
import { jsonPieces } from './render-json.js';
import { buildSummary, type ReportSummary } from './summary.js';
import { buildTimeline, type Timeline } from './timeline.js';
import { buildVitals, type Vitals } from './vitals.js';

/** Bumped when a field of the JSON report changes meaning or disappears. */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * The one report object. The HTML page and `--json` are both rendered from it, so they can
 * never disagree. Everything in it is plain data: no paths of the machine that ran the
 * analysis, no wall clock unless asked for (`generatedAt`).
 */
export interface Report {
  schemaVersion: number;
  analyzer: { name: string; version: string };
  generatedAt: string | null;
  /**
   * `format`: whose layout the input follows (`podmortem`, `var-log`, `eks`, `rancher`, `sos`, `lone-file`, `unknown`).
   * `file` (kind `file` only): the lone log file's form, the source it fed, and what it cannot tell.
   */
  input: { name: string; kind: InputInfo['kind']; format: InputFormat; bytes: number | null; sha256: string | null; file?: LoneFileInput };
  node: NodeFacts;
  /**
   * Set when the evidence was redacted by `podmortem redact`: `scope` `bundle` (the bundle holds
   * its record at the root) or `report` (`analyze --redact`); the kinds of values replaced, by
   * rule, with counts. A note of what the tool did, not a proof. Null otherwise.
   */
  redaction: RedactionNote | null;
  /** The answer in the first screen: how bad, over which window, the findings that matter most. */
  summary: ReportSummary;
  /**
   * What happened, in what order, to whom: findings and kills that belong together (ids
   * referencing `findings` and `oomKills`), the most harm to workloads first.
   */
  incidents: Incident[];
  /** What the rules found, most severe first, with the evidence lines the model kept. */
  findings: Finding[];
  /** Every rule: ran (with its count), skipped (with the sources it lacked) or errored. */
  ruleRuns: RuleRun[];
  /** Every kernel OOM kill, in time order: the JSON contract of the README ("oomKills"). */
  oomKills: OomKill[];
  /** Same order as oomKills: outcome, restart, contradictions, both QoS readings, the allocating task. */
  oomKillDetails: OomKillDetail[];
  /** OOM reports with no kill line (victim already exiting, nothing killable, rate-limited away). */
  oomEventsWithoutKill: OomEventWithoutKill[];
  /** Kernel, service and pod events merged per boot (bounded). */
  timeline: Timeline;
  /** Pods with their containers, restarts, kills and last log lines (bounded, pods that paid first). */
  pods: PodsView;
  /** The node's vital signs at collection time. */
  vitals: Vitals;
  network: NetworkView;
  coverage: CoverageRow[];
  archive: ArchiveSummary;
  parseIssues: { total: number; shown: ParseIssue[] };
}

/** A lone log file; a container log also says what it held, since no pod can show its lines. */
export interface LoneFileInput extends LoneFileFacts {
  log?: { lines: number; firstTime: string | null; lastTime: string | null; lastLines: { time: string | null; stream: string | null; text: string }[] };
}

const LONE_LOG_LINES = 20;

function loneFileInput(facts: LoneFileFacts, podLogs: SourceData['podLogs']): LoneFileInput {
  const attempt = podLogs.unattributed[0];
  if (!attempt) return facts;
  const utc = (stamp: { utcMs: number | null } | null) => (stamp?.utcMs != null ? new Date(stamp.utcMs).toISOString() : null);
  const lastLines = attempt.tail.slice(-LONE_LOG_LINES).map((line) => ({ time: utc(line.stamp), stream: line.stream, text: line.text }));
  return { ...facts, log: { lines: attempt.lines, firstTime: utc(attempt.firstStamp), lastTime: utc(attempt.lastStamp), lastLines } };
}

export interface ArchiveSummary {
  /** The folder inside the archive that holds the bundle. */
  root: string;
  entries: number;
  contentBytes: number;
  /** Why reading stopped before the end, if it did: the report covers only what was read. */
  stopped: ArchiveReadResult['stopped'];
  warnings: string[];
  rejected: RejectedEntry[];
  rejectedCount: number;
  unused: BundleInventory['unused'];
}

export interface ReportInput {
  input: InputInfo;
  archive: ArchiveReadResult;
  inventory: BundleInventory;
  sources: SourceData;
  model: NodeModel;
  rules: RuleResults;
  incidents: Incident[];
  analyzerVersion: string;
  generatedAt: Date | null;
  /** What `analyze --redact` redacted for this report; without it, the bundle's own record (model.redaction). */
  reportRedaction?: RedactionRecordData | null;
}

/**
 * Every string in the report is capped (`capText`, 4096 characters with the cut marker): the
 * readers cap what they keep, and this is the one place that holds for every field, the ones
 * added later included, so that the page and the JSON stay small whatever the bundle holds.
 */
export function buildReport(parts: ReportInput): Report {
  return capTextDeep(assembleReport(parts));
}

function assembleReport({ input, archive, inventory, sources, model, rules, incidents, analyzerVersion, generatedAt, reportRedaction }: ReportInput): Report {
  const findings = withExcerpts(rules.findings, model);
  const timeline = buildTimeline(model);
  const eventTimes = timeline.boots.flatMap((boot) => boot.events.map((event) => event.time));
  const pods = buildPodViews(model, findings);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    analyzer: { name: 'podmortem', version: analyzerVersion },
    generatedAt: generatedAt ? generatedAt.toISOString() : null,
    input: {
      name: basename(input.path),
      kind: input.kind,
      format: inventory.format,
      bytes: input.bytes,
      sha256: archive.sha256,
      ...(inventory.loneFile ? { file: loneFileInput(inventory.loneFile, sources.podLogs) } : {}),
    },
    node: model.node,
    redaction: reportRedaction ? redactionNote(reportRedaction, 'report') : model.redaction,
    summary: buildSummary({ node: model.node, findings, oomKills: model.oomKills, podsHit: pods.hit, coverage: model.coverage, ruleRuns: rules.runs, eventTimes }),
    incidents,
    findings,
    ruleRuns: rules.runs,
    oomKills: model.oomKills,
    oomKillDetails: model.oomKillDetails,
    oomEventsWithoutKill: model.oomEventsWithoutKill,
    timeline,
    pods,
    vitals: buildVitals(model),
    network: buildNetworkView(model),
    coverage: model.coverage,
    archive: {
      root: inventory.root,
      entries: archive.entries,
      contentBytes: archive.contentBytes,
      stopped: archive.stopped,
      warnings: archive.warnings,
      rejected: inventory.rejected,
      rejectedCount: inventory.rejectedCount,
      unused: inventory.unused,
    },
    parseIssues: { total: Object.values(sources.parseIssueCounts).reduce((sum, n) => sum + (n ?? 0), 0), shown: [...sources.parseIssues] },
  };
}

/** The JSON form: the report itself, with a trailing newline. */
export function renderJson(report: Report): string {
  return [...jsonPieces(report)].join('');
}
