/**
 * Shared by the listener rules: the protocol family of a socket, whether two bound addresses
 * overlap (so that binding both would conflict), and listeners grouped per port and process.
 */
import type { Listener, SocketTable } from '../sources/index.js';

export type Protocol = 'tcp' | 'udp' | 'other';

/** `tcp`, `tcp6` → tcp; `udp6` → udp; ss without a Netid column tells by the state. */
export function protocolOf(listener: Listener): Protocol {
  const proto = listener.proto?.replace(/6$/, '') ?? (listener.state === 'LISTEN' ? 'tcp' : listener.state === 'UNCONN' ? 'udp' : null);
  return proto === 'tcp' || proto === 'udp' ? proto : 'other';
}

type Scope = { kind: 'any' } | { kind: 'wildcard'; version: 4 | 6 } | { kind: 'address'; version: 4 | 6; address: string };

/**
 * ss prints a dual-stack wildcard as `*` and a v6-only one as `[::]`; netstat prints both as `::`,
 * so there `::` may cover IPv4 too.
 */
function scopeOf(address: string, tool: SocketTable['tool']): Scope {
  if (address === '*') return { kind: 'any' };
  if (address === '0.0.0.0') return { kind: 'wildcard', version: 4 };
  if (address === '::') return tool === 'netstat' ? { kind: 'any' } : { kind: 'wildcard', version: 6 };
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return { kind: 'address', version: 4, address: mapped };
  return { kind: 'address', version: address.includes(':') ? 6 : 4, address };
}

/** Whether two sockets on the same port and protocol claim some address in common. */
export function addressesOverlap(a: string, b: string, tool: SocketTable['tool']): boolean {
  const left = scopeOf(a, tool);
  const right = scopeOf(b, tool);
  if (left.kind === 'any' || right.kind === 'any') return true;
  if (left.version !== right.version) return false;
  if (left.kind === 'wildcard' || right.kind === 'wildcard') return true;
  return left.address === right.address;
}

/** Sockets of one process on one port and protocol: `22/tcp sshd [0.0.0.0 ::]`. */
export interface PortHolder {
  port: number;
  protocol: Protocol;
  /** null when the tool could not see the process (ss -p without root, netstat's `-`). */
  process: string | null;
  pid: number | null;
  addresses: string[];
  listeners: Listener[];
}

/** Listening (and bound UDP) sockets grouped per port, protocol and process, by port. */
export function portHolders(table: SocketTable): PortHolder[] {
  const groups = new Map<string, PortHolder>();
  for (const listener of table.listeners) {
    if (listener.port === null) continue;
    const protocol = protocolOf(listener);
    const key = `${listener.port}/${protocol}/${listener.process ?? '?'}/${listener.pid ?? '?'}`;
    let holder = groups.get(key);
    if (!holder) {
      holder = { port: listener.port, protocol, process: listener.process, pid: listener.pid, addresses: [], listeners: [] };
      groups.set(key, holder);
    }
    if (!holder.addresses.includes(listener.address)) holder.addresses.push(listener.address);
    holder.listeners.push(listener);
  }
  return [...groups.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || (a.process ?? '').localeCompare(b.process ?? ''));
}

/** `22/tcp sshd [0.0.0.0 ::]`, or `?` for a process the tool could not see. */
export function holderLabel(holder: PortHolder): string {
  return `${holder.port}/${holder.protocol} ${holder.process ?? '?'} [${holder.addresses.join(' ')}]`;
}
