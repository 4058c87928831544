/**
 * One row of /proc/net/ipv6_route (net/ipv6/route.c): no header, ten space-separated fields,
 * addresses as 32 hex digits in network order, numbers in hex. Sample (Linux 6.18):
 *
 *   `00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0`
 *     → { destination: 'default', gateway: 'fd00::1', device: 'eth0', metric: 1024, flags: ['U', 'G'], type: null }
 *   `00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo`
 *     → the kernel's null entry, not a default route: { destination: 'default', type: 'unreachable', flags: ['!', 'n'] }
 *
 * Fields: destination and its prefix length, source and its prefix length (source-specific
 * routes), next hop, metric, reference count, use count, flags (RTF_* of linux/route.h and
 * linux/ipv6_route.h), device. The file mixes the main and the local table: the node's own
 * addresses are RTF_LOCAL rows.
 */
import { emptyRoute, type Route } from './ip-route.js';

const HEX32 = /^[0-9A-Fa-f]{32}$/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;
const HEX8 = /^[0-9A-Fa-f]{8}$/;

const RTF_REJECT = 0x0200;
const RTF_ANYCAST = 0x00100000;
const RTF_LOCAL = 0x80000000;

/** The letters net-tools' `route -A inet6` prints for the same bits, in its order. */
const FLAG_LETTERS: [number, string][] = [
  [0x1, 'U'],
  [RTF_REJECT, '!'],
  [0x2, 'G'],
  [0x4, 'H'],
  [0x00010000, 'D'],
  [0x00040000, 'A'],
  [0x01000000, 'C'],
  [0x00020000, 'a'],
  [0x00400000, 'e'],
  [0x20, 'm'],
  [0x00200000, 'n'],
  [0x02000000, 'f'],
];

/** Whether the words look like a /proc/net/ipv6_route row (a 32-hex-digit address, then a 2-digit length). */
export function looksLikeProcIpv6Row(words: readonly string[]): boolean {
  return words.length >= 9 && words[0]!.length === 32 && words[1]!.length === 2 && HEX32.test(words[0]!);
}

/** A row as a Route, or null when a field is not what the kernel prints. */
export function readProcIpv6Route(words: readonly string[], line: number): Route | null {
  if (words.length !== 9 && words.length !== 10) return null;
  const [dest, destLength, source, sourceLength, nextHop, metric, refCount, useCount, flagsHex, device] = words as string[];
  const destination = ipv6FromHex(dest!);
  const sourceAddress = ipv6FromHex(source!);
  const gateway = ipv6FromHex(nextHop!);
  const prefix = prefixLength(destLength!);
  const sourcePrefix = prefixLength(sourceLength!);
  if (destination === null || sourceAddress === null || gateway === null || prefix === null || sourcePrefix === null) return null;
  if (![metric, refCount, useCount, flagsHex].every((field) => HEX8.test(field!))) return null;
  const flags = parseInt(flagsHex!, 16);
  const route = emptyRoute(line, ipv6Destination(destination, prefix));
  route.gateway = gateway === '::' ? null : gateway;
  route.device = device ?? null;
  route.metric = parseInt(metric!, 16);
  route.type = (flags & RTF_LOCAL) !== 0 ? 'local' : (flags & RTF_REJECT) !== 0 ? 'unreachable' : (flags & RTF_ANYCAST) !== 0 ? 'anycast' : null;
  route.flags = FLAG_LETTERS.filter(([bit]) => (flags & bit) !== 0).map(([, letter]) => letter);
  if (sourcePrefix > 0) route.attributes.from = `${sourceAddress}/${sourcePrefix}`;
  return route;
}

/** `::/0` → `default`; a host route (`/128`) is the bare address, as `ip -6 route` prints it. */
export function ipv6Destination(address: string, prefix: number): string {
  if (prefix === 0 && address === '::') return 'default';
  return prefix === 128 ? address : `${address}/${prefix}`;
}

/** `fe8000000000000000fc00fffe000001` → `fe80::fc:ff:fe00:1` (RFC 5952 text); null when not 32 hex digits. */
export function ipv6FromHex(hex: string): string | null {
  if (!HEX32.test(hex)) return null;
  const groups = Array.from({ length: 8 }, (_, index) => parseInt(hex.slice(index * 4, index * 4 + 4), 16).toString(16));
  // The longest run of two or more zero groups (the first of equal ones) becomes `::`.
  let best = -1;
  let bestLength = 1;
  for (let at = 0; at < groups.length;) {
    let end = at;
    while (end < groups.length && groups[end] === '0') end += 1;
    if (end - at > bestLength) [best, bestLength] = [at, end - at];
    at = Math.max(end, at + 1);
  }
  if (best === -1) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

function prefixLength(text: string): number | null {
  if (!HEX2.test(text)) return null;
  const value = parseInt(text, 16);
  return value <= 128 ? value : null;
}
