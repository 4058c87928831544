import { describe, expect, it } from 'vitest';
import { nodeportListeners } from '../../src/rules/nodeport-listeners.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const SS_HEADER = 'Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process';
const ss = (...rows: string[]) => `${[SS_HEADER, ...rows].join('\n')}\n`;
const tcp = (local: string, users: string) => `tcp   LISTEN 0      4096      ${local.padStart(20)}            *:*     users:(${users})`;

describe('nodeport-listeners', () => {
  it('reports the NodePorts kube-proxy holds as information and another holder as a warning (iproute2 6.1)', async () => {
    const text = ss(
      tcp('*:30080', '("kube-proxy",pid=1450,fd=12)'),
      tcp('*:31443', '("kube-proxy",pid=1450,fd=14)'),
      tcp('0.0.0.0:31000', '("envoy",pid=7712,fd=40)'),
      tcp('*:10250', '("kubelet",pid=1102,fd=20)'),
    );
    const { findings } = await checkRule(nodeportListeners, { 'manifest.json': MANIFEST, 'stats/ss.txt': text });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data])).toEqual([
      ['other-holder', 'warning', { process: 'envoy', pid: 7712, count: 1, ports: ['31000/tcp'], portNumbers: [31000], range: '30000-32767' }],
      ['kube-proxy-nodeports', 'info', { process: 'kube-proxy', pid: 1450, count: 2, ports: ['30080/tcp', '31443/tcp'], portNumbers: [30080, 31443], range: '30000-32767' }],
    ]);
    expect(findings[0]!.evidence).toEqual([{ path: 'stats/ss.txt', line: 4 }]);
  });

  it('names no process where netstat hides it', async () => {
    const text = statsFixture('netstat-net-tools-2.10-real-hidden-process.txt').replace('0.0.0.0:2024 ', '0.0.0.0:32001');
    const { findings } = await checkRule(nodeportListeners, { 'manifest.json': MANIFEST, 'stats/netstat-tulpn.txt': text });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.portNumbers])).toEqual([['unknown-holder', 'info', [32001]]]);
  });

  it('reports two programs bound to one port on overlapping addresses', async () => {
    const text = ss(tcp('0.0.0.0:8443', '("envoy",pid=7712,fd=41)'), tcp('10.0.1.23:8443', '("haproxy",pid=3301,fd=6)'));
    const { findings } = await checkRule(nodeportListeners, { 'manifest.json': MANIFEST, 'stats/ss.txt': text });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'port-conflict',
        severity: 'warning',
        data: { port: 8443, protocol: 'tcp', processes: ['envoy', 'haproxy'], listeners: ['8443/tcp envoy [0.0.0.0]', '8443/tcp haproxy [10.0.1.23]'] },
      }),
    ]);
  });

  it('sees no conflict in one program on IPv4 and IPv6, workers sharing a socket, or v4 and v6-only sockets of two programs', async () => {
    const text = ss(
      tcp('0.0.0.0:22', '("sshd",pid=901,fd=3)'),
      tcp('[::]:22', '("sshd",pid=901,fd=4)'),
      tcp('*:8080', '("nginx",pid=24410,fd=6),("nginx",pid=24411,fd=6)'),
      tcp('0.0.0.0:9000', '("minio",pid=5100,fd=9)'),
      tcp('[::]:9000', '("php-fpm",pid=5200,fd=7)'),
    );
    for (const content of [text, statsFixture('ss-iproute2-6.1-process-header.txt')]) {
      const { run } = await checkRule(nodeportListeners, { 'manifest.json': MANIFEST, 'stats/ss.txt': content });
      expect(run).toEqual({ ruleId: 'nodeport-listeners', status: 'ran', findings: 0 });
    }
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(nodeportListeners);
  });
});
