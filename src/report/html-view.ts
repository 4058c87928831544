/**
 * What the page's templates show, derived from the report once: labels, formatted times, the
 * rows each table needs and how many were left out. The report it starts from has already had its
 * bundle text made visible (`visibleDeep`); the templates escape everything again with `{{ }}`.
 */
import { killsToShow } from '../model/index.js';
import { excerpt, RULES, SEVERITIES, type Finding, type Severity } from '../rules/index.js';
import { formatClock, formatTime, killLimit, killMemory, killVictim, victimLabel } from './format.js';
import { handlebarsPackage } from './handlebars-package.js';
import { timelineView, podsView } from './html-view-events.js';
import { incidentsView } from './incidents-view.js';
import { networkView, vitalsView } from './html-view-vitals.js';
import { redactionView } from './redaction-text.js';
import type { Report } from './report.js';
import { ruleTextHtml } from './rule-texts.js';
import { canJudge, findingsNotJudged } from './summary.js';
import { barWidth } from './svg-chart.js';

/**
 * The page shows at most this many kills (the JSON has them all), chosen by killsToShow (the
 * latest kill of every container first) and listed in time order; log lines are cut to this length.
 */
export const HTML_OOM_KILLS = 50;
export const HTML_LOG_CHARS = 500;
/** Findings shown per rule and severity, and evidence items shown before "more". */
export const HTML_FINDINGS_PER_GROUP = 20;
const EVIDENCE_SHOWN = 3;

const STATE_LABELS: Record<string, string> = {
  ok: 'collected',
  partial: 'partial',
  skipped: 'skipped',
  missing: 'missing on node',
  failed: 'failed',
  absent: 'not in bundle',
  lost: 'listed, not in bundle',
};

const OUTCOME_LABELS: Record<string, string> = {
  'container-ended': 'the container ended',
  'container-kept-running': 'a child process died, the container kept running',
  unknown: 'outcome unknown',
};

const SEVERITY_TITLES: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/**
 * The part of the report the page shows: HTML_OOM_KILLS kills with their log lines cut.
 * Only this is made visible and templated, so the page costs the same for 50 kills or 10,000.
 */
export function pageSubset(report: Report): Report {
  const cutLines = (lines: Kill['logBefore']) => lines.map((line) => ({ ...line, text: excerpt(line.text, HTML_LOG_CHARS) }));
  const shown = killsToShow(report.oomKills, HTML_OOM_KILLS);
  return {
    ...report,
    oomKills: shown.map((i) => report.oomKills[i] as Kill).map((kill) => ({ ...kill, logBefore: cutLines(kill.logBefore) })),
    oomKillDetails: shown.map((i) => report.oomKillDetails[i] as Report['oomKillDetails'][number]).map((detail) => ({ ...detail, logAfter: cutLines(detail.logAfter) })),
  };
}

/** `report` is the page subset, made visible; `totals` counts what the subset left out. */
export function htmlView(report: Report, totals: { oomKills: number }) {
  const found = report.coverage.filter((row) => row.files > 0).length;
  const findingGroups = groupFindings(report.findings);
  const findingsNotJudgedText = findingsNotJudged(report.summary, report.coverage);
  return {
    title: `podmortem — ${report.node.name ?? report.input.name}`,
    // No green "no findings" when rules could not run: the neutral `unjudged` instead.
    verdict: report.summary.worst === 'none' && findingsNotJudgedText ? 'unjudged' : report.summary.worst,
    findingsNotJudged: findingsNotJudgedText,
    redaction: redactionView(report.redaction),
    summary: summaryView(report),
    incidents: incidentsView(report),
    coverage: report.coverage.map((row) => ({ ...row, label: STATE_LABELS[row.state] ?? row.state })),
    sourcesFound: found,
    sourcesTotal: report.coverage.length,
    moreRejected: Math.max(0, report.archive.rejectedCount - report.archive.rejected.length),
    moreParseIssues: Math.max(0, report.parseIssues.total - report.parseIssues.shown.length),
    moreUnused: Math.max(0, report.archive.unused.count - report.archive.unused.sample.length),
    findingGroups,
    rulesNotRun: rulesNotRun(report),
    oomKills: report.oomKills.map((kill, i) => oomKillRow(kill, report.oomKillDetails[i])),
    oomKillsTotal: totals.oomKills,
    oomKillsJudged: canJudge(report.summary, 'oomKills'),
    moreOomKills: Math.max(0, totals.oomKills - report.oomKills.length),
    timeline: timelineView(report.timeline),
    pods: podsView(report.pods),
    vitals: vitalsView(report.vitals),
    network: networkView(report.network),
    generatedAt: report.generatedAt ? formatTime(report.generatedAt) : null,
  };
}

/** Each rule that did not run and why: the sources it lacks (by title), its own reason, or its error. */
function rulesNotRun(report: Report): { ruleId: string; why: string }[] {
  const title = (source: string) => report.coverage.find((row) => row.source === source)?.title ?? source;
  return report.ruleRuns.flatMap((run) => {
    if (run.status === 'errored') return [{ ruleId: run.ruleId, why: `failed: ${run.message}` }];
    if (run.status !== 'skipped') return [];
    const why = run.missing.length > 0 ? `needs ${run.missing.map((ids) => ids.map(title).join(' or ')).join(', ')}` : (run.reason ?? 'not applicable to this bundle');
    return [{ ruleId: run.ruleId, why }];
  });
}

function summaryView(report: Report) {
  const { summary } = report;
  return {
    ...summary,
    windowFrom: summary.window.from ? formatTime(summary.window.from) : null,
    windowTo: summary.window.to ? formatTime(summary.window.to) : null,
    topFindings: summary.topFindings.map((finding) => ({ ...finding, when: finding.time ? formatTime(finding.time) : null })),
    moreFindings: Math.max(0, report.findings.length - summary.topFindings.length),
    dataGaps: summary.dataGaps.map((gap) => ({ ...gap, label: STATE_LABELS[gap.state] ?? gap.state })),
    sourcesFound: report.coverage.filter((row) => row.files > 0).length,
  };
}

type Kill = Report['oomKills'][number];
type KillDetail = Report['oomKillDetails'][number];

function oomKillRow(kill: Kill, detail: KillDetail | undefined) {
  const percent = kill.memoryLimitKb && kill.memoryUsageKb !== null ? Math.round((kill.memoryUsageKb / kill.memoryLimitKb) * 100) : null;
  const logLine = (line: Kill['logBefore'][number]) => ({ ...line, clock: formatClock(line.time) });
  return {
    kill,
    detail,
    date: kill.time ? kill.time.slice(0, 10) : null,
    clock: kill.time ? formatClock(kill.time) : null,
    who: victimLabel(kill, detail),
    victim: killVictim(kill, detail),
    limit: killLimit(kill),
    memory: killMemory(kill),
    percent,
    bar: barWidth(percent, 80),
    outcome: OUTCOME_LABELS[detail?.outcome ?? 'unknown'],
    nextAttempt: detail?.attempt !== null && detail?.attempt !== undefined ? detail.attempt + 1 : null,
    logBefore: kill.logBefore.map(logLine),
    logAfter: (detail?.logAfter ?? []).map(logLine),
    hasDetails: kill.logBefore.length > 0 || (detail?.logAfter.length ?? 0) > 0 || kill.evidence.length > 0,
  };
}

/**
 * Findings by severity, and within a severity by rule. A rule's explanation is shown once, where
 * the rule first appears; a later group links to it.
 */
function groupFindings(findings: readonly Finding[]) {
  const explained = new Set<string>();
  return SEVERITIES.flatMap((severity) => {
    const ofSeverity = findings.filter((finding) => finding.severity === severity);
    if (ofSeverity.length === 0) return [];
    const byRule = new Map<string, Finding[]>();
    for (const finding of ofSeverity) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
    const rules = [...byRule.entries()].map(([ruleId, items]) => {
      const first = !explained.has(ruleId);
      explained.add(ruleId);
      const html = ruleTextHtml(ruleId);
      const text = first ? html : '';
      return {
        ruleId,
        title: RULES.find((candidate) => candidate.id === ruleId)?.title ?? ruleId,
        anchor: first ? `rule-${ruleId}` : null,
        findings: items.slice(0, HTML_FINDINGS_PER_GROUP).map(findingView),
        more: Math.max(0, items.length - HTML_FINDINGS_PER_GROUP),
        // Our own rule text, rendered by marked with raw HTML escaped (rule-texts.ts).
        text: text ? new (handlebarsPackage().SafeString)(text) : null,
        explainedAbove: !first && html !== '',
      };
    });
    return [{ severity, title: SEVERITY_TITLES[severity], total: ofSeverity.length, rules }];
  });
}

function findingView(finding: Finding) {
  return {
    ...finding,
    when: finding.time ? formatTime(finding.time) : null,
    evidenceShown: finding.evidence.slice(0, EVIDENCE_SHOWN),
    evidenceMore: finding.evidence.slice(EVIDENCE_SHOWN),
  };
}
