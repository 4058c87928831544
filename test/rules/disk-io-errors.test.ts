import { describe, expect, it } from 'vitest';
import { diskIoErrors } from '../../src/rules/disk-io-errors.js';
import { runRules } from '../../src/rules/index.js';
import { checkRule, MANIFEST, modelFromSpec, utcAt } from '../helpers/model.js';
import { dmesg, journalKernel, kernLog, type KernelLine } from './kernel-signal-text.js';

/** A failing SATA disk on kernel 5.15 (test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt). */
const FAILING_SDA: KernelLine[] = [
  [1500.000101, 'sd 0:0:0:0: [sda] tag#17 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=0s'],
  [1500.00011, 'sd 0:0:0:0: [sda] tag#17 Sense Key : Medium Error [current]'],
  [1500.00012, 'blk_update_request: critical medium error, dev sda, sector 1953120 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0'],
  [1500.0002, 'blk_update_request: I/O error, dev sda, sector 1953328 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0'],
  [1500.00021, 'Buffer I/O error on dev sda1, logical block 243910, lost async page write'],
];

/** An EBS volume going away under an NVMe driver (samples/roots/node-pressure-cgroupfs). */
const FAILING_NVME: KernelLine[] = [
  [72950.412044, 'nvme1n1: I/O Cmd(0x1) @ LBA 41204412, 8 blocks, I/O Error (sct 0x2 / sc 0x81) MORE DNR '],
  [72950.4121, 'blk_update_request: I/O error, dev nvme1n1, sector 41204412 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0'],
];

describe('disk-io-errors', () => {
  it('reports the errors of one disk and its partitions as one critical finding', async () => {
    const { findings } = await checkRule(diskIoErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(FAILING_SDA) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'repeated',
        severity: 'critical',
        subject: { device: 'sda' },
        time: utcAt(1500.000101),
        data: expect.objectContaining({
          device: 'sda',
          devices: ['sda', 'sda1'],
          errors: 4,
          firstTime: utcAt(1500.000101),
          lastTime: utcAt(1500.00021),
          errorTypes: ['command failed', 'critical medium', 'I/O'],
          operations: ['READ', 'WRITE'],
          forms: ['scsi', 'block', 'buffer'],
          mediumErrors: 1,
          sectors: [1953120, 1953328],
          scsiResults: ['hostbyte=DID_OK driverbyte=DRIVER_SENSE'],
          linesNotKept: 0,
          countIsLowerBound: false,
        }),
      }),
    ]);
    expect(findings[0]?.evidence[0]).toEqual({ path: 'kernel/dmesg.txt', line: 1, excerpt: FAILING_SDA[0]![1] });
  });

  it('counts an error once when dmesg, kern.log and the journal all print it', async () => {
    const { findings } = await checkRule(diskIoErrors, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg(FAILING_NVME),
      // rsyslog writes the NVMe line without the trailing space the driver printed.
      'kernel/kern.log': kernLog(FAILING_NVME.map(([seconds, text]) => [seconds, text.trimEnd()])),
      'journal/kernel.export': journalKernel(FAILING_NVME),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ messageId: 'repeated', data: { device: 'nvme1n1', errors: 2, forms: ['nvme', 'block'], sectors: [41204412], operations: ['WRITE'] } });
  });

  it('says the count is a floor when the reader kept only part of the I/O-error lines', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(FAILING_SDA) });
    const capped = { ...model, kernelSignalCounts: { ...model.kernelSignalCounts, 'io-error': 10_004 } };
    const { findings } = runRules(capped, [diskIoErrors]);
    expect(findings[0]?.data).toMatchObject({ errors: 4, linesNotKept: 10_000, countIsLowerBound: true });
    expect(findings[0]?.message).toContain('failed at least 4 I/O requests');
    const whole = runRules(model, [diskIoErrors]).findings;
    expect(whole[0]?.message).toContain('failed 4 I/O requests');
  });

  it('reports a single error as once, per disk', async () => {
    const { findings } = await checkRule(diskIoErrors, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg([...FAILING_SDA.slice(3, 4), [1700.000001, 'nvme nvme0: I/O 123 QID 4 timeout, aborting']]),
    });
    expect(findings.map((finding) => [finding.messageId, finding.data.device, finding.data.errors, finding.data.timeouts])).toEqual([
      ['once', 'sda', 1, 0],
      ['once', 'nvme0', 1, 1],
    ]);
  });

  it('lists a floppy probe at boot as info', async () => {
    const { findings } = await checkRule(diskIoErrors, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg([[3.1, 'blk_update_request: I/O error, dev fd0, sector 0 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0']]),
    });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'minor-device', severity: 'info', data: expect.objectContaining({ device: 'fd0', errors: 1 }) })]);
  });

  it('does not fire on a healthy boot log', async () => {
    const healthy = dmesg([
      [1.902211, 'ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)'],
      [4.120001, 'EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.'],
      [1.204112, 'nvme nvme0: 4/0/0 default/read/poll queues'],
    ]);
    const { run, findings } = await checkRule(diskIoErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': healthy });
    expect(run).toEqual({ ruleId: 'disk-io-errors', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});
