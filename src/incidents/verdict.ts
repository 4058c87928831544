/**
 * The sentences of incidents, as the rules keep theirs: templates keyed by id, `{key}` filled from
 * data, `{key:noun}` a count with its noun (`{pods:pod}` → `1 pod`, `3 pods`), filled by the rules'
 * own fillMessage. Tests assert ids and
 * data; a meta-test renders every sample and finds no `{` left.
 */
import { fillMessage, type FindingData } from '../rules/index.js';
import type { ChainStepKind, IncidentKind } from './types.js';

export const VERDICTS = {
  'node-memory-shortage': 'The node ran short of memory: {effects}',
  'node-memory-shortage-no-harm': 'The node ran short of memory; no pod was evicted or killed in the evidence that was read',
  'memory-limit': '{workload} (container {containers}) hit its own memory limit of {limit}, not a node-wide shortage: {effects}',
  'memory-limit-no-container': '{workload} hit its own memory limit of {limit}, not a node-wide shortage: {effects}',
  'disk-full': 'The node ran short of disk space ({filesystems}): {effects}',
  'disk-full-no-harm': 'The node ran short of disk space ({filesystems})',
  'disk-io-failure': 'Disk {devices} failed I/O and the node stalled on it: {effects}',
  'disk-io-failure-no-harm': 'Disk {devices} failed I/O',
  finding: '{message}',
} as const;

export type VerdictId = keyof typeof VERDICTS;

/** Step texts by step kind: every kind has one (a compile error otherwise). */
const STEPS: Record<ChainStepKind, string> = {
  'memory-pressure': 'the kubelet reported MemoryPressure',
  'memory-low': 'memory was still low when the evidence was collected ({availablePercent}% available)',
  eviction: 'the kubelet evicted {pods:pod} to reclaim {resource}: {podNames}',
  'admission-rejected': 'the kubelet refused {pods:pod} under {conditions}',
  'oom-kill': 'the kernel killed {kills:process} in {pods:pod}: {victims}',
  'crash-loop': '{container} went into CrashLoopBackOff after {restarts:restart}',
  'kills-unrecorded': 'the kernel counted {unrecorded:more OOM kill} than its messages show',
  'disk-pressure': 'the kubelet reported DiskPressure',
  'filesystem-full': '{mount} was {usePercent}% full when the evidence was collected',
  'image-gc-failed': 'image garbage collection failed {failures:time} ({toFree} to free)',
  'pod-start-failed': '{operation} failed',
  'io-errors': 'disk {device} failed {errors:I/O request}',
  'filesystem-errors': 'the filesystem on {device} reported errors',
  'disk-saturated': 'disk {device} was saturated when the evidence was collected',
  'hung-tasks': '{process} was blocked in the kernel for more than {seconds} s',
  'load-blocked': '{blocked:task} were blocked on I/O when the evidence was collected',
  'pleg-unhealthy': "the kubelet's PLEG turned unhealthy ({reports:report})",
  finding: '{message}',
};

/** Texts of a kind's variants (`kind:variant`), chosen when the step's data names one; else the kind's own. */
const STEP_VARIANTS: Record<`${ChainStepKind}:${string}`, string> = {
  'memory-low:unknown': 'memory was still under pressure when the evidence was collected',
  'eviction:none': 'the kubelet had to reclaim {resource} and evicted no pod',
  'oom-kill:host': 'the kernel killed {kills:process} outside any pod: {victims}',
  'crash-loop:unknown': '{container} went into CrashLoopBackOff',
  'filesystem-full:inodes': '{mount} had used {usePercent}% of its inodes when the evidence was collected',
  'filesystem-full:image': 'the image filesystem went over its {threshold}% threshold',
  'pod-start-failed:no-space': '{operation} failed: no space left on the device',
  'pod-start-failed:io': '{operation} failed with I/O errors',
  'disk-saturated:iowait': 'the CPUs were waiting on I/O when the evidence was collected',
  'hung-tasks:more': '{process} more processes hung in the kernel',
};

/** The same, shorter, where the verdict sums a kind of step over the chain. */
const EFFECTS: Partial<Record<ChainStepKind, string>> = {
  eviction: 'the kubelet evicted {pods:pod}',
  'oom-kill': 'the kernel killed {kills:process} in {pods:pod}',
  'crash-loop': '{container} went into CrashLoopBackOff',
};

/** Steps that tell what the incident did, as opposed to what caused it: the verdict lists them. */
export const EFFECT_STEPS: ReadonlySet<ChainStepKind> = new Set([
  'eviction',
  'admission-rejected',
  'oom-kill',
  'crash-loop',
  'image-gc-failed',
  'pod-start-failed',
  'filesystem-errors',
  'hung-tasks',
  'pleg-unhealthy',
]);

export function stepText(kind: ChainStepKind, data: FindingData): string {
  const variant = typeof data.variant === 'string' ? (`${kind}:${data.variant}` as const) : null;
  const template = (variant && STEP_VARIANTS[variant]) || STEPS[kind];
  return fillMessage(template, data);
}

/** The verdict's clause for steps of one kind, their counts summed. */
export function effectText(kind: ChainStepKind, data: FindingData): string {
  const template = typeof data.variant === 'string' ? undefined : EFFECTS[kind];
  return template ? fillMessage(template, data) : stepText(kind, data);
}

export function verdictIdOf(kind: IncidentKind, effects: readonly string[], data: FindingData): VerdictId {
  // A kill known from the kernel alone names the pod's UID and no container.
  if (kind === 'memory-limit') return Array.isArray(data.containers) && data.containers.length === 0 ? 'memory-limit-no-container' : kind;
  if (kind === 'finding' || effects.length > 0) return kind;
  return `${kind}-no-harm`;
}

export function verdictText(id: VerdictId, data: FindingData): string {
  return fillMessage(VERDICTS[id], data);
}
