/**
 * What the node's services said that the rule catalogue cares about (classified by the *-classifiers.ts modules): one typed record per
 * recognised kubelet / containerd / CRI-O / dockerd / systemd message. The union is discriminated by
 * `kind`; each record keeps the ids and names exactly as printed (a `containerId` may turn out to
 * be a sandbox id, a pod may lack its uid): the model stage resolves them against the runtime state.
 */
import type { Stamp } from '../stamp.js';
import type { PodRef } from './pod-ref.js';

export type ServiceComponent = 'kubelet' | 'containerd' | 'crio' | 'dockerd' | 'systemd' | 'runtime' | 'unknown';

export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';

/** The eviction manager's reading when it evicts: `The node was low on resource: memory. Threshold quantity: 750Mi, available: 225800Ki.` */
export interface LowResource {
  resource: string;
  threshold: string | null;
  available: string | null;
}

export type UnitState = 'started' | 'stopped' | 'exited' | 'failed' | 'restart-scheduled' | 'oom-killed' | 'start-limit-hit';

export type ServiceFacts =
  /** containerd `TaskOOM event`: the id is a container's or a sandbox's (containerd issue #8893). */
  | { kind: 'task-oom'; containerId: string }
  /** kubelet `System OOM encountered, victim process: <comm>, pid: <pid>` or `Got sys oom event`. */
  | { kind: 'system-oom'; victimComm: string | null; victimPid: number | null }
  | { kind: 'eviction-reclaim'; resource: string | null }
  | { kind: 'eviction-reclaimed-without-evicting'; resource: string | null }
  | { kind: 'eviction-must-evict'; resource: string | null }
  | { kind: 'eviction-pods-ranked'; pods: PodRef[]; podCount: number }
  /** `evicted` once done, `evicting` when kubelet announces it (with the reason), `failed` when the kill failed. */
  | { kind: 'eviction-pod'; outcome: 'evicted' | 'evicting' | 'failed'; pod: PodRef | null; lowResource: LowResource | null }
  | { kind: 'eviction-critical-pod'; pod: PodRef | null }
  | { kind: 'eviction-unable' }
  /** `eviction thresholds have been met, but no pods are active to evict`: the pressure is not the pods'. */
  | { kind: 'eviction-no-pods' }
  | { kind: 'admission-rejected'; pod: PodRef | null; nodeConditions: string[] }
  | { kind: 'crash-loop-back-off'; pod: PodRef | null; container: string | null; backOff: string | null }
  | { kind: 'container-started'; pod: PodRef | null; containerId: string | null }
  | { kind: 'container-died'; pod: PodRef | null; containerId: string | null }
  | { kind: 'container-exited'; pod: PodRef | null; containerId: string | null; exitCode: number | null; pid: number | null }
  | { kind: 'container-killing'; pod: PodRef | null; container: string | null; containerId: string | null; gracePeriodSeconds: number | null; reason: string | null }
  /** containerd `CreateContainer within sandbox … returns container id`: ties a container id to its name and sandbox. */
  | { kind: 'container-created'; sandboxId: string | null; container: string | null; attempt: number | null; containerId: string }
  /** containerd `RunPodSandbox for &PodSandboxMetadata{…} returns sandbox id`: ties a sandbox id to its pod. */
  | { kind: 'sandbox-created'; pod: PodRef | null; attempt: number | null; sandboxId: string }
  | { kind: 'probe-failed'; probeType: ProbeType | null; pod: PodRef | null; container: string | null; result: string | null; output: string | null }
  | { kind: 'pleg-unhealthy'; lastSeenAgo: string | null; threshold: string | null }
  | { kind: 'node-condition'; node: string | null; event: string; condition: string | null; status: boolean | null }
  | { kind: 'image-gc-failed'; bytesToFree: number | null; bytesFreed: number | null }
  | { kind: 'image-fs-over-threshold'; usagePercent: number | null; highThreshold: number | null; lowThreshold: number | null; bytesToFree: number | null }
  | { kind: 'runtime-error'; operation: string | null; pod: PodRef | null; container: string | null; id: string | null; error: string | null }
  | { kind: 'unit-state'; unit: string; state: UnitState; exitCode: number | null; signal: string | null; result: string | null; restartCounter: number | null };

export type ServiceEventKind = ServiceFacts['kind'];

/** The kubelet eviction manager's messages: one resource's cycle of reclaim, ranking and eviction. */
export const EVICTION_CYCLE_KINDS = [
  'eviction-reclaim',
  'eviction-reclaimed-without-evicting',
  'eviction-must-evict',
  'eviction-pods-ranked',
  'eviction-pod',
  'eviction-critical-pod',
  'eviction-unable',
  'eviction-no-pods',
] as const satisfies readonly ServiceEventKind[];

export const SERVICE_EVENT_KINDS = [
  'task-oom',
  'system-oom',
  ...EVICTION_CYCLE_KINDS,
  'admission-rejected',
  'crash-loop-back-off',
  'container-started',
  'container-died',
  'container-exited',
  'container-killing',
  'container-created',
  'sandbox-created',
  'probe-failed',
  'pleg-unhealthy',
  'node-condition',
  'image-gc-failed',
  'image-fs-over-threshold',
  'runtime-error',
  'unit-state',
] as const satisfies readonly ServiceEventKind[];

export interface ServiceEventContext {
  component: ServiceComponent;
  stamp: Stamp;
  evidence: { file: string; line: number };
  /** The message as logged, cut to MAX_EVENT_TEXT characters. */
  text: string;
}

export type ServiceEvent = ServiceFacts & ServiceEventContext;

export const MAX_EVENT_TEXT = 500;
