import { describe, expect, it } from 'vitest';
import { diskOf, linesNotKept, occurrencesOf, signalEvidence } from '../../../src/rules/kernel-signal-helpers.js';
import { MANIFEST, modelFromSpec, utcAt } from '../../helpers/model.js';
import { dmesg, journalKernel, kernLog, type KernelLine } from '../kernel-signal-text.js';

const HUNG: KernelLine[] = [
  [1222.123456, 'INFO: task containerd:918 blocked for more than 122 seconds.'],
  [1222.223456, 'INFO: task kworker/u8:2:1234 blocked for more than 122 seconds.'],
];

describe('occurrencesOf', () => {
  it('folds the dmesg, kern.log and journal copies of a message into one occurrence with the exact time', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(HUNG), 'kernel/kern.log': kernLog(HUNG), 'journal/kernel.export': journalKernel(HUNG) });
    expect(model.kernelSignals).toHaveLength(2);
    const occurrences = occurrencesOf(model, ['hung-task']);
    expect(occurrences.map((o) => [o.signal.comm, o.seenIn.map((place) => place.file).sort(), o.time.quality])).toEqual([
      ['containerd', ['journal/kernel.export', 'kernel/dmesg.txt', 'kernel/kern.log'], 'exact'],
      ['kworker/u8:2', ['journal/kernel.export', 'kernel/dmesg.txt', 'kernel/kern.log'], 'exact'],
    ]);
  });

  it('folds a copy without a monotonic stamp by its wall time, and keeps repeats of one message apart', async () => {
    const twice: KernelLine[] = [HUNG[0]!, [1342.123456, HUNG[0]![1]]];
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(twice), 'kernel/messages': kernLog(twice, { innerStamp: false }) });
    const occurrences = occurrencesOf(model, ['hung-task']);
    expect(occurrences.map((o) => [o.time.utc, o.seenIn.length])).toEqual([
      [utcAt(1222.123456), 2],
      [utcAt(1342.123456), 2],
    ]);
  });

  it('puts occurrences in time order across files and kinds', async () => {
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg([[1400.000001, 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 2']]),
      'kernel/kern.log': kernLog([[1301.000312, 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:4242]']]),
    });
    expect(occurrencesOf(model, ['lockup']).map((o) => o.signal.cpu)).toEqual([3, 2]);
  });

  it('merges an audit.log denial with its dmesg copy by audit id', async () => {
    const avc =
      'avc:  denied  { read write } for  pid=5120 comm="nginx" name="app.sock" dev="tmpfs" ino=41231 scontext=system_u:system_r:container_t:s0:c12,c345 tcontext=system_u:object_r:var_run_t:s0 tclass=sock_file permissive=0';
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg([[2100.000001, `audit: type=1400 audit(1704112368.001:820): ${avc}`]]),
      'kernel/audit.log': `type=AVC msg=audit(1704112368.001:820): ${avc}\n`,
    });
    expect(model.kernelSignals).toHaveLength(1);
    expect(occurrencesOf(model, ['selinux-denied']).map((o) => o.seenIn.length)).toEqual([2]);
  });
});

describe('linesNotKept', () => {
  it('is what the reader counted beyond the signals it kept', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(HUNG) });
    expect(linesNotKept(model, ['hung-task'])).toBe(0);
    expect(linesNotKept({ ...model, kernelSignalCounts: { ...model.kernelSignalCounts, 'hung-task': 502 } }, ['hung-task', 'lockup'])).toBe(500);
  });
});

describe('signalEvidence', () => {
  it('keeps the first occurrences and the last one', async () => {
    const lines: KernelLine[] = Array.from({ length: 9 }, (_, i) => [100 + i, `INFO: task java:${4000 + i} blocked for more than 120 seconds.`]);
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(lines) });
    expect(signalEvidence(occurrencesOf(model, ['hung-task']), 4).map((e) => e.line)).toEqual([1, 2, 3, 9]);
  });
});

describe('diskOf', () => {
  it.each([
    ['sda1', 'sda'],
    ['sda', 'sda'],
    ['xvdf12', 'xvdf'],
    ['vdb3', 'vdb'],
    ['nvme0n1p2', 'nvme0n1'],
    ['nvme1n1', 'nvme1n1'],
    ['nvme0', 'nvme0'],
    ['mmcblk0p1', 'mmcblk0'],
    ['dm-0', 'dm-0'],
    ['md127', 'md127'],
  ])('%s is on %s', (device, disk) => {
    expect(diskOf(device)).toBe(disk);
  });
});
