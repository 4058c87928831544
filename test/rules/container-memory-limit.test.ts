import { describe, expect, it } from 'vitest';
import { containerMemoryLimit } from '../../src/rules/container-memory-limit.js';
import { oomReport, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';

const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}`;

describe('container-memory-limit', () => {
  it('reports one kill at the container limit as a warning', async () => {
    const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3), [`${POD_DIR}/api/0.log`]: '' });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'once', severity: 'warning', time: utcAt(86412.3003), data: expect.objectContaining({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', kills: 1, limitKb: 524288, qosClass: 'Burstable', pid: 41234 }) }),
    ]);
    expect(findings[0]?.evidence).toEqual(expect.arrayContaining([{ path: 'kernel/dmesg.txt', line: 4 }]));
  });

  it('reports repeated kills of one container as a critical crash loop', async () => {
    const dmesg = oomReport(86412.3) + oomReport(89978.5, { pid: 51877 });
    const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'repeated', severity: 'critical', data: expect.objectContaining({ kills: 2, firstKill: utcAt(86412.3003), lastKill: utcAt(89978.5003) }) })]);
  });

  it('does not fire for a pod-level limit or a node-wide OOM', async () => {
    const podLimit = oomReport(86412.3, { oomMemcg: v2ContainerPath().replace(/\/cri-containerd-[^/]+$/, '') });
    const global = oomReport(86500, { oomMemcg: null, pid: 50000 });
    const { run, findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': podLimit + global });
    expect(run).toEqual({ ruleId: 'container-memory-limit', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});
