/**
 * No default route: the node reaches only the networks it is directly attached to (and what the
 * CNI routes), so the API server behind a load balancer, image registries, DNS upstreams and
 * cloud metadata are out of reach. The kubelet stops reporting and the node goes NotReady.
 * IPv6 is judged on its own table, and only on a node that shows it uses IPv6: a dual-stack or
 * IPv6-only node without an IPv6 default route loses pod egress the same way.
 */
import type { NodeModel } from '../model/index.js';
import type { Route } from '../sources/index.js';
import { defineRule, type FindingInput } from './define-rule.js';
import { ipv6Use, isDefaultRoute, isDown, isRoutableIpv6, routeDevices } from './route-helpers.js';
import { snapshotTime } from './vitals-helpers.js';
import { fixed } from './node-command-helpers.js';

/** Devices named in an IPv6 finding: a node has a link-local route on every veth. */
const IPV6_DEVICES = 10;

const MESSAGES = {
  'no-default-route': 'The routing table ({routesFrom}, {routes} routes) has no default route: only {devices} networks are reachable',
  'default-route-down': 'Every default route is down ({gateways} via {devices}): the node cannot reach anything beyond its local networks',
  'no-ipv6-default-route':
    'The node uses IPv6 ({ipv6Use}: {addresses}) but its IPv6 routing table ({routesFrom}, {routes} routes) has no default route: IPv6 traffic, pod egress included, reaches only {devices} networks',
  'ipv6-default-route-down': 'Every IPv6 default route is down ({gateways} via {devices}) while the node uses IPv6 ({ipv6Use}): IPv6 traffic cannot leave the node',
} as const;

type Report = (finding: FindingInput<keyof typeof MESSAGES, 'critical' | 'warning'>) => void;

export const missingDefaultRoute = defineRule({
  id: 'missing-default-route',
  title: 'No default route',
  severity: 'critical',
  severities: {
    critical: 'no usable IPv4 default route, or no IPv6 one where Kubernetes uses IPv6',
    warning: 'no IPv6 default route where only the host uses IPv6',
  },
  requires: [['routes', 'ipv6Routes']],
  messages: MESSAGES,
  commands() {
    return [
      fixed('the default routes now', 'ip route show default; ip -6 route show default'),
      fixed('the links and their addresses', 'ip -br link; ip -br addr'),
      fixed('what manages the network says', 'networkctl status 2>/dev/null || nmcli device status'),
      fixed("the network manager's log this boot", 'journalctl -b -u systemd-networkd -u NetworkManager --no-pager | tail -50'),
      fixed('IPv6 forwarding and router advertisements', 'sysctl net.ipv6.conf.all.forwarding net.ipv6.conf.all.accept_ra'),
    ];
  },
  check(model, report) {
    checkIpv4(model, report);
    checkIpv6(model, report);
  },
});

function checkIpv4(model: NodeModel, report: Report): void {
  const table = model.network.routes;
  if (!table || table.routes.length === 0) return;
  const defaults = table.routes.filter(isDefaultRoute);
  const time = snapshotTime(model);
  const base = { routesFrom: table.format, routes: table.routes.length };
  if (defaults.length === 0 && !hasSplitDefault(table.routes)) {
    report({ messageId: 'no-default-route', data: { ...base, devices: routeDevices(table.routes) }, time, evidence: [{ path: table.file, line: null }] });
    return;
  }
  if (defaults.length > 0 && defaults.every(isDown)) {
    report({ messageId: 'default-route-down', data: { ...base, ...downData(defaults) }, time, evidence: defaults.map((route) => ({ path: table.file, line: route.line })) });
  }
}

/**
 * Judged only when the node shows it uses IPv6 (route-helpers' ipv6Use). Critical when Kubernetes
 * itself speaks IPv6 here (an IPv6 node IP, IPv6 pod routes); a warning when only the host has a
 * routable IPv6 address.
 */
function checkIpv6(model: NodeModel, report: Report): void {
  const table = model.network.ipv6Routes;
  if (!table) return;
  const use = ipv6Use(model, table);
  if (use.signs.length === 0) return;
  const defaults = table.routes.filter(isDefaultRoute);
  const severity = use.kubernetes ? 'critical' : 'warning';
  const time = snapshotTime(model);
  const base = { routesFrom: table.format, routes: table.routes.length, ipv6Use: use.signs, addresses: use.addresses };
  if (defaults.length === 0 && !hasIpv6SplitDefault(table.routes)) {
    const devices = routeDevices(table.routes.filter((route) => isRoutableIpv6(route.destination))).slice(0, IPV6_DEVICES);
    report({ messageId: 'no-ipv6-default-route', severity, data: { ...base, devices }, time, evidence: [{ path: table.file, line: null }, ...use.evidence] });
    return;
  }
  if (defaults.length > 0 && defaults.every(isDown)) {
    report({ messageId: 'ipv6-default-route-down', severity, data: { ...base, ...downData(defaults) }, time, evidence: defaults.map((route) => ({ path: table.file, line: route.line })) });
  }
}

function downData(defaults: Route[]) {
  return { gateways: defaults.map((route) => route.gateway ?? '?'), devices: defaults.map((route) => route.device ?? '?') };
}

/** VPN clients replace the default route with two halves, `0.0.0.0/1` and `128.0.0.0/1`. */
function hasSplitDefault(routes: Route[]): boolean {
  return ['0.0.0.0/1', '128.0.0.0/1'].every((half) => routes.some((route) => route.destination === half));
}

/** The IPv6 halves (`::/1` and `8000::/1`), or a route to all global unicast space (`2000::/3`). */
function hasIpv6SplitDefault(routes: Route[]): boolean {
  const forwarding = routes.filter((route) => !route.flags.includes('!') && (route.type === null || route.type === 'unicast'));
  const has = (destination: string) => forwarding.some((route) => route.destination === destination);
  return (has('::/1') && has('8000::/1')) || has('2000::/3');
}
