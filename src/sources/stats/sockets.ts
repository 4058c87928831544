/**
 * Listening sockets from `ss -tulpn` (iproute2) or `netstat -tulpn` (net-tools), told apart by
 * the rows themselves (domain-facts §6.4). Sample, `ss -tunlp` of iproute2 3.10 (CentOS 7, no
 * `Process` label before iproute2 5.4):
 *
 *   tcp    LISTEN     0      128    127.0.0.1:10248                 *:*                   users:(("kubelet",pid=6216,fd=20))
 *
 *   → { tool: 'ss', listeners: [{ proto: 'tcp', state: 'LISTEN', recvQ: 0, sendQ: 128, address: '127.0.0.1', port: 10248,
 *       interface: null, process: 'kubelet', pid: 6216, processes: [{ name: 'kubelet', pid: 6216, fd: 20 }] }] }
 *
 * and netstat: `tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      901/sshd`.
 * iproute2 6.1 glues the labels (`Peer Address:PortProcess`); without `-p` rights the process is empty.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedList, splitFields, splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger } from './numbers.js';
import { splitSocketAddress } from './socket-address.js';

export interface ListenerProcess {
  name: string;
  pid: number;
  fd: number | null;
}

export interface Listener {
  line: number;
  /** ss's Netid (`tcp`, `udp`, `raw` …) or netstat's Proto (`tcp6` …); null when ss showed one protocol only. */
  proto: string | null;
  /** `LISTEN`, `UNCONN` …; null for netstat's udp rows. */
  state: string | null;
  recvQ: number | null;
  sendQ: number | null;
  /** Without brackets or `%iface`: `0.0.0.0`, `::`, `*` (ss: v4 and v6), `127.0.0.53`. */
  address: string;
  /** null for `*`. */
  port: number | null;
  /** The `%eth0` of a socket bound to one interface. */
  interface: string | null;
  /** The first process holding the socket. */
  process: string | null;
  pid: number | null;
  processes: ListenerProcess[];
}

export interface SocketTable {
  file: string;
  tool: 'ss' | 'netstat' | 'unknown';
  listeners: Listener[];
  droppedListeners: number;
}

export const MAX_LISTENERS = 5000;

const NETSTAT_PROTO = /^(?:tcp|udp|udpl|raw|sctp)6?$/;
const SS_USER = /\("((?:[^"\\]|\\.)*)",(?:pid=)?(\d+),(?:fd=)?(\d+)\)/g;

export function createSocketsReader() {
  return createLineReader(startSockets, (table) => table.listeners.length === 0);
}

export function startSockets(file: SourceFile, report: ReportIssue): LineParser<SocketTable> {
  const listeners = new BoundedList<Listener>(MAX_LISTENERS);
  let tool: SocketTable['tool'] = 'unknown';
  let unixSection = false;
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0 || unixSection) return;
      const first = words[0]!;
      if (first === 'Netid' || first === 'State') {
        tool = 'ss';
        return;
      }
      if (first === 'Active' || first === 'Proto') {
        tool = 'netstat';
        unixSection = text.includes('UNIX domain');
        return;
      }
      if (listeners.full) {
        listeners.dropped += 1;
        return;
      }
      const netstat = NETSTAT_PROTO.test(first) && parseInteger(words[1] ?? '') !== null;
      const listener = netstat ? readNetstatRow(text, lineNo) : readSsRow(text, lineNo);
      if (!listener) return report(lineNo, 'not a socket row');
      if (tool === 'unknown') tool = netstat ? 'netstat' : 'ss';
      listeners.push(listener);
    },
    finish() {
      if (listeners.items.length === 0 && tool === 'unknown') report(null, 'no socket table found');
      return { file: file.path, tool, listeners: listeners.items, droppedListeners: listeners.dropped };
    },
  };
}

/** `tcp LISTEN 0 4096 0.0.0.0:22 0.0.0.0:* users:((…))`; Netid is absent when one protocol was asked for. */
function readSsRow(text: string, line: number): Listener | null {
  const probe = splitWords(text);
  const hasNetid = parseInteger(probe[1] ?? '') === null;
  const fields = splitFields(text, hasNetid ? 7 : 6);
  const [proto, state, recvQ, sendQ, local, peer, rest] = hasNetid ? fields : [null, ...fields];
  if (!state || !local || !peer) return null;
  const processes = readSsUsers(rest ?? '');
  return listenerOf(line, proto, state, recvQ, sendQ, local, processes);
}

/** `tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN 901/sshd`; udp rows have no state; `-` when the process is hidden. */
function readNetstatRow(text: string, line: number): Listener | null {
  const fields = splitFields(text, 7);
  const [proto, recvQ, sendQ, local, foreign] = fields;
  if (!local || !foreign) return null;
  let state: string | null = null;
  let program = fields[5] === undefined ? '' : fields.slice(5).join(' ');
  const maybeState = fields[5];
  if (maybeState && !maybeState.includes('/') && maybeState !== '-') {
    state = maybeState;
    program = fields[6] ?? '';
  }
  const slash = program.indexOf('/');
  const pid = slash > 0 ? parseInteger(program.slice(0, slash)) : null;
  const processes = pid === null ? [] : [{ name: program.slice(slash + 1).trim(), pid, fd: null }];
  return listenerOf(line, proto, state, recvQ, sendQ, local, processes);
}

type Text = string | null | undefined;

function listenerOf(line: number, proto: Text, state: Text, recvQ: Text, sendQ: Text, local: string, processes: ListenerProcess[]): Listener | null {
  const address = splitSocketAddress(local);
  if (!address) return null;
  return {
    line,
    proto: proto ?? null,
    state: state ?? null,
    recvQ: parseInteger(recvQ ?? ''),
    sendQ: parseInteger(sendQ ?? ''),
    ...address,
    process: processes[0]?.name ?? null,
    pid: processes[0]?.pid ?? null,
    processes,
  };
}

/** `users:(("kubelet",pid=1234,fd=21),("kubelet",pid=1234,fd=22))`, or the pre-3.x `users:(("sshd",901,3))`. */
function readSsUsers(text: string): ListenerProcess[] {
  if (!text.includes('users:')) return [];
  const processes: ListenerProcess[] = [];
  for (const [, name, pid, fd] of text.matchAll(SS_USER)) {
    if (processes.length >= 64) break;
    processes.push({ name: name!.replace(/\\(.)/g, '$1'), pid: Number(pid), fd: Number(fd) });
  }
  return processes;
}
