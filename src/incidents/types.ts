/**
 * Incidents: findings, OOM kills, evictions and restarts that belong together, as one cause →
 * effect story with its time line, the workloads that paid, and the next commands to run. The
 * JSON contract of the README (`incidents[]`): ids reference `findings[].id` and `oomKills[].id`.
 */
import type { FindingData, SuggestedCommand } from '../rules/index.js';

/**
 * `node-memory-shortage`: the node ran short of memory (pressure, evictions, node-wide OOM kills).
 * `memory-limit`: one workload hit its own memory limit (memcg kills), not a node problem.
 * `disk-full`: a filesystem the kubelet uses filled up (DiskPressure, image GC failing, pods refused).
 * `disk-io-failure`: a disk failed I/O and the node stalled on it (hung tasks, PLEG unhealthy).
 * `finding`: a critical finding that fits no chain, kept as an incident of its own.
 */
export type IncidentKind = 'node-memory-shortage' | 'memory-limit' | 'disk-full' | 'disk-io-failure' | 'finding';

export type ChainStepKind =
  | 'memory-pressure'
  | 'memory-low'
  | 'eviction'
  | 'admission-rejected'
  | 'oom-kill'
  | 'crash-loop'
  | 'kills-unrecorded'
  | 'disk-pressure'
  | 'filesystem-full'
  | 'image-gc-failed'
  | 'pod-start-failed'
  | 'io-errors'
  | 'filesystem-errors'
  | 'disk-saturated'
  | 'hung-tasks'
  | 'load-blocked'
  | 'pleg-unhealthy'
  | 'finding';

/** One step of the story: what happened, when (ISO UTC, null when unknown), and the records behind it. */
export interface ChainStep {
  kind: ChainStepKind;
  time: string | null;
  /** One short clause, filled from the step's data (`the kubelet evicted 2 pods`). */
  text: string;
  findingIds: string[];
  oomKillIds: string[];
}

/** A workload hit: pods of one owner (the pod name with its ReplicaSet or Job suffix stripped). */
export interface IncidentWorkload {
  namespace: string | null;
  owner: string;
  pods: string[];
  /** OOM kills of its processes. */
  kills: number;
  evictions: number;
  restarts: number;
}

/** What the incident cost the workloads: what it is ranked by. */
export interface IncidentHarm {
  killedPods: number;
  evictedPods: number;
  restarts: number;
  oomKills: number;
  /** From the first to the last step with a time; null when fewer than two are known. */
  durationSeconds: number | null;
}

export type IncidentConfidence = 'high' | 'medium' | 'low';

/**
 * Why the confidence is not high. `times-estimated`: a member's time is derived or approximate;
 * `times-unknown`: a member has no time; `kernel-only-attribution`: a kill's pod comes from the
 * kernel alone or its attribution is not sure; `time-proximity-only`: a step joins the chain by its
 * time alone; `counts-lower-bound`: lines were dropped, counts are floors.
 */
export type IncidentConfidenceReason = 'times-estimated' | 'times-unknown' | 'kernel-only-attribution' | 'time-proximity-only' | 'counts-lower-bound';

export interface Incident {
  /** `incident-<n>`, n its rank counted from 1. */
  id: string;
  kind: IncidentKind;
  /** One sentence: the verdict's template filled from `verdictData`. */
  verdict: string;
  verdictId: string;
  verdictData: FindingData;
  start: string | null;
  end: string | null;
  /** The steps in time order (steps without a time last). */
  chain: ChainStep[];
  workloads: IncidentWorkload[];
  findingIds: string[];
  oomKillIds: string[];
  harm: IncidentHarm;
  confidence: IncidentConfidence;
  confidenceReasons: IncidentConfidenceReason[];
  /** Up to three commands from the member findings, the cause's first: suggestions, never run. */
  nextSteps: SuggestedCommand[];
}
