/**
 * The fleet object from the nodes' summaries: one row per node, OOM kills and evictions grouped by
 * workload across nodes, the nodes that stand out, and one timeline. Pure data in, data out; the
 * order of the bundles never changes the result.
 */
import { byText } from '../report/text.js';
import { ANALYZER_VERSION } from '../version.js';
import { FLEET_SCHEMA_VERSION, type Fleet, type FleetFailure, type FleetNode, type FleetOutlier, type FleetTimelineEvent, type FleetWorkload } from './fleet-types.js';
import { ownerName } from '../model/index.js';

/** Events on the fleet timeline (the most severe, then the latest): the page stays small for 1,000 nodes. */
export const FLEET_TIMELINE_EVENTS = 500;
/** A node stands out when a count is at least this many times the fleet's median (and at least MIN_OUTLIER). */
const OUTLIER_FACTOR = 3;
const MIN_OUTLIER = 2;
/** Fewer nodes than this have no meaningful median. */
const MIN_NODES_FOR_OUTLIERS = 3;

export function buildFleet(nodes: readonly FleetNode[], failed: readonly FleetFailure[], generatedAt: Date | null): Fleet {
  const sorted = [...nodes].sort((a, b) => byText(a.node, b.node) || byText(a.input, b.input));
  const sum = (pick: (node: FleetNode) => number) => sorted.reduce((total, node) => total + pick(node), 0);
  const timeline = fleetTimeline(sorted);
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    analyzer: { name: 'podmortem', version: ANALYZER_VERSION },
    generatedAt: generatedAt?.toISOString() ?? null,
    totals: {
      bundles: sorted.length + failed.length,
      nodes: new Set(sorted.map((node) => node.node)).size,
      failed: failed.length,
      incidents: sum((node) => node.counts.incidents),
      oomKills: sum((node) => node.counts.oomKills),
      evictions: sum((node) => node.evictions.length),
      critical: sum((node) => node.counts.critical),
      warning: sum((node) => node.counts.warning),
    },
    nodes: sorted.map(({ oomKills: _kills, evictions: _evictions, events: _events, failOn: _failOn, ...row }) => row),
    failed: [...failed].sort((a, b) => byText(a.input, b.input)),
    workloads: workloadsOf(sorted),
    outliers: outliersOf(sorted),
    timeline,
  };
}

interface WorkloadHit {
  node: string;
  time: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  kind: 'oomKill' | 'eviction';
}

function workloadsOf(nodes: readonly FleetNode[]): FleetWorkload[] {
  const groups = new Map<string, WorkloadHit[]>();
  for (const node of nodes) {
    const hits: WorkloadHit[] = [
      ...node.oomKills.map((kill) => ({ node: node.node, time: kill.time, namespace: kill.namespace, pod: kill.pod, container: kill.container, kind: 'oomKill' as const })),
      ...node.evictions.map((eviction) => ({ node: node.node, time: eviction.time, namespace: eviction.namespace, pod: eviction.pod, container: null, kind: 'eviction' as const })),
    ];
    for (const hit of hits) {
      // A kill no pod could be named for is grouped by its process: still one line, never a guessed pod.
      const key = JSON.stringify([hit.namespace, hit.pod === null ? null : ownerName(hit.pod)]);
      const group = groups.get(key);
      if (group) group.push(hit);
      else groups.set(key, [hit]);
    }
  }
  return [...groups.values()].map(workloadRow).sort(byImpact);
}

function workloadRow(hits: WorkloadHit[]): FleetWorkload {
  const first = hits[0] as WorkloadHit;
  const nodes = [...new Set(hits.map((hit) => hit.node))].sort(byText);
  const times = hits
    .map((hit) => hit.time)
    .filter((time): time is string => time !== null)
    .sort(byText);
  return {
    namespace: first.namespace,
    workload: first.pod === null ? '(pod unknown)' : ownerName(first.pod),
    oomKills: hits.filter((hit) => hit.kind === 'oomKill').length,
    evictions: hits.filter((hit) => hit.kind === 'eviction').length,
    nodes,
    pods: new Set(hits.map((hit) => `${hit.node}\u0000${hit.pod ?? ''}`)).size,
    containers: [...new Set(hits.map((hit) => hit.container).filter((name): name is string => name !== null))].sort(byText),
    firstTime: times[0] ?? null,
    lastTime: times.at(-1) ?? null,
    acrossNodes: first.pod !== null && nodes.length >= 2,
  };
}

function byImpact(a: FleetWorkload, b: FleetWorkload): number {
  return b.nodes.length - a.nodes.length || b.oomKills + b.evictions - (a.oomKills + a.evictions) || byText(a.namespace ?? '', b.namespace ?? '') || byText(a.workload, b.workload);
}

const MEASURES: FleetOutlier['measure'][] = ['incidents', 'oomKills', 'critical', 'warning', 'evidenceGaps'];

/** Nodes whose count is far above the fleet's median: a node problem rather than a workload's. */
function outliersOf(nodes: readonly FleetNode[]): FleetOutlier[] {
  if (nodes.length < MIN_NODES_FOR_OUTLIERS) return [];
  const outliers: FleetOutlier[] = [];
  for (const measure of MEASURES) {
    const values = nodes.map((node) => node.counts[measure]).sort((a, b) => a - b);
    const fleetMedian = median(values);
    for (const node of nodes) {
      const value = node.counts[measure];
      if (value >= MIN_OUTLIER && value >= OUTLIER_FACTOR * Math.max(fleetMedian, 1)) outliers.push({ node: node.node, measure, value, fleetMedian });
    }
  }
  return outliers.sort((a, b) => b.value / Math.max(b.fleetMedian, 1) - a.value / Math.max(a.fleetMedian, 1) || byText(a.node, b.node) || byText(a.measure, b.measure));
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function fleetTimeline(nodes: readonly FleetNode[]): Fleet['timeline'] {
  const all: FleetTimelineEvent[] = nodes.flatMap((node) => node.events.map((event) => ({ ...event, node: node.node })));
  const kept = [...all]
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1) || byText(b.time ?? '', a.time ?? '') || byText(a.node, b.node) || byText(a.text, b.text))
    .slice(0, FLEET_TIMELINE_EVENTS);
  // Shown in time order, unknown times last.
  kept.sort((a, b) => (a.time === null ? 1 : 0) - (b.time === null ? 1 : 0) || byText(a.time ?? '', b.time ?? '') || byText(a.node, b.node) || byText(a.kind, b.kind) || byText(a.text, b.text));
  return { events: kept, total: all.length };
}
