/**
 * kubelet messages about pods and containers: crash-loop back-off, probe failures, PLEG events,
 * container kills and runtime call failures. Real lines:
 *
 *   E0212 16:04:12.927526   12104 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"kube-apiserver\" with CrashLoopBackOff: \"back-off 5m0s restarting failed container=kube-apiserver pod=kube-apiserver-ip-172-31-17-197_kube-system(0332406a2c4a3de48df62d6a3422892b)\"" pod="kube-system/kube-apiserver-ip-172-31-17-197" podUID="0332406a2c4a3de48df62d6a3422892b"
 *   I0516 18:34:39.885628    4052 prober.go:107] "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" probeResult="failure" output=<
 *   I0809 06:39:44.340592   13117 prober.go:106] Liveness probe for "basecore-iapi-xlobo-com-5b9ff9c65d-plj4d_ymt-pro(344ce7ef-9afc-11e8-bf1e-9457a56b2f81):basecore-iapi-xlobo-com" failed (failure): Get http://10.200.109.68:6766/warmup: net/http: request canceled
 *   I1012 19:34:45.357018    2480 kubelet.go:2231] "SyncLoop (PLEG): event for pod" pod="default/nginx" event=&{ID:27aff94d-… Type:ContainerDied Data:4296b9e2…}
 *   I0618 00:01:37.088931  391617 generic.go:358] "Generic (PLEG): container finished" podID="1e53a7ad-…" containerID="c6a5c9ea…" exitCode=0
 *   I1012 19:34:45.000152    2480 kuberuntime_container.go:709] "Killing container with a grace period" pod="default/nginx" podUID=27aff94d-… containerName="nginx" containerID="containerd://4296…" gracePeriod=30
 *   E0911 05:49:29.101974     489 remote_runtime.go:176] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to create containerd task: …"
 *   E0709 00:32:48.042859    6781 remote_runtime.go:479] "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="09f25e22…" cmd=[/bin/sh -c test ! -f /etc/probe/not-ready]
 */
import type { ProbeType, ServiceFacts } from './service-event.js';
import type { ServiceLine } from './service-line.js';
import { parsePodRef, type PodRef } from './pod-ref.js';
import { bareContainerId, field, searchText, toInt, type MessageClassifier } from './message-classifier.js';

function podOf(line: ServiceLine): PodRef | null {
  return parsePodRef(field(line, 'pod'), field(line, 'podUID', 'podID'));
}

/** `back-off 5m0s restarting failed container=app pod=name_ns(uid)` and the event `Back-off restarting failed container app in pod name_ns(uid)`. */
function crashLoop(line: ServiceLine): ServiceFacts | null {
  const text = searchText(line);
  const klog = /back-off (\S+) restarting failed container=(\S+) pod=([^\s"]+)/i.exec(text);
  if (klog) {
    const pod = podOf(line) ?? parsePodRef(klog[3]);
    return { kind: 'crash-loop-back-off', pod: withUid(pod, parsePodRef(klog[3])), container: klog[2] as string, backOff: klog[1] as string };
  }
  const event = /Back-off restarting failed container(?: (\S+) in pod (\S+))?/i.exec(text);
  if (!event) return null;
  return { kind: 'crash-loop-back-off', pod: parsePodRef(event[2]) ?? podOf(line), container: event[1] ?? field(line, 'containerName'), backOff: null };
}

function withUid(pod: PodRef | null, other: PodRef | null): PodRef | null {
  return pod && !pod.uid && other?.uid ? { ...pod, uid: other.uid } : pod;
}

const PROBE_TYPES: Record<string, ProbeType> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

function probeType(text: string | null | undefined): ProbeType | null {
  return text ? (PROBE_TYPES[text.toLowerCase()] ?? null) : null;
}

function probeFailed(line: ServiceLine): ServiceFacts | null {
  if (line.msg === 'Probe failed' || line.msg === 'Probe errored') {
    const output = field(line, 'output', 'err');
    return {
      kind: 'probe-failed',
      probeType: probeType(field(line, 'probeType')),
      pod: podOf(line),
      container: field(line, 'containerName'),
      result: field(line, 'probeResult') ?? (line.msg === 'Probe errored' ? 'error' : null),
      output: output === '<' ? null : output,
    };
  }
  const old = /^(Liveness|Readiness|Startup) probe for "([^":]+):([^"]+)" (?:failed|errored) \((\w+)\): ?(.*)$/s.exec(line.msg);
  if (old) {
    return { kind: 'probe-failed', probeType: probeType(old[1]), pod: parsePodRef(old[2]), container: old[3] as string, result: old[4] as string, output: old[5] || null };
  }
  const event = /^(Liveness|Readiness|Startup) probe (?:failed|errored): ?(.*)$/s.exec(line.msg);
  if (!event) return null;
  return { kind: 'probe-failed', probeType: probeType(event[1]), pod: podOf(line), container: field(line, 'containerName'), result: null, output: event[2] || null };
}

/** PLEG events render as Go `&{ID:… Type:… Data:…}`, as JSON, or (old) `&pleg.PodLifecycleEvent{ID:"…", Type:"…", Data:"…"}`. */
function plegEvent(line: ServiceLine): ServiceFacts | null {
  const text = `${line.msg} ${field(line, 'event') ?? ''}`;
  if (/container finished/.test(line.msg)) {
    return { kind: 'container-exited', pod: parsePodRef(field(line, 'pod'), field(line, 'podID')), containerId: field(line, 'containerID'), exitCode: toInt(field(line, 'exitCode')), pid: null };
  }
  const type = /Type"?:\s*"?(\w+)/.exec(text)?.[1];
  if (type !== 'ContainerStarted' && type !== 'ContainerDied') return null;
  const data = /Data"?:\s*"?([0-9a-f]{64}|[\w-]+)/.exec(text)?.[1] ?? null;
  const uid = /\bID"?:\s*"?([0-9a-f-]{32,36})/.exec(text)?.[1] ?? null;
  const oldPod = /SyncLoop \(PLEG\): "?([^",\s]+)"?,/.exec(line.msg)?.[1];
  const pod = parsePodRef(field(line, 'pod') ?? oldPod, uid);
  return type === 'ContainerStarted' ? { kind: 'container-started', pod, containerId: data } : { kind: 'container-died', pod, containerId: data };
}

/**
 * A generic `container <id> exited with code N` sentence. No kubelet or containerd release was
 * found to print it (their exit codes come from PLEG `container finished` and `TaskExit`), but
 * wrappers and older tooling do; the id is kept only when it looks like one.
 */
function exitedWithCode(line: ServiceLine): ServiceFacts | null {
  const m = /\b[Cc]ontainer (?:"?([0-9a-f]{12,64})"? |(\S+) )?exited with (?:exit )?code:? (\d+)/.exec(searchText(line));
  if (!m) return null;
  return { kind: 'container-exited', pod: podOf(line), containerId: m[1] ?? bareContainerId(field(line, 'containerID')), exitCode: Number(m[3]), pid: null };
}

function killing(line: ServiceLine): ServiceFacts | null {
  if (/^Killing container with a grace period/.test(line.msg)) {
    return {
      kind: 'container-killing',
      pod: podOf(line),
      container: field(line, 'containerName'),
      containerId: bareContainerId(field(line, 'containerID')),
      gracePeriodSeconds: toInt(field(line, 'gracePeriod')),
      reason: null,
    };
  }
  if (line.msg === 'Message for Container of pod') {
    const id = /"ID":"([^"]+)"/.exec(field(line, 'containerStatusID') ?? '')?.[1] ?? null;
    return { kind: 'container-killing', pod: podOf(line), container: field(line, 'containerName'), containerId: id, gracePeriodSeconds: null, reason: field(line, 'containerMessage') };
  }
  const old = /Killing container (?:with id )?"?(?:\w+:\/\/)?([0-9a-f]{12,64})"?(?: with (\d+) second grace period)?/.exec(line.msg);
  if (old) return { kind: 'container-killing', pod: podOf(line), container: null, containerId: old[1] as string, gracePeriodSeconds: toInt(old[2]), reason: null };
  const event = /^Container (\S+) failed (\w+) probe, will be restarted/.exec(line.msg);
  if (!event) return null;
  return { kind: 'container-killing', pod: podOf(line), container: event[1] as string, containerId: null, gracePeriodSeconds: null, reason: line.msg };
}

/**
 * `"RunPodSandbox from runtime service failed" err=…`, `"CreatePodSandbox for pod failed" pod=…`, and their printf forms.
 * An exec probe or hook whose command the runtime could not run or time out is logged as
 * `"ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded …" containerID="09f2…" cmd=[…]`
 * (printf, before ≈1.20: `ExecSync 7d1d… 'sh -c zookeeper-ready 2181' from runtime service failed: rpc error: …`).
 */
function runtimeCallFailed(line: ServiceLine): ServiceFacts | null {
  const exec = /^ExecSync ([0-9a-f]{12,64}) '.*' from runtime service failed:? ?(.*)$/s.exec(line.msg);
  if (exec) return { kind: 'runtime-error', operation: 'ExecSync', pod: podOf(line), container: null, id: exec[1] as string, error: field(line, 'err', 'error') ?? (exec[2] || null) };
  const m = /^(\w+) (?:in sandbox |cmd )?from runtime service failed:? ?(.*)$/s.exec(line.msg) ?? /^(CreatePodSandbox) for pod (?:\S+ )?failed:? ?(.*)$/s.exec(line.msg);
  if (!m) return null;
  return {
    kind: 'runtime-error',
    operation: m[1] as string,
    pod: podOf(line),
    container: field(line, 'containerName'),
    id: field(line, 'podSandboxID', 'containerID'),
    error: field(line, 'err', 'error') ?? (m[2] || null),
  };
}

export const KUBELET_POD_CLASSIFIERS: readonly MessageClassifier[] = [
  { needles: ['ack-off'], match: crashLoop },
  { needles: ['Probe failed', 'Probe errored', 'probe for', 'probe failed:', 'probe errored:'], match: probeFailed },
  { needles: ['(PLEG): event for pod', 'container finished'], match: plegEvent },
  { needles: ['Killing container', 'Message for Container of pod', 'probe, will be restarted'], match: killing },
  { needles: ['exited with code', 'exited with exit code'], match: exitedWithCode },
  { needles: ['from runtime service failed', 'CreatePodSandbox for pod'], match: runtimeCallFailed },
];
