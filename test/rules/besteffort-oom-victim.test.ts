import { describe, expect, it } from 'vitest';
import { besteffortOomVictim } from '../../src/rules/besteffort-oom-victim.js';
import { oomReport, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST } from '../helpers/model.js';

const BESTEFFORT_UID = '0c8d7e6f-1a2b-4c3d-9e8f-7a6b5c4d3e2f';
const GUARANTEED_UID = '9a8b7c6d-5e4f-4321-8fed-cba987654321';
const guaranteedMemoryEvents = { [`cgroup/kubepods.slice/kubepods-pod${GUARANTEED_UID.replace(/-/g, '_')}.slice/memory.max`]: '2147483648\n' };
const besteffortKill = oomReport(86500, { oomMemcg: null, pid: 3310, comm: 'python3', adj: 1000, taskMemcg: v2ContainerPath(BESTEFFORT_UID, 'b'.repeat(64), 'besteffort') });

describe('besteffort-oom-victim', () => {
  it('reports a BestEffort victim of a node-wide OOM while a Guaranteed pod ran', async () => {
    const { findings } = await checkRule(besteffortOomVictim, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': besteffortKill, ...guaranteedMemoryEvents });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'victim', data: expect.objectContaining({ guaranteedPods: 1, oomScoreAdj: 1000, qosEvidence: 'cgroup-path+oom-score-adj' }) })]);
  });

  it('does not fire without Guaranteed pods, nor for a BestEffort container at its own limit', async () => {
    expect((await checkRule(besteffortOomVictim, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': besteffortKill })).findings).toEqual([]);
    const ownLimit = oomReport(86500, { adj: 1000, taskMemcg: v2ContainerPath(BESTEFFORT_UID, 'b'.repeat(64), 'besteffort') });
    expect((await checkRule(besteffortOomVictim, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': ownLimit, ...guaranteedMemoryEvents })).findings).toEqual([]);
  });
});
