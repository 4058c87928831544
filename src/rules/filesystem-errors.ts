/**
 * A filesystem reported errors, one finding per device: ext2/3/4 (`EXT4-fs error (device sda1): …`,
 * `EXT4-fs (sda1): Remounting filesystem read-only`), its journal (`Aborting journal on device
 * sda1-8.`), XFS (`XFS (nvme1n1): Corruption … Shutting down filesystem.`) and btrfs. Critical once
 * the filesystem stopped taking writes (read-only, shut down, journal aborted) or saw corruption.
 */
import { kernelSignalSeverity, worstSeverity } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { diskOf, filesystemDevice, linesNotKept, occurrencesOf, signalEvidence, spanData, type Occurrence, type SignalOf } from './kernel-signal-helpers.js';
import { distinct, groupsOf } from './rule-helpers.js';
import { sh, suggest } from './command-helpers.js';
import { deviceCommands } from './node-command-helpers.js';

const KINDS = ['filesystem'] as const;
type FsOccurrence = Occurrence<SignalOf<'filesystem'>>;
type Problem = SignalOf<'filesystem'>['problem'];

/** The message of the worst thing that happened, worst first. */
const WORST_FIRST: readonly { problem: Problem; messageId: 'shutdown' | 'read-only' | 'journal-abort' | 'corruption' }[] = [
  { problem: 'shutdown', messageId: 'shutdown' },
  { problem: 'remount-read-only', messageId: 'read-only' },
  { problem: 'journal-abort', messageId: 'journal-abort' },
  { problem: 'corruption', messageId: 'corruption' },
];

export const filesystemErrors = defineRule({
  id: 'filesystem-errors',
  title: 'Filesystem errors',
  severity: 'critical',
  severities: {
    critical: 'the filesystem shut down, went read-only, aborted its journal or reported corruption',
    warning: 'other filesystem errors',
  },
  requires: [['kernel', 'journal']],
  messages: {
    shutdown: '{fs} on {device} shut down at {worstAt}: every read and write on it fails ({errors|atLeast:error})',
    'read-only': '{fs} on {device} was remounted read-only at {worstAt}: writes fail from then on ({errors|atLeast:error})',
    'journal-abort': 'The {fs} journal on {device} aborted at {worstAt}: the filesystem stops taking writes ({errors|atLeast:error})',
    corruption: '{fs} on {device} reported corruption from {firstTime} to {lastTime} ({errors|atLeast:error})',
    errors: '{fs} on {device} reported errors from {firstTime} to {lastTime} ({errors|atLeast:error}, {warnings:warning})',
  },
  commands(finding) {
    const device = finding.subject?.device;
    const path = device ? `/dev/${device.replace(/^\/dev\//, '')}` : null;
    const fs = String(finding.data.fs ?? '');
    return [
      suggest(`where ${device ?? 'the filesystem'} is mounted and whether it is read-only now`, sh`findmnt -S ${path} -o TARGET,SOURCE,FSTYPE,OPTIONS`),
      /ext[234]/i.test(fs) ? suggest('the ext4 error state and the last error recorded on disk', sh`tune2fs -l ${path}`) : null,
      ...deviceCommands(device),
      /ext[234]/i.test(fs) ? suggest('check and repair the filesystem (unmount it first: the node loses it meanwhile)', sh`e2fsck -f ${path}`, true) : null,
    ].map((command) => (command && command.command.startsWith('tune2fs') ? { ...command, command: `${command.command} | grep -Ei 'state|error'` } : command));
  },
  check(model, report) {
    const notKept = linesNotKept(model, KINDS);
    const ioErrorDisks = occurrencesOf(model, ['io-error']).map((occurrence) => diskOf(occurrence.signal.device));
    for (const group of groupsOf(occurrencesOf(model, KINDS), (occurrence) => filesystemDevice(occurrence.signal))) {
      const worst = WORST_FIRST.find(({ problem }) => group.some((occurrence) => occurrence.signal.problem === problem));
      const worstAt = worst ? group.find((occurrence) => occurrence.signal.problem === worst.problem)!.time.utc : null;
      const data = { ...filesystemData(group, ioErrorDisks), worstAt, ...spanData(group, notKept) };
      report({
        messageId: worst?.messageId ?? (data.corruption ? 'corruption' : 'errors'),
        // The worst event by the one event-severity table; corruption named in an error's text is critical too.
        severity: data.corruption || worstSeverity(group.map((occurrence) => kernelSignalSeverity(occurrence.signal))) === 'critical' ? 'critical' : 'warning',
        data,
        subject: { device: data.device },
        time: worstAt ?? data.firstTime,
        evidence: signalEvidence(group),
      });
    }
  },
});

function filesystemData(group: FsOccurrence[], ioErrorDisks: string[]) {
  const signals = group.map((occurrence) => occurrence.signal);
  const device = filesystemDevice(signals[0]!);
  const problems = distinct(signals.map((signal) => signal.problem));
  return {
    device,
    fs: signals.find((signal) => signal.fs !== 'jbd2')?.fs ?? 'jbd2',
    problems,
    errors: signals.filter((signal) => signal.problem === 'error' || signal.problem === 'corruption').length,
    warnings: signals.filter((signal) => signal.problem === 'warning').length,
    writesStopped: problems.includes('remount-read-only') || problems.includes('shutdown') || problems.includes('journal-abort'),
    corruption: signals.some((signal) => signal.problem === 'corruption' || /corrupt/i.test(signal.detail)),
    details: distinct(
      signals.map((signal) => signal.detail),
      3,
    ),
    ioErrorsOnDisk: ioErrorDisks.filter((disk) => disk === diskOf(device)).length,
  };
}
