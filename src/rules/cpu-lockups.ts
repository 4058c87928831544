/**
 * CPUs that stopped scheduling: soft lockups (`watchdog: BUG: soft lockup - CPU#3 stuck for 22s!
 * [java:4242]`), hard lockups (`NMI watchdog: Watchdog detected hard LOCKUP on cpu 2`) and RCU
 * stalls (`rcu: INFO: rcu_sched self-detected stall on CPU`). One finding per CPU and lockup type,
 * and one per RCU flavour.
 */
import { defineRule, type FindingInput } from './define-rule.js';
import { linesNotKept, occurrencesOf, signalEvidence, spanData, type Occurrence, type SignalOf } from './kernel-signal-helpers.js';
import { podData, podOfProcess, processSubject } from './process-pod-helpers.js';
import { kernelSignalSeverity, worstSeverity, type NodeModel } from '../model/index.js';
import { distinct, groupsOf } from './rule-helpers.js';
import { fixed } from './node-command-helpers.js';

type MessageId = 'hard-lockup' | 'soft-lockup' | 'rcu-stall';

export const cpuLockups = defineRule({
  id: 'cpu-lockups',
  title: 'CPU lockups and RCU stalls',
  severity: 'warning',
  severities: {
    critical: 'a hard lockup',
    warning: 'a soft lockup or an RCU stall',
  },
  requires: [['kernel', 'journal']],
  messages: {
    'hard-lockup': 'CPU {cpu} locked up hard at {firstTime}: it stopped taking interrupts ({reports|atLeast:report})',
    'soft-lockup': 'CPU {cpu} was stuck in the kernel for up to {longestSeconds} s running {processes} ({reports|atLeast:report})',
    'rcu-stall': '{flavor} RCU grace periods stalled from {firstTime} to {lastTime} ({reports|atLeast:report}, CPUs: {cpus})',
  },
  commands() {
    return [
      fixed('the lockup and RCU stall reports with their stacks', "dmesg -T | grep -Ei 'soft lockup|hard LOCKUP|rcu.*stall' -A30"),
      fixed("CPU stolen by the hypervisor ('st')", 'vmstat 1 10'),
      fixed('a CPU pinned at %sys or %irq', 'mpstat -P ALL 1 5'),
      fixed('the watchdog settings and whether the kernel is tainted', 'sysctl kernel.watchdog_thresh kernel.softlockup_panic kernel.hardlockup_panic; cat /proc/sys/kernel/tainted'),
    ];
  },
  check(model, report) {
    const lockupsNotKept = linesNotKept(model, ['lockup']);
    const lockups = occurrencesOf(model, ['lockup']);
    for (const group of groupsOf(lockups, (occurrence) => `${occurrence.signal.type}\0${occurrence.signal.cpu}`)) report(lockupFinding(model, group, lockupsNotKept));
    const stallsNotKept = linesNotKept(model, ['rcu-stall']);
    for (const group of groupsOf(occurrencesOf(model, ['rcu-stall']), (occurrence) => occurrence.signal.flavor)) report(stallFinding(group, stallsNotKept));
  },
});

function lockupFinding(model: NodeModel, group: Occurrence<SignalOf<'lockup'>>[], notKept: number): FindingInput<MessageId, 'critical' | 'warning'> {
  const signals = group.map((occurrence) => occurrence.signal);
  const last = signals.findLast((signal) => signal.comm !== null) ?? signals.at(-1)!;
  const pod = podOfProcess(model, last.pid, last.comm);
  const span = spanData(group, notKept);
  const seconds = signals.map((signal) => signal.seconds).filter((value): value is number => value !== null);
  // A hard lockup anywhere in the group makes it critical (the one event-severity table).
  const severity = worstSeverity(signals.map(kernelSignalSeverity)) === 'critical' ? 'critical' : 'warning';
  return {
    messageId: severity === 'critical' ? 'hard-lockup' : 'soft-lockup',
    severity,
    data: {
      cpu: last.cpu,
      type: last.type,
      reports: group.length,
      longestSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
      processes: distinct(signals.map((signal) => signal.comm)),
      process: last.comm,
      pid: last.pid,
      ...podData(pod),
      ...span,
    },
    subject: last.comm ? processSubject(last.comm, pod) : null,
    time: span.firstTime,
    evidence: signalEvidence(group),
  };
}

function stallFinding(group: Occurrence<SignalOf<'rcu-stall'>>[], notKept: number): FindingInput<MessageId, 'critical' | 'warning'> {
  const signals = group.map((occurrence) => occurrence.signal);
  const span = spanData(group, notKept);
  const cpus = distinct(
    signals.flatMap((signal) => signal.cpus),
    64,
  ).sort((a, b) => a - b);
  return {
    messageId: 'rcu-stall',
    data: {
      flavor: signals[0]!.flavor,
      reports: group.length,
      /** null when the stall lines did not name the CPUs (a self-detected stall names them on the next line). */
      cpus: cpus.length > 0 ? cpus : null,
      detections: distinct(signals.map((signal) => signal.detection)),
      ...span,
    },
    time: span.firstTime,
    evidence: signalEvidence(group),
  };
}
