import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { missingDefaultRoute } from '../../src/rules/missing-default-route.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const check = (path: string, content: string) => checkRule(missingDefaultRoute, { 'manifest.json': MANIFEST, [path]: content });
const checkSpec = (spec: Record<string, string>) => checkRule(missingDefaultRoute, { 'manifest.json': MANIFEST, ...spec });
const sampleRoot = (path: string) => readFileSync(join(REPO_ROOT, 'samples/roots', path), 'utf8');
const withoutDefault = (table: string) =>
  table
    .split('\n')
    .filter((line) => !line.startsWith('default') && !line.startsWith('00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe80'))
    .join('\n');

const IPV4_DEFAULT = 'default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.31 metric 100\n10.0.0.0/24 dev ens5 proto kernel scope link src 10.0.0.31 metric 100\n';
const EKS_IPV6 = statsFixture('ip6-route-iproute2-eks-ipv6-ra-default.txt');
/** An IPv6-only kubeadm node: its own prefix from the router, no default (the RA stopped). */
const IPV6_ONLY_NO_DEFAULT =
  '::1 dev lo proto kernel metric 256 pref medium\nfd00:10:0:1::/64 dev eth0 proto ra metric 100 expires 2591840sec pref medium\nfe80::/64 dev eth0 proto kernel metric 256 pref medium\n';
const IPV6_NODE_IP = '/usr/bin/kubelet\n--config=/var/lib/kubelet/config.yaml\n--node-ip=fd00:10:0:1::31\n';

describe('missing-default-route', () => {
  it('is critical when ip route shows no default route', async () => {
    const { findings } = await check('stats/ip-route.txt', '10.1.4.0/22 dev eth0 proto kernel scope link src 10.1.4.27\n10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n');
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'no-default-route',
        severity: 'critical',
        data: { routesFrom: 'ip-route', routes: 2, devices: ['eth0', 'cni0'] },
        evidence: [{ path: 'stats/ip-route.txt', line: null }],
      }),
    ]);
  });

  it('reads /proc/net/route, and counts an unreachable default as none', async () => {
    const procNetRoute = statsFixture('proc-net-route-real.txt')
      .split('\n')
      .filter((line) => !line.startsWith('eth0\t00000000'))
      .join('\n');
    const fromProc = await check('stats/proc-net-route.txt', procNetRoute);
    expect(fromProc.findings.map((finding) => [finding.messageId, finding.data.routesFrom, finding.data.routes])).toEqual([['no-default-route', 'proc-net-route', 1]]);
    const unreachable = await check('stats/ip-route.txt', 'unreachable default proto static metric 4278198272\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2\n');
    expect(unreachable.findings.map((finding) => finding.messageId)).toEqual(['no-default-route']);
  });

  it('is critical when every default route is marked linkdown', async () => {
    const { findings } = await check(
      'stats/ip-route.txt',
      'default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.31 metric 100 linkdown\n10.0.0.0/24 dev ens5 proto kernel scope link src 10.0.0.31 linkdown\n',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'default-route-down',
        severity: 'critical',
        data: expect.objectContaining({ gateways: ['10.0.0.1'], devices: ['ens5'] }),
        evidence: [{ path: 'stats/ip-route.txt', line: 1 }],
      }),
    ]);
  });

  it('does not fire with a default route in any of the three formats, a multipath one, or a VPN split default', async () => {
    const cases: [string, string][] = [
      ['stats/ip-route.txt', statsFixture('ip-route-iproute2-6.1-real.txt')],
      ['stats/ip-route.txt', statsFixture('ip-route-iproute2-calico-multipath.txt')],
      ['stats/netstat-rn.txt', statsFixture('netstat-net-tools-2.10-rn-real.txt')],
      ['stats/proc-net-route.txt', statsFixture('proc-net-route-real.txt')],
      ['stats/ip-route.txt', '0.0.0.0/1 via 10.8.0.1 dev tun0\n128.0.0.0/1 via 10.8.0.1 dev tun0\n10.8.0.0/24 dev tun0 proto kernel scope link src 10.8.0.6\n'],
    ];
    for (const [path, content] of cases) {
      const { run } = await check(path, content);
      expect(run, path).toEqual({ ruleId: 'missing-default-route', status: 'ran', findings: 0 });
    }
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(missingDefaultRoute);
  });
});

describe('missing-default-route on IPv6', () => {
  it('is critical on an IPv6-only node (IPv6 node IP) without an IPv6 default route', async () => {
    const { findings } = await checkSpec({ 'stats/ip6-route.txt': IPV6_ONLY_NO_DEFAULT, 'system/kubelet-flags.txt': IPV6_NODE_IP });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'no-ipv6-default-route',
        severity: 'critical',
        data: { routesFrom: 'ip-route', routes: 3, ipv6Use: ['node-ip', 'address-routes'], addresses: ['fd00:10:0:1::31', 'fd00:10:0:1::/64'], devices: ['eth0'] },
        evidence: [
          { path: 'stats/ip6-route.txt', line: null },
          { path: 'system/kubelet-flags.txt', line: null },
          { path: 'stats/ip6-route.txt', line: 2 },
        ],
      }),
    ]);
    const withDefault = await checkSpec({
      'stats/ip6-route.txt': `${IPV6_ONLY_NO_DEFAULT}default via fe80::1 dev eth0 proto ra metric 100 expires 1784sec pref medium\n`,
      'system/kubelet-flags.txt': IPV6_NODE_IP,
    });
    expect(withDefault.run).toEqual({ ruleId: 'missing-default-route', status: 'ran', findings: 0 });
  });

  it('is critical on a dual-stack node with an IPv4 default but none for IPv6, whose pods route through eni devices', async () => {
    for (const [path, table] of [
      ['stats/ip6-route.txt', withoutDefault(EKS_IPV6)],
      ['stats/proc-net-ipv6-route.txt', withoutDefault(statsFixture('proc-net-ipv6-route-eks-ipv6-ra-default.txt'))],
    ] as const) {
      const { findings } = await checkSpec({ 'stats/ip-route.txt': IPV4_DEFAULT, [path]: table });
      expect(
        findings.map((finding) => [finding.messageId, finding.severity, finding.data.routesFrom, finding.data.ipv6Use, finding.data.devices]),
        path,
      ).toEqual([['no-ipv6-default-route', 'critical', path.includes('proc') ? 'proc-net-ipv6-route' : 'ip-route', ['pod-routes', 'address-routes'], ['eni7fd8b16aacb', 'eni2c4a9f0d3b1', 'eth0']]]);
      expect(findings[0]?.data.addresses).toEqual(expect.arrayContaining(['2600:1f18:1e5f:8500:5256::', '2600:1f18:1e5f:8500::/64']));
    }
  });

  it('does not flag an IPv4 node with IPv6 merely switched on (link-local, multicast, loopback and the null entry only)', async () => {
    const cases: Record<string, string>[] = [
      { 'stats/ip-route.txt': IPV4_DEFAULT, 'stats/ip6-route.txt': sampleRoot('oom-burstable-containerd/.tools/data/ip6-route.txt') },
      { 'stats/ip-route.txt': IPV4_DEFAULT, 'stats/proc-net-ipv6-route.txt': sampleRoot('oom-burstable-containerd/proc/net/ipv6_route') },
      { 'stats/ip-route.txt': IPV4_DEFAULT, 'stats/ip6-route.txt': '' },
      { 'stats/ip-route.txt': IPV4_DEFAULT },
    ];
    for (const spec of cases) {
      const { run } = await checkSpec(spec);
      expect(run, Object.keys(spec).join(' ')).toEqual({ ruleId: 'missing-default-route', status: 'ran', findings: 0 });
    }
  });

  it('is a warning when only the host has a routable IPv6 address, and judges nothing without an IPv6 table', async () => {
    const hostOnly = await checkSpec({ 'stats/ip-route.txt': IPV4_DEFAULT, 'stats/ip6-route.txt': IPV6_ONLY_NO_DEFAULT });
    expect(hostOnly.findings.map((finding) => [finding.messageId, finding.severity, finding.data.ipv6Use])).toEqual([['no-ipv6-default-route', 'warning', ['address-routes']]]);
    const listener = await checkSpec({
      'stats/ip-route.txt': IPV4_DEFAULT,
      'stats/ip6-route.txt': 'fe80::/64 dev eth0 proto kernel metric 256 pref medium\n',
      'stats/ss.txt':
        'Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\ntcp   LISTEN 0      4096   [2600:1f14:9c1:4e00:8a3c:51b2:7e04:19d6]:10250 [::]:*     users:(("kubelet",pid=1102,fd=20))\n',
    });
    expect(listener.findings.map((finding) => [finding.messageId, finding.severity, finding.data.ipv6Use, finding.data.addresses])).toEqual([
      ['no-ipv6-default-route', 'warning', ['listeners'], ['2600:1f14:9c1:4e00:8a3c:51b2:7e04:19d6']],
    ]);
    expect(listener.findings[0]?.evidence).toEqual([
      { path: 'stats/ip6-route.txt', line: null },
      { path: 'stats/ss.txt', line: 2 },
    ]);
    const noTable = await checkSpec({ 'stats/ip-route.txt': IPV4_DEFAULT, 'system/kubelet-flags.txt': IPV6_NODE_IP });
    expect(noTable.run).toEqual({ ruleId: 'missing-default-route', status: 'ran', findings: 0 });
  });

  it('counts neither the kernel null entry nor an unreachable or reject default as an IPv6 default route', async () => {
    const tables: [string, string][] = [
      ['stats/ip6-route.txt', `${IPV6_ONLY_NO_DEFAULT}unreachable default dev lo proto kernel metric 4294967295 error -101 pref medium\n`],
      [
        'stats/route-inet6.txt',
        'Kernel IPv6 routing table\nDestination                    Next Hop                   Flag Met Ref  Use If\nfd00:10:0:1::/64               ::                         U    256 1      0 eth0\n::/0                           ::                         !n   -1  1      0 lo\n',
      ],
    ];
    for (const [path, table] of tables) {
      const { findings } = await checkSpec({ [path]: table, 'system/kubelet-flags.txt': IPV6_NODE_IP });
      expect(
        findings.map((finding) => finding.messageId),
        path,
      ).toEqual(['no-ipv6-default-route']);
    }
  });

  it('is critical when every IPv6 default route is linkdown, and accepts the IPv6 split default', async () => {
    const down = await checkSpec({ 'stats/ip-route.txt': IPV4_DEFAULT, 'stats/ip6-route.txt': EKS_IPV6.replace('expires 1790sec pref medium', 'expires 1790sec linkdown pref medium') });
    expect(down.findings).toEqual([
      expect.objectContaining({
        messageId: 'ipv6-default-route-down',
        severity: 'critical',
        data: expect.objectContaining({ gateways: ['fe80::1'], devices: ['eth0'], ipv6Use: ['pod-routes', 'address-routes'] }),
        evidence: [{ path: 'stats/ip6-route.txt', line: 8 }],
      }),
    ]);
    const split = await checkSpec({
      'stats/ip6-route.txt': `${IPV6_ONLY_NO_DEFAULT}::/1 via fe80::1 dev wg0 metric 1024 pref medium\n8000::/1 via fe80::1 dev wg0 metric 1024 pref medium\n`,
      'system/kubelet-flags.txt': IPV6_NODE_IP,
    });
    expect(split.run).toEqual({ ruleId: 'missing-default-route', status: 'ran', findings: 0 });
  });

  it('runs on an IPv6 table alone', async () => {
    const { run } = await checkSpec({ 'stats/ip6-route.txt': EKS_IPV6 });
    expect(run).toEqual({ ruleId: 'missing-default-route', status: 'ran', findings: 0 });
  });
});
