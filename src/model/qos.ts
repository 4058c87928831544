/**
 * What an `oom_score_adj` value says about a process (domain-facts §3.1, k/k
 * pkg/kubelet/qos/policy.go): the kubelet gives Guaranteed (and node-critical) containers −997,
 * BestEffort 1000, Burstable 1000 − 1000 × request / node memory clamped to 3…999; sandboxes and
 * runtime shims get −998, the kubelet, kube-proxy and runtime daemons −999, conmon −1000. Host
 * processes the kubelet does not manage keep 0. Kubernetes ≤ 1.19 used −998 for Guaranteed and
 * a Burstable floor of 2.
 */
import type { QosClass } from './cgroup-path.js';

export type OomScoreClass =
  { kind: 'pod'; qosClass: QosClass; note: string | null } | { kind: 'pod-sandbox' } | { kind: 'node-daemon' } | { kind: 'unkillable' } | { kind: 'host-process' } | { kind: 'unknown' };

export function classifyOomScoreAdj(adj: number): OomScoreClass {
  if (adj === -997) return { kind: 'pod', qosClass: 'Guaranteed', note: 'or a node-critical pod of any QoS class' };
  if (adj === 1000) return { kind: 'pod', qosClass: 'BestEffort', note: null };
  if (adj >= 3 && adj <= 999) return { kind: 'pod', qosClass: 'Burstable', note: null };
  if (adj === 2) return { kind: 'pod', qosClass: 'Burstable', note: 'the Kubernetes ≤ 1.19 floor' };
  if (adj === -998) return { kind: 'pod-sandbox' };
  if (adj === -999) return { kind: 'node-daemon' };
  if (adj === -1000) return { kind: 'unkillable' };
  if (adj === 0) return { kind: 'host-process' };
  return { kind: 'unknown' };
}

/**
 * The memory request a Burstable score implies, in bytes, from the node's total memory (the
 * kubelet uses machine capacity, not allocatable). Approximate: integer division and newer
 * tie-break adjustments move it by a few points. Null at the clamps, where it is only a bound.
 */
export function impliedMemoryRequestBytes(adj: number, nodeMemoryBytes: number): number | null {
  if (adj <= 3 || adj >= 999) return null;
  return Math.round(((1000 - adj) * nodeMemoryBytes) / 1000);
}
