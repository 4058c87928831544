/**
 * Zombie processes: exited children whose parent never collected their exit status. A zombie
 * holds only a PID, but a parent that leaks them keeps doing so until the node (or the pod's
 * pids limit) runs out of PIDs. The fix is in the parent — often a container whose PID 1 is an
 * application that does not reap (no init such as tini) — so findings are grouped by parent.
 */
import type { NodeModel } from '../model/index.js';
import { defineRule, type Evidence, type Subject } from './define-rule.js';
import { ProcessNames, snapshotTime } from './vitals-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { fixed } from './node-command-helpers.js';
import { aboutPod } from './pod-command-helpers.js';

/** One zombie is a race with the parent's wait(); this many under one parent is a leak. */
const ZOMBIES_PER_PARENT = 5;
/** How many zombie names a finding lists. */
const NAMES_LISTED = 5;

interface Zombie {
  pid: number;
  ppid: number | null;
  name: string;
  evidence: Evidence;
}

export const zombieProcesses = defineRule({
  id: 'zombie-processes',
  title: 'Zombie processes left unreaped',
  severity: 'warning',
  severities: {
    warning: '5 or more zombies under one parent (or in all, when only a count is known)',
    info: 'fewer',
  },
  requires: [['ps', 'top']],
  messages: {
    zombies: '{zombies:zombie process} ({zombieNames}) wait for their parent {parent} to reap them',
    'zombies-parent-unknown': '{zombies:zombie process} ({zombieNames}) whose parent the process table does not show',
    'zombies-counted': 'top counted {zombies:zombie process}; the bundle does not show which they are',
  },
  commands(finding, model) {
    const ppid = typeof finding.data.ppid === 'number' ? finding.data.ppid : null;
    return [
      fixed('the zombie processes now, with their parents', "ps -eo pid,ppid,stat,comm | awk '$3 ~ /^Z/'"),
      suggest('the parent that does not reap them, if that pid is still the same process', sh`ps -o pid,comm,args -p ${ppid}`),
      ...aboutPod(remedyFacts(model), finding.subject, finding.time),
      fixed('process ids in use against the limit', "cat /proc/sys/kernel/pid_max; ls /proc | grep -c '^[0-9]'"),
    ];
  },
  check(model, report) {
    const names = new ProcessNames(model);
    const zombies = zombiesOf(model, names);
    const time = snapshotTime(model);
    if (zombies.length === 0) {
      const counted = model.vitals.top?.tasks?.zombie ?? 0;
      if (counted > 0) report({ messageId: 'zombies-counted', severity: severityFor(counted), data: { zombies: counted }, time, evidence: [{ path: model.vitals.top!.file, line: null }] });
      return;
    }
    for (const [ppid, group] of byParent(zombies)) {
      const data = { zombies: group.length, zombieNames: [...new Set(group.map((zombie) => zombie.name))].slice(0, NAMES_LISTED), zombiePids: group.map((zombie) => zombie.pid) };
      if (ppid === null) {
        report({ messageId: 'zombies-parent-unknown', severity: severityFor(group.length), data, time, evidence: group.map((zombie) => zombie.evidence) });
        continue;
      }
      const parentRow = names.row(ppid);
      report({
        messageId: 'zombies',
        severity: severityFor(group.length),
        data: { ...data, parent: names.label(ppid, null), ppid, parentName: names.nameOf(ppid), parentPod: names.podOf(ppid) },
        subject: subjectOf(names, ppid, group[0]!.pid),
        time,
        evidence: [...(parentRow ? [{ path: model.vitals.ps!.file, line: parentRow.line }] : []), ...group.map((zombie) => zombie.evidence)],
      });
    }
  },
});

function severityFor(count: number): 'warning' | 'info' {
  return count >= ZOMBIES_PER_PARENT ? 'warning' : 'info';
}

/** State `Z` rows of the process table, else of top's table (whose procps form shows no parent). */
function zombiesOf(model: NodeModel, names: ProcessNames): Zombie[] {
  const { ps, top } = model.vitals;
  if (ps && ps.processes.some((row) => row.state !== null)) {
    return ps.processes.filter((row) => row.state?.startsWith('Z')).map((row) => ({ pid: row.pid, ppid: row.ppid, name: names.nameOf(row.pid) ?? '?', evidence: { path: ps.file, line: row.line } }));
  }
  return (top?.processes ?? [])
    .filter((row) => row.state?.startsWith('Z'))
    .map((row) => ({ pid: row.pid, ppid: row.ppid, name: names.nameOf(row.pid, row.command) ?? '?', evidence: { path: top!.file, line: row.line } }));
}

function byParent(zombies: Zombie[]): Map<number | null, Zombie[]> {
  const groups = new Map<number | null, Zombie[]>();
  for (const zombie of zombies) groups.set(zombie.ppid, [...(groups.get(zombie.ppid) ?? []), zombie]);
  return groups;
}

/** The parent, in the pod that holds it (or, for a parent outside any pod, the zombies' pod). */
function subjectOf(names: ProcessNames, ppid: number, zombiePid: number): Subject {
  const pod = names.podModelOf(ppid) ?? names.podModelOf(zombiePid);
  return { namespace: pod?.namespace ?? null, pod: pod?.name ?? pod?.uid ?? null, process: names.nameOf(ppid) };
}
