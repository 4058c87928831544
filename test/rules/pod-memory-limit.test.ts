import { describe, expect, it } from 'vitest';
import { podMemoryLimit } from '../../src/rules/pod-memory-limit.js';
import { oomReport, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';

const POD_PATH = v2ContainerPath().replace(/\/cri-containerd-[^/]+$/, '');

describe('pod-memory-limit', () => {
  it('reports a kill at the pod cgroup limit', async () => {
    const { findings } = await checkRule(podMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3, { oomMemcg: POD_PATH, limitKb: 1048576 }) });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'once', severity: 'warning', time: utcAt(86412.3003), data: expect.objectContaining({ kills: 1, limit: '1.0 GiB', limitKb: 1048576, pid: 41234 }) }),
    ]);
  });

  it('makes repeated kills of one pod critical', async () => {
    const dmesg = oomReport(86412.3, { oomMemcg: POD_PATH }) + oomReport(87000, { oomMemcg: POD_PATH, pid: 42000 });
    const { findings } = await checkRule(podMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'repeated', severity: 'critical', data: expect.objectContaining({ kills: 2 }) })]);
  });

  it('does not fire for a container-level limit', async () => {
    const { run } = await checkRule(podMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3) });
    expect(run).toEqual({ ruleId: 'pod-memory-limit', status: 'ran', findings: 0 });
  });
});
