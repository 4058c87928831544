import { describe, expect, it } from 'vitest';
import { inodesNearlyFull } from '../../src/rules/inodes-nearly-full.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const HEADER = 'Filesystem       Inodes   IUsed   IFree IUse% Mounted on';
const dfInodes = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

describe('inodes-nearly-full', () => {
  it("reports nodefs below the kubelet's nodefs.inodesFree<5% and a nearly exhausted imagefs", async () => {
    const text = dfInodes(
      '/dev/root       2580480 2503066   77414   97% /',
      'tmpfs           1006555 1006555       0  100% /run/user/0',
      '/dev/nvme1n1p1  3276800 3112044  164756   95% /var/lib/containerd',
      '/dev/nvme0n1p15       0       0       0     - /boot/efi',
    );
    const { findings } = await checkRule(inodesNearlyFull, { 'manifest.json': MANIFEST, 'stats/df-inodes.txt': text });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.mountedOn, finding.data.roles, finding.data.evictionSignals])).toEqual([
      ['below-eviction', 'critical', '/', ['nodefs', 'logs'], ['nodefs.inodesFree<5%']],
      ['kubelet-fs-nearly-full', 'critical', '/var/lib/containerd', ['imagefs'], []],
    ]);
    expect(findings[1]).toEqual(
      expect.objectContaining({ data: expect.objectContaining({ inodes: 3276800, freeInodes: 164756, usePercent: 95, freePercent: 5 }), evidence: [{ path: 'stats/df-inodes.txt', line: 4 }] }),
    );
  });

  it("takes nodefs.inodesFree from the kubelet's config file, and nothing when its evictionHard leaves it out", async () => {
    const text = dfInodes('/dev/root       2580480 2219213  361267   86% /');
    const config = (hard: string) => ({ 'manifest.json': MANIFEST, 'stats/df-inodes.txt': text, 'runtime/kubelet-config.yaml': `kind: KubeletConfiguration\nevictionHard: {${hard}}\n` });
    const summary = (findings: Awaited<ReturnType<typeof checkRule>>['findings']) => findings.map((finding) => [finding.messageId, finding.data.evictionSignals, finding.data.evictionFrom]);
    expect(summary((await checkRule(inodesNearlyFull, config('nodefs.inodesFree: 15%'))).findings)).toEqual([['below-eviction', ['nodefs.inodesFree<15%'], 'kubelet-config']]);
    expect(summary((await checkRule(inodesNearlyFull, config('memory.available: 100Mi'))).findings)).toEqual([['kubelet-fs-nearly-full', [], 'kubelet-config']]);
  });

  it('is a warning from 85 % on a filesystem the kubelet does not watch', async () => {
    const text = dfInodes('/dev/nvme0n1p1  5242880  412044 4830836    8% /', '/dev/nvme2n1    6553600 5636096  917504   86% /srv/cache');
    const { findings } = await checkRule(inodesNearlyFull, { 'manifest.json': MANIFEST, 'stats/df-inodes.txt': text });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.mountedOn, finding.data.roles])).toEqual([['nearly-full', 'warning', '/srv/cache', []]]);
  });

  it("does not fire on healthy tables, nor for filesystems without inodes ('-', coreutils 8.32)", async () => {
    for (const name of ['df-coreutils-9.1-posix-inodes.txt', 'df-coreutils-8.32-inodes-dash.txt']) {
      const { run } = await checkRule(inodesNearlyFull, { 'manifest.json': MANIFEST, 'stats/df-inodes.txt': statsFixture(name) });
      expect(run).toEqual({ ruleId: 'inodes-nearly-full', status: 'ran', findings: 0 });
    }
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(inodesNearlyFull);
  });

  it('is skipped without df -i', async () => {
    const { run } = await checkRule(inodesNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': statsFixture('df-coreutils-9.1-posix.txt') });
    expect(run).toEqual({ ruleId: 'inodes-nearly-full', status: 'skipped', missing: [['dfInodes']] });
  });
});
