/**
 * The routing table from `ip route`, `netstat -rn` / `route -n`, or `/proc/net/route`, and the
 * IPv6 one from `ip -6 route`, `route -n -A inet6` or `/proc/net/ipv6_route`, told apart by
 * content (domain-facts §6.5). Samples:
 *
 *   ip route         `default via 192.0.2.1 dev eth0`
 *                    → { destination: 'default', gateway: '192.0.2.1', device: 'eth0', type: 'unicast' }
 *   netstat -rn      `0.0.0.0         192.0.2.1       0.0.0.0         UG        0 0          0 eth0`
 *                    → { destination: 'default', gateway: '192.0.2.1', device: 'eth0', flags: ['U', 'G'] }
 *   /proc/net/route  `eth0	00000000	010200C0	0003	0	0	0	00000000	0	0	0`
 *                    → the same route: addresses are little-endian hex (`010200C0` = 192.0.2.1)
 *   ip -6 route      `default via fe80::1 dev eth0 proto ra metric 1024 expires 1790sec pref medium`
 *                    → { destination: 'default', gateway: 'fe80::1', protocol: 'ra', attributes: { expires: '1790sec', pref: 'medium' } }
 *   route -A inet6   `::/0                           fd00::1                    UG   1024 3      0 eth0`
 *                    → { destination: 'default', gateway: 'fd00::1', device: 'eth0', metric: 1024, flags: ['U', 'G'] }
 *   /proc/net/ipv6_route: see proc-ipv6-route.ts
 *
 * A gateway of `0.0.0.0`, `*` or `::` means none (a directly connected network): null. A host
 * route is a bare address in every format (`/32` and `/128` are dropped, as ip route does).
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedList, splitWords } from './columns.js';
import { emptyRoute, readIpRoute, readNexthop, type Route } from './ip-route.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger } from './numbers.js';
import { looksLikeProcIpv6Row, readProcIpv6Route } from './proc-ipv6-route.js';

export type { Route, RouteNexthop } from './ip-route.js';

export interface RouteTable {
  file: string;
  format: 'ip-route' | 'netstat' | 'proc-net-route' | 'proc-net-ipv6-route';
  routes: Route[];
  droppedRoutes: number;
}

export const MAX_ROUTES = 5000;

type Format = RouteTable['format'];

export function createRoutesReader() {
  return createLineReader(startRoutes, isEmptyTable);
}

/** IPv6: an empty table is a node whose interfaces have IPv6 turned off (`disable_ipv6`), not a parse problem. */
export function createIpv6RoutesReader() {
  return createLineReader(startIpv6Routes, isEmptyTable);
}

export function startRoutes(file: SourceFile, report: ReportIssue): LineParser<RouteTable> {
  return startRouteTable(file, report, true);
}

export function startIpv6Routes(file: SourceFile, report: ReportIssue): LineParser<RouteTable> {
  return startRouteTable(file, report, false);
}

function isEmptyTable(table: RouteTable): boolean {
  return table.routes.length === 0;
}

function startRouteTable(file: SourceFile, report: ReportIssue, emptyIsIssue: boolean): LineParser<RouteTable> {
  const routes = new BoundedList<Route>(MAX_ROUTES);
  let format: Format = 'ip-route';
  let labels: string[] | null = null;
  const readRoute = (text: string, words: string[], lineNo: number): Route | null => {
    if (labels) return readTableRoute(labels, words, lineNo, format === 'proc-net-route');
    // /proc/net/ipv6_route has no header: its first row tells.
    if (format === 'ip-route' && routes.items.length === 0 && looksLikeProcIpv6Row(words)) format = 'proc-net-ipv6-route';
    return format === 'proc-net-ipv6-route' ? readProcIpv6Route(words, lineNo) : readIpRoute(text, lineNo);
  };
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0 || words[0] === 'Kernel') return;
      if (words[0] === 'Iface' || words[0] === 'Destination') {
        format = words[0] === 'Iface' ? 'proc-net-route' : 'netstat';
        labels = splitWords(text.replace('Next Hop', 'NextHop'));
        return;
      }
      if (format === 'ip-route' && words[0] === 'nexthop') {
        const hop = readNexthop(text);
        const last = routes.items.at(-1);
        if (!hop || !last) return report(lineNo, 'nexthop without a route');
        if (routes.dropped === 0 && last.nexthops.length < 64) last.nexthops.push(hop);
        return;
      }
      if (routes.full) {
        routes.dropped += 1;
        return;
      }
      const route = readRoute(text, words, lineNo);
      if (route) routes.push(route);
      else report(lineNo, `not a route (${format})`);
    },
    finish() {
      if (emptyIsIssue && routes.items.length === 0) report(null, 'no routes found');
      return { file: file.path, format, routes: routes.items, droppedRoutes: routes.dropped };
    },
  };
}

/** A row of the netstat/route or /proc/net/route table, by its labels. */
function readTableRoute(labels: string[], words: string[], line: number, hex: boolean): Route | null {
  if (words.length !== labels.length) return null;
  const field = (...names: string[]) => {
    const index = labels.findIndex((label) => names.includes(label));
    return index === -1 ? null : words[index]!;
  };
  const address = hex ? hexAddress : (text: string) => text;
  const destination = address(field('Destination') ?? '');
  const mask = field('Genmask', 'Mask');
  const gateway = field('Gateway', 'NextHop');
  const flags = field('Flags', 'Flag');
  if (!destination) return null;
  const prefix = mask === null ? null : prefixLength(address(mask) ?? '');
  const route = emptyRoute(line, cidr(destination, prefix));
  route.gateway = noGateway(gateway === null ? null : address(gateway));
  route.device = field('Iface', 'If');
  route.metric = parseInteger(field('Metric', 'Met') ?? '');
  route.flags = flags === null ? [] : hex ? hexFlags(flags) : Array.from(flags);
  for (const [label, name] of [
    ['MTU', 'mtu'],
    ['MSS', 'mss'],
  ] as const) {
    const value = field(label);
    if (value !== null && value !== '0') route.attributes[name] = value;
  }
  return route;
}

/** `0100000A` → `10.0.0.1`: /proc/net/route prints the address in the host's (little-endian) byte order. */
export function hexAddress(text: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(text)) return null;
  const bytes = [6, 4, 2, 0].map((at) => parseInt(text.slice(at, at + 2), 16));
  return bytes.join('.');
}

/** `255.255.255.0` → 24; null when the mask is not contiguous. */
function prefixLength(mask: string): number | null {
  const parts = mask.split('.').map((part) => parseInteger(part));
  if (parts.length !== 4 || parts.some((part) => part === null || part < 0 || part > 255)) return null;
  const bits = parts.map((part) => part!.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

function cidr(destination: string, prefix: number | null): string {
  if (destination === '::/0' || (prefix === 0 && destination === '0.0.0.0')) return 'default';
  // A host route: bare, as ip route prints it.
  if (destination.includes('/')) return destination.includes(':') && destination.endsWith('/128') ? destination.slice(0, -4) : destination;
  return prefix === null || prefix === 32 ? destination : `${destination}/${prefix}`;
}

function noGateway(gateway: string | null): string | null {
  return gateway === null || gateway === '0.0.0.0' || gateway === '*' || gateway === '::' ? null : gateway;
}

const FLAG_BITS: [number, string][] = [
  [0x1, 'U'],
  [0x2, 'G'],
  [0x4, 'H'],
  [0x8, 'R'],
  [0x10, 'D'],
  [0x20, 'M'],
  [0x200, '!'],
];

/** `0003` → `['U', 'G']` (RTF_UP, RTF_GATEWAY of linux/route.h). */
function hexFlags(text: string): string[] {
  const value = parseInt(text, 16);
  return Number.isNaN(value) ? [] : FLAG_BITS.filter(([bit]) => (value & bit) !== 0).map(([, letter]) => letter);
}
