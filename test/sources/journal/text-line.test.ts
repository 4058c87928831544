import { describe, expect, it } from 'vitest';
import { parseFullTime, parseTextLine } from '../../../src/sources/journal/text-line.js';
import { fixture } from './read-journal.js';

const firstLine = (name: string) => fixture(name).toString('utf8').split('\n')[0] as string;
const KLOG = 'I0527 09:00:05.110852    1025 eviction_manager.go:167] "Failed to admit pod to node" pod="monitoring/prometheus-k8s-0" nodeCondition=[DiskPressure]';
const ORIGIN = { host: 'vm', identifier: 'kubelet', pid: 8830, message: KLOG };

describe('journalctl text forms (real lines from journald 252)', () => {
  it.each([
    ['real-journald-252-kubelet-containerd-kernel.short', 'short', { text: 'Nov 28 04:15:55', local: { year: null, month: 11, day: 28, hour: 4, minute: 15, second: 55, micros: 0 } }],
    ['real-journald-252-kubelet.short-precise', 'short-precise', { text: 'Nov 28 04:16:19.640094', local: { year: null, month: 11, day: 28, hour: 4, minute: 16, second: 19, micros: 640094 } }],
    ['real-journald-252-kubelet.short-iso', 'short-iso', { text: '2026-11-28T04:16:19+0000', utcMs: Date.UTC(2026, 10, 28, 4, 16, 19) }],
    ['real-journald-252-kubelet-containerd-kernel.short-iso-precise', 'short-iso-precise', { text: '2026-11-28T04:15:55.959480+0000', utcMs: Date.UTC(2026, 10, 28, 4, 15, 55) + 959.48 }],
    ['real-journald-252-kubelet.short-monotonic', 'short-monotonic', { text: '[ 1120.621955]', monotonic: 1120.621955 }],
    ['real-journald-252-kubelet.short-unix', 'short-unix', { text: '1795839379.640094', utcMs: 1795839379640.094 }],
    ['real-journald-252-kubelet.short-full', 'short-full', { text: 'Sat 2026-11-28 04:16:19 UTC', utcMs: Date.UTC(2026, 10, 28, 4, 16, 19) }],
  ])('%s is %s', (name, format, stamp) => {
    const line = parseTextLine(firstLine(name));
    expect(line).toMatchObject({ type: 'entry', format, stamp });
    if (!name.includes('kernel')) expect(line).toMatchObject(ORIGIN);
  });

  it('reads the kernel line of the short form: no pid', () => {
    expect(parseTextLine(firstLine('real-journald-252-kubelet-containerd-kernel.short'))).toMatchObject({
      host: 'vm',
      identifier: 'kernel',
      pid: null,
      message: expect.stringMatching(/^Linux version 6\.18/),
    });
  });

  it('accepts both zone styles of short-iso, and lines without a host name', () => {
    expect(parseTextLine('2024-01-01T12:00:00+00:00 node1 kubelet[1234]: message')).toMatchObject({ stamp: { utcMs: Date.UTC(2024, 0, 1, 12) }, host: 'node1' });
    expect(parseTextLine('2024-01-01T14:00:00.5+0200 node1 kubelet[1234]: message')).toMatchObject({ stamp: { utcMs: Date.UTC(2024, 0, 1, 12) + 500 } });
    expect(parseTextLine('Jan 01 12:00:00 kubelet[1234]: message')).toMatchObject({ host: null, identifier: 'kubelet', pid: 1234, message: 'message' });
  });

  it('reads month names of other locales, and rejects what it cannot read', () => {
    // A real CentOS line with a zh_CN locale (journalctl prints %b in the node's locale).
    expect(parseTextLine('10月 01 20:09:22 k8s-master01 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE')).toMatchObject({
      stamp: { local: { month: 10, day: 1, hour: 20 } },
      identifier: 'systemd',
      pid: 1,
    });
    expect(parseTextLine('Mär 05 08:00:00 node kubelet[1]: x')).toMatchObject({ stamp: { local: { month: 3, day: 5 } } });
    expect(parseTextLine('Gen 05 08:00:00 node kubelet[1]: x')).toMatchObject({ stamp: { local: { month: 1, day: 5 } } });
    expect(parseTextLine('Xyz 05 08:00:00 node kubelet[1]: x')).toEqual({ type: 'unknown' });
  });

  it('reads separators, continuation lines and bare service log lines', () => {
    expect(parseTextLine('-- Boot e66375b30f6145f2a3df737bac559bc9 --')).toEqual({ type: 'boot', bootId: 'e66375b30f6145f2a3df737bac559bc9' });
    expect(parseTextLine('-- Reboot --')).toEqual({ type: 'boot', bootId: null });
    expect(parseTextLine('-- No entries --')).toEqual({ type: 'marker' });
    expect(parseTextLine('-- Logs begin at Mon 2024-01-01 00:00:00 UTC, end at Tue 2024-01-02 00:00:00 UTC. --')).toEqual({ type: 'marker' });
    expect(parseTextLine('                                   >')).toMatchObject({ type: 'continuation' });
    expect(parseTextLine(KLOG)).toMatchObject({ type: 'bare', format: 'klog', message: KLOG, stamp: { local: { year: null, month: 5, day: 27 } } });
    expect(parseTextLine('time="2023-09-01T19:12:33.012922721Z" level=info msg="x"')).toMatchObject({ type: 'bare', format: 'logrus', stamp: { utcMs: Date.UTC(2023, 8, 1, 19, 12, 33) + 12.922 } });
    expect(parseTextLine('goroutine 1 [running]:')).toEqual({ type: 'unknown' });
  });

  it('parses the full time of --list-boots and short-full', () => {
    expect(parseFullTime('Wed 2023-04-26 18:47:58 CEST')).toEqual({
      text: 'Wed 2023-04-26 18:47:58 CEST',
      monotonic: null,
      utcMs: null,
      local: { year: 2023, month: 4, day: 26, hour: 18, minute: 47, second: 58, micros: 0 },
      bootId: null,
    });
    expect(parseFullTime('Wed 2017-08-16 19:03:28 UTC')?.utcMs).toBe(Date.UTC(2017, 7, 16, 19, 3, 28));
    expect(parseFullTime('Wed 2017-08-16 19:03:28 UCT')?.utcMs).toBe(Date.UTC(2017, 7, 16, 19, 3, 28));
    expect(parseFullTime('yesterday')).toBeNull();
  });
});
