import { describe, expect, it } from 'vitest';
import { oomKillsUnrecorded } from '../../src/rules/oom-kills-unrecorded.js';
import { CONTAINER_ID, oomReport, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST } from '../helpers/model.js';

const CONTAINER_CGROUP = `cgroup${v2ContainerPath()}`;
const POD_CGROUP = CONTAINER_CGROUP.replace(/\/cri-containerd-[^/]+$/, '');
const events = (oomKill: number) => `low 0\nhigh 0\nmax 5402\noom ${oomKill}\noom_kill ${oomKill}\noom_group_kill 0\n`;
const vmstat = (oomKill: number) => `nr_free_pages 123456\npgmajfault 4211\noom_kill ${oomKill}\n`;
/** The same report as rsyslog writes it to kern.log, on 25 November: a boot before MANIFEST's (booted 26 November 09:15). */
const earlierBootKernLog = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => `Nov 25 10:00:00 worker-3 kernel: ${line}`)
    .join('\n') + '\n';

describe('oom-kills-unrecorded', () => {
  it('reports a container cgroup counting more kills than the kernel shows, once (not again at the pod)', async () => {
    const { findings } = await checkRule(oomKillsUnrecorded, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3),
      [`${CONTAINER_CGROUP}/memory.events`]: events(3),
      [`${POD_CGROUP}/memory.events`]: events(3),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'container',
        severity: 'warning',
        data: expect.objectContaining({
          scope: 'container',
          counted: 3,
          recorded: 1,
          unrecorded: 2,
          podUid: POD_UID,
          container: CONTAINER_ID.slice(0, 12),
          counterFile: `${CONTAINER_CGROUP}/memory.events`,
          kernelFiles: ['kernel/dmesg.txt'],
        }),
      }),
    ]);
    expect(findings[0]?.evidence).toEqual([
      { path: `${CONTAINER_CGROUP}/memory.events`, line: null },
      { path: 'kernel/dmesg.txt', line: null },
    ]);
  });

  it('holds against the pod only what its container cgroups do not count (a restarted container left its cgroup)', async () => {
    const { findings } = await checkRule(oomKillsUnrecorded, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3),
      [`${CONTAINER_CGROUP}/memory.events`]: events(1),
      [`${POD_CGROUP}/memory.events`]: events(4),
    });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'pod', data: expect.objectContaining({ scope: 'pod', counted: 3, recorded: 0, unrecorded: 3, counterFile: `${POD_CGROUP}/memory.events` }) }),
    ]);
  });

  it('reads the cgroup v1 counter in memory.oom_control', async () => {
    const v1 = `cgroup/memory/kubepods/burstable/pod${POD_UID}/${CONTAINER_ID}`;
    const { findings } = await checkRule(oomKillsUnrecorded, { 'manifest.json': MANIFEST, [`${v1}/memory.oom_control`]: 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n' });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'container', data: expect.objectContaining({ counted: 2, recorded: 0, unrecorded: 2, counterFile: `${v1}/memory.oom_control`, kernelFiles: [] }) }),
    ]);
  });

  it('reports the node-wide counter against the kills of the current boot only', async () => {
    const { findings } = await checkRule(oomKillsUnrecorded, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3),
      'kernel/kern.log': earlierBootKernLog(oomReport(500, { pid: 777 })),
      'stats/proc-vmstat.txt': vmstat(2),
    });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'node', subject: null, data: expect.objectContaining({ scope: 'node', counted: 2, recorded: 1, unrecorded: 1, counterFile: 'stats/proc-vmstat.txt' }) }),
    ]);
  });

  it('does not compare the node-wide counter when the kernel evidence does not reach the current boot', async () => {
    const { run, findings } = await checkRule(oomKillsUnrecorded, { 'manifest.json': MANIFEST, 'kernel/kern.log': earlierBootKernLog(oomReport(500)), 'stats/proc-vmstat.txt': vmstat(5) });
    expect(run).toEqual({ ruleId: 'oom-kills-unrecorded', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });

  it('finds nothing when the counters match the kills', async () => {
    const { run, findings } = await checkRule(oomKillsUnrecorded, {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3) + oomReport(86500, { oomMemcg: null, pid: 50000, taskMemcg: '/system.slice/containerd.service' }),
      'stats/proc-vmstat.txt': vmstat(2),
      [`${CONTAINER_CGROUP}/memory.events`]: events(1),
      [`${POD_CGROUP}/memory.events`]: events(1),
    });
    expect(run).toEqual({ ruleId: 'oom-kills-unrecorded', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });

  it('is skipped without /proc/vmstat or cgroup counters', async () => {
    const { run } = await checkRule(oomKillsUnrecorded, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3) });
    expect(run).toEqual({ ruleId: 'oom-kills-unrecorded', status: 'skipped', missing: [['procVmstat', 'cgroup']] });
  });
});
