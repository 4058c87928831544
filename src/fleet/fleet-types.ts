/**
 * The fleet report's data: what one node's report adds to the fleet page (`FleetNode`, made in
 * the worker that analyzed the bundle, small so that 1,000 of them fit in the main thread) and
 * the fleet object itself, written as `fleet.json` and rendered as `index.html`.
 */
import type { Severity } from '../rules/index.js';

export const FLEET_SCHEMA_VERSION = 1;

export interface FleetKill {
  time: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  process: string;
}

export interface FleetEviction {
  time: string | null;
  namespace: string | null;
  pod: string;
  resource: string;
}

export interface FleetEvent {
  time: string | null;
  severity: Severity;
  kind: string;
  text: string;
}

/** One node as the fleet page shows it; `report` and `json` are relative to the fleet folder. */
export interface FleetNode {
  node: string;
  input: string;
  report: string;
  json: string;
  worst: Severity | 'none';
  counts: { incidents: number; oomKills: number; critical: number; warning: number; info: number; evidenceGaps: number };
  /** The verdict of the node's most harmful incident (its report's first), null without one. */
  topIncident: string | null;
  window: { from: string | null; to: string | null };
  kernelRelease: string | null;
  oomKills: FleetKill[];
  evictions: FleetEviction[];
  /** The node's critical and warning timeline events, the latest first, capped. */
  events: FleetEvent[];
  /** Findings at or above --fail-on (one line each), none without it. */
  failOn: { ruleId: string; severity: Severity; message: string }[];
}

/** A bundle that could not be analyzed; `internal` marks a bug in podmortem rather than bad input. */
export interface FleetFailure {
  input: string;
  error: string;
  internal: boolean;
}

export interface FleetWorkload {
  namespace: string | null;
  workload: string;
  oomKills: number;
  evictions: number;
  nodes: string[];
  pods: number;
  containers: string[];
  firstTime: string | null;
  lastTime: string | null;
  /** Failing on several nodes: the workload's own limit, not one node, is the likely cause. */
  acrossNodes: boolean;
}

export interface FleetOutlier {
  node: string;
  measure: keyof FleetNode['counts'];
  value: number;
  fleetMedian: number;
}

export interface FleetTimelineEvent extends FleetEvent {
  node: string;
}

export interface Fleet {
  schemaVersion: number;
  analyzer: { name: string; version: string };
  generatedAt: string | null;
  totals: { bundles: number; nodes: number; failed: number; incidents: number; oomKills: number; evictions: number; critical: number; warning: number };
  nodes: Omit<FleetNode, 'oomKills' | 'evictions' | 'events' | 'failOn'>[];
  failed: FleetFailure[];
  workloads: FleetWorkload[];
  outliers: FleetOutlier[];
  timeline: { events: FleetTimelineEvent[]; total: number };
}
