/**
 * IPv6 routes: the real collector, under dash and under busybox sh, takes `ip -6 route` (or
 * `route -n -A inet6` on a node without `ip`) and a copy of /proc/net/ipv6_route, and records a
 * kernel without IPv6 as missing with its reason, never as a failure.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchSource } from '../../src/bundle/index.js';
import { createIpv6RoutesReader } from '../../src/sources/stats/routes.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { readOne } from '../sources/stats/helpers.js';
import { archiveIn, copySampleRoot, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm, type ToolFarmOptions } from './helpers/collector.js';

const shells = SHELLS.filter((shell) => shell.available);
const FIXTURES = join(REPO_ROOT, 'test/sources/stats/fixtures');
const PROC_IPV6_ROUTE = join(REPO_ROOT, 'samples/roots/node-pressure-cgroupfs/proc/net/ipv6_route');
const IPV4_ROUTES = 'default via 10.128.0.1 dev eth0\n';
const IPV6_ROUTES =
  '2600:1f14:9c1:4e00::/64 dev eth0 proto ra metric 100 expires 2591984sec pref medium\ndefault via fe80::4e1:d8ff:fe6b:1f31 dev eth0 proto ra metric 100 expires 1784sec pref medium\n';

/** A fake `ip` that answers `route` and `-6 route`, and fails on anything else. */
const fakeIp = (ipv6: string) => `case "$*" in
route) printf '%s' '${IPV4_ROUTES}' ;;
"-6 route") printf '%s' '${ipv6}' ;;
*) echo "ip: unexpected arguments: $*" >&2; exit 1 ;;
esac
`;

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch('ipv6-routes'));
});
afterEach(async () => remove());

describe.each(shells)('IPv6 routes under $name', ({ name }) => {
  /** The small debug-pod-minimal root (which has no IPv6), collected with --root and the given tools. */
  async function collect(farm: ToolFarmOptions, options: { ipv6: boolean }) {
    const root = await copySampleRoot('debug-pod-minimal', join(dir, 'root'));
    if (options.ipv6) await copyFile(PROC_IPV6_ROUTE, join(root, 'proc/net/ipv6_route'));
    const out = join(dir, 'out');
    await mkdir(out);
    const tools = await toolFarm(join(dir, 'bin'), name, farm);
    const run = await runCollector({ shell: name, path: tools, args: ['--root', root, '--output-dir', out, '--timeout', '5'], env: { PODMORTEM_NOW: String(NOW) } });
    if (run.code !== 0) throw new Error(`collector exited ${run.code}: ${run.stderr}`);
    return { root, bundle: await openBundle(await readFile(await archiveIn(out))) };
  }

  it('takes ip -6 route and a copy of /proc/net/ipv6_route, where the layout expects them', async () => {
    const { root, bundle } = await collect({ fakes: { ip: fakeIp(IPV6_ROUTES) } }, { ipv6: true });
    expect(bundle.files.get('stats/ip6-route.txt')?.toString()).toBe(IPV6_ROUTES);
    expect(bundle.files.get('stats/proc-net-ipv6-route.txt')?.equals(await readFile(join(root, 'proc/net/ipv6_route')))).toBe(true);
    expect(item(bundle, 'stats/ip6-route.txt')).toMatchObject({ status: 'ok', what: 'ip -6 route', exitCode: 0, bytes: IPV6_ROUTES.length });
    expect(item(bundle, 'stats/proc-net-ipv6-route.txt')).toMatchObject({ status: 'ok', what: '/proc/net/ipv6_route' });
    expect(['stats/ip6-route.txt', 'stats/proc-net-ipv6-route.txt'].map((path) => matchSource(path))).toEqual([
      { source: 'ipv6Routes', candidate: 0 },
      { source: 'ipv6Routes', candidate: 2 },
    ]);
  });

  it("runs the shell world's own ip (iproute2 for dash, the busybox applet for busybox) with -6 route", async () => {
    const farm: ToolFarmOptions = name === 'busybox' ? { fakes: { ip: 'exec /usr/bin/busybox ip "$@"\n' } } : { real: ['ip'] };
    const { bundle } = await collect(farm, { ipv6: true });
    expect(item(bundle, 'stats/ip6-route.txt')).toMatchObject({ status: 'ok', exitCode: 0 });
    const parsed = await readOne(createIpv6RoutesReader(), 'ipv6Routes', 'stats/ip6-route.txt', bundle.files.get('stats/ip6-route.txt') ?? '');
    expect(parsed.issues).toEqual([]);
    expect(parsed.result?.format).toBe('ip-route');
  });

  it('falls back to route -n -A inet6 on a node without ip', async () => {
    const table = await readFile(join(FIXTURES, 'route-inet6-net-tools-2.10-real.txt'), 'utf8');
    const route = `[ "$*" = "-n -A inet6" ] || { echo "route: unexpected arguments: $*" >&2; exit 1; }\nprintf '%s' '${table}'\n`;
    const { bundle } = await collect({ fakes: { route } }, { ipv6: true });
    expect(bundle.files.get('stats/route-inet6.txt')?.toString()).toBe(table);
    expect(item(bundle, 'stats/route-inet6.txt')).toMatchObject({ status: 'ok', what: 'route -n -A inet6', exitCode: 0 });
    expect(bundle.manifest.items.some((entry) => entry.path === 'stats/ip6-route.txt')).toBe(false);
    expect(matchSource('stats/route-inet6.txt')).toEqual({ source: 'ipv6Routes', candidate: 1 });
  });

  it('records the IPv6 items missing when the node has neither ip nor route', async () => {
    const { bundle } = await collect({}, { ipv6: true });
    expect(item(bundle, 'stats/ip6-route.txt')).toMatchObject({ status: 'missing', what: 'ip -6 route', bytes: 0, note: 'ip not found; route not found' });
    expect(bundle.manifest.missingTools).toEqual(expect.arrayContaining(['ip', 'route']));
    expect(item(bundle, 'stats/proc-net-ipv6-route.txt')).toMatchObject({ status: 'ok' });
  });

  it('records a kernel without IPv6 as missing with the reason, and does not run ip -6 route', async () => {
    // This ip fails on `-6 route`: had the collector run it, the item would be `failed`.
    const { bundle } = await collect({ fakes: { ip: fakeIp('unused').replace('"-6 route")', '"-6 route") exit 2 ;; never)') } }, { ipv6: false });
    const note = 'IPv6 is disabled on this node (no /proc/net/ipv6_route)';
    expect(item(bundle, 'stats/ip6-route.txt')).toEqual({ path: 'stats/ip6-route.txt', what: 'ip -6 route', status: 'missing', exitCode: null, bytes: 0, durationMs: 0, note });
    expect(item(bundle, 'stats/proc-net-ipv6-route.txt')).toMatchObject({ what: '/proc/net/ipv6_route', status: 'missing', note });
    expect([...bundle.files.keys()].filter((path) => /ip6|ipv6|inet6/.test(path))).toEqual([]);
    expect(item(bundle, 'stats/ip-route.txt')).toMatchObject({ status: 'ok' });
    expect(bundle.manifest.missingTools).not.toContain('ip');
  });

  it('keeps the budget: an IPv6 table over --max-file-size is cut and marked truncated', async () => {
    const big = 'fe80::/64 dev veth0123abcd proto kernel metric 256 pref medium\n'.repeat(400);
    const root = await copySampleRoot('debug-pod-minimal', join(dir, 'root'));
    await writeFile(join(root, 'proc/net/ipv6_route'), await readFile(PROC_IPV6_ROUTE));
    const out = join(dir, 'out');
    await mkdir(out);
    const tools = await toolFarm(join(dir, 'bin'), name, { fakes: { ip: fakeIp(big) } });
    const run = await runCollector({ shell: name, path: tools, args: ['--root', root, '--output-dir', out, '--max-file-size', '4K'], env: { PODMORTEM_NOW: String(NOW) } });
    expect(run.code).toBe(0);
    const bundle = await openBundle(await readFile(await archiveIn(out)));
    expect(item(bundle, 'stats/ip6-route.txt')).toMatchObject({ status: 'truncated', bytes: 4096, note: 'kept the first 4096 bytes' });
    expect(bundle.files.get('stats/ip6-route.txt')?.length).toBe(4096);
  });
});
