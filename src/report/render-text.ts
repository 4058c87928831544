/**
 * The summary as plain text: what `--format text` prints and what the page's "copy as text"
 * button copies (the same function, so they never differ). Bundle text is made visible
 * (`visibleText`) and kept to one line per item, so a hostile pod name cannot move the cursor,
 * recolour the terminal or fake a line. Colour, on a terminal only, marks our own labels.
 */
import { killsToShow } from '../model/index.js';
import type { Severity } from '../rules/index.js';
import { formatBytes, formatTime, killLimit, killMemory, killVictim } from './format.js';
import { incidentLines } from './incidents-view.js';
import { redactionView } from './redaction-text.js';
import type { Report } from './report.js';
import { counted } from '../util/plural.js';
import { canJudge, findingsNotJudged } from './summary.js';
import { visibleText } from './text.js';

export interface TextOptions {
  /** ANSI colour for severities and headings (a terminal that asked for it). */
  color: boolean;
  /**
   * Where the findings and kills the summary leaves out can be read: `in the report` (the page's
   * own copy), `in <file>` for the file written, or a hint when no report was written.
   */
  rest?: string;
}

export const TEXT_OOM_KILLS = 10;
/** Commands printed under each top finding (the report and the JSON have them all). */
export const TEXT_COMMANDS = 2;

/** Said instead of an all-clear when neither the kernel log nor the journal was read. */
const OOM_NOT_JUDGED = 'Kernel messages are not in this bundle: OOM kills cannot be judged.';

const STATE_WORDS: Record<string, string> = {
  partial: 'partly collected',
  skipped: 'skipped',
  missing: 'missing on the node',
  failed: 'failed',
  absent: 'not in the bundle',
  lost: 'listed but not in the bundle',
};

export function renderSummaryText(report: Report, options: TextOptions = { color: false }): string {
  const paint = painter(options.color);
  const { summary, node } = report;
  const rest = options.rest ?? 'in the report';
  const lines = [
    `${paint.bold(`podmortem: ${field(node.name ?? report.input.name)}`)} — ${verdict(report, paint)}`,
    ...redactionLines(report),
    `Window:   ${windowText(summary.window)}`,
    `Node:     ${nodeText(report)}`,
    `Pods:     ${summary.podsHit} of ${counted(report.pods.total, 'pod')} hit (an OOM kill or a container restart)`,
    `Input:    ${field(report.input.name)}${report.input.bytes !== null ? ` · ${formatBytes(report.input.bytes)}` : ''}${report.input.sha256 ? ` · sha256 ${report.input.sha256}` : ''}`,
  ];
  if (report.input.file) lines.push(`          one ${report.input.file.title} file → ${report.input.file.source}; ${field(report.input.file.unknown)}`);
  lines.push('', paint.bold(report.incidents.length > 0 ? `Incidents (${report.incidents.length}), most harm first:` : 'Incidents:'), ...incidentLines(report, field, rest));
  if (summary.topFindings.length > 0) {
    lines.push('', paint.bold('Most important findings:'));
    let commands = 0;
    for (const finding of summary.topFindings) {
      lines.push(`  ${paint.severity(finding.severity)} ${field(finding.message)}${finding.time ? ` (${formatTime(finding.time)})` : ''}`);
      const next = commandLines(report, finding);
      commands += next.length;
      lines.push(...next);
    }
    const more = report.findings.length - summary.topFindings.length;
    if (more > 0) lines.push(`  … and ${more} more ${rest}`);
    if (commands > 0) lines.push(`  ($ lines are suggested next steps filled in from this bundle, to run on the live node; podmortem runs none)`);
  } else {
    lines.push('', findingsNotJudged(summary, report.coverage) ?? 'No rule found a problem in the evidence that was read.');
  }
  if (report.oomKills.length > 0) lines.push('', paint.bold(`OOM kills (${report.oomKills.length}):`), ...oomKillLines(report, rest));
  else if (!canJudge(summary, 'oomKills')) lines.push('', OOM_NOT_JUDGED);
  if (summary.dataGaps.length > 0 || summary.otherGaps > 0) lines.push('', gapsText(report));
  lines.push('', `podmortem ${report.analyzer.version}`);
  return `${lines.join('\n')}\n`;
}

/** Said second, before any name: the names below are pseudonyms. */
function redactionLines(report: Report): string[] {
  const view = redactionView(report.redaction);
  return view ? [`Redacted: ${view.headline} ${field(view.sentence)}`] : [];
}

/** Where `--format text` sends the reader for what it leaves out: the first report written, if any. */
export function restOfSummary(written: readonly string[]): string {
  const report = written[0];
  return report === undefined ? '(no report was written: add -o podmortem-report.html or --json podmortem-report.json to see them)' : `in ${report}`;
}

/** The first commands of a top finding, `$ command` indented under it; one that changes the node or cluster says so. */
function commandLines(report: Report, top: Report['summary']['topFindings'][number]): string[] {
  const finding = report.findings.find((candidate) => candidate.ruleId === top.ruleId && candidate.message === top.message && candidate.time === top.time);
  return (finding?.commands ?? []).slice(0, TEXT_COMMANDS).map((command) => `           $ ${field(command.command)}${command.changesCluster ? '   # changes the node or cluster' : ''}`);
}

/** Bundle text on one line, shown as written. */
function field(text: string): string {
  return visibleText(text).replace(/\n/g, '\\n').replace(/\t/g, ' ');
}

function verdict(report: Report, paint: Painter): string {
  const { findingCounts: counts, worst, oomKills } = report.summary;
  const head =
    worst === 'none'
      ? findingsNotJudged(report.summary, report.coverage)
        ? 'no findings, not all checked'
        : 'no findings'
      : `${paint.severity(worst, false)} · ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
  const kills = canJudge(report.summary, 'oomKills') ? counted(oomKills, 'OOM kill') : 'OOM kills not judged';
  return `${head} · ${kills}`;
}

function windowText(window: Report['summary']['window']): string {
  if (window.basis === 'unknown') return 'unknown (no manifest, no dated event)';
  const basis = window.basis === 'collection' ? 'collector window' : 'first to last event seen';
  return `${window.from ? formatTime(window.from) : 'start unknown'} → ${window.to ? formatTime(window.to) : 'end unknown'} (${basis})`;
}

function nodeText({ node }: Report): string {
  const parts = [
    node.os ? field(node.os) : null,
    node.kernelRelease ? `kernel ${field(node.kernelRelease)}` : null,
    node.cores !== null ? counted(node.cores, 'core') : null,
    node.memoryBytes !== null ? `${formatBytes(node.memoryBytes)} memory` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : 'no system facts in the bundle';
}

function oomKillLines(report: Report, rest: string): string[] {
  const lines = killsToShow(report.oomKills, TEXT_OOM_KILLS)
    .map((i) => [report.oomKills[i] as Report['oomKills'][number], report.oomKillDetails[i]] as const)
    .map(([kill, detail]) =>
      [
        `  ${formatTime(kill.time)}`,
        field(killVictim(kill, detail)),
        `"${field(kill.process)}" (pid ${kill.pid})`,
        kill.qosClass ?? 'QoS unknown',
        killLimit(kill),
        killMemory(kill),
        `confidence ${kill.confidence}`,
      ].join('  '),
    );
  const more = report.oomKills.length - TEXT_OOM_KILLS;
  if (more > 0) lines.push(`  … and ${more} more ${rest}`);
  return lines;
}

function gapsText({ summary }: Report): string {
  const gaps = summary.dataGaps.map((gap) => `${gap.title}: ${STATE_WORDS[gap.state] ?? gap.state}`);
  if (summary.otherGaps > 0) gaps.push(`${counted(summary.otherGaps, 'other source')} incomplete`);
  return `Evidence gaps: ${gaps.join('; ')}. A source that is missing cannot show a problem.`;
}

interface Painter {
  bold(text: string): string;
  /** `CRITICAL`, padded to line up in lists unless `pad` is false. */
  severity(severity: Severity, pad?: boolean): string;
}

const SEVERITY_COLOUR: Record<Severity, string> = { critical: '31', warning: '33', info: '34' };

function painter(color: boolean): Painter {
  const wrap = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    bold: (text) => wrap('1', text),
    severity: (severity, pad = true) => wrap(`1;${SEVERITY_COLOUR[severity]}`, pad ? severity.toUpperCase().padEnd(8) : severity.toUpperCase()),
  };
}
