/**
 * One node's report boiled down to what the fleet page needs. Runs in the worker that analyzed
 * the bundle, so the whole report never crosses to the main thread.
 */
import type { Report } from '../report/index.js';
import type { Finding } from '../rules/index.js';
import { byText } from '../report/text.js';
import type { FleetEviction, FleetEvent, FleetNode } from './fleet-types.js';

/** Timeline events each node brings to the fleet timeline (the latest, most severe ones). */
export const EVENTS_PER_NODE = 50;

export interface NodeFiles {
  input: string;
  report: string;
  json: string;
  /** The name when the bundle does not say which node it is. */
  fallbackName: string;
}

export function fleetNodeOf(report: Report, files: NodeFiles, failOn: readonly Finding[]): FleetNode {
  const { summary } = report;
  return {
    node: report.node.name ?? files.fallbackName,
    input: files.input,
    report: files.report,
    json: files.json,
    worst: summary.worst,
    counts: { incidents: report.incidents.length, oomKills: summary.oomKills, ...summary.findingCounts, evidenceGaps: summary.dataGaps.length + summary.otherGaps },
    topIncident: report.incidents[0]?.verdict ?? null,
    window: { from: summary.window.from, to: summary.window.to },
    kernelRelease: report.node.kernelRelease,
    oomKills: report.oomKills.map(({ time, namespace, pod, container, process }) => ({ time, namespace, pod, container, process })),
    evictions: report.findings.flatMap(evictionsOf),
    events: severeEvents(report),
    failOn: failOn.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })),
  };
}

/** The pods a `pod-evictions` finding says were evicted (`namespace/name`), at the cycle's first eviction. */
function evictionsOf(finding: Finding): FleetEviction[] {
  if (finding.ruleId !== 'pod-evictions' || !finding.messageId.startsWith('evicted')) return [];
  const pods = Array.isArray(finding.data.pods) ? finding.data.pods.filter((pod): pod is string => typeof pod === 'string') : [];
  const resource = typeof finding.data.resource === 'string' ? finding.data.resource : 'unknown';
  return pods.map((name) => {
    const slash = name.indexOf('/');
    return { time: finding.time, namespace: slash > 0 ? name.slice(0, slash) : null, pod: slash > 0 ? name.slice(slash + 1) : name, resource };
  });
}

function severeEvents(report: Report): FleetEvent[] {
  const events: FleetEvent[] = [];
  for (const boot of report.timeline.boots) {
    for (const event of boot.events) {
      if (event.severity === 'info') continue;
      events.push({ time: event.time, severity: event.severity, kind: event.kind, text: event.text });
    }
  }
  // Critical before warning, then the latest: what a fleet reader looks for first.
  events.sort((a, b) => (a.severity === b.severity ? byText(b.time ?? '', a.time ?? '') : a.severity === 'critical' ? -1 : 1));
  return events.slice(0, EVENTS_PER_NODE);
}
