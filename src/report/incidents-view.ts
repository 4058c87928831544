/**
 * What the page and the text summary show of the incidents: labels, times, how sure and why. The
 * incidents themselves are built in src/incidents/ (the combiner); nothing is grouped or judged here.
 */
import { REASON_TEXT, type Incident, type IncidentKind } from '../incidents/index.js';
import { formatClock, formatTime } from './format.js';
import type { Report } from './report.js';
import { canJudge } from './summary.js';

export const KIND_LABELS: Record<IncidentKind, string> = {
  'node-memory-shortage': 'Node out of memory',
  'memory-limit': 'Memory limit of a workload',
  'disk-full': 'Disk full',
  'disk-io-failure': 'Disk failing',
  finding: 'Critical finding',
};

/** Said when there is no incident: an all-clear only when the kernel and kubelet evidence was read. */
export const NO_INCIDENT = 'No incident: nothing in the evidence that was read killed, evicted or restarted a pod, and no critical finding stands alone.';
export const NO_INCIDENT_UNJUDGED = 'No incident found, but kernel messages are not in this bundle: OOM kills and kernel events cannot be judged.';

/**
 * Incidents the page and the text summary show, most harm first: a node where hundreds of
 * workloads hit their limits must still open on a readable first screen. The JSON keeps all.
 */
export const HTML_INCIDENTS = 20;
export const TEXT_INCIDENTS = 5;

export function incidentsView(report: Report, shown = HTML_INCIDENTS) {
  const judged = canJudge(report.summary, 'oomKills');
  const items = report.incidents.slice(0, shown).map(incidentItem);
  return {
    total: report.incidents.length,
    judged,
    none: judged ? NO_INCIDENT : NO_INCIDENT_UNJUDGED,
    items,
    more: report.incidents.length - items.length,
  };
}

function incidentItem(incident: Incident) {
  const sameDay = incident.start !== null && incident.end !== null && incident.start.slice(0, 10) === incident.end.slice(0, 10);
  return {
    ...incident,
    kindLabel: KIND_LABELS[incident.kind],
    from: incident.start ? formatTime(incident.start) : null,
    to: incident.end && incident.end !== incident.start ? (sameDay ? `${formatClock(incident.end)}Z` : formatTime(incident.end)) : null,
    duration: durationText(incident.harm.durationSeconds),
    steps: incident.chain.map((step) => ({ ...step, when: step.time ? formatTime(step.time) : 'time unknown', ids: [...step.findingIds, ...step.oomKillIds] })),
    reasons: incident.confidenceReasons.map((reason) => REASON_TEXT[reason]),
  };
}

/** `1 h 12 min`, `4 min 32 s`, `45 s`; null when not known or none. */
export function durationText(seconds: number | null): string | null {
  if (seconds === null || seconds <= 0) return null;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** The incidents as text lines: what `--format text` prints first and the page's "copy as text" copies. */
export function incidentLines(report: Report, field: (text: string) => string, rest = 'in the report'): string[] {
  const view = incidentsView(report, TEXT_INCIDENTS);
  if (view.total === 0) return [view.none];
  const lines: string[] = [];
  for (const item of view.items) {
    const span = item.from ? ` (${item.from}${item.to ? ` → ${item.to}` : ''}${item.duration ? `, ${item.duration}` : ''})` : '';
    lines.push(`${item.id}  ${item.kindLabel}${span} · confidence: ${item.confidence}${item.reasons.length > 0 ? ` (${item.reasons.join('; ')})` : ''}`);
    lines.push(`  ${field(item.verdict)}`);
    for (const step of item.steps) lines.push(`    ${step.time ? formatTime(step.time) : 'time unknown'.padEnd(20)}  ${field(step.text)}`);
    const hit = item.workloads.map((workload) => `${field([workload.namespace, workload.owner].filter(Boolean).join('/'))} (${workloadCounts(workload)})`);
    if (hit.length > 0) lines.push(`  Workloads: ${hit.join('; ')}`);
    for (const command of item.nextSteps) lines.push(`  $ ${field(command.command)}  # ${field(command.purpose)}${command.changesCluster ? ' (changes the cluster)' : ''}`);
  }
  if (view.more > 0) lines.push(`… and ${view.more} more ${view.more === 1 ? 'incident' : 'incidents'}, with less harm, ${rest}`);
  return lines;
}

export function workloadCounts(workload: Incident['workloads'][number]): string {
  const parts = [
    workload.kills > 0 ? `${workload.kills} ${workload.kills === 1 ? 'kill' : 'kills'}` : null,
    workload.evictions > 0 ? `${workload.evictions} ${workload.evictions === 1 ? 'eviction' : 'evictions'}` : null,
    workload.restarts > 0 ? `${workload.restarts} ${workload.restarts === 1 ? 'restart' : 'restarts'}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : 'named in the evidence';
}
