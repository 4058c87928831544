/** The next steps of the OOM rules, filled in from the kills and the node's facts. */
import type { NodeModel, OomKill } from '../model/index.js';
import type { SuggestedCommand } from './define-rule.js';
import { kernelLogs, remedyFacts, sh, suggest } from './command-helpers.js';
import { cgroupCounters, proposeLimit, raiseLimit, recordedPeakBytes } from './memory-command-helpers.js';
import { currentLogs, describePod, podByUid, podOwner, podQos, podResources, podRestarts, previousLogs, runtimeContainers, type PodRef } from './pod-command-helpers.js';

const OOM_LINES = 'out of memory|oom-kill|killed process';

function refOf(kill: OomKill): PodRef {
  return { namespace: kill.namespace, pod: kill.pod, container: kill.container };
}

/** The kernel's kill lines around the kill. */
export function killLines(kill: Pick<OomKill, 'time'>): SuggestedCommand {
  return { purpose: "the kernel's OOM lines around the kill", command: kernelLogs(kill.time, OOM_LINES), changesCluster: false };
}

/**
 * A kill at a container's or pod's own limit: what the pod says now, the last attempt's log, the
 * cgroup's counters, the limits, and the limit to raise (measured from the kills).
 */
export function limitKillCommands(model: NodeModel, kills: readonly OomKill[], level: 'container' | 'pod' = 'container'): (SuggestedCommand | null)[] {
  const facts = remedyFacts(model);
  const last = kills.at(-1)!;
  const ref = refOf(last);
  const usageKb = Math.max(...kills.map((kill) => kill.memoryUsageKb ?? 0)) || null;
  const proposal = proposeLimit(last.memoryLimitKb, usageKb, recordedPeakBytes(model, last.oomMemcg));
  // A child process killed while the container ran on: there is no previous attempt to read.
  const keptRunning = model.oomKillDetails[model.oomKills.indexOf(last)]?.outcome === 'container-kept-running';
  return [
    describePod(ref, 'the pod: Last State Terminated, Reason OOMKilled, and restarts'),
    keptRunning ? currentLogs(ref) : previousLogs(ref),
    cgroupCounters(facts, last.oomMemcg),
    podResources(ref),
    podOwner(ref),
    // A pod's limit is the sum of its containers' (or its own pod-level limit): which one to raise is the reader's call.
    level === 'container' ? raiseLimit(ref, proposal) : null,
    killLines(last),
    podByUid(facts, last.podUid, last.pod),
  ];
}

/** A victim of a node-wide OOM: why it was chosen (QoS, score) and what else held the memory. */
export function nodeOomVictimCommands(model: NodeModel, kill: OomKill): (SuggestedCommand | null)[] {
  const facts = remedyFacts(model);
  const ref = refOf(kill);
  return [
    describePod(ref),
    podQos(ref),
    podResources(ref),
    previousLogs(ref),
    killLines(kill),
    suggest('the largest memory users on the node now', 'ps -eo pid,rss,comm --sort=-rss | head -15'),
    runtimeContainers(facts, ref),
  ];
}

/** A process killed while its container kept running: restart count unchanged, counters grew. */
export function childKillCommands(model: NodeModel, kill: OomKill): (SuggestedCommand | null)[] {
  const facts = remedyFacts(model);
  const ref = refOf(kill);
  return [
    podRestarts(ref),
    suggest(
      `the container's own log around the kill (it kept running, so the current log)`,
      sh`kubectl -n ${ref.namespace} logs ${ref.pod} -c ${ref.container} --since-time=${kill.time ? new Date(Date.parse(kill.time) - 300_000).toISOString() : null} --tail=200`,
    ),
    cgroupCounters(facts, kill.oomMemcg),
    killLines(kill),
    podResources(ref),
    podByUid(facts, kill.podUid, kill.pod),
  ];
}
