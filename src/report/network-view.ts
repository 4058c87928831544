/**
 * Listening ports (`ss -tulpn` / `netstat -tulpn`) and routes (`ip route`, `netstat -rn`,
 * /proc/net/route; `ip -6 route`, `route -A inet6`, /proc/net/ipv6_route) as the snapshot showed
 * them, bounded: ports in port order, routes in the order the table printed them (the kernel's
 * lookup order for `ip route`).
 */
import type { NodeModel } from '../model/index.js';
import type { RouteTable } from '../sources/index.js';
import { byText } from './text.js';

export interface NetworkView {
  listeners: { total: number; tool: 'ss' | 'netstat' | 'unknown' | null; file: string | null; shown: ListenerView[] };
  routes: RoutesView;
  ipv6Routes: RoutesView;
}

export interface RoutesView {
  total: number;
  format: RouteTable['format'] | null;
  file: string | null;
  shown: RouteView[];
}

export interface ListenerView {
  proto: string | null;
  state: string | null;
  address: string;
  port: number | null;
  interface: string | null;
  process: string | null;
  pid: number | null;
}

export interface RouteView {
  destination: string;
  gateway: string | null;
  device: string | null;
  type: string | null;
  protocol: string | null;
  scope: string | null;
  source: string | null;
  metric: number | null;
  table: string | null;
}

export const MAX_LISTENERS = 100;
export const MAX_ROUTES = 100;

export function buildNetworkView({ network }: Pick<NodeModel, 'network'>): NetworkView {
  const { sockets, routes, ipv6Routes } = network;
  const listeners: ListenerView[] = (sockets?.listeners ?? []).map((listener) => ({
    proto: listener.proto,
    state: listener.state,
    address: listener.address,
    port: listener.port,
    interface: listener.interface,
    process: listener.process,
    pid: listener.pid,
  }));
  listeners.sort((a, b) => (a.port ?? -1) - (b.port ?? -1) || byText(a.proto ?? '', b.proto ?? '') || byText(a.address, b.address));
  return {
    listeners: { total: listeners.length + (sockets?.droppedListeners ?? 0), tool: sockets?.tool ?? null, file: sockets?.file ?? null, shown: listeners.slice(0, MAX_LISTENERS) },
    routes: routesView(routes),
    ipv6Routes: routesView(ipv6Routes),
  };
}

function routesView(table: RouteTable | null): RoutesView {
  const rows: RouteView[] = (table?.routes ?? []).map((route) => ({
    destination: route.destination,
    gateway: route.gateway,
    device: route.device,
    type: route.type,
    protocol: route.protocol,
    scope: route.scope,
    source: route.source,
    metric: route.metric,
    table: route.table,
  }));
  return { total: rows.length + (table?.droppedRoutes ?? 0), format: table?.format ?? null, file: table?.file ?? null, shown: rows.slice(0, MAX_ROUTES) };
}
