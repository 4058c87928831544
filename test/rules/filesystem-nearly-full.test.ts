import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesystemNearlyFull } from '../../src/rules/filesystem-nearly-full.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const HEADER = 'Filesystem     1024-blocks     Used Available Capacity Mounted on';
const df = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
/** `df -P` of the node-pressure scenario: root and the runtime's own disk nearly full. */
const NODE_PRESSURE_DF = df(
  '/dev/root         20145724 18722044    960712      96% /',
  'devtmpfs           4012044        0   4012044       0% /dev',
  'tmpfs              4026220        0   4026220       0% /dev/shm',
  'tmpfs               805244     1204    804040       1% /run',
  '/dev/nvme1n1p1    51290592 48641204   2012044      95% /var/lib/containerd',
  '/dev/nvme0n1p15     106858     6186    100672       6% /boot/efi',
);
const PVC_UID = '3c2b1a09-8f7e-4d6c-9b5a-493827160544';

describe('filesystem-nearly-full', () => {
  it("reports nodefs and a dedicated imagefs below the kubelet's default eviction thresholds as critical", async () => {
    const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': NODE_PRESSURE_DF });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.mountedOn, finding.data.roles, finding.data.evictionSignals])).toEqual([
      ['below-eviction', 'critical', '/', ['nodefs', 'logs'], ['nodefs.available<10%']],
      ['below-eviction', 'critical', '/var/lib/containerd', ['imagefs'], ['imagefs.available<15%']],
    ]);
    expect(findings[0]).toEqual(
      expect.objectContaining({
        subject: { device: '/dev/root', namespace: null, pod: null },
        data: expect.objectContaining({ filesystem: '/dev/root', usePercent: 96, freePercent: 4.8, sizeMib: 19674, freeMib: 938, evictionFrom: 'kubelet-defaults' }),
        evidence: [{ path: 'stats/df.txt', line: 2 }],
      }),
    );
  });

  it("uses the kubelet's --eviction-hard flag, whose unset thresholds are not inherited", async () => {
    const flags = '/usr/bin/kubelet\n--eviction-hard=memory.available<200Mi,nodefs.available<1Gi\n--container-runtime-endpoint=unix:///run/containerd/containerd.sock\n';
    const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': NODE_PRESSURE_DF, 'system/kubelet-flags.txt': flags });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.mountedOn, finding.data.evictionSignals, finding.data.evictionFrom])).toEqual([
      ['below-eviction', 'critical', '/', ['nodefs.available<1Gi'], 'kubelet-flags'],
      ['kubelet-fs-nearly-full', 'critical', '/var/lib/containerd', [], 'kubelet-flags'],
    ]);
  });

  describe('thresholds from the kubelet config file', () => {
    /** Root 88 % used, 12 % free: above the default nodefs.available<10%, below a configured 15%. */
    const ROOT_88 = df('/dev/nvme0n1p1    81254044 71503558   9750486      88% /');
    const CONFIG = 'runtime/kubelet-config.yaml';
    const FLAGS = 'system/kubelet-flags.txt';
    const summary = (findings: Awaited<ReturnType<typeof checkRule>>['findings']) =>
      findings.map((finding) => [finding.messageId, finding.severity, finding.data.mountedOn, finding.data.evictionSignals, finding.data.evictionFrom]);

    it('a threshold set in the config file turns a nearly full nodefs into one below eviction', async () => {
      const before = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': ROOT_88 });
      expect(summary(before.findings)).toEqual([['kubelet-fs-nearly-full', 'warning', '/', [], 'kubelet-defaults']]);
      const config = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: "500Mi"\n  nodefs.available: "15%"\n';
      const after = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': ROOT_88, [CONFIG]: config });
      expect(summary(after.findings)).toEqual([['below-eviction', 'critical', '/', ['nodefs.available<15%'], 'kubelet-config']]);
      expect(after.findings[0]?.evidence).toEqual([
        { path: 'stats/df.txt', line: 2 },
        { path: CONFIG, line: 3 },
      ]);
    });

    it("leaves out what EKS' evictionHard leaves out: no imagefs threshold on the runtime's own disk", async () => {
      const eks = readFileSync(join(REPO_ROOT, 'test/sources/system/fixtures/kubelet-config-eks-al2-json.json'), 'utf8');
      const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': NODE_PRESSURE_DF, [CONFIG]: eks });
      expect(summary(findings)).toEqual([
        ['below-eviction', 'critical', '/', ['nodefs.available<10%'], 'kubelet-config'],
        ['kubelet-fs-nearly-full', 'critical', '/var/lib/containerd', [], 'kubelet-config'],
      ]);
    });

    it('keeps the defaults for what the file leaves out when it merges the default eviction settings', async () => {
      const config = 'kind: KubeletConfiguration\nevictionHard:\n  memory.available: 100Mi\n  nodefs.available: 5%\nmergeDefaultEvictionSettings: true\n';
      const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': NODE_PRESSURE_DF, [CONFIG]: config });
      expect(summary(findings)).toEqual([
        ['below-eviction', 'critical', '/', ['nodefs.available<5%'], 'kubelet-config'],
        ['below-eviction', 'critical', '/var/lib/containerd', ['imagefs.available<15%'], 'kubelet-config'],
      ]);
    });

    it('lets the --eviction-hard flag override the file, as the kubelet does', async () => {
      const config = 'kind: KubeletConfiguration\nevictionHard:\n  nodefs.available: 15%\n';
      const flags = '/usr/bin/kubelet\n--config=/var/lib/kubelet/config.yaml\n--eviction-hard=memory.available<200Mi\n';
      const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': ROOT_88, [CONFIG]: config, [FLAGS]: flags });
      expect(summary(findings)).toEqual([['kubelet-fs-nearly-full', 'warning', '/', [], 'kubelet-flags']]);
    });

    it('reads evictionHard: {} as no hard thresholds at all, and ignores a file of another kind', async () => {
      const empty = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': NODE_PRESSURE_DF, [CONFIG]: '{"kind": "KubeletConfiguration", "evictionHard": {}}\n' });
      expect(summary(empty.findings)).toEqual([
        ['kubelet-fs-nearly-full', 'critical', '/', [], 'kubelet-config'],
        ['kubelet-fs-nearly-full', 'critical', '/var/lib/containerd', [], 'kubelet-config'],
      ]);
      const kubeadm = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': ROOT_88, [CONFIG]: 'kind: ClusterConfiguration\nevictionHard:\n  nodefs.available: 15%\n' });
      expect(summary(kubeadm.findings)).toEqual([['kubelet-fs-nearly-full', 'warning', '/', [], 'kubelet-defaults']]);
    });
  });

  it('judges imagefs by the nodefs threshold only when both live on the root filesystem', async () => {
    const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': df('/dev/nvme0n1p1    81254044 70690018  10564026      87% /') });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'kubelet-fs-nearly-full',
        severity: 'warning',
        data: expect.objectContaining({ roles: ['nodefs', 'imagefs', 'logs'], evictionSignals: [], freePercent: 13 }),
      }),
    ]);
  });

  it("reports other full filesystems plainly, and a pod's volume once for its global and pod mounts, naming the pod", async () => {
    const pvc = '/dev/xvdbf           10255636  9846408    392844      97%';
    const text = df(
      '/dev/nvme0n1p1    81254044 31204412  46716204      41% /',
      '/dev/nvme2n1     103080224 92772201  10308023      90% /data',
      `${pvc} /var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/0f1e2d/globalmount`,
      `${pvc} /var/lib/kubelet/pods/${PVC_UID}/volumes/kubernetes.io~csi/pvc-5b6a7c8d/mount`,
    );
    const { findings } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': text, [`pods/web_pg-0_${PVC_UID}/postgres/0.log`]: '' });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.filesystem, (finding.data.mounts as string[]).length, finding.subject])).toEqual([
      ['nearly-full', 'critical', '/dev/xvdbf', 2, { device: '/dev/xvdbf', namespace: 'web', pod: 'pg-0' }],
      ['nearly-full', 'warning', '/dev/nvme2n1', 1, { device: '/dev/nvme2n1', namespace: null, pod: null }],
    ]);
  });

  it('ignores tmpfs, overlay, container sandboxes and snap loop mounts, and a healthy disk (coreutils 9.1)', async () => {
    const text = df(
      '/dev/loop3            56832    56832         0     100% /snap/core18/2829',
      'overlay           81254044 80254044   1000000      99% /run/containerd/io.containerd.runtime.v2.task/k8s.io/488bbb746bdc/rootfs',
      'shm                  65536    65536         0     100% /run/containerd/io.containerd.grpc.v1.cri/sandboxes/e92312d00e57/shm',
      'tmpfs                 5120     5120         0     100% /run/lock',
    );
    for (const content of [text, statsFixture('df-coreutils-9.1-posix.txt')]) {
      const { run } = await checkRule(filesystemNearlyFull, { 'manifest.json': MANIFEST, 'stats/df.txt': content });
      expect(run).toEqual({ ruleId: 'filesystem-nearly-full', status: 'ran', findings: 0 });
    }
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(filesystemNearlyFull);
  });
});
