import { describe, expect, it } from 'vitest';
import { cniRoutesMissing } from '../../src/rules/cni-routes-missing.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const NODE_ONLY_ROUTES =
  'default via 10.1.4.1 dev eth0 proto dhcp src 10.1.4.27 metric 100\n10.1.4.0/22 dev eth0 proto kernel scope link src 10.1.4.27\n10.1.4.1 dev eth0 proto dhcp scope link src 10.1.4.27 metric 100\n';
const CART_POD = { 'pods/shop_cart-6d5c4b3a2-hg7fd_8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d/cart/0.log': '' };
const PROXY_POD = { 'pods/kube-system_kube-proxy-7xk2p_2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901/kube-proxy/0.log': '' };

describe('cni-routes-missing', () => {
  it('warns when pods run but no route leads through a CNI device or to a pod CIDR', async () => {
    const { findings } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip-route.txt': NODE_ONLY_ROUTES, ...CART_POD, ...PROXY_POD });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'no-cni-routes',
        severity: 'warning',
        data: { routes: 3, routesFrom: 'ip-route', devices: ['eth0'], pods: 1, podNames: ['shop/cart-6d5c4b3a2-hg7fd'] },
        evidence: [{ path: 'stats/ip-route.txt', line: null }],
      }),
    ]);
  });

  it('is satisfied by the routes of common CNIs', async () => {
    const tables = [
      statsFixture('ip-route-iproute2-calico-multipath.txt'),
      `${NODE_ONLY_ROUTES}10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n`,
      `${NODE_ONLY_ROUTES}10.64.1.0/24 dev cbr0 scope link src 10.64.1.1\n`,
      `${NODE_ONLY_ROUTES}10.1.5.12 dev eni3f1a2b4c5d6 scope link\n`,
      `${NODE_ONLY_ROUTES}10.0.1.0/24 via 10.0.1.190 dev cilium_host proto kernel src 10.0.1.190 mtu 8951\n`,
      `${NODE_ONLY_ROUTES}10.244.2.0/24 via 10.1.4.30 dev eth0\n`,
    ];
    for (const table of tables) {
      const { run } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip-route.txt': table, ...CART_POD });
      expect(run, table).toEqual({ ruleId: 'cni-routes-missing', status: 'ran', findings: 0 });
    }
  });

  it('does not fire without pods, or with kube-system pods only', async () => {
    for (const pods of [{}, PROXY_POD]) {
      const { run } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip-route.txt': NODE_ONLY_ROUTES, ...pods });
      expect(run).toEqual({ ruleId: 'cni-routes-missing', status: 'ran', findings: 0 });
    }
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(cniRoutesMissing);
  });

  it('is skipped without a routing table', async () => {
    const { run } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, ...CART_POD });
    expect(run).toEqual({ ruleId: 'cni-routes-missing', status: 'skipped', missing: [['routes', 'ipv6Routes']] });
  });
});

describe('cni-routes-missing with an IPv6 table', () => {
  const EKS_IPV6 = statsFixture('ip6-route-iproute2-eks-ipv6-ra-default.txt');
  const LINK_LOCAL_CNI = 'fe80::/64 dev eth0 proto kernel metric 256 pref medium\nfe80::/64 dev cni0 proto kernel metric 256 pref medium\n';

  it('is satisfied by IPv6 pod routes (an EKS IPv6 node routes pods through eni devices in the IPv6 table only)', async () => {
    const { run } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip-route.txt': NODE_ONLY_ROUTES, 'stats/ip6-route.txt': EKS_IPV6, ...CART_POD });
    expect(run).toEqual({ ruleId: 'cni-routes-missing', status: 'ran', findings: 0 });
  });

  it('is not satisfied by link-local routes on a CNI bridge, and leaves such a table out of its data', async () => {
    const { findings } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip-route.txt': NODE_ONLY_ROUTES, 'stats/ip6-route.txt': LINK_LOCAL_CNI, ...CART_POD });
    expect(findings.map((finding) => [finding.messageId, finding.data.routes, finding.data.routesFrom, finding.evidence])).toEqual([
      ['no-cni-routes', 3, 'ip-route', [{ path: 'stats/ip-route.txt', line: null }]],
    ]);
  });

  it('judges an IPv6-only node by its IPv6 table', async () => {
    const nodeOnly = EKS_IPV6.split('\n')
      .filter((line) => !line.includes('dev eni'))
      .join('\n');
    const { findings } = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip6-route.txt': nodeOnly, ...CART_POD });
    expect(findings.map((finding) => [finding.messageId, finding.data.routes, finding.data.routesFrom, finding.data.devices])).toEqual([['no-cni-routes', 4, 'ip-route (IPv6)', ['lo', 'eth0']]]);
    const onlyLinkLocal = await checkRule(cniRoutesMissing, { 'manifest.json': MANIFEST, 'stats/ip6-route.txt': LINK_LOCAL_CNI, ...CART_POD });
    expect(onlyLinkLocal.run).toEqual({ ruleId: 'cni-routes-missing', status: 'ran', findings: 0 });
  });
});
