/**
 * What listens on the node, as one summary for the report, and a warning when a port the
 * Kubernetes components own is held by some other program: the component then cannot start
 * (`bind: address already in use`), or a stranger answers in its place.
 */
import { defineRule } from './define-rule.js';
import { holderLabel, portHolders, type PortHolder } from './network-helpers.js';
import { snapshotTime } from './vitals-helpers.js';
import { fixed } from './node-command-helpers.js';

/** How many port holders the summary lists; the rest are counted. */
const LISTED = 40;

/** Well-known node ports, their owner, and the programs that may hold them (distributions embed the components). */
const OWNERS: ReadonlyMap<number, { owner: string; programs: readonly string[] }> = new Map([
  [10250, { owner: 'kubelet', programs: ['kubelet', 'k3s', 'k3s-server', 'k3s-agent', 'kubelite'] }],
  [10248, { owner: 'kubelet', programs: ['kubelet', 'k3s', 'k3s-server', 'k3s-agent', 'kubelite'] }],
  [10256, { owner: 'kube-proxy', programs: ['kube-proxy', 'cilium-agent', 'k3s', 'k3s-server', 'k3s-agent', 'kubelite'] }],
  [2379, { owner: 'etcd', programs: ['etcd', 'k3s', 'k3s-server'] }],
  [2380, { owner: 'etcd', programs: ['etcd', 'k3s', 'k3s-server'] }],
  [6443, { owner: 'kube-apiserver', programs: ['kube-apiserver', 'k3s', 'k3s-server', 'kubelite', 'haproxy'] }],
]);

export const listeningPorts = defineRule({
  id: 'listening-ports',
  title: 'Listening ports',
  severity: 'info',
  severities: {
    warning: 'a well-known Kubernetes port is held by an unexpected process',
    info: 'the list of listening ports',
  },
  requires: ['sockets'],
  messages: {
    listening: '{sockets:listening socket} on {ports:port}: {listeners}',
    'unexpected-holder': 'Port {port}/{protocol}, the {owner}\'s, is held by "{process}" (pid {pid}) on {addresses}',
  },
  commands() {
    return [
      fixed('the listening sockets now, with their processes', 'ss -tulpn'),
      fixed('a kubelet or proxy that could not bind its port', "journalctl -u kubelet -b --no-pager | grep -i 'address already in use'"),
    ];
  },
  check(model, report) {
    const table = model.network.sockets;
    if (!table || table.listeners.length === 0) return;
    const time = snapshotTime(model);
    const holders = portHolders(table);
    report({
      messageId: 'listening',
      data: {
        sockets: table.listeners.length,
        ports: new Set(holders.map((holder) => `${holder.port}/${holder.protocol}`)).size,
        listeners: holders.slice(0, LISTED).map(holderLabel),
        moreListeners: Math.max(0, holders.length - LISTED),
        processesVisible: holders.some((holder) => holder.process !== null),
        tool: table.tool,
      },
      time,
      evidence: [{ path: table.file, line: null }],
    });
    for (const holder of holders.filter(isUnexpected)) {
      report({
        messageId: 'unexpected-holder',
        severity: 'warning',
        data: { port: holder.port, protocol: holder.protocol, owner: OWNERS.get(holder.port)!.owner, process: holder.process, pid: holder.pid, addresses: holder.addresses },
        subject: { process: holder.process },
        time,
        evidence: holder.listeners.map((listener) => ({ path: table.file, line: listener.line })),
      });
    }
  },
});

/** A TCP well-known port held by a named program that is not its owner; an unnamed holder is not judged. */
function isUnexpected(holder: PortHolder): boolean {
  const owner = OWNERS.get(holder.port);
  return owner !== undefined && holder.protocol === 'tcp' && holder.process !== null && !owner.programs.includes(holder.process);
}
