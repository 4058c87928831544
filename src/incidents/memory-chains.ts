/**
 * The memory stories. Node-wide: MemoryPressure → the kubelet evicts → the kernel kills node-wide
 * (no memcg limit was hit: `constraint=CONSTRAINT_NONE`, or the kubepods / QoS cgroup) → the
 * killed container crash-loops. Per workload: a container or pod hits its own limit (memcg kills
 * of one owner) and restarts: a limit to raise, not a node to fix.
 */
import type { OomKill } from '../model/index.js';
import { limitText } from '../rules/oom-helpers.js';
import type { Finding } from '../rules/index.js';
import { episodes, findingMember, killMember, podRef, stringList, stringOf, type Draft, type Member } from './members.js';
import { ownerName } from '../model/index.js';

/** Rules whose findings stand for one or more kills: they follow the kill they end with. */
const KILL_RULES = new Set(['node-out-of-memory', 'besteffort-oom-victim', 'node-daemon-oom-kill', 'child-process-oom-kill', 'container-memory-limit', 'pod-memory-limit']);

export function nodeWide(kill: OomKill): boolean {
  return kill.scope === 'global' || kill.limitLevel === 'node-allocatable' || kill.limitLevel === 'qos';
}

/** Evictions and MemoryPressure of the node, node-wide kills: one draft per episode. */
export function nodeMemoryDrafts(findings: readonly Finding[], kills: readonly OomKill[]): Draft[] {
  const members: Member[] = kills.filter(nodeWide).map(killMember);
  for (const finding of findings) {
    const member = nodeMemoryMember(finding);
    if (member) members.push(member);
  }
  return episodes(members).map((group) => ({ kind: 'node-memory-shortage', members: group, data: {} }));
}

function nodeMemoryMember(finding: Finding): Member | null {
  const { data } = finding;
  if (finding.ruleId === 'node-pressure' && data.condition === 'MemoryPressure') return findingMember(finding, 'memory-pressure');
  if (finding.ruleId === 'memory-pressure') {
    return findingMember(finding, 'memory-low', { snapshot: true, data: { availablePercent: data.availablePercent ?? null, variant: data.availablePercent === undefined ? 'unknown' : null } });
  }
  if (finding.ruleId !== 'pod-evictions') return null;
  if (finding.messageId === 'admission-rejected') {
    return stringOf(data.conditions)?.includes('MemoryPressure') ? rejectedMember(finding) : null;
  }
  return data.resource === 'memory' ? evictionMember(finding) : null;
}

export function evictionMember(finding: Finding): Member {
  const pods = stringList(finding.data.pods);
  const evicted = finding.messageId === 'evicted' || finding.messageId === 'evicted-below-threshold' ? pods.map(podRef) : [];
  const count = typeof finding.data.evictions === 'number' ? finding.data.evictions : evicted.length;
  const firstEviction = typeof finding.data.firstEviction === 'string' ? finding.data.firstEviction : null;
  return findingMember(finding, 'eviction', {
    ...(firstEviction ? { first: firstEviction } : {}),
    evicted,
    data: { pods: evicted.length > 0 ? count : 0, podNames: pods, resource: finding.data.resource ?? null, variant: evicted.length > 0 ? null : 'none' },
  });
}

export function rejectedMember(finding: Finding): Member {
  return findingMember(finding, 'admission-rejected', { data: { pods: finding.data.rejections ?? 0, conditions: finding.data.conditions ?? null } });
}

/** Kills at a pod's or container's own limit, one draft per workload (namespace and owner). */
export function memoryLimitDrafts(kills: readonly OomKill[]): Draft[] {
  const byOwner = new Map<string, OomKill[]>();
  for (const kill of kills.filter((candidate) => !nodeWide(candidate))) {
    const key = `${kill.namespace ?? ''}\0${workloadOf(kill)}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), kill]);
  }
  return [...byOwner.values()].map((group) => {
    const last = group.at(-1) as OomKill;
    const containers = [...new Set(group.map((kill) => kill.container).filter((name): name is string => name !== null))].sort();
    const workload = last.pod ? [last.namespace, workloadOf(last)].filter(Boolean).join('/') : last.podUid ? `pod ${last.podUid}` : `"${last.process}" (not in a pod)`;
    return {
      kind: 'memory-limit',
      members: group.map(killMember),
      data: { workload, namespace: last.namespace, owner: workloadOf(last), containers, limit: limitText(last.memoryLimitKb), limitKb: last.memoryLimitKb },
    };
  });
}

function workloadOf(kill: OomKill): string {
  return kill.pod ? ownerName(kill.pod) : (kill.podUid ?? kill.process);
}

/**
 * Findings that follow a kill already in a draft: the OOM rules' findings join the step of the
 * kill they end with; a crash loop of a killed container and kill counters of a killed pod join
 * the draft of that container (its own limit first, the node's shortage else). Returns the
 * findings placed.
 */
export function attachToKills(drafts: readonly Draft[], findings: readonly Finding[]): Set<Finding> {
  const placed = new Set<Finding>();
  for (const finding of findings) {
    if (KILL_RULES.has(finding.ruleId)) {
      const member = drafts.flatMap((draft) => draft.members).find((candidate) => candidate.kills.some((kill) => anchors(finding, kill)));
      if (member) {
        member.findings.push(finding);
        placed.add(finding);
      }
      continue;
    }
    const step = finding.ruleId === 'crash-loop-back-off' ? 'crash-loop' : finding.ruleId === 'oom-kills-unrecorded' ? 'kills-unrecorded' : null;
    if (step === null) continue;
    const draft = ['memory-limit', 'node-memory-shortage']
      .map((kind) => drafts.find((candidate) => candidate.kind === kind && candidate.members.some((member) => member.kills.some((kill) => sameContainer(finding, kill)))))
      .find(Boolean);
    if (!draft) continue;
    draft.members.push(followingMember(finding, step));
    placed.add(finding);
  }
  return placed;
}

function followingMember(finding: Finding, step: 'crash-loop' | 'kills-unrecorded'): Member {
  const { data, subject } = finding;
  if (step === 'kills-unrecorded') return findingMember(finding, step, { data: { unrecorded: data.unrecorded ?? null } });
  const restarts = typeof data.restarts === 'number' ? data.restarts : null;
  const container = subject?.container ?? null;
  return findingMember(finding, step, {
    data: { container: [subject?.namespace, subject?.pod, container].filter(Boolean).join('/'), restarts, variant: restarts === null ? 'unknown' : null },
    restarts: subject?.pod ? [{ namespace: subject.namespace ?? null, pod: subject.pod, container, count: restarts ?? 0 }] : [],
  });
}

/** The kill a kill rule's finding ends with: same time, same pod (when it names one), same pid (when it names one). */
function anchors(finding: Finding, kill: OomKill): boolean {
  if (finding.time !== kill.time) return false;
  if (typeof finding.data.pid === 'number' && finding.data.pid !== kill.pid) return false;
  const pod = finding.subject?.pod;
  return !pod || pod === kill.pod || pod === kill.podUid;
}

function sameContainer(finding: Finding, kill: OomKill): boolean {
  const subject = finding.subject;
  if (!subject?.pod || (subject.pod !== kill.pod && subject.pod !== kill.podUid)) return false;
  if ((subject.namespace ?? null) !== null && kill.namespace !== null && subject.namespace !== kill.namespace) return false;
  return !subject.container || !kill.container || subject.container === kill.container;
}
