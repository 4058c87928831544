import { describe, expect, it } from 'vitest';
import { loadAboveCores } from '../../src/rules/load-above-cores.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, ps, statsFixture, vmstat, vmstatRow } from './vitals-fixtures.js';

const PROC_STAT = statsFixture('proc-stat-linux-6.18-2-cpus.txt');
const BLOCKED_ON_DISK = ps([
  [
    '31877',
    '31870',
    'D',
    '0',
    '1204',
    '8204',
    '1000',
    'dd',
    '/kubepods/besteffort/pod7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928/2ba0b105c448e4c4c2789debc211e43956f7edde7e9f455938f2dde13733b690',
    'dd if=/dev/zero of=/data/fill.img bs=1M count=20480',
  ],
  ['412', '2', 'D', '0', '-', '-', '0', 'jbd2/nvme1n1p1-', '/', ''],
  ['880', '1', 'S', '0', '52044', '1912044', '-999', 'containerd', '/system.slice/containerd.service', '/usr/bin/containerd'],
]);

describe('load-above-cores', () => {
  it('tells load from tasks blocked on I/O apart from CPU demand, naming the blocked processes', async () => {
    const rows = [vmstatRow({ r: 2, b: 7 }, 3), vmstatRow({ r: 1, b: 8 }, 4), vmstatRow({ r: 2, b: 7 }, 5), vmstatRow({ r: 1, b: 9 }, 6)];
    const { findings } = await checkRule(loadAboveCores, {
      'manifest.json': MANIFEST,
      'stats/loadavg.txt': '9.41 8.77 6.02 2/498 31877\n',
      'stats/proc-stat.txt': PROC_STAT,
      'stats/vmstat.txt': vmstat(rows),
      'stats/ps.txt': BLOCKED_ON_DISK,
    });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'load-io',
        severity: 'critical',
        data: expect.objectContaining({
          load1: 9.41,
          load5: 8.77,
          cores: 2,
          loadPerCore: 4.39,
          runnable: 1.3,
          blocked: 8,
          queueFrom: 'vmstat',
          cause: 'io',
          blockedPids: [31877, 412],
          blockedProcesses: ['dd (pid 31877, pod 7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928)', 'jbd2/nvme1n1p1- (pid 412)'],
        }),
      }),
    ]);
    expect(findings[0]!.evidence).toEqual([
      { path: 'stats/loadavg.txt', line: null },
      { path: 'stats/ps.txt', line: 2 },
      { path: 'stats/ps.txt', line: 3 },
    ]);
  });

  it('judges CPU load from top alone: its load average, per-CPU lines and busiest processes (procps-ng 4.0.5)', async () => {
    const { findings } = await checkRule(loadAboveCores, { 'manifest.json': MANIFEST, 'stats/top.txt': statsFixture('top-procps-4.0.5-d-sleep-per-cpu.txt') });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'load-cpu',
        severity: 'critical',
        data: expect.objectContaining({ load5: 5.1, loadFrom: 'top', cores: 2, loadPerCore: 2.55, cause: 'cpu', topPids: [381022, 1234] }),
      }),
    ]);
    expect(findings[0]!.data.topProcesses).toEqual(['python3 (pid 381022) 98% CPU', 'kubelet (pid 1234) 2% CPU']);
  });

  it('is a warning between one and two tasks per core, with the run queue from /proc/stat', async () => {
    const { findings } = await checkRule(loadAboveCores, { 'manifest.json': MANIFEST, 'stats/loadavg.txt': '3.10 2.50 1.90 3/210 4410\n', 'stats/proc-stat.txt': PROC_STAT });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.loadPerCore, finding.data.queueFrom])).toEqual([['load-cpu', 'warning', 1.25, 'proc-stat']]);
  });

  it('does not fire under the core count, nor when the core count is unknown', async () => {
    const quiet = await checkRule(loadAboveCores, { 'manifest.json': MANIFEST, 'stats/loadavg.txt': statsFixture('loadavg-linux-6.18.txt'), 'stats/proc-stat.txt': PROC_STAT });
    expect(quiet.run).toEqual({ ruleId: 'load-above-cores', status: 'ran', findings: 0 });
    const noCores = await checkRule(loadAboveCores, {
      'manifest.json': MANIFEST,
      'stats/loadavg.txt': '9.41 8.77 6.02 2/498 31877\n',
      'stats/proc-stat.txt': 'cpu  412044 120 201244 31204412 12044 0 4120 0 0 0\nbtime 1795362457\n',
    });
    expect(noCores.findings).toEqual([]);
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(loadAboveCores);
  });

  it('is skipped without a load average or a core count source', async () => {
    const { run } = await checkRule(loadAboveCores, { 'manifest.json': MANIFEST, 'stats/loadavg.txt': '9.41 8.77 6.02 2/498 31877\n' });
    expect(run).toEqual({ ruleId: 'load-above-cores', status: 'skipped', missing: [['procStat', 'top', 'iostat']] });
  });
});
