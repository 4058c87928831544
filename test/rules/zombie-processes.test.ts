import { describe, expect, it } from 'vitest';
import { zombieProcesses } from '../../src/rules/zombie-processes.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, ps, statsFixture } from './vitals-fixtures.js';

const CART_UID = '8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const CART_CGROUP = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${CART_UID.replace(/-/g, '_')}.slice/cri-containerd-3e843ff9636210467fd58712ded66a22293237b411a77b0a724ceb894c0062d7.scope`;
const zombie = (pid: number) => [String(pid), '41102', 'Z', '1000', '-', '-', '992', 'curl', CART_CGROUP, ''];

describe('zombie-processes', () => {
  it('groups zombies by the parent that leaks them, in its pod, as a warning from five on', async () => {
    const table = ps([
      ['41102', '41090', 'S', '1000', '120412', '1201244', '992', 'node', CART_CGROUP, 'node /srv/cart/server.js'],
      ...[41220, 41231, 41244, 41250, 41262, 41270].map(zombie),
      ['1204', '1', 'S', '0', '91204', '2012044', '-999', 'kubelet', '/system.slice/kubelet.service', '/home/kubernetes/bin/kubelet --v=2'],
    ]);
    const { findings } = await checkRule(zombieProcesses, { 'manifest.json': MANIFEST, 'stats/ps.txt': table, [`pods/shop_cart-6d5c4b3a2-hg7fd_${CART_UID}/cart/0.log`]: '' });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'zombies',
        severity: 'warning',
        subject: { namespace: 'shop', pod: 'cart-6d5c4b3a2-hg7fd', process: 'node' },
        data: {
          zombies: 6,
          zombieNames: ['curl'],
          zombiePids: [41220, 41231, 41244, 41250, 41262, 41270],
          parent: 'node (pid 41102, shop/cart-6d5c4b3a2-hg7fd)',
          ppid: 41102,
          parentName: 'node',
          parentPod: 'shop/cart-6d5c4b3a2-hg7fd',
        },
      }),
    ]);
    expect(findings[0]!.evidence.slice(0, 2)).toEqual([
      { path: 'stats/ps.txt', line: 2 },
      { path: 'stats/ps.txt', line: 3 },
    ]);
  });

  it('reports a single zombie of an unseen parent as information, in the zombie’s pod (collector table, cgroup v2)', async () => {
    const { findings } = await checkRule(zombieProcesses, { 'manifest.json': MANIFEST, 'stats/ps.txt': statsFixture('ps-collector-cgroup-v2-kubepods.txt') });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'zombies',
        severity: 'info',
        subject: { namespace: null, pod: '0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f', process: null },
        data: expect.objectContaining({ zombies: 1, zombiePids: [6001], ppid: 5990, parent: '? (pid 5990)' }),
      }),
    ]);
  });

  it("reads zombies from BusyBox top's table, which shows the parent", async () => {
    const top = `${statsFixture('top-busybox.txt').trimEnd()}\n 6810  3921 root     Z        0   0%   0% [sh]\n`;
    const { findings } = await checkRule(zombieProcesses, { 'manifest.json': MANIFEST, 'stats/top.txt': top });
    expect(findings.map((finding) => [finding.messageId, finding.data.ppid, finding.data.zombiePids, finding.data.parentName])).toEqual([['zombies', 3921, [6810], 'app']]);
  });

  it("counts top's zombies when no table shows them", async () => {
    const top = statsFixture('top-procps-4.0.2-mib-mem.txt').replace('0 stopped,   0 zombie', '0 stopped,  12 zombie');
    const { findings } = await checkRule(zombieProcesses, { 'manifest.json': MANIFEST, 'stats/top.txt': top });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.zombies])).toEqual([['zombies-counted', 'warning', 12]]);
  });

  it('does not fire without zombies (collector table from a real /proc)', async () => {
    const { run } = await checkRule(zombieProcesses, {
      'manifest.json': MANIFEST,
      'stats/ps.txt': statsFixture('ps-collector-cgroup-v1-real.txt'),
      'stats/top.txt': statsFixture('top-procps-4.0.2-mib-mem.txt'),
    });
    expect(run).toEqual({ ruleId: 'zombie-processes', status: 'ran', findings: 0 });
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(zombieProcesses);
  });
});
