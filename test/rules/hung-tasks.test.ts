import { describe, expect, it } from 'vitest';
import { hungTasks } from '../../src/rules/hung-tasks.js';
import { CONTAINER_ID, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';
import { dmesg, journalKernel, psTable, type KernelLine } from './kernel-signal-text.js';

/** samples/roots/node-pressure-cgroupfs: the data volume fails, then its ext4 journal thread hangs. */
const JBD2_AFTER_IO_ERRORS: KernelLine[] = [
  [72950.4121, 'blk_update_request: I/O error, dev nvme1n1, sector 41204412 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0'],
  [72950.412145, 'Buffer I/O error on dev nvme1n1p1, logical block 5150295, lost async page write'],
  [73112.004011, 'INFO: task jbd2/nvme1n1p1-8:412 blocked for more than 120 seconds.'],
  [73112.004044, '      Not tainted 5.15.0-1051-aws #56~20.04.1-Ubuntu'],
  [73112.004047, '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.'],
];

const POD_FILES = {
  [`pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}/api/0.log`]: '',
  'containers.txt': `checkout-7d9f8b6c5-x2x9q_shop_api-${CONTAINER_ID}.log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}/api/0.log\n`,
};

describe('hung-tasks', () => {
  it('reports a hung task and the disk that failed I/O just before it blocked', async () => {
    const { findings } = await checkRule(hungTasks, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(JBD2_AFTER_IO_ERRORS) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'hung-during-io-errors',
        severity: 'warning',
        subject: { process: 'jbd2/nvme1n1p1-8' },
        time: utcAt(73112.004011),
        data: expect.objectContaining({
          process: 'jbd2/nvme1n1p1-8',
          pid: 412,
          reports: 1,
          longestBlockedSeconds: 120,
          journalDevice: 'nvme1n1p1',
          ioErrorDevices: ['nvme1n1'],
          nodeAgent: false,
          pod: null,
        }),
        evidence: [{ path: 'kernel/dmesg.txt', line: 3, excerpt: 'INFO: task jbd2/nvme1n1p1-8:412 blocked for more than 120 seconds.' }],
      }),
    ]);
  });

  it('does not tie a hang to I/O errors long before it', async () => {
    const early: KernelLine[] = [[1000, JBD2_AFTER_IO_ERRORS[0]![1]], JBD2_AFTER_IO_ERRORS[2]!];
    const { findings } = await checkRule(hungTasks, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(early) });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'hung', data: expect.objectContaining({ ioErrorDevices: [] }) })]);
  });

  it('groups the repeated reports of one task, once across dmesg and the journal', async () => {
    const lines: KernelLine[] = [
      [1222.123456, 'INFO: task containerd:918 blocked for more than 122 seconds.'],
      [1345.123456, 'INFO: task containerd:918 blocked for more than 245 seconds.'],
      [1222.223456, 'INFO: task kworker/u8:2:1234 blocked for more than 122 seconds.'],
    ];
    const { findings } = await checkRule(hungTasks, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(lines), 'journal/kernel.export': journalKernel(lines) });
    expect(findings.map((f) => [f.messageId, f.data.process, f.data.pid, f.data.reports, f.data.longestBlockedSeconds, f.data.nodeAgent, f.data.lastTime])).toEqual([
      ['hung', 'containerd', 918, 2, 245, true, utcAt(1345.123456)],
      ['hung', 'kworker/u8:2', 1234, 1, 122, false, utcAt(1222.223456)],
    ]);
  });

  it('names the pod of a hung process from the process table', async () => {
    const ps = psTable([{ pid: 4242, comm: 'java', cgroup: v2ContainerPath(), state: 'D' }]);
    const { findings } = await checkRule(hungTasks, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg([[2000, 'INFO: task java:4242 blocked for more than 120 seconds.']]),
      'stats/ps.txt': ps,
      ...POD_FILES,
    });
    expect(findings[0]).toMatchObject({
      subject: { process: 'java', namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api' },
      data: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', podUid: POD_UID, container: 'api' },
    });
  });

  it('does not name a pod when the pid now belongs to another command', async () => {
    const ps = psTable([{ pid: 4242, comm: 'python3', cgroup: v2ContainerPath() }]);
    const { findings } = await checkRule(hungTasks, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg([[2000, 'INFO: task java:4242 blocked for more than 120 seconds.']]),
      'stats/ps.txt': ps,
      ...POD_FILES,
    });
    expect(findings[0]).toMatchObject({ subject: { process: 'java' }, data: { pod: null, namespace: null } });
  });

  it('keeps a storm of hung processes to twenty findings and a summary', async () => {
    const storm: KernelLine[] = Array.from({ length: 25 }, (_, i) => [3000 + i, `INFO: task php-fpm:${7000 + i} blocked for more than 120 seconds.`]);
    const { findings } = await checkRule(hungTasks, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(storm) });
    expect(findings).toHaveLength(21);
    expect(findings.find((f) => f.messageId === 'more')?.data).toEqual({ processes: 5, reports: 5, names: ['php-fpm'] });
  });

  it('does not fire without hung-task reports', async () => {
    const { run } = await checkRule(hungTasks, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg([[1.0, 'hung_task: hung_task_timeout_secs set to 120']]) });
    expect(run).toEqual({ ruleId: 'hung-tasks', status: 'ran', findings: 0 });
  });

  it('is skipped without kernel messages or a journal', async () => {
    const { run } = await checkRule(hungTasks, { 'manifest.json': MANIFEST, 'stats/ps.txt': psTable([]) });
    expect(run).toEqual({ ruleId: 'hung-tasks', status: 'skipped', missing: [['kernel', 'journal']] });
  });
});
