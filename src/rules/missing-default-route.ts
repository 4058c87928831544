/**
 * No default route: the node reaches only the networks it is directly attached to (and what the
 * CNI routes), so the API server behind a load balancer, image registries, DNS upstreams and
 * cloud metadata are out of reach. The kubelet stops reporting and the node goes NotReady.
 */
import type { Route } from '../sources/index.js';
import { defineRule } from './define-rule.js';
import { snapshotTime } from './vitals-helpers.js';

/** Route types that carry no traffic out (ip route prints them first: `unreachable default`). */
const NOT_FORWARDING = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);
/** ip route's marks of a route whose link (or every nexthop's) is down. */
const DOWN_FLAGS = ['linkdown', 'dead'];

export const missingDefaultRoute = defineRule({
  id: 'missing-default-route',
  title: 'No default route',
  severity: 'critical',
  requires: ['routes'],
  messages: {
    'no-default-route': 'The routing table ({routesFrom}, {routes} routes) has no default route: only {devices} networks are reachable',
    'default-route-down': 'Every default route is down ({gateways} via {devices}): the node cannot reach anything beyond its local networks',
  },
  check(model, report) {
    const table = model.network.routes;
    if (!table || table.routes.length === 0) return;
    const defaults = table.routes.filter(isDefault);
    const time = snapshotTime(model);
    const base = { routesFrom: table.format, routes: table.routes.length };
    if (defaults.length === 0 && !hasSplitDefault(table.routes)) {
      const devices = [...new Set(table.routes.map((route) => route.device).filter((device): device is string => device !== null))];
      report({ messageId: 'no-default-route', data: { ...base, devices }, time, evidence: [{ path: table.file, line: null }] });
      return;
    }
    if (defaults.length > 0 && defaults.every(isDown)) {
      report({
        messageId: 'default-route-down',
        data: { ...base, gateways: defaults.map((route) => route.gateway ?? '?'), devices: defaults.map((route) => route.device ?? '?') },
        time,
        evidence: defaults.map((route) => ({ path: table.file, line: route.line })),
      });
    }
  },
});

function isDefault(route: Route): boolean {
  return (route.destination === 'default' || route.destination === '0.0.0.0/0') && !NOT_FORWARDING.has(route.type ?? 'unicast');
}

/** VPN clients replace the default route with two halves, `0.0.0.0/1` and `128.0.0.0/1`. */
function hasSplitDefault(routes: Route[]): boolean {
  return ['0.0.0.0/1', '128.0.0.0/1'].every((half) => routes.some((route) => route.destination === half));
}

function isDown(route: Route): boolean {
  return route.flags.some((flag) => DOWN_FLAGS.includes(flag));
}
