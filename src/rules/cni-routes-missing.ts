/**
 * Pods run on the node, yet no route leads to a pod network: no route through a CNI device
 * (cni0, flannel.1, cali*, cilium_host, eni*, …) and no route that looks like a pod CIDR. The CNI
 * plugin may never have programmed the node, so pods there cannot be reached. A heuristic: a CNI
 * that routes in eBPF or by policy routing in other tables may leave no trace in `ip route`.
 */
import type { Route } from '../sources/index.js';
import { defineRule } from './define-rule.js';
import { snapshotTime } from './vitals-helpers.js';

/**
 * Devices CNI plugins route pods through: bridge (cni0, kubenet's cbr0), flannel, Calico (cali*,
 * vxlan.calico, tunl0, wireguard.cali), Cilium, Weave, AWS VPC CNI (eni*), Azure CNI (azure*,
 * azv*), GKE Dataplane V2 (gke*), Antrea, OVN-Kubernetes, kube-router, and point-to-point veths (kindnet).
 */
const CNI_DEVICE = /^(?:cni\d*|cbr0|flannel[.-]|cali|vxlan\.calico|wireguard\.cali|tunl0|cilium_|lxc|weave|vethwe|eni|azure|azv|gke|antrea-|ovn-k8s-|genev_sys_|kube-bridge|veth)/;
/** Default pod CIDRs of kubeadm+flannel (10.244.0.0/16) and k3s/RKE2 (10.42.0.0/16). */
const DEFAULT_POD_CIDRS = /^10\.(?:244|42)\./;
/** Namespaces whose pods are mostly host-network system pods, which need no pod route. */
const SYSTEM_NAMESPACES = new Set(['kube-system']);
const PODS_LISTED = 5;

export const cniRoutesMissing = defineRule({
  id: 'cni-routes-missing',
  title: 'No pod-network routes while pods run',
  severity: 'warning',
  requires: ['routes'],
  messages: {
    'no-cni-routes': 'No route through a CNI device or to a pod CIDR in {routes} routes ({routesFrom}) while {pods} pods run on the node ({podNames}): the CNI may not have set up this node (heuristic)',
  },
  check(model, report) {
    const table = model.network.routes;
    if (!table || table.routes.length === 0 || table.routes.some(isPodRoute)) return;
    const pods = model.pods.filter((pod) => pod.namespace === null || !SYSTEM_NAMESPACES.has(pod.namespace));
    if (pods.length === 0) return;
    report({
      messageId: 'no-cni-routes',
      data: {
        routes: table.routes.length,
        routesFrom: table.format,
        devices: [...new Set(table.routes.map((route) => route.device).filter((device): device is string => device !== null))],
        pods: pods.length,
        podNames: pods.slice(0, PODS_LISTED).map((pod) => (pod.name ? `${pod.namespace ?? '?'}/${pod.name}` : `pod ${pod.uid}`)),
      },
      time: snapshotTime(model),
      evidence: [{ path: table.file, line: null }],
    });
  },
});

/** A route through a CNI device (any nexthop), a Calico BGP or IPAM-block route, or a default pod CIDR. */
function isPodRoute(route: Route): boolean {
  const devices = [route.device, ...route.nexthops.map((hop) => hop.device)];
  if (devices.some((device) => device !== null && CNI_DEVICE.test(device))) return true;
  if (route.protocol === 'bird' || route.type === 'blackhole') return true;
  return DEFAULT_POD_CIDRS.test(route.destination);
}
