/**
 * The ticket-ready summary: the answer in the first screen. How bad (the worst severity and the
 * counts), over which window, the few findings that matter most, and the gaps in the evidence that
 * could hide a problem. `renderSummaryText` turns it into the text a support engineer pastes.
 */
import type { SourceId } from '../bundle/index.js';
import type { CoverageRow, CoverageState, NodeFacts, OomKill } from '../model/index.js';
import { SEVERITIES, type Finding, type RuleRun, type Severity, type Subject } from '../rules/index.js';
import { counted } from '../util/plural.js';
import { byText } from './text.js';

export interface ReportSummary {
  worst: Severity | 'none';
  findingCounts: Record<Severity, number>;
  oomKills: number;
  /**
   * Pods hit: an OOM kill of any process in the pod, or a container restart (`podsHit` in
   * pod-view.ts); the same number as `pods.hit`, shown alike in the summary, the navigation and
   * the pods section.
   */
  podsHit: number;
  /** `collection`: the collector's window; `events`: first and last event seen (no manifest); `unknown`: neither. */
  window: { from: string | null; to: string | null; basis: 'collection' | 'events' | 'unknown' };
  topFindings: SummaryFinding[];
  /** Key sources (kernel, journal, pod logs, cgroup, crictl) that were not fully collected. */
  dataGaps: { source: SourceId; title: string; state: CoverageState }[];
  /** Other sources that were collected only partly, or failed (not counting those never asked for). */
  otherGaps: number;
  /**
   * Sections whose sources are all missing from the bundle: an empty section there means "cannot
   * be judged", never "nothing happened", so the report shows no all-clear for them.
   */
  unjudged: UnjudgedSection[];
}

/**
 * A section that cannot say "nothing happened". `oomKills`: none of `needs` was read (any one would
 * do). `findings`: some rules could not run (`rulesNotRun`), for want of `needs` (any source of
 * each rule's group would do) or for the `reasons` given, so "no rule found a problem" would
 * overstate what was checked.
 */
export interface UnjudgedSection {
  section: JudgedSection;
  needs: SourceId[];
  rulesNotRun?: number;
  reasons?: string[];
}

export type JudgedSection = 'oomKills' | 'findings';

/** The sources a section's empty state speaks for: kernel OOM kills are read from the kernel log or the journal. */
const SECTION_SOURCES: Record<'oomKills', SourceId[]> = { oomKills: ['kernel', 'journal'] };

export interface SummaryFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  time: string | null;
  subject: Subject | null;
}

export const TOP_FINDINGS = 5;
const KEY_SOURCES: readonly SourceId[] = ['kernel', 'journal', 'podLogs', 'cgroup', 'crictl'];

interface SummaryInput {
  node: NodeFacts;
  findings: readonly Finding[];
  oomKills: readonly Pick<OomKill, 'podUid'>[];
  /** Counted once, by the pods view. */
  podsHit: number;
  coverage: readonly CoverageRow[];
  ruleRuns: readonly RuleRun[];
  /** Times of every timeline event, to bound the window when the collector did not say. */
  eventTimes: readonly (string | null)[];
}

export function buildSummary({ node, findings, oomKills, podsHit, coverage, ruleRuns, eventTimes }: SummaryInput): ReportSummary {
  const findingCounts = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) findingCounts[finding.severity] += 1;
  return {
    worst: SEVERITIES.find((severity) => findingCounts[severity] > 0) ?? 'none',
    findingCounts,
    oomKills: oomKills.length,
    podsHit,
    window: windowOf(node, eventTimes),
    topFindings: findings.slice(0, TOP_FINDINGS).map(({ ruleId, severity, message, time, subject }) => ({ ruleId, severity, message, time, subject })),
    dataGaps: coverage.filter((row) => KEY_SOURCES.includes(row.source) && row.state !== 'ok').map(({ source, title, state }) => ({ source, title, state })),
    otherGaps: coverage.filter((row) => !KEY_SOURCES.includes(row.source) && (row.state === 'partial' || row.state === 'failed' || row.state === 'lost')).length,
    unjudged: [...unjudgedSections(coverage), ...unjudgedFindings(ruleRuns)],
  };
}

function unjudgedSections(coverage: readonly CoverageRow[]): UnjudgedSection[] {
  const read = new Set(coverage.filter((row) => row.files > 0).map((row) => row.source));
  return (Object.keys(SECTION_SOURCES) as (keyof typeof SECTION_SOURCES)[])
    .filter((section) => !SECTION_SOURCES[section].some((source) => read.has(source)))
    .map((section) => ({ section, needs: SECTION_SOURCES[section] }));
}

/** "No rule found a problem" holds only when every rule ran; otherwise say which sources and reasons stopped them. */
function unjudgedFindings(runs: readonly RuleRun[]): UnjudgedSection[] {
  const skipped = runs.filter((run): run is Extract<RuleRun, { status: 'skipped' }> => run.status === 'skipped');
  if (skipped.length === 0) return [];
  const needs = [...new Set(skipped.flatMap((run) => run.missing.flat()))];
  const reasons = [...new Set(skipped.flatMap((run) => (run.reason ? [run.reason] : [])))];
  return [{ section: 'findings', needs, rulesNotRun: skipped.length, reasons }];
}

/** Whether the report may say "nothing of this kind happened": only when a source of that section was read. */
export function canJudge(summary: Pick<ReportSummary, 'unjudged'>, section: JudgedSection): boolean {
  return !summary.unjudged.some((entry) => entry.section === section);
}

function windowOf(node: NodeFacts, eventTimes: readonly (string | null)[]): ReportSummary['window'] {
  if (node.windowStart || node.collectionStart) {
    return { from: node.windowStart, to: node.collectionEnd ?? node.collectionStart, basis: 'collection' };
  }
  const times = eventTimes.filter((time): time is string => time !== null).sort(byText);
  if (times.length > 0) return { from: times[0] ?? null, to: times.at(-1) ?? null, basis: 'events' };
  return { from: null, to: null, basis: 'unknown' };
}

/**
 * What the report says instead of "no rule found a problem" when some rules could not run: how
 * many, the sources missing (by their titles) and the other reasons; null when every rule ran.
 */
export function findingsNotJudged(summary: Pick<ReportSummary, 'unjudged'>, coverage: readonly Pick<CoverageRow, 'source' | 'title'>[]): string | null {
  const entry = summary.unjudged.find((item) => item.section === 'findings');
  if (!entry) return null;
  const titles = entry.needs.map((source) => coverage.find((row) => row.source === source)?.title ?? source);
  const parts = [...(titles.length > 0 ? [`not in this bundle: ${titles.join(', ')}`] : []), ...(entry.reasons ?? [])];
  return `No rule found a problem in what was read, but ${counted(entry.rulesNotRun ?? 0, 'rule')} could not run (${parts.join('; ')}): what they check cannot be judged.`;
}
