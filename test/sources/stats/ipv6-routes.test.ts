import { describe, expect, it } from 'vitest';
import { ipv6FromHex, readProcIpv6Route } from '../../../src/sources/stats/proc-ipv6-route.js';
import { createIpv6RoutesReader, createRoutesReader } from '../../../src/sources/stats/routes.js';
import { splitWords } from '../../../src/sources/stats/columns.js';
import { fixture, readAll, readOne } from './helpers.js';

const read = (name: string, path = 'stats/ip6-route.txt') => readOne(createIpv6RoutesReader(), 'ipv6Routes', path, fixture(name));
type Row = { destination: string; gateway: string | null; device: string | null; metric: number | null; type: string | null; flags: string[] };
const summary = (routes: Row[] = []) => routes.map((route) => [route.destination, route.gateway, route.device, route.metric]);

describe('IPv6 routes reader', () => {
  it('reads the header comment samples: an RA default route and /proc/net/ipv6_route rows', async () => {
    const ra = await readOne(createIpv6RoutesReader(), 'ipv6Routes', 'stats/ip6-route.txt', 'default via fe80::1 dev eth0 proto ra metric 1024 expires 1790sec pref medium\n');
    expect(ra.issues).toEqual([]);
    expect(ra.result?.routes[0]).toMatchObject({
      destination: 'default',
      gateway: 'fe80::1',
      device: 'eth0',
      protocol: 'ra',
      metric: 1024,
      type: 'unicast',
      attributes: { expires: '1790sec', pref: 'medium' },
    });

    const gatewayRow = '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0';
    expect(readProcIpv6Route(splitWords(gatewayRow), 3)).toMatchObject({ line: 3, destination: 'default', gateway: 'fd00::1', device: 'eth0', metric: 1024, flags: ['U', 'G'], type: null });
    const nullEntry = '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo';
    expect(readProcIpv6Route(splitWords(nullEntry), 8)).toMatchObject({ destination: 'default', gateway: null, device: 'lo', metric: 4294967295, type: 'unreachable', flags: ['!', 'n'] });
  });

  it('reads real iproute2, busybox ip, net-tools route, busybox route and /proc/net/ipv6_route of one node alike', async () => {
    const iproute2 = await read('ip6-route-iproute2-6.1-real.txt');
    const busyboxIp = await read('ip6-route-busybox-1.35-real.txt');
    const netTools = await read('route-inet6-net-tools-2.10-real.txt', 'stats/route-inet6.txt');
    const busyboxRoute = await read('route-inet6-busybox-1.35-real.txt', 'stats/route-inet6.txt');
    const proc = await read('proc-net-ipv6-route-linux-6.18-real.txt', 'stats/proc-net-ipv6-route.txt');
    for (const parsed of [iproute2, busyboxIp, netTools, busyboxRoute, proc]) expect(parsed.issues).toEqual([]);
    expect([iproute2, busyboxIp, netTools, busyboxRoute, proc].map((parsed) => parsed.result?.format)).toEqual(['ip-route', 'ip-route', 'netstat', 'netstat', 'proc-net-ipv6-route']);
    const main = [
      ['fd00::/64', null, 'eth0', 256],
      ['fe80::/64', null, 'eth0', 256],
      ['default', 'fd00::1', 'eth0', 1024],
    ];
    expect(summary(iproute2.result?.routes)).toEqual(main);
    expect(summary(busyboxIp.result?.routes)).toEqual([...main, ['ff00::/8', null, 'eth0', 256]]);
    expect(busyboxIp.result?.routes[3]?.type).toBe('multicast');
    // The tables add the local table (the node's own addresses, bare as host routes) and the kernel's null entry.
    const tables = [...main, ['::1', null, 'lo', 0], ['fd00::2', null, 'eth0', 0], ['fe80::fc:ff:fe00:1', null, 'eth0', 0], ['ff00::/8', null, 'eth0', 256], ['default', null, 'lo', -1]];
    expect(summary(netTools.result?.routes)).toEqual(tables);
    expect(summary(busyboxRoute.result?.routes)).toEqual(tables);
    expect(summary(proc.result?.routes)).toEqual(tables.map((row) => (row[3] === -1 ? [...row.slice(0, 3), 4294967295] : row)));
    expect(netTools.result?.routes.at(-1)?.flags).toEqual(['!', 'n']);
    expect(proc.result?.routes.map((route) => route.type)).toEqual([null, null, null, 'local', 'local', 'local', null, 'unreachable']);
    expect(proc.result?.routes.map((route) => route.flags.join(''))).toEqual(['U', 'U', 'UG', 'Un', 'Un', 'Un', 'U', '!n']);
  });

  it('reads an EKS IPv6 node: pod host routes through eni devices and the RA default', async () => {
    const ip = await read('ip6-route-iproute2-eks-ipv6-ra-default.txt');
    const proc = await read('proc-net-ipv6-route-eks-ipv6-ra-default.txt', 'stats/proc-net-ipv6-route.txt');
    expect(ip.issues).toEqual([]);
    expect(proc.issues).toEqual([]);
    expect(ip.result?.routes[1]).toMatchObject({ destination: '2600:1f18:1e5f:8500:5256::', device: 'eni7fd8b16aacb', metric: 1024 });
    expect(ip.result?.routes[3]).toMatchObject({ destination: '2600:1f18:1e5f:8500::/64', protocol: 'kernel', attributes: { expires: '2591998sec', pref: 'medium' } });
    expect(ip.result?.routes.at(-1)).toMatchObject({ destination: 'default', gateway: 'fe80::1', device: 'eth0', protocol: 'ra' });
    const fromProc = proc.result!.routes;
    expect(summary(fromProc.slice(0, 8))).toEqual(summary(ip.result?.routes));
    // RTF_DEFAULT | RTF_ADDRCONF | RTF_EXPIRES: a default route learned from a router advertisement.
    expect(fromProc[7]?.flags).toEqual(['U', 'G', 'D', 'A', 'e']);
    expect(fromProc[9]).toMatchObject({ destination: '2600:1f18:1e5f:8500:8c4:27ff:fe5a:19e3', type: 'local' });
  });

  it('reads route types, unknown keywords and multipath nexthops of a Calico dual-stack node', async () => {
    const { result, issues } = await read('ip6-route-iproute2-calico-dual-stack-multipath.txt');
    expect(issues).toEqual([]);
    const routes = result!.routes;
    expect(routes).toHaveLength(9);
    expect(routes[1]).toMatchObject({ type: 'blackhole', destination: 'fd00:10:244:1:2e4f:8a00::/122', protocol: 'bird', device: 'lo' });
    expect(routes[3]).toMatchObject({ destination: 'fd00:10:244:2:9b1c:4d00::/122', gateway: 'fd00:10:0:1::12', protocol: 'bird' });
    expect(routes[4]).toMatchObject({ type: 'unreachable', destination: 'fd00:10:244:3::/64', attributes: { error: '-113', pref: 'medium' } });
    expect(routes[8]).toMatchObject({
      destination: 'default',
      gateway: null,
      protocol: 'static',
      nexthops: [
        { gateway: 'fd00:10:0:1::1', device: 'eth0', weight: 1 },
        { gateway: 'fd00:10:0:2::1', device: 'eth1', weight: 1 },
      ],
    });
  });

  it('takes an empty table as a node with IPv6 off, where the IPv4 reader reports it', async () => {
    const ipv6 = await readOne(createIpv6RoutesReader(), 'ipv6Routes', 'stats/ip6-route.txt', '');
    expect(ipv6.issues).toEqual([]);
    expect(ipv6.result).toMatchObject({ file: 'stats/ip6-route.txt', routes: [] });
    const ipv4 = await readOne(createRoutesReader(), 'routes', 'stats/ip-route.txt', '');
    expect(ipv4.issues.map((issue) => issue.message)).toEqual(['no routes found']);
  });

  it('prefers ip -6 route, and falls back to /proc/net/ipv6_route when it is empty', async () => {
    const proc = { path: 'stats/proc-net-ipv6-route.txt', content: fixture('proc-net-ipv6-route-linux-6.18-real.txt'), candidate: 2 };
    const both = await readAll(createIpv6RoutesReader(), 'ipv6Routes', [proc, { path: 'stats/ip6-route.txt', content: fixture('ip6-route-iproute2-6.1-real.txt'), candidate: 0 }]);
    expect(both.result?.format).toBe('ip-route');
    const empty = await readAll(createIpv6RoutesReader(), 'ipv6Routes', [{ path: 'stats/ip6-route.txt', content: '', candidate: 0 }, proc]);
    expect(empty.result?.format).toBe('proc-net-ipv6-route');
  });

  it('reports cut and odd /proc/net/ipv6_route rows with their line instead of inventing routes', async () => {
    const rows = fixture('proc-net-ipv6-route-linux-6.18-real.txt').split('\n');
    const bad = [rows[0], rows[1]!.slice(0, 40), rows[2]!.replace('00000003', '0000000x'), rows[3]!.replace(' 80 ', ' 81 '), rows[4]].join('\n');
    const { result, issues } = await readOne(createIpv6RoutesReader(), 'ipv6Routes', 'stats/proc-net-ipv6-route.txt', bad);
    expect(result?.routes.map((route) => route.line)).toEqual([1, 5]);
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['stats/proc-net-ipv6-route.txt', 2],
      ['stats/proc-net-ipv6-route.txt', 3],
      ['stats/proc-net-ipv6-route.txt', 4],
    ]);
    // A cut row alone is not taken for an `ip route` line with a 32-digit destination.
    const cut = await readOne(createIpv6RoutesReader(), 'ipv6Routes', 'stats/ip6-route.txt', `${rows[0]!.slice(0, 32)}\n`);
    expect(cut.result?.routes).toEqual([]);
    expect(cut.issues.map((issue) => issue.line)).toEqual([1]);
  });

  it('writes addresses as RFC 5952 text', () => {
    expect(ipv6FromHex('00000000000000000000000000000000')).toBe('::');
    expect(ipv6FromHex('00000000000000000000000000000001')).toBe('::1');
    expect(ipv6FromHex('fe800000000000000000000000000000')).toBe('fe80::');
    expect(ipv6FromHex('fe8000000000000000fc00fffe000001')).toBe('fe80::fc:ff:fe00:1');
    expect(ipv6FromHex('20010db8000000000001000000000001')).toBe('2001:db8::1:0:0:1');
    expect(ipv6FromHex('20010db8000000010001000100010001')).toBe('2001:db8:0:1:1:1:1:1');
    expect(ipv6FromHex('26001F1409C14E008A3C51B27E0419D6')).toBe('2600:1f14:9c1:4e00:8a3c:51b2:7e04:19d6');
    expect(ipv6FromHex('fe80::1')).toBeNull();
  });
});
