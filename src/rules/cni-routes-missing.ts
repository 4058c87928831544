/**
 * Pods run on the node, yet no route leads to a pod network: no route through a CNI device
 * (cni0, flannel.1, cali*, cilium_host, eni*, …) and no route that looks like a pod CIDR, in the
 * IPv4 table nor (as a route to a routable IPv6 prefix) in the IPv6 one. The CNI plugin may never
 * have programmed the node, so pods there cannot be reached. A heuristic: a CNI that routes in
 * eBPF or by policy routing in other tables may leave no trace in `ip route`.
 */
import type { RouteTable } from '../sources/index.js';
import { defineRule } from './define-rule.js';
import { isIpv6PodRoute, isPodRoute, isRoutableIpv6, routeDevices } from './route-helpers.js';
import { snapshotTime } from './vitals-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { fixed, kubeletLogs, podsOnNode } from './node-command-helpers.js';

/** Namespaces whose pods are mostly host-network system pods, which need no pod route. */
const SYSTEM_NAMESPACES = new Set(['kube-system']);
const PODS_LISTED = 5;

export const cniRoutesMissing = defineRule({
  id: 'cni-routes-missing',
  title: 'No pod-network routes while pods run',
  severity: 'warning',
  severities: {
    warning: 'no pod-network route while pods run',
  },
  requires: [['routes', 'ipv6Routes']],
  messages: {
    'no-cni-routes': 'No route through a CNI device or to a pod CIDR in {routes:route} ({routesFrom}) while {pods:pod} run on the node ({podNames}): the CNI may not have set up this node (heuristic)',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const cidr = sh`kubectl get node ${facts.node} -o jsonpath=`;
    const cniPods = sh`kubectl -n kube-system get pods -o wide --field-selector spec.nodeName=${facts.node}`;
    return [
      fixed('the routes and links now', 'ip route; ip -6 route; ip -br link'),
      suggest('the CNI pods on this node (their logs say why routes are missing)', cniPods),
      suggest("the node's pod CIDR", cidr === null ? null : `${cidr}'{.spec.podCIDR}{"\\n"}'`),
      fixed("the CNI's configuration and plugins", 'ls -l /etc/cni/net.d /opt/cni/bin'),
      kubeletLogs(facts, finding.time, 'cni|network plugin|NetworkNotReady'),
      podsOnNode(facts),
    ];
  },
  check(model, report) {
    const { routes } = model.network;
    // An IPv6 table with link-local routes only is a node that does not use IPv6: it says nothing.
    const ipv6Routes = model.network.ipv6Routes?.routes.some((route) => isRoutableIpv6(route.destination)) ? model.network.ipv6Routes : null;
    const tables = [routes, ipv6Routes].filter((table): table is RouteTable => table !== null && table.routes.length > 0);
    if (tables.length === 0) return;
    if (routes?.routes.some(isPodRoute) || ipv6Routes?.routes.some(isIpv6PodRoute)) return;
    const pods = model.pods.filter((pod) => pod.namespace === null || !SYSTEM_NAMESPACES.has(pod.namespace));
    if (pods.length === 0) return;
    report({
      messageId: 'no-cni-routes',
      data: {
        routes: tables.reduce((sum, table) => sum + table.routes.length, 0),
        routesFrom: tables.map((table) => (table === ipv6Routes ? `${table.format} (IPv6)` : table.format)).join(', '),
        devices: routeDevices(tables.flatMap((table) => table.routes)),
        pods: pods.length,
        podNames: pods.slice(0, PODS_LISTED).map((pod) => (pod.name ? `${pod.namespace ?? '?'}/${pod.name}` : `pod ${pod.uid}`)),
      },
      time: snapshotTime(model),
      evidence: tables.map((table) => ({ path: table.file, line: null })),
    });
  },
});
