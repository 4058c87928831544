import { describe, expect, it } from 'vitest';
import { listeningPorts } from '../../src/rules/listening-ports.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const SS_HEADER = 'Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process';
const tcp = (local: string, users: string) => `tcp   LISTEN 0      4096      ${local.padStart(20)}            *:*     users:(${users})`;

describe('listening-ports', () => {
  it('summarises what listens, per port, protocol and process (iproute2 6.1)', async () => {
    const { findings } = await checkRule(listeningPorts, { 'manifest.json': MANIFEST, 'stats/ss.txt': statsFixture('ss-iproute2-6.1-process-header.txt') });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'listening',
        severity: 'info',
        data: {
          sockets: 9,
          ports: 8,
          listeners: [
            '22/tcp sshd [0.0.0.0 ::]',
            '53/udp systemd-resolve [127.0.0.53]',
            '68/udp systemd-network [10.0.1.23]',
            '546/udp systemd-network [fe80::4f1:8aff:fe3c:1a2b]',
            '9099/tcp ? [::ffff:127.0.0.1]',
            '10248/tcp kubelet [127.0.0.1]',
            '10250/tcp kubelet [*]',
            '10256/tcp kube-proxy [*]',
          ],
          moreListeners: 0,
          processesVisible: true,
          tool: 'ss',
        },
      }),
    ]);
  });

  it("warns when a Kubernetes component's port is held by another program, accepting embedded distributions", async () => {
    const text = [SS_HEADER, tcp('*:10250', '("python3",pid=8120,fd=3)'), tcp('*:10256', '("cilium-agent",pid=2210,fd=31)'), tcp('*:6443', '("k3s-server",pid=901,fd=12)')].join('\n');
    const { findings } = await checkRule(listeningPorts, { 'manifest.json': MANIFEST, 'stats/ss.txt': `${text}\n` });
    expect(findings.map((finding) => [finding.messageId, finding.severity])).toEqual([
      ['unexpected-holder', 'warning'],
      ['listening', 'info'],
    ]);
    expect(findings[0]).toEqual(
      expect.objectContaining({
        subject: { process: 'python3' },
        data: { port: 10250, protocol: 'tcp', owner: 'kubelet', process: 'python3', pid: 8120, addresses: ['*'] },
        evidence: [{ path: 'stats/ss.txt', line: 2 }],
      }),
    );
  });

  it('reads netstat, and judges no holder it cannot see', async () => {
    const netstat = await checkRule(listeningPorts, { 'manifest.json': MANIFEST, 'stats/netstat-tulpn.txt': statsFixture('netstat-net-tools-2.10-tulpn.txt') });
    expect(netstat.findings.map((finding) => [finding.messageId, finding.data.tool, finding.data.sockets])).toEqual([['listening', 'netstat', 7]]);
    const hidden = await checkRule(listeningPorts, { 'manifest.json': MANIFEST, 'stats/ss.txt': statsFixture('ss-iproute2-6.1-real-no-process-visible.txt').replace(':2024 ', ':6443 ') });
    expect(hidden.findings.map((finding) => [finding.messageId, finding.data.processesVisible])).toEqual([['listening', false]]);
  });

  it('reports nothing for a table without listeners', async () => {
    const { run } = await checkRule(listeningPorts, { 'manifest.json': MANIFEST, 'stats/ss.txt': `${SS_HEADER}\n` });
    expect(run).toEqual({ ruleId: 'listening-ports', status: 'ran', findings: 0 });
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(listeningPorts);
  });
});
