import { describe, expect, it } from 'vitest';
import { missingDefaultRoute } from '../../src/rules/missing-default-route.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, statsFixture } from './vitals-fixtures.js';

const check = (path: string, content: string) => checkRule(missingDefaultRoute, { 'manifest.json': MANIFEST, [path]: content });

describe('missing-default-route', () => {
  it('is critical when ip route shows no default route', async () => {
    const { findings } = await check('stats/ip-route.txt', '10.1.4.0/22 dev eth0 proto kernel scope link src 10.1.4.27\n10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n');
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'no-default-route', severity: 'critical', data: { routesFrom: 'ip-route', routes: 2, devices: ['eth0', 'cni0'] }, evidence: [{ path: 'stats/ip-route.txt', line: null }] }),
    ]);
  });

  it('reads /proc/net/route, and counts an unreachable default as none', async () => {
    const procNetRoute = statsFixture('proc-net-route-real.txt').split('\n').filter((line) => !line.startsWith('eth0\t00000000')).join('\n');
    const fromProc = await check('stats/proc-net-route.txt', procNetRoute);
    expect(fromProc.findings.map((finding) => [finding.messageId, finding.data.routesFrom, finding.data.routes])).toEqual([['no-default-route', 'proc-net-route', 1]]);
    const unreachable = await check('stats/ip-route.txt', 'unreachable default proto static metric 4278198272\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2\n');
    expect(unreachable.findings.map((finding) => finding.messageId)).toEqual(['no-default-route']);
  });

  it('is critical when every default route is marked linkdown', async () => {
    const { findings } = await check('stats/ip-route.txt', 'default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.31 metric 100 linkdown\n10.0.0.0/24 dev ens5 proto kernel scope link src 10.0.0.31 linkdown\n');
    expect(findings).toEqual([expect.objectContaining({ messageId: 'default-route-down', severity: 'critical', data: expect.objectContaining({ gateways: ['10.0.0.1'], devices: ['ens5'] }), evidence: [{ path: 'stats/ip-route.txt', line: 1 }] })]);
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

  it('is skipped without a routing table', async () => {
    const { run } = await checkRule(missingDefaultRoute, { 'manifest.json': MANIFEST });
    expect(run).toEqual({ ruleId: 'missing-default-route', status: 'skipped', missing: [['routes']] });
  });
});
