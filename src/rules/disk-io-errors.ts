/**
 * A disk returned errors to the kernel: block-layer (`blk_update_request: I/O error, dev sda, …`),
 * buffer-cache (`Buffer I/O error on dev sda1, …`), SCSI (`[sda] … FAILED Result: hostbyte=…`) and
 * NVMe (`nvme1n1: … I/O Error (…)`, `nvme nvme0: I/O 123 QID 4 timeout`) lines, one finding per
 * disk (partitions fold into their disk).
 */
import { kernelSignalSeverity, MINOR_DEVICE, worstSeverity } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { diskOf, linesNotKept, occurrencesOf, signalEvidence, spanData, type Occurrence, type SignalOf } from './kernel-signal-helpers.js';
import { distinct, groupsOf } from './rule-helpers.js';
import { kernelLogs } from './command-helpers.js';
import { deviceCommands, fixed } from './node-command-helpers.js';

const KINDS = ['io-error'] as const;

export const diskIoErrors = defineRule({
  id: 'disk-io-errors',
  title: 'Disk I/O errors',
  severity: 'critical',
  severities: {
    critical: 'I/O errors on a disk',
    info: 'I/O errors on a floppy, optical or loop device only',
  },
  requires: [['kernel', 'journal']],
  messages: {
    once: 'Disk {device} failed an I/O request ({errorTypes}) at {firstTime}',
    repeated: 'Disk {device} failed {errors|atLeast:I/O request} ({errorTypes}) from {firstTime} to {lastTime}',
    'minor-device': '{device} (a floppy, optical or loop device) failed {errors|atLeast:I/O request}: usually a probe at boot',
  },
  commands(finding) {
    return [
      ...deviceCommands(finding.subject?.device),
      { purpose: "the kernel's I/O error lines around the failures", command: kernelLogs(finding.time, 'I/O error|blk_update_request|medium error|timeout'), changesCluster: false },
      fixed('the persistent volumes and their attachments (a failing disk may be one)', 'kubectl get pv -o wide; kubectl get volumeattachments'),
    ];
  },
  check(model, report) {
    const notKept = linesNotKept(model, KINDS);
    for (const group of groupsOf(occurrencesOf(model, KINDS), (occurrence) => diskOf(occurrence.signal.device))) {
      const data = diskData(group, notKept);
      const minor = MINOR_DEVICE.test(data.device);
      report({
        messageId: minor ? 'minor-device' : group.length > 1 ? 'repeated' : 'once',
        // The one event-severity table: an error on a floppy, optical or loop device is info, on a disk critical.
        severity: worstSeverity(group.map((occurrence) => kernelSignalSeverity(occurrence.signal))) === 'info' ? 'info' : 'critical',
        data,
        subject: { device: data.device },
        time: data.firstTime,
        evidence: signalEvidence(group),
      });
    }
  },
});

function diskData(group: Occurrence<SignalOf<'io-error'>>[], notKept: number) {
  const signals = group.map((occurrence) => occurrence.signal);
  const sectors = distinct(
    signals.map((signal) => signal.sector),
    Number.MAX_SAFE_INTEGER,
  );
  return {
    device: diskOf(signals[0]!.device),
    devices: distinct(signals.map((signal) => signal.device)),
    errors: group.length,
    errorTypes: distinct(signals.map((signal) => signal.error)),
    operations: distinct(signals.map((signal) => signal.operation)),
    forms: distinct(signals.map((signal) => signal.form)),
    mediumErrors: signals.filter((signal) => signal.error.includes('medium')).length,
    timeouts: signals.filter((signal) => signal.error === 'timeout').length,
    sectors: sectors.slice(0, 10),
    distinctSectors: sectors.length,
    scsiResults: distinct(
      signals.map((signal) => signal.result),
      5,
    ),
    ...spanData(group, notKept),
  };
}
