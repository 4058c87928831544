/**
 * Sockets in the NodePort range, and ports claimed twice. kube-proxy (iptables/IPVS mode, older
 * releases) holds a socket per NodePort to reserve it; any other process there (a hostNetwork
 * pod, a node daemon) collides with Services the API server may assign that port to. Two
 * different programs bound to one port on overlapping addresses (possible only with SO_REUSEPORT)
 * share its traffic in a way neither expects.
 */
import type { SocketTable } from '../sources/index.js';
import { defineRule } from './define-rule.js';
import { addressesOverlap, holderLabel, portHolders, type PortHolder } from './network-helpers.js';
import { snapshotTime } from './vitals-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { fixed } from './node-command-helpers.js';

/** The API server's default --service-node-port-range. */
const NODEPORT_MIN = 30000;
const NODEPORT_MAX = 32767;
/** Programs that reserve NodePorts on purpose. */
const NODEPORT_KEEPERS = new Set(['kube-proxy']);

export const nodeportListeners = defineRule({
  id: 'nodeport-listeners',
  title: 'NodePort-range listeners and port conflicts',
  severity: 'warning',
  severities: {
    warning: 'a process other than kube-proxy holds NodePort-range ports, or two processes bind one port on overlapping addresses',
    info: 'kube-proxy NodePort listeners, or a holder whose process is not shown',
  },
  requires: ['sockets'],
  messages: {
    'kube-proxy-nodeports': 'kube-proxy holds {count:NodePort}: {ports}',
    'other-holder': '"{process}" (pid {pid}) listens on {count:port} in the NodePort range {range}: {ports}',
    'unknown-holder': 'An unnamed process listens on {count:port} in the NodePort range {range}: {ports} (the socket table shows no process)',
    'port-conflict': 'Port {port}/{protocol} is bound by {processes} on overlapping addresses: {listeners}',
  },
  commands(_finding, model) {
    const facts = remedyFacts(model);
    const hostNetwork = sh`kubectl get pods -A --field-selector spec.nodeName=${facts.node} -o jsonpath=`;
    return [
      fixed('the sockets in the NodePort range now, with their processes', "ss -tulpn | grep -E ':3[0-2][0-9]{3}\\b'"),
      fixed('the NodePort services of the cluster', 'kubectl get svc -A -o wide | grep NodePort'),
      suggest(
        "the pods on this node that use the node's network",
        hostNetwork === null ? null : `${hostNetwork}'{range .items[?(@.spec.hostNetwork==true)]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}'`,
      ),
    ];
  },
  check(model, report) {
    const table = model.network.sockets;
    if (!table) return;
    const time = snapshotTime(model);
    const holders = portHolders(table);
    const inRange = holders.filter((holder) => holder.port >= NODEPORT_MIN && holder.port <= NODEPORT_MAX);
    for (const group of byProcess(inRange)) {
      const first = group[0]!;
      const keeper = first.process !== null && NODEPORT_KEEPERS.has(first.process);
      const messageId = keeper ? 'kube-proxy-nodeports' : first.process === null ? 'unknown-holder' : 'other-holder';
      report({
        messageId,
        severity: messageId === 'other-holder' ? 'warning' : 'info',
        data: {
          process: first.process,
          pid: first.pid,
          count: group.length,
          ports: group.map((holder) => `${holder.port}/${holder.protocol}`),
          portNumbers: group.map((holder) => holder.port),
          range: `${NODEPORT_MIN}-${NODEPORT_MAX}`,
        },
        subject: { process: first.process },
        time,
        evidence: group.flatMap((holder) => holder.listeners).map((listener) => ({ path: table.file, line: listener.line })),
      });
    }
    for (const conflict of conflicts(holders, table.tool)) {
      report({
        messageId: 'port-conflict',
        data: { port: conflict[0]!.port, protocol: conflict[0]!.protocol, processes: conflict.map((holder) => holder.process!), listeners: conflict.map(holderLabel) },
        time,
        evidence: conflict.flatMap((holder) => holder.listeners).map((listener) => ({ path: table.file, line: listener.line })),
      });
    }
  },
});

/** NodePort holders per process (name and pid), in port order. */
function byProcess(holders: PortHolder[]): PortHolder[][] {
  const groups = new Map<string, PortHolder[]>();
  for (const holder of holders) {
    const key = `${holder.process ?? '?'}/${holder.pid ?? '?'}`;
    groups.set(key, [...(groups.get(key) ?? []), holder]);
  }
  return [...groups.values()];
}

/**
 * Ports held by two or more differently named programs on overlapping addresses. Sockets of one
 * program (nginx workers sharing a listener, sshd on v4 and v6) are no conflict.
 */
function conflicts(holders: PortHolder[], tool: SocketTable['tool']): PortHolder[][] {
  const byPort = new Map<string, PortHolder[]>();
  for (const holder of holders) {
    if (holder.process === null) continue;
    const key = `${holder.port}/${holder.protocol}`;
    byPort.set(key, [...(byPort.get(key) ?? []), holder]);
  }
  const found: PortHolder[][] = [];
  for (const group of byPort.values()) {
    const involved = group.filter((holder) => group.some((other) => other.process !== holder.process && overlap(holder, other, tool)));
    if (involved.length > 1) found.push(involved);
  }
  return found;
}

function overlap(a: PortHolder, b: PortHolder, tool: SocketTable['tool']): boolean {
  return a.addresses.some((left) => b.addresses.some((right) => addressesOverlap(left, right, tool)));
}
