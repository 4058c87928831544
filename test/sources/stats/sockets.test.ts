import { describe, expect, it } from 'vitest';
import { splitSocketAddress } from '../../../src/sources/stats/socket-address.js';
import { createSocketsReader } from '../../../src/sources/stats/sockets.js';
import { fixture, readAll, readOne } from './helpers.js';

const read = (name: string) => readOne(createSocketsReader(), 'sockets', `stats/${name}`, fixture(name));

describe('socket address', () => {
  it.each([
    ['0.0.0.0:22', { address: '0.0.0.0', port: 22, interface: null }],
    ['[::]:22', { address: '::', port: 22, interface: null }],
    [':::22', { address: '::', port: 22, interface: null }],
    ['*:10250', { address: '*', port: 10250, interface: null }],
    ['127.0.0.53%lo:53', { address: '127.0.0.53', port: 53, interface: 'lo' }],
    ['[fe80::1]%eth0:546', { address: 'fe80::1', port: 546, interface: 'eth0' }],
    ['[fe80::1%eth0]:546', { address: 'fe80::1', port: 546, interface: 'eth0' }],
    ['[::ffff:127.0.0.1]:9099', { address: '::ffff:127.0.0.1', port: 9099, interface: null }],
    ['0.0.0.0:*', { address: '0.0.0.0', port: null, interface: null }],
  ])('splits %s at the last colon', (text, expected) => {
    expect(splitSocketAddress(text)).toEqual(expected);
  });

  it.each(['22', ':22', 'host:port', ''])('refuses %j', (text) => {
    expect(splitSocketAddress(text)).toBeNull();
  });
});

describe('sockets reader', () => {
  it('reads the header comment sample: ss of iproute2 3.10', async () => {
    const { result, issues } = await read('ss-iproute2-3.10-centos7-tunlp.txt');
    expect(issues).toEqual([]);
    expect(result?.listeners[0]).toEqual({
      line: 2,
      proto: 'tcp',
      state: 'LISTEN',
      recvQ: 0,
      sendQ: 128,
      address: '127.0.0.1',
      port: 10248,
      interface: null,
      process: 'kubelet',
      pid: 6216,
      processes: [{ name: 'kubelet', pid: 6216, fd: 20 }],
    });
    expect(result?.listeners[1]).toMatchObject({ port: 10251, process: 'kube-scheduler' });
  });

  it('reads ss with the Process column, interfaces and IPv6', async () => {
    const { result, issues } = await read('ss-iproute2-6.1-process-header.txt');
    expect(issues).toEqual([]);
    expect(result?.tool).toBe('ss');
    expect(result?.listeners[3]).toEqual({
      line: 5,
      proto: 'tcp',
      state: 'LISTEN',
      recvQ: 0,
      sendQ: 4096,
      address: '0.0.0.0',
      port: 22,
      interface: null,
      process: 'sshd',
      pid: 901,
      processes: [{ name: 'sshd', pid: 901, fd: 3 }],
    });
    expect(result?.listeners.map((listener) => [listener.proto, listener.address, listener.port, listener.interface, listener.pid])).toEqual([
      ['udp', '127.0.0.53', 53, 'lo', 612],
      ['udp', '10.0.1.23', 68, 'ens5', 590],
      ['udp', 'fe80::4f1:8aff:fe3c:1a2b', 546, 'ens5', 590],
      ['tcp', '0.0.0.0', 22, null, 901],
      ['tcp', '127.0.0.1', 10248, null, 1234],
      ['tcp', '*', 10250, null, 1234],
      ['tcp', '*', 10256, null, 2001],
      ['tcp', '::', 22, null, 901],
      ['tcp', '::ffff:127.0.0.1', 9099, null, null],
    ]);
    expect(result?.listeners[6]?.processes).toHaveLength(2);
  });

  it('reads iproute2 5.3 output without the Process label', async () => {
    const { result, issues } = await read('ss-iproute2-5.3-no-process-header.txt');
    expect(issues).toEqual([]);
    expect(result?.listeners.map((listener) => [listener.state, listener.port, listener.process])).toEqual([
      ['UNCONN', 53, 'systemd-resolve'],
      ['LISTEN', 22, 'sshd'],
      ['LISTEN', 2379, 'etcd'],
      ['LISTEN', 22, 'sshd'],
    ]);
  });

  it('reads real ss output whose process is not visible', async () => {
    const { result } = await read('ss-iproute2-6.1-real-no-process-visible.txt');
    expect(result?.listeners).toEqual([expect.objectContaining({ proto: 'tcp', port: 2024, sendQ: 128, process: null, pid: null, processes: [] })]);
  });

  it('reads ss without Netid (one protocol asked for) and the old users format', async () => {
    const text = 'State   Recv-Q  Send-Q   Local Address:Port   Peer Address:Port\nLISTEN  0       128            0.0.0.0:22          0.0.0.0:*      users:(("sshd",901,3))\n';
    const { result } = await readOne(createSocketsReader(), 'sockets', 'stats/ss.txt', text);
    expect(result?.listeners).toEqual([expect.objectContaining({ proto: null, state: 'LISTEN', port: 22, processes: [{ name: 'sshd', pid: 901, fd: 3 }] })]);
  });

  it('reads netstat -tulpn: tcp6 without brackets, udp without state, hidden process', async () => {
    const { result, issues } = await read('netstat-net-tools-2.10-tulpn.txt');
    expect(issues).toEqual([]);
    expect(result?.tool).toBe('netstat');
    expect(result?.listeners.map((listener) => [listener.proto, listener.state, listener.address, listener.port, listener.process, listener.pid])).toEqual([
      ['tcp', 'LISTEN', '0.0.0.0', 22, 'sshd: /usr/sbin', 901],
      ['tcp', 'LISTEN', '127.0.0.1', 10248, 'kubelet', 1234],
      ['tcp6', 'LISTEN', '::', 10250, 'kubelet', 1234],
      ['tcp6', 'LISTEN', '::', 22, 'sshd: /usr/sbin', 901],
      ['udp', null, '127.0.0.53', 53, 'systemd-resolve', 612],
      ['udp', null, '10.0.1.23', 68, 'systemd-network', 590],
      ['udp6', null, 'fe80::4f1:8aff:fe3c', 546, null, null],
    ]);
  });

  it('reads a real netstat with a hidden process', async () => {
    const { result } = await read('netstat-net-tools-2.10-real-hidden-process.txt');
    expect(result?.listeners).toEqual([expect.objectContaining({ proto: 'tcp', state: 'LISTEN', port: 2024, pid: null })]);
  });

  it('prefers ss over netstat whatever the order, and reports bad rows with their line', async () => {
    const { result } = await readAll(createSocketsReader(), 'sockets', [
      { path: 'stats/netstat-tulpn.txt', content: fixture('netstat-net-tools-2.10-tulpn.txt'), candidate: 1 },
      { path: 'stats/ss.txt', content: fixture('ss-iproute2-5.3-no-process-header.txt'), candidate: 0 },
    ]);
    expect(result?.tool).toBe('ss');
    const bad = await readOne(createSocketsReader(), 'sockets', 'stats/ss.txt', 'Netid State\ntcp LISTEN 0 128 nonsense\n');
    expect(bad.issues.map((issue) => [issue.file, issue.line])).toEqual([['stats/ss.txt', 2]]);
  });
});
