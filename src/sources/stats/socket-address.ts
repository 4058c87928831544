/**
 * `host:port` as ss and netstat print it, split at the LAST colon (domain-facts §6.4):
 *
 *   `0.0.0.0:22`                      → { address: '0.0.0.0', port: 22, interface: null }
 *   `[::]:22`, `:::22` (netstat)      → { address: '::', port: 22 }
 *   `*:10250`                         → { address: '*', port: 10250 }
 *   `127.0.0.53%lo:53`                → { address: '127.0.0.53', port: 53, interface: 'lo' }
 *   `[fe80::1]%eth0:546`              → { address: 'fe80::1', port: 546, interface: 'eth0' }
 *   `0.0.0.0:*`                       → { address: '0.0.0.0', port: null }
 */
import { parseInteger } from './numbers.js';

export interface SocketAddress {
  address: string;
  port: number | null;
  interface: string | null;
}

export function splitSocketAddress(text: string): SocketAddress | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  const port = portText === '*' ? null : parseInteger(portText);
  if (port === null && portText !== '*') return null;
  let host = text.slice(0, colon);
  let iface: string | null = null;
  const percent = host.lastIndexOf('%');
  if (percent >= 0) {
    iface = host.slice(percent + 1);
    host = host.slice(0, percent);
    // `[fe80::1%eth0]:546`: the zone was inside the brackets.
    if (iface.endsWith(']')) {
      iface = iface.slice(0, -1);
      host += ']';
    }
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host === '' ? null : { address: host, port, interface: iface || null };
}
