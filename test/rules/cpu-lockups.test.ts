import { describe, expect, it } from 'vitest';
import { cpuLockups } from '../../src/rules/cpu-lockups.js';
import { POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';
import { dmesg, journalKernel, kernLog, psTable, type KernelLine } from './kernel-signal-text.js';

/** Kernel 5.15 wording (test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt). */
const SOFT_LOCKUPS: KernelLine[] = [
  [1301.000312, 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:4242]'],
  [1329.000312, 'watchdog: BUG: soft lockup - CPU#3 stuck for 48s! [java:4242]'],
];
const HARD_LOCKUP: KernelLine = [1400.000001, 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 2'];

describe('cpu-lockups', () => {
  it('reports a hard lockup as critical', async () => {
    const { findings } = await checkRule(cpuLockups, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg([HARD_LOCKUP]) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'hard-lockup',
        severity: 'critical',
        subject: null,
        time: utcAt(1400.000001),
        data: expect.objectContaining({ cpu: 2, type: 'hard', reports: 1, longestSeconds: null, processes: [] }),
        evidence: [{ path: 'kernel/dmesg.txt', line: 1, excerpt: HARD_LOCKUP[1] }],
      }),
    ]);
  });

  it('groups the soft lockups of one CPU, once across kern.log and the journal, and names the pod', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'kernel/kern.log': kernLog(SOFT_LOCKUPS),
      'journal/kernel.export': journalKernel(SOFT_LOCKUPS),
      'stats/ps.txt': psTable([{ pid: 4242, comm: 'java', cgroup: v2ContainerPath() }]),
      [`pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}/api/0.log`]: '',
    };
    const { findings } = await checkRule(cpuLockups, spec);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'soft-lockup',
        severity: 'warning',
        subject: expect.objectContaining({ process: 'java', namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q' }),
        data: expect.objectContaining({ cpu: 3, type: 'soft', reports: 2, longestSeconds: 48, processes: ['java'], pid: 4242, firstTime: utcAt(1301.000312), lastTime: utcAt(1329.000312) }),
      }),
    ]);
  });

  it('reports RCU stalls per flavour with the CPUs named', async () => {
    const stalls = dmesg([
      [1302.441102, 'rcu: INFO: rcu_sched self-detected stall on CPU'],
      [1302.44111, 'rcu: \t3-....: (14997 ticks this GP) idle=a9e/1/0x4000000000000000 softirq=88012/88012 fqs=6992'],
      [1482.5, 'INFO: rcu_sched detected stalls on CPUs/tasks: { 3} (detected by 1, t=60002 jiffies, g=412121, c=412120, q=3301)'],
    ]);
    const { findings } = await checkRule(cpuLockups, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': stalls });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'rcu-stall',
        severity: 'warning',
        data: expect.objectContaining({ flavor: 'rcu_sched', reports: 2, cpus: [3], detections: ['self', 'other'], lastTime: utcAt(1482.5) }),
      }),
    ]);
  });

  it('does not fire on watchdog and RCU boot messages', async () => {
    const boot = dmesg([
      [0.2, 'rcu: Hierarchical RCU implementation.'],
      [0.21, 'rcu: \tRCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=2.'],
      [0.9, 'NMI watchdog: Enabled. Permanently consumes one hw-PMU counter.'],
    ]);
    const { run } = await checkRule(cpuLockups, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': boot });
    expect(run).toEqual({ ruleId: 'cpu-lockups', status: 'ran', findings: 0 });
  });
});
