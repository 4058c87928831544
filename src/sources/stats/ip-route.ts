/**
 * One `ip route` (iproute2) line: an optional route type, the prefix, then keyword/value pairs
 * and bare flags in any order (domain-facts §6.5). Unknown keywords are kept, not refused.
 *
 *   `default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.5 metric 100`
 *     → { destination: 'default', gateway: '10.0.0.1', device: 'eth0', protocol: 'dhcp', source: '10.0.0.5', metric: 100 }
 *   `blackhole 10.244.1.0/24 proto bird`  → { type: 'blackhole', destination: '10.244.1.0/24', protocol: 'bird' }
 *   `	nexthop via 10.0.0.1 dev eth0 weight 1` (multipath) → a RouteNexthop of the route above
 */
import { emptyRecord } from '../safe-record.js';
import { splitWords } from './columns.js';
import { parseInteger } from './numbers.js';

export interface RouteNexthop {
  gateway: string | null;
  device: string | null;
  weight: number | null;
}

export interface Route {
  line: number;
  /** `default`, a prefix `10.0.0.0/24`, or a bare address for a host route (`/32` is dropped). */
  destination: string;
  gateway: string | null;
  device: string | null;
  metric: number | null;
  /**
   * ip route's route type (`unicast` unless printed: `local`, `blackhole`, `unreachable` …); null from
   * the tables, except /proc/net/ipv6_route's `local`, `anycast` and reject (`unreachable`) rows.
   */
  type: string | null;
  protocol: string | null;
  scope: string | null;
  source: string | null;
  table: string | null;
  /** ip route words (`onlink`, `linkdown`) or the tables' letters (`U`, `G`, `H`). */
  flags: string[];
  /** Multipath routes. */
  nexthops: RouteNexthop[];
  /** Other `keyword value` pairs as printed: `mtu 9001`, `pref medium`, `expires 297sec`. */
  attributes: Record<string, string>;
}

const ROUTE_TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);
const FLAGS = new Set(['onlink', 'linkdown', 'dead', 'pervasive', 'offload', 'trap', 'notify', 'rt_offload', 'rt_trap', 'rt_offload_failed', 'unresolved', 'lock']);
const KEYWORDS = new Set(['via', 'dev', 'proto', 'scope', 'src', 'metric', 'table', 'weight', 'mtu', 'advmss', 'pref', 'expires', 'realm', 'realms', 'tos', 'from', 'nhid', 'hoplimit']);
const MAX_ATTRIBUTES = 32;
/** `default`, `10.0.0.0/24`, `10.0.0.5`, `fe80::/64`, `ff00::/8`. */
const DESTINATION = /^(?:default|[0-9A-Fa-f.:]+(?:\/\d{1,3})?)$/;

/** An address has a dot or a colon: a bare hex word (`deadbeef`, a cut /proc/net/ipv6_route row) is not one. */
function isDestination(word: string): boolean {
  return DESTINATION.test(word) && (word === 'default' || word.includes('.') || word.includes(':'));
}

export function emptyRoute(line: number, destination: string): Route {
  return {
    line,
    destination,
    gateway: null,
    device: null,
    metric: null,
    type: null,
    protocol: null,
    scope: null,
    source: null,
    table: null,
    flags: [],
    nexthops: [],
    attributes: emptyRecord<string>(),
  };
}

/** A route line, or null when it has no destination. */
export function readIpRoute(text: string, line: number): Route | null {
  const words = splitWords(text);
  let at = 0;
  let type = 'unicast';
  if (ROUTE_TYPES.has(words[0] ?? '')) type = words[at++]!;
  const destination = words[at++];
  if (!destination || !isDestination(destination)) return null;
  const route = emptyRoute(line, destination);
  route.type = type;
  readPairs(words, at, route);
  return route;
}

/** `nexthop via 10.0.0.1 dev eth0 weight 1` → RouteNexthop; null when the line is not one. */
export function readNexthop(text: string): RouteNexthop | null {
  const words = splitWords(text);
  if (words[0] !== 'nexthop') return null;
  const scratch = emptyRoute(0, '');
  readPairs(words, 1, scratch);
  return { gateway: scratch.gateway, device: scratch.device, weight: parseInteger(scratch.attributes.weight ?? '') };
}

function readPairs(words: string[], from: number, route: Route): void {
  for (let at = from; at < words.length; at += 1) {
    const word = words[at]!;
    const next = words[at + 1];
    if (FLAGS.has(word) || next === undefined || (!KEYWORDS.has(word) && (KEYWORDS.has(next) || FLAGS.has(next)))) {
      if (route.flags.length < MAX_ATTRIBUTES) route.flags.push(word);
      continue;
    }
    at += 1;
    // `via inet6 fe80::1`: a gateway of the other family names it first.
    const value = word === 'via' && (next === 'inet' || next === 'inet6') && words[at + 1] ? words[++at]! : next;
    assign(route, word, value);
  }
}

function assign(route: Route, keyword: string, value: string): void {
  switch (keyword) {
    case 'via':
      route.gateway = value;
      return;
    case 'dev':
      route.device = value;
      return;
    case 'metric':
      route.metric = parseInteger(value);
      return;
    case 'proto':
      route.protocol = value;
      return;
    case 'scope':
      route.scope = value;
      return;
    case 'src':
      route.source = value;
      return;
    case 'table':
      route.table = value;
      return;
    default:
      if (Object.keys(route.attributes).length < MAX_ATTRIBUTES) route.attributes[keyword] = value;
  }
}
