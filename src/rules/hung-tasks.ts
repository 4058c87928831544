/**
 * Tasks stuck in uninterruptible sleep (state D): the kernel's hung-task watchdog prints
 * `INFO: task containerd:918 blocked for more than 122 seconds.` One finding per process, noting
 * disks that failed I/O or filesystems that reported errors around the time it blocked.
 */
import type { NodeModel } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { diskOf, filesystemDevice, linesNotKept, occurrencesOf, signalEvidence, spanData, type Occurrence, type SignalOf } from './kernel-signal-helpers.js';
import { podData, podOfProcess, processSubject } from './process-pod-helpers.js';
import { distinct, groupsOf } from './rule-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { deviceCommands, fixed } from './node-command-helpers.js';
import { aboutPod } from './pod-command-helpers.js';

const KINDS = ['hung-task'] as const;
type HungOccurrence = Occurrence<SignalOf<'hung-task'>>;

/** One finding per process up to this many; beyond it one summary, so a storm stays readable. */
const MAX_PROCESS_FINDINGS = 20;
/**
 * An I/O error counts as coinciding when it came up to 5 minutes before the task started to block:
 * SCSI and NVMe retry and time out for minutes (30 s per command, several retries) before a waiter
 * gives up, so the error line can come well before the hang.
 */
const IO_LEAD_SECONDS = 300;
/** …or within a minute after the last hang report (errors keep coming while the task waits). */
const IO_LAG_SECONDS = 60;
/** Node agents whose hang stalls every pod: the kubelet and the container runtimes (comm is cut at 15 bytes). */
const NODE_AGENTS = /^(?:kubelet|containerd|containerd-shim|dockerd|docker|crio|conmon|runc)$/;

export const hungTasks = defineRule({
  id: 'hung-tasks',
  title: 'Tasks hung in the kernel',
  severity: 'warning',
  severities: {
    warning: 'tasks blocked in the kernel for longer than the hung-task timeout',
  },
  requires: [['kernel', 'journal']],
  messages: {
    hung: '"{process}" (pid {pid}) was blocked in the kernel for more than {longestBlockedSeconds} s ({reports|atLeast:report}, first at {firstTime})',
    'hung-during-io-errors': '"{process}" (pid {pid}) was blocked in the kernel for more than {longestBlockedSeconds} s while {ioErrorDevices} failed I/O',
    more: '{processes:more process} reported hung ({reports|atLeast:report})',
  },
  commands(finding, model) {
    const devices = Array.isArray(finding.data.ioErrorDevices) ? finding.data.ioErrorDevices.map(String) : [];
    const pid = typeof finding.data.pid === 'number' ? finding.data.pid : null;
    const process = typeof finding.data.process === 'string' ? finding.data.process : null;
    const stack = sh`cat /proc/${pid}/stack`;
    return [
      fixed('the hung-task reports with their kernel stacks', "dmesg -T | grep -A20 'blocked for more than'"),
      fixed('tasks in D state now, and where they wait', "ps -eo pid,stat,wchan:32,comm | awk '$2 ~ /D/'"),
      suggest(
        `the kernel stack of ${process ?? 'the task'} (pid ${pid ?? '?'}), if that pid is still the same task`,
        stack === null || process === null ? null : `${sh`ps -o comm= -p ${pid}`} | grep -qxF ${sh`${process}`} && ${stack}`,
      ),
      ...aboutPod(remedyFacts(model), finding.subject, finding.time),
      ...(devices.length > 0 ? deviceCommands(devices[0]) : [fixed('the disks: busy, slow, queueing', 'iostat -x 1 5')]),
    ];
  },
  check(model, report) {
    const notKept = linesNotKept(model, KINDS);
    const failures = ioFailures(model);
    const groups = groupsOf(occurrencesOf(model, KINDS), (occurrence) => `${occurrence.signal.comm}\0${occurrence.signal.pid}`);
    for (const group of groups.slice(0, MAX_PROCESS_FINDINGS)) {
      const { comm, pid } = group[0]!.signal;
      const pod = podOfProcess(model, pid, comm);
      const span = spanData(group, notKept);
      const longestBlockedSeconds = Math.max(...group.map((occurrence) => occurrence.signal.blockedSeconds));
      const ioErrorDevices = coincidingFailures(group, longestBlockedSeconds, failures);
      report({
        messageId: ioErrorDevices.length > 0 ? 'hung-during-io-errors' : 'hung',
        data: {
          process: comm,
          pid,
          reports: group.length,
          longestBlockedSeconds,
          nodeAgent: NODE_AGENTS.test(comm),
          journalDevice: /^jbd2\/(.+)-\d+$/.exec(comm)?.[1] ?? null,
          ioErrorDevices,
          ...podData(pod),
          ...span,
        },
        subject: processSubject(comm, pod),
        time: span.firstTime,
        evidence: signalEvidence(group),
      });
    }
    const rest = groups.slice(MAX_PROCESS_FINDINGS);
    if (rest.length > 0) {
      const occurrences = rest.flat();
      report({
        messageId: 'more',
        data: { processes: rest.length, reports: occurrences.length, names: distinct(rest.map((group) => group[0]!.signal.comm)) },
        evidence: signalEvidence(occurrences, 3),
      });
    }
  },
});

interface IoFailure {
  disk: string;
  utcMs: number;
}

/** Disk I/O errors and filesystem errors (not mere warnings), by disk, with a known time. */
function ioFailures(model: NodeModel): IoFailure[] {
  const failures: IoFailure[] = [];
  for (const { signal, time } of occurrencesOf(model, ['io-error', 'filesystem'])) {
    if (time.utcMs === null || (signal.kind === 'filesystem' && signal.problem === 'warning')) continue;
    failures.push({ disk: diskOf(signal.kind === 'filesystem' ? filesystemDevice(signal) : signal.device), utcMs: time.utcMs });
  }
  return failures;
}

/** The disks that failed between the start of the longest block and shortly after the last report. */
function coincidingFailures(group: HungOccurrence[], longestBlockedSeconds: number, failures: IoFailure[]): string[] {
  const times = group.map((occurrence) => occurrence.time.utcMs).filter((ms): ms is number => ms !== null);
  if (times.length === 0) return [];
  const from = Math.min(...times) - (longestBlockedSeconds + IO_LEAD_SECONDS) * 1000;
  const to = Math.max(...times) + IO_LAG_SECONDS * 1000;
  return distinct(failures.filter((failure) => failure.utcMs >= from && failure.utcMs <= to).map((failure) => failure.disk));
}
