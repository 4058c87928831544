import { describe, expect, it } from 'vitest';
import { nodeOutOfMemory } from '../../src/rules/node-out-of-memory.js';
import { oomReport, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST } from '../helpers/model.js';

const BESTEFFORT_UID = '0c8d7e6f-1a2b-4c3d-9e8f-7a6b5c4d3e2f';
const GUARANTEED_UID = '9a8b7c6d-5e4f-4321-8fed-cba987654321';
const PS = [
  'PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS',
  `2210\t1\tS\t0\t2097152\t4000000\t-997\tpostgres\t/kubepods.slice/kubepods-pod${GUARANTEED_UID.replace(/-/g, '_')}.slice/cri-containerd-${'a'.repeat(64)}.scope\tpostgres -D /data`,
  `3310\t1\tS\t0\t524288\t900000\t1000\tpython3\t/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${BESTEFFORT_UID.replace(/-/g, '_')}.slice/cri-containerd-${'b'.repeat(64)}.scope\tpython3 import.py`,
  '1025\t1\tS\t0\t131072\t2000000\t-999\tkubelet\t/system.slice/kubelet.service\t/usr/bin/kubelet',
  '',
].join('\n');

describe('node-out-of-memory', () => {
  it('reports a global OOM with the pods at risk and the largest memory users', async () => {
    const dmesg = oomReport(86500, { oomMemcg: null, pid: 3310, comm: 'python3', adj: 1000, taskMemcg: v2ContainerPath(BESTEFFORT_UID, 'b'.repeat(64), 'besteffort') });
    const { findings } = await checkRule(nodeOutOfMemory, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg, 'stats/ps.txt': PS });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'global',
        severity: 'critical',
        data: expect.objectContaining({
          kills: 1,
          guaranteedPods: 1,
          bestEffortPods: 1,
          burstablePods: 0,
          topMemoryUsers: ['postgres (pid 2210) 2.0 GiB', 'python3 (pid 3310) 512 MiB', 'kubelet (pid 1025) 128 MiB'],
        }),
      }),
    ]);
  });

  it('reports the pods together hitting node allocatable', async () => {
    const { findings } = await checkRule(nodeOutOfMemory, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3, { oomMemcg: '/kubepods.slice', limitKb: 7340032 }) });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'allocatable', data: expect.objectContaining({ limit: '7.0 GiB', kills: 1 }) })]);
  });

  it('does not fire for a container limit', async () => {
    expect((await checkRule(nodeOutOfMemory, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3) })).findings).toEqual([]);
  });
});
