/**
 * Filled-in commands about one pod and its containers: kubectl for what the API server knows,
 * crictl (containerd, CRI-O) or docker for what the node's runtime knows. Each returns null when
 * a value it needs is unknown; a rule lists them most useful first.
 */
import type { Subject, SuggestedCommand } from './define-rule.js';
import { Raw, runtimeUnit, sh, suggest, unitLogs, type RemedyFacts } from './command-helpers.js';

/** The pod a command is about; names as the bundle shows them (quoted by `sh`). */
export interface PodRef {
  namespace: string | null | undefined;
  pod: string | null | undefined;
  container?: string | null | undefined;
}

export function describePod({ namespace, pod }: PodRef, what = 'the pod: last state, exit reason and events'): SuggestedCommand | null {
  return suggest(what, sh`kubectl -n ${namespace} describe pod ${pod}`);
}

/** The log of the container's previous attempt: what it printed before it was killed. */
export function previousLogs({ namespace, pod, container }: PodRef): SuggestedCommand | null {
  return suggest(`the log of ${container ?? 'the container'}'s previous attempt, up to its end`, sh`kubectl -n ${namespace} logs ${pod} -c ${container} --previous --tail=100`);
}

export function currentLogs({ namespace, pod, container }: PodRef): SuggestedCommand | null {
  return suggest(`the log of ${container ?? 'the container'} now`, sh`kubectl -n ${namespace} logs ${pod} -c ${container} --tail=100`);
}

/** Requests and limits of every container of the pod. */
export function podResources({ namespace, pod }: PodRef): SuggestedCommand | null {
  return suggest('the requests and limits of each container', sh`kubectl -n ${namespace} get pod ${pod} -o jsonpath=${new Raw(`'{range .spec.containers[*]}{.name}{": "}{.resources}{"\\n"}{end}'`)}`);
}

/** Each container's restart count and last termination reason. */
export function podRestarts({ namespace, pod }: PodRef): SuggestedCommand | null {
  const path = `'{range .status.containerStatuses[*]}{.name}{": restarts "}{.restartCount}{", last "}{.lastState.terminated.reason}{"\\n"}{end}'`;
  return suggest('restart counts and the last termination reason of each container', sh`kubectl -n ${namespace} get pod ${pod} -o jsonpath=${new Raw(path)}`);
}

export function podQos({ namespace, pod }: PodRef): SuggestedCommand | null {
  return suggest('the QoS class Kubernetes gave the pod', sh`kubectl -n ${namespace} get pod ${pod} -o jsonpath=${new Raw(`'{.status.qosClass}{"\\n"}'`)}`);
}

/** The Deployment, StatefulSet, DaemonSet or Job whose spec sets the limits. */
export function podOwner({ namespace, pod }: PodRef): SuggestedCommand | null {
  const path = `'{range .metadata.ownerReferences[*]}{.kind}/{.name}{"\\n"}{end}'`;
  return suggest("the pod's owner, whose spec holds the limits to change", sh`kubectl -n ${namespace} get pod ${pod} -o jsonpath=${new Raw(path)}`);
}

export function podEvents({ namespace, pod }: PodRef): SuggestedCommand | null {
  return suggest("the pod's events that the API server still holds", sh`kubectl -n ${namespace} get events --field-selector involvedObject.name=${pod} --sort-by=.lastTimestamp`);
}

/** ReplicaSet hash + pod suffix, both from the kubelet's safe alphabet (no vowels, no 0, 1, 3). */
const DEPLOYMENT_POD = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?)-[bcdfghjklmnpqrstvwxz2456789]{5,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/** `checkout-7d9f8b6c5-x2x9q` → `checkout`: a Deployment's pod by its name (podOwner confirms it). */
export function deploymentOf(pod: string | null | undefined): string | null {
  return pod ? (DEPLOYMENT_POD.exec(pod)?.[1] ?? null) : null;
}

/** The runtime's view of the pod's containers, exited ones included. */
export function runtimeContainers(facts: RemedyFacts, { namespace, pod, container }: PodRef): SuggestedCommand | null {
  const purpose = `the runtime's containers of the pod${container ? ` named ${container}` : ''}, exited ones included`;
  const name = container ? sh` --name ${`^${container}$`}` : '';
  if (name === null) return null;
  if (facts.runtime === 'docker') {
    const filter = container ? sh` --filter label=io.kubernetes.container.name=${container}` : '';
    return suggest(purpose, filter === null ? null : `${sh`docker ps -a --filter label=io.kubernetes.pod.namespace=${namespace} --filter label=io.kubernetes.pod.name=${pod}`}${filter}`);
  }
  if (facts.runtime === null) return null;
  const command = sh`crictl ps -a --label io.kubernetes.pod.namespace=${namespace} --label io.kubernetes.pod.name=${pod}`;
  return suggest(purpose, command === null ? null : `${command}${name}`);
}

/** How the runtime says one container ended (exit code, reason, finish time). */
export function runtimeExit(facts: RemedyFacts, containerId: string | null | undefined): SuggestedCommand | null {
  const purpose = 'how the runtime says the container ended: exit code, reason, finish time';
  if (facts.runtime === 'docker') return suggest(purpose, sh`docker inspect ${containerId} --format ${new Raw(`'{{.State.ExitCode}} OOMKilled={{.State.OOMKilled}} {{.State.FinishedAt}}'`)}`);
  if (facts.runtime === null) return null;
  const command = sh`crictl inspect ${containerId}`;
  return suggest(purpose, command === null ? null : `${command} | grep -E '"(exitCode|reason|finishedAt)"'`);
}

/** What the kubelet and the runtime logged about the pod around a time. */
export function podServiceLogs(facts: RemedyFacts, pod: string | null | undefined, time: string | null | undefined): SuggestedCommand | null {
  if (!pod || sh`${pod}` === null) return null;
  const logs = unitLogs(['kubelet', runtimeUnit(facts)], time);
  return suggest('what the kubelet and the runtime logged about the pod then', logs === null ? null : `${logs} | grep -F ${sh`${pod}`}`);
}

/** A pod known only by its UID (no log folder, no runtime state named it): the runtime can name it. */
export function podByUid(facts: RemedyFacts, uid: string | null | undefined, name: string | null | undefined): SuggestedCommand | null {
  if (name || facts.runtime === null) return null;
  const command = facts.runtime === 'docker' ? sh`docker ps -a --filter label=io.kubernetes.pod.uid=${uid}` : sh`crictl pods --label io.kubernetes.pod.uid=${uid}`;
  return suggest('the pod with this UID, by name, if it still runs on the node', command);
}

const POD_UID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/;

/**
 * The first steps about a finding's pod: by name (describe, what the kubelet logged), or by UID
 * through the runtime when the bundle knows only the UID. [] when the finding names no pod.
 */
export function aboutPod(facts: RemedyFacts, subject: Subject | null | undefined, time: string | null | undefined): (SuggestedCommand | null)[] {
  const pod = subject?.pod;
  if (!pod) return [];
  if (POD_UID.test(pod)) return [podByUid(facts, pod, null)];
  const ref = { namespace: subject.namespace, pod, container: subject.container };
  return [describePod(ref), podServiceLogs(facts, pod, time)];
}
