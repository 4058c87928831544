/**
 * Shared by the route rules: what a default route is, which routes lead to pods, and whether the
 * node uses IPv6 at all (so that a node with IPv6 merely switched on is not judged by its IPv6 table).
 */
import type { NodeModel } from '../model/index.js';
import type { Route, RouteTable } from '../sources/index.js';
import type { Evidence } from './define-rule.js';

/** Route types that carry no traffic out (ip route prints them first: `unreachable default`). */
const NOT_FORWARDING = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);
/** ip route's marks of a route whose link (or every nexthop's) is down. */
const DOWN_FLAGS = ['linkdown', 'dead'];

/**
 * Devices CNI plugins route pods through: bridge (cni0, kubenet's cbr0), flannel, Calico (cali*,
 * vxlan.calico, tunl0, wireguard.cali), Cilium, Weave, AWS VPC CNI (eni*), Azure CNI (azure*,
 * azv*), GKE Dataplane V2 (gke*), Antrea, OVN-Kubernetes, kube-router, and point-to-point veths (kindnet).
 */
const CNI_DEVICE = /^(?:cni\d*|cbr0|flannel[.-]|cali|vxlan\.calico|wireguard\.cali|tunl0|cilium_|lxc|weave|vethwe|eni|azure|azv|gke|antrea-|ovn-k8s-|genev_sys_|kube-bridge|veth)/;
/** Default pod CIDRs of kubeadm+flannel (10.244.0.0/16) and k3s/RKE2 (10.42.0.0/16). */
const DEFAULT_POD_CIDRS = /^10\.(?:244|42)\./;

/**
 * A default route that forwards: not a reject type (`unreachable default`, the kernel's IPv6 null
 * entry on `lo`) and not flagged `!` (reject) by netstat, route or /proc.
 */
export function isDefaultRoute(route: Route): boolean {
  return (route.destination === 'default' || route.destination === '0.0.0.0/0') && !NOT_FORWARDING.has(route.type ?? 'unicast') && !route.flags.includes('!');
}

export function isDown(route: Route): boolean {
  return route.flags.some((flag) => DOWN_FLAGS.includes(flag));
}

/** Devices a table routes through, in table order, without repeats. */
export function routeDevices(routes: readonly Route[]): string[] {
  return [...new Set(routes.map((route) => route.device).filter((device): device is string => device !== null))];
}

/** A route through a CNI device (any nexthop), a Calico BGP or IPAM-block route, or a default pod CIDR. */
export function isPodRoute(route: Route): boolean {
  const devices = [route.device, ...route.nexthops.map((hop) => hop.device)];
  if (devices.some((device) => device !== null && CNI_DEVICE.test(device))) return true;
  if (route.protocol === 'bird' || route.type === 'blackhole') return true;
  return DEFAULT_POD_CIDRS.test(route.destination);
}

/**
 * A global unicast (2000::/3) or unique local (fc00::/7) IPv6 address or prefix: one a node or a
 * pod is reached at. Link-local (`fe80::/64` exists on every interface with IPv6 on), multicast
 * (`ff00::/8`), loopback and the default route are not.
 */
export function isRoutableIpv6(destination: string): boolean {
  const address = destination.split('/')[0]!;
  if (!address.includes(':') || address.startsWith(':')) return false;
  const head = parseInt(address.slice(0, address.indexOf(':')), 16);
  return (head & 0xe000) === 0x2000 || (head & 0xfe00) === 0xfc00;
}

/** A route that gives a pod an IPv6 address the node routes to (link-local CNI routes do not). */
export function isIpv6PodRoute(route: Route): boolean {
  return isRoutableIpv6(route.destination) && isPodRoute(route);
}

/** What shows that the node uses IPv6; see templates/rules/missing-default-route.md. */
export type Ipv6Sign = 'node-ip' | 'pod-routes' | 'address-routes' | 'listeners';

export interface Ipv6Use {
  signs: Ipv6Sign[];
  /** Up to five addresses or prefixes that show it, in the order of `signs`. */
  addresses: string[];
  evidence: Evidence[];
  /** Kubernetes itself speaks IPv6 here (node IP, pod routes), not only the host. */
  kubernetes: boolean;
}

const SHOWN = 5;

/**
 * Evidence of IPv6 use the bundle holds: the kubelet's `--node-ip` (dual-stack nodes list two),
 * IPv6 routes to pods through a CNI device, routes to the node's own global or unique local
 * prefixes and addresses, and sockets bound to such an address.
 */
export function ipv6Use(model: Pick<NodeModel, 'network' | 'system'>, table: RouteTable): Ipv6Use {
  const use: Ipv6Use = { signs: [], addresses: [], evidence: [], kubernetes: false };
  const add = (sign: Ipv6Sign, addresses: string[], evidence: Evidence[]) => {
    if (addresses.length === 0) return;
    use.signs.push(sign);
    use.addresses.push(...addresses.slice(0, Math.max(0, SHOWN - use.addresses.length)));
    use.evidence.push(...evidence.slice(0, 3));
  };
  const flags = model.system.kubeletFlags;
  const nodeIps = (flags?.flags['node-ip'] ?? '')
    .split(',')
    .map((ip) => ip.trim())
    .filter(isRoutableIpv6);
  add('node-ip', nodeIps, flags ? [{ path: flags.file, line: null }] : []);
  const routable = table.routes.filter((route) => isRoutableIpv6(route.destination));
  const podRoutes = routable.filter(isPodRoute);
  const own = routable.filter((route) => !isPodRoute(route));
  const lines = (routes: Route[]) => routes.map((route) => ({ path: table.file, line: route.line }));
  add(
    'pod-routes',
    podRoutes.map((route) => route.destination),
    lines(podRoutes),
  );
  add(
    'address-routes',
    own.map((route) => route.destination),
    lines(own),
  );
  const sockets = model.network.sockets;
  const bound = (sockets?.listeners ?? []).filter((listener) => isRoutableIpv6(listener.address));
  add(
    'listeners',
    [...new Set(bound.map((listener) => listener.address))],
    bound.map((listener) => ({ path: sockets!.file, line: listener.line })),
  );
  use.kubernetes = use.signs.includes('node-ip') || use.signs.includes('pod-routes');
  return use;
}
