import { describe, expect, it } from 'vitest';
import { parseKernelLine, type ParsedKernelLine } from '../../../src/sources/kernel/index.js';
import { fixture } from './read-kernel.js';

const SAMPLE = 'python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=500';

function kernel(parsed: ParsedKernelLine) {
  if (parsed.kind !== 'kernel') throw new Error(`expected a kernel line, got ${parsed.kind}`);
  return parsed;
}

const firstOomLine = (name: string) =>
  fixture(name)
    .split('\n')
    .find((line) => line.includes('invoked oom-killer'))!;

describe('parseKernelLine, dmesg forms of the real OOM report', () => {
  it('reads the raw monotonic stamp (the header comment sample)', () => {
    expect(parseKernelLine(`[  931.472465] ${SAMPLE}`)).toEqual({
      kind: 'kernel',
      format: 'dmesg',
      stamp: { text: '[  931.472465]', monotonic: 931.472465, utcMs: null, local: null, bootId: null },
      level: null,
      facility: null,
      text: SAMPLE,
      issue: null,
    });
  });

  it('reads the priority of dmesg -r and the decoded prefix of dmesg -x', () => {
    for (const name of ['oom-kill-cgroup-v1-kernel-6.18-real-dmesg-r.txt', 'oom-kill-cgroup-v1-kernel-6.18-real-dmesg-x.txt']) {
      const line = kernel(parseKernelLine(firstOomLine(name)));
      expect([line.format, line.level, line.facility, line.stamp.monotonic, line.text]).toEqual(['dmesg', 4, 0, 931.472465, SAMPLE]);
    }
    expect(kernel(parseKernelLine('kern  :notice: [    0.000000] Linux version 6.18.44')).level).toBe(5);
    expect(kernel(parseKernelLine('<14>[    5.120000] systemd[1]: Started')).facility).toBe(1);
  });

  it('reads /dev/kmsg records: priority, sequence, microseconds since boot', () => {
    const line = kernel(parseKernelLine(firstOomLine('oom-kill-cgroup-v1-kernel-6.18-real-kmsg.txt')));
    expect([line.format, line.level, line.stamp.text, line.stamp.monotonic, line.text]).toEqual(['kmsg', 4, '4,426,931472465,-', 931.472465, SAMPLE]);
    expect(kernel(parseKernelLine('5,0,0,-;Linux version 6.18.44-fc-v657')).stamp.monotonic).toBe(0);
    expect(kernel(parseKernelLine('6,1234,512,-,caller=T1;early')).stamp.monotonic).toBe(0.000512);
  });

  it('reads dmesg -T as local time with a year and no zone', () => {
    const line = kernel(parseKernelLine(firstOomLine('oom-kill-cgroup-v1-kernel-6.18-real-dmesg-T.txt')));
    expect(line.format).toBe('dmesg-ctime');
    expect(line.stamp).toEqual({
      text: '[Sat Nov 28 04:13:10 2026]',
      monotonic: null,
      utcMs: null,
      local: { year: 2026, month: 11, day: 28, hour: 4, minute: 13, second: 10, micros: 0 },
      bootId: null,
    });
    expect(kernel(parseKernelLine('[Thu Dec  7 00:05:14 2017] java invoked oom-killer: gfp_mask=0xd0')).stamp.local).toMatchObject({ month: 12, day: 7 });
  });

  it.each([
    ['dmesg-T-german.txt', '[Sa Nov 28 04:13:10 2026]'],
    ['dmesg-T-french.txt', '[sam. nov. 28 04:13:10 2026]'],
    ['dmesg-T-spanish.txt', '[sáb nov 28 04:13:10 2026]'],
  ])('reads dmesg -T under another locale (%s)', (name, stampText) => {
    const line = kernel(parseKernelLine(firstOomLine(name)));
    expect([line.stamp.text, line.stamp.local?.month, line.text, line.issue]).toEqual([stampText, 11, SAMPLE, null]);
  });

  it.each([
    ['[Sa Mär  2 10:00:00 2024] x', 3],
    ['[Mo Okt 14 10:00:00 2024] x', 10],
    ['[Di Dez 31 10:00:00 2024] x', 12],
    ['[mar. févr. 20 10:00:00 2024] x', 2],
    ['[jeu. août  1 10:00:00 2024] x', 8],
    ['[lun. déc. 30 10:00:00 2024] x', 12],
    ['[lun ene  1 10:00:00 2024] x', 1],
    ['[jue ago  1 10:00:00 2024] x', 8],
    ['[mar dic 31 10:00:00 2024] x', 12],
  ])('knows the month of %s', (text, month) => {
    expect(kernel(parseKernelLine(text)).stamp.local?.month).toBe(month);
  });

  it('keeps a line with an unknown month name, without a time, as a parse issue', () => {
    const line = kernel(parseKernelLine('[пт дек  1 04:13:10 2024] python3 invoked oom-killer'));
    expect([line.format, line.stamp.local, line.text]).toEqual(['dmesg-ctime', null, 'python3 invoked oom-killer']);
    expect(line.issue).toMatch(/unknown month/);
  });

  it('reads --time-format iso (comma before the microseconds) as UTC', () => {
    const line = kernel(parseKernelLine(firstOomLine('oom-kill-cgroup-v1-kernel-6.18-real-dmesg-iso.txt')));
    expect(line.format).toBe('dmesg-iso');
    expect(line.stamp.utcMs).toBeCloseTo(Date.UTC(2026, 10, 28, 4, 13, 10) + 472.465, 3);
    expect(kernel(parseKernelLine('2024-01-01T12:00:00,123456+01:00 x')).stamp.utcMs).toBeCloseTo(Date.UTC(2024, 0, 1, 11, 0, 0) + 123.456, 3);
  });

  it('reads the seconds field once it widens past five digits, and strips the caller id', () => {
    expect(kernel(parseKernelLine('[1234567.000001] x')).stamp.monotonic).toBe(1234567.000001);
    const caller = kernel(parseKernelLine('[   12.345678][  T123] usb 1-1: new device'));
    expect([caller.stamp.monotonic, caller.text]).toEqual([12.345678, 'usb 1-1: new device']);
  });

  it('drops the host and tag of journalctl -k -o short-monotonic', () => {
    const line = kernel(parseKernelLine(`[86412.301122] worker-3 kernel: ${SAMPLE}`));
    expect([line.stamp.monotonic, line.text]).toEqual([86412.301122, SAMPLE]);
    expect(kernel(parseKernelLine('[    0.000000] Booting paravirtualized kernel on KVM')).text).toBe('Booting paravirtualized kernel on KVM');
  });

  it('reads a raw stamp exactly where /^\\[ *(\\d{1,12}\\.\\d{1,9})\\] ?/ matches (the pattern the stamp reader replaced)', () => {
    const RAW_STAMP = /^\[ *(\d{1,12}\.\d{1,9})\] ?/;
    const stamps = [
      '[0.000000]',
      '[  931.472465]',
      '[931.4]',
      '[ 123456789012.123456789]',
      '[1234567890123.1]',
      '[1.1234567890]',
      '[.5]',
      '[5.]',
      '[ 5 .1]',
      '[\t5.1]',
      '[5.1',
      '5.1]',
      '[+5.1]',
      '[５.1]',
    ];
    for (const stamp of stamps) {
      for (const line of [stamp, `${stamp} msg`, `${stamp}  msg`, `${stamp}msg`]) {
        const match = RAW_STAMP.exec(line);
        const parsed = parseKernelLine(line);
        const format = parsed.kind === 'kernel' ? parsed.format : parsed.kind;
        expect(format === 'dmesg', line).toBe(match !== null);
        if (match && parsed.kind === 'kernel') {
          expect([parsed.stamp.monotonic, parsed.text], line).toEqual([Number(match[1]), line.slice(match[0].length)]);
        }
      }
    }
  });

  it('keeps a broken dmesg stamp as an unstamped message with an issue', () => {
    const line = kernel(parseKernelLine('[  12.34 truncated'));
    expect([line.format, line.text, line.issue]).toEqual(['none', '[  12.34 truncated', 'malformed dmesg stamp']);
  });

  it('reads bare lines (dmesg -t) without a stamp', () => {
    const line = kernel(parseKernelLine(SAMPLE));
    expect([line.format, line.stamp.text, line.text, line.issue]).toEqual(['none', '', SAMPLE, null]);
  });
});

describe('parseKernelLine, syslog files', () => {
  it('reads a kern.log line with host and the kernel stamp inside', () => {
    const line = kernel(parseKernelLine('Apr 16 09:21:48 worker-02 kernel: [41872.110264] blk_update_request: critical medium error, dev sdb, sector 8192'));
    expect(line).toMatchObject({ format: 'syslog', text: 'blk_update_request: critical medium error, dev sdb, sector 8192' });
    expect(line.stamp).toEqual({
      text: 'Apr 16 09:21:48 [41872.110264]',
      monotonic: 41872.110264,
      utcMs: null,
      local: { year: null, month: 4, day: 16, hour: 9, minute: 21, second: 48, micros: 0 },
      bootId: null,
    });
  });

  it('reads a line without host and without an inner stamp', () => {
    const line = kernel(parseKernelLine('Feb 23 05:44:02 kernel: mce: [Hardware Error]: Machine check events logged'));
    expect([line.stamp.text, line.stamp.monotonic, line.text]).toEqual(['Feb 23 05:44:02', null, 'mce: [Hardware Error]: Machine check events logged']);
  });

  it('reads precise syslog stamps (journalctl short-precise)', () => {
    expect(kernel(parseKernelLine('Jan  1 12:00:00.123456 node-1 kernel: x')).stamp.local).toMatchObject({ day: 1, micros: 123456 });
  });

  it('reads RFC 3339 syslog stamps as UTC', () => {
    const line = kernel(parseKernelLine('2024-01-01T12:00:00.123456+00:00 worker-02 kernel: Out of memory: Killed process 4242 (java)'));
    expect([line.format, line.text]).toEqual(['syslog-rfc3339', 'Out of memory: Killed process 4242 (java)']);
    expect(line.stamp.utcMs).toBeCloseTo(Date.UTC(2024, 0, 1, 12) + 123.456, 3);
    expect(kernel(parseKernelLine('2024-01-01T12:00:00+0000 node-1 kernel: x')).stamp.utcMs).toBe(Date.UTC(2024, 0, 1, 12));
  });

  it('returns lines of other programs as service lines', () => {
    expect(parseKernelLine('Apr 16 07:07:39 worker-02 kubelet[1025]: I0416 07:07:39.110852 1025 kubelet.go:2134] "SyncLoop"')).toMatchObject({
      kind: 'service',
      format: 'syslog',
      identifier: 'kubelet',
      pid: 1025,
      host: 'worker-02',
      message: 'I0416 07:07:39.110852 1025 kubelet.go:2134] "SyncLoop"',
    });
    expect(parseKernelLine('2023-06-12T10:14:51+02:00 storage-3 mcelog: MCG status:')).toMatchObject({ kind: 'service', identifier: 'mcelog', pid: null });
    expect(parseKernelLine('Apr 16 07:07:39 worker-02 -- MARK --')).toMatchObject({ kind: 'service', identifier: null });
  });

  it('treats the audit tag as the kernel (journald forwards audit records)', () => {
    expect(parseKernelLine('Apr 16 07:07:39 worker-02 audit[812]: AVC apparmor="DENIED" operation="open"')).toMatchObject({ kind: 'kernel', text: 'AVC apparmor="DENIED" operation="open"' });
  });
});

describe('parseKernelLine, Talos and audit.log', () => {
  it('reads talosctl dmesg lines with an IP or a host name as node', () => {
    const line = kernel(parseKernelLine('10.5.0.7: kern: warning: [2023-03-14T07:52:06.418302117Z]: platform regulatory.0: Direct firmware load failed'));
    expect([line.format, line.level, line.facility, line.stamp.text, line.text]).toEqual(['talos', 4, 0, '[2023-03-14T07:52:06.418302117Z]', 'platform regulatory.0: Direct firmware load failed']);
    expect(line.stamp.utcMs).toBeCloseTo(Date.UTC(2023, 2, 14, 7, 52, 6) + 418.302, 3);
    expect(kernel(parseKernelLine('node-a: kern:    info: [2021-11-10T10:09:37.662764956Z]: message')).level).toBe(6);
  });

  it('reads audit.log records with the audit id as stamp', () => {
    const line = kernel(parseKernelLine('type=AVC msg=audit(1704110400.123:456): avc:  denied  { read } for  pid=1'));
    expect([line.format, line.stamp.text, line.stamp.utcMs, line.text]).toEqual(['audit', 'audit(1704110400.123:456)', 1704110400123, 'avc:  denied  { read } for  pid=1']);
    expect(kernel(parseKernelLine('node=worker-9 type=USER_AVC msg=audit(1704112500.000:840): pid=1')).stamp.utcMs).toBe(1704112500000);
  });
});

describe('parseKernelLine, lines that are not messages', () => {
  it('skips kmsg dictionary lines, blank lines and binary data', () => {
    expect(parseKernelLine(' SUBSYSTEM=pnp')).toEqual({ kind: 'skip', reason: 'dictionary', issue: null });
    expect(parseKernelLine('DEVICE=+pnp:00:03')).toEqual({ kind: 'skip', reason: 'dictionary', issue: null });
    expect(parseKernelLine('   ')).toEqual({ kind: 'skip', reason: 'blank', issue: null });
    expect(parseKernelLine('\u0000\u0000\u0000')).toMatchObject({ kind: 'skip', reason: 'binary' });
    expect(parseKernelLine('\ufffd\ufffd\ufffdab')).toMatchObject({ kind: 'skip', reason: 'binary' });
  });
});
