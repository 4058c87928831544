import { describe, expect, it } from 'vitest';
import { createRoutesReader, hexAddress } from '../../../src/sources/stats/routes.js';
import { fixture, readAll, readOne } from './helpers.js';

const read = (name: string) => readOne(createRoutesReader(), 'routes', `stats/${name}`, fixture(name));
const summary = (routes: { destination: string; gateway: string | null; device: string | null; flags: string[] }[] = []) =>
  routes.map((route) => [route.destination, route.gateway, route.device, route.flags.join('')]);

describe('routes reader', () => {
  it('reads the header comment samples: real ip route, netstat -rn and /proc/net/route agree', async () => {
    const ip = await read('ip-route-iproute2-6.1-real.txt');
    expect(ip.issues).toEqual([]);
    expect(ip.result?.format).toBe('ip-route');
    expect(ip.result?.routes[0]).toMatchObject({ line: 1, destination: 'default', gateway: '192.0.2.1', device: 'eth0', type: 'unicast', metric: null });
    expect(ip.result?.routes[1]).toMatchObject({ destination: '192.0.2.0/24', gateway: null, protocol: 'kernel', scope: 'link', source: '192.0.2.2' });

    const netstat = await read('netstat-net-tools-2.10-rn-real.txt');
    expect(netstat.issues).toEqual([]);
    expect(netstat.result?.format).toBe('netstat');
    expect(summary(netstat.result?.routes)).toEqual([
      ['default', '192.0.2.1', 'eth0', 'UG'],
      ['192.0.2.0/24', null, 'eth0', 'U'],
    ]);

    const proc = await read('proc-net-route-real.txt');
    expect(proc.issues).toEqual([]);
    expect(proc.result?.format).toBe('proc-net-route');
    expect(summary(proc.result?.routes)).toEqual(summary(netstat.result?.routes));
    expect(proc.result?.routes[0]).toMatchObject({ line: 2, type: null, metric: 0 });
  });

  it('reads ip route types, flags, unknown keywords and multipath nexthops', async () => {
    const { result, issues } = await read('ip-route-iproute2-calico-multipath.txt');
    expect(issues).toEqual([]);
    const routes = result!.routes;
    expect(routes).toHaveLength(8);
    expect(routes[0]).toMatchObject({ destination: 'default', gateway: '10.0.0.1', protocol: 'dhcp', source: '10.0.1.23', metric: 100 });
    expect(routes[2]).toMatchObject({ type: 'blackhole', destination: '10.244.1.0/26', protocol: 'bird', device: null });
    expect(routes[3]).toMatchObject({ destination: '10.244.1.3', device: 'cali1a2b3c4d5e6', scope: 'link' });
    expect(routes[4]?.flags).toEqual(['onlink']);
    expect(routes[5]?.flags).toEqual(['linkdown']);
    expect(routes[6]).toMatchObject({
      destination: 'default',
      gateway: null,
      metric: 200,
      nexthops: [
        { gateway: '10.1.0.1', device: 'eth1', weight: 1 },
        { gateway: '10.2.0.1', device: 'eth2', weight: 1 },
      ],
    });
    expect(routes[7]).toMatchObject({ destination: 'fe80::/64', metric: 256, attributes: { mtu: '9001', pref: 'medium' } });
  });

  it('reads route -n with its Metric column', async () => {
    const { result } = await read('route-net-tools-n-metric.txt');
    expect(result?.routes.map((route) => [route.destination, route.metric, route.flags.join('')])).toEqual([
      ['default', 100, 'UG'],
      ['10.0.0.0/20', 100, 'U'],
      ['10.244.1.3', 0, 'UH'],
    ]);
  });

  it('reads the IPv6 netstat table with its two-word Next Hop label, host routes bare', async () => {
    const text =
      'Kernel IPv6 routing table\nDestination                    Next Hop                   Flag Met Ref Use If\n::/0                           fe80::1                    UG   1024 2     0 eth0\n::1/128                        ::                         U    256 1     0 lo\n';
    const { result } = await readOne(createRoutesReader(), 'routes', 'stats/netstat-rn.txt', text);
    expect(result?.routes.map((route) => [route.destination, route.gateway, route.metric, route.device])).toEqual([
      ['default', 'fe80::1', 1024, 'eth0'],
      ['::1', null, 256, 'lo'],
    ]);
  });

  it('decodes little-endian hex addresses', () => {
    expect(hexAddress('0100000A')).toBe('10.0.0.1');
    expect(hexAddress('010200C0')).toBe('192.0.2.1');
    expect(hexAddress('00FFFFFF')).toBe('255.255.255.0');
    expect(hexAddress('xyz')).toBeNull();
  });

  it('prefers ip route unless it is empty, and reports odd lines with their line', async () => {
    const both = await readAll(createRoutesReader(), 'routes', [
      { path: 'stats/proc-net-route.txt', content: fixture('proc-net-route-real.txt'), candidate: 2 },
      { path: 'stats/ip-route.txt', content: '', candidate: 0 },
    ]);
    expect(both.result?.format).toBe('proc-net-route');
    const odd = await readOne(createRoutesReader(), 'routes', 'stats/ip-route.txt', 'via 10.0.0.1\n\tnexthop via 1.2.3.4\n');
    expect(odd.issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['stats/ip-route.txt', 1],
      ['stats/ip-route.txt', 2],
      ['stats/ip-route.txt', null],
    ]);
  });
});
