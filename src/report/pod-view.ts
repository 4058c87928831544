/**
 * The per-pod view: for each pod, its containers with their restarts, OOM kills and how each
 * recent attempt ended, with the attempt's last log lines. Pods that paid come first (kills, then
 * findings, then restarts); at most MAX_PODS are kept, each container's MAX_ATTEMPTS latest
 * attempts, log lines only for the TAIL_ATTEMPTS latest, cut to LOG_TEXT_CHARS.
 */
import type { NodeModel, OomKill, PodModel, QosClass } from '../model/index.js';
import { excerpt, type Finding } from '../rules/index.js';
import { ATTEMPTS_WITH_LINES } from '../sources/index.js';
import { byText } from './text.js';

export interface PodView {
  uid: string;
  namespace: string | null;
  name: string | null;
  qosClass: QosClass | null;
  seenIn: PodModel['seenIn'];
  oomKills: number;
  findings: number;
  restarts: number;
  containers: ContainerView[];
}

export interface ContainerView {
  name: string;
  /** Runtime ids, short (12 hex) as kubectl and crictl show them. */
  ids: string[];
  /** Restarts: the highest attempt number seen (logs or crictl). */
  restarts: number;
  oomKills: number;
  lastOomKill: string | null;
  attempts: AttemptView[];
  omittedAttempts: number;
}

export interface AttemptView {
  attempt: number;
  firstTime: string | null;
  lastTime: string | null;
  lines: number;
  exit: { exitCode: number | null; reason: string | null; finishedAt: string | null } | null;
  /** The attempt's last lines; empty for older attempts. */
  tail: { time: string | null; stream: 'stdout' | 'stderr' | null; text: string }[];
}

export interface PodsView {
  total: number;
  /** Pods hit (see `podsHit`): the one count the summary, the navigation and the pods section show. */
  hit: number;
  shown: PodView[];
}

export const MAX_PODS = 60;
export const MAX_ATTEMPTS = 5;
/** The pod-logs reader keeps the lines of just these attempts per container. */
export const TAIL_ATTEMPTS = ATTEMPTS_WITH_LINES;
export const TAIL_LINES = 10;
export const LOG_TEXT_CHARS = 300;
const MAX_IDS = 3;

export function buildPodViews(model: Pick<NodeModel, 'pods' | 'oomKills' | 'crictl'>, findings: readonly Finding[]): PodsView {
  const crictlAttempts = highestCrictlAttempts(model.crictl);
  const pods = model.pods.map((pod) => podView(pod, model.oomKills, findings, crictlAttempts));
  pods.sort((a, b) => b.oomKills - a.oomKills || b.findings - a.findings || b.restarts - a.restarts || byText(podKey(a), podKey(b)));
  return { total: pods.length, hit: podsHit(pods, model.oomKills), shown: pods.slice(0, MAX_PODS) };
}

/**
 * The one definition of "pods hit": pods in which the kernel OOM-killed a process (the container's
 * main process or a child) or a container restarted. A kill whose cgroup names a pod the bundle
 * shows nowhere else still counts that pod once.
 */
export function podsHit(pods: readonly Pick<PodView, 'uid' | 'oomKills' | 'restarts'>[], kills: readonly Pick<OomKill, 'podUid'>[]): number {
  const hit = new Set(pods.filter((pod) => pod.oomKills > 0 || pod.restarts > 0).map((pod) => pod.uid));
  for (const kill of kills) if (kill.podUid !== null) hit.add(kill.podUid);
  return hit.size;
}

function podKey(pod: { namespace: string | null; name: string | null; uid: string }): string {
  return `${pod.namespace ?? ''}/${pod.name ?? ''}/${pod.uid}`;
}

function podView(pod: PodModel, kills: readonly OomKill[], findings: readonly Finding[], crictlAttempts: Map<string, number>): PodView {
  const podKills = kills.filter((kill) => kill.podUid === pod.uid);
  const containers = pod.containers.map((container) => {
    const mine = podKills.filter((kill) => kill.container === container.name);
    const attempts = [...container.attempts].sort((a, b) => b.attempt - a.attempt);
    const restarts = Math.max(0, ...container.loggedAttempts, ...container.ids.map((id) => crictlAttempts.get(id) ?? 0));
    return {
      name: container.name,
      ids: container.ids.slice(0, MAX_IDS).map((id) => id.slice(0, 12)),
      restarts,
      oomKills: mine.length,
      lastOomKill:
        mine
          .map((kill) => kill.time)
          .filter((time): time is string => time !== null)
          .sort(byText)
          .at(-1) ?? null,
      attempts: attempts.slice(0, MAX_ATTEMPTS).map((attempt, index) => ({
        attempt: attempt.attempt,
        firstTime: attempt.firstTime,
        lastTime: attempt.lastTime,
        lines: attempt.lines,
        exit: attempt.exit,
        tail: index < TAIL_ATTEMPTS ? attempt.tail.slice(-TAIL_LINES).map((line) => ({ ...line, text: excerpt(line.text, LOG_TEXT_CHARS) })) : [],
      })),
      omittedAttempts: Math.max(0, attempts.length - MAX_ATTEMPTS),
    };
  });
  return {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    qosClass: pod.qosClass,
    seenIn: pod.seenIn,
    oomKills: podKills.length,
    findings: findings.filter((finding) => finding.subject?.pod != null && finding.subject.pod === pod.name && (finding.subject.namespace ?? null) === pod.namespace).length,
    restarts: containers.reduce((sum, container) => sum + container.restarts, 0),
    containers,
  };
}

/** crictl's attempt number per container id: the restart count the kubelet shows. */
function highestCrictlAttempts(crictl: NodeModel['crictl']): Map<string, number> {
  const attempts = new Map<string, number>();
  for (const container of crictl.containers) if (container.attempt !== null) attempts.set(container.id, container.attempt);
  for (const exit of crictl.exits) if (exit.attempt !== null) attempts.set(exit.containerId, Math.max(exit.attempt, attempts.get(exit.containerId) ?? 0));
  return attempts;
}
