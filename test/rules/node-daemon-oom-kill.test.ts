import { describe, expect, it } from 'vitest';
import { nodeDaemonOomKill } from '../../src/rules/node-daemon-oom-kill.js';
import { oomReport } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST } from '../helpers/model.js';

describe('node-daemon-oom-kill', () => {
  it('reports the kubelet killed in a global OOM as critical', async () => {
    const dmesg = oomReport(86500, { oomMemcg: null, pid: 1025, comm: 'kubelet', adj: -999, taskMemcg: '/system.slice/kubelet.service' });
    const { findings } = await checkRule(nodeDaemonOomKill, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'daemon', severity: 'critical', data: expect.objectContaining({ process: 'kubelet', pid: 1025, oomScoreAdj: -999 }) })]);
  });

  it('reports another host process outside any pod as a warning', async () => {
    const dmesg = oomReport(86500, { oomMemcg: null, pid: 777, comm: 'backup-agent', adj: 0, taskMemcg: '/system.slice/backup.service' });
    const { findings } = await checkRule(nodeDaemonOomKill, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'hostProcess', severity: 'warning', data: expect.objectContaining({ process: 'backup-agent' }) })]);
  });

  it('names a container outside Kubernetes by its runtime and id', async () => {
    const id = '00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12';
    const dmesg = oomReport(86500, { oomMemcg: null, pid: 7134, comm: 'java', adj: 0, taskMemcg: `/system.slice/docker-${id}.scope` });
    const { findings } = await checkRule(nodeDaemonOomKill, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'outsideKubernetes',
        severity: 'warning',
        data: expect.objectContaining({ process: 'java', runtime: 'docker', container: '00748bf4e957', containerId: id }),
      }),
    ]);
  });

  it('takes a daemon of a kind node for a daemon, not for a container outside Kubernetes', async () => {
    const dmesg = oomReport(86500, { oomMemcg: null, pid: 1025, comm: 'kubelet', adj: -999, taskMemcg: `/docker/${'e'.repeat(64)}/system.slice/kubelet.service` });
    const { findings } = await checkRule(nodeDaemonOomKill, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'daemon', severity: 'critical' })]);
  });

  it('does not fire for a process in a pod', async () => {
    expect((await checkRule(nodeDaemonOomKill, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3) })).findings).toEqual([]);
  });
});
