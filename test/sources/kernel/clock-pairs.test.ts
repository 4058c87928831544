/**
 * Pairs of copies of one kernel line (raw dmesg with `dmesg -T`, kern.log, journal text), read
 * through the real kernel reader from the real capture of an OOM kill and its own `dmesg -T`.
 */
import { describe, expect, it } from 'vitest';
import { asSyslog, REAL_DMESG, REAL_DMESG_T } from '../../helpers/lone-file-text.js';
import { readKernel } from './read-kernel.js';

describe('clock pairs', () => {
  it('pairs raw dmesg with its dmesg -T copy by text, whatever order the files come in', async () => {
    const forward = (await readKernel({ 'kernel/dmesg.current': REAL_DMESG, 'kernel/dmesg.human.current': REAL_DMESG_T })).data.clockPairs;
    const backward = (await readKernel({ 'kernel/dmesg.human.current': REAL_DMESG_T, 'kernel/dmesg.current': REAL_DMESG })).data.clockPairs;
    expect(backward).toEqual(forward);
    const kill = forward.find((pair) => pair.monotonic === 931.472618);
    expect(kill).toEqual({
      monotonic: 931.472618,
      bootId: null,
      utcMs: null,
      local: { year: 2026, month: 11, day: 28, hour: 4, minute: 13, second: 10, micros: 0 },
      resolutionMs: 1000,
      kind: 'dmesg-ctime',
    });
    expect(forward.length).toBeGreaterThan(40);
  });

  it('leaves out a text printed twice with different stamps: which copy is which cannot be told', async () => {
    const raw = `${REAL_DMESG}[  940.000001] eth0: Link is Up\n[  950.000001] eth0: Link is Up\n`;
    const ctime = `${REAL_DMESG_T}[Sat Nov 28 04:13:19 2026] eth0: Link is Up\n[Sat Nov 28 04:13:29 2026] eth0: Link is Up\n`;
    const pairs = (await readKernel({ dmesg: raw, 'dmesg-T': ctime })).data.clockPairs;
    expect(pairs.filter((pair) => pair.monotonic >= 940)).toEqual([]);
    expect(pairs.length).toBeGreaterThan(40);
  });

  it('pairs a kern.log line only when it shows the same printk stamp (else it is another boot’s line)', async () => {
    const same = (await readKernel({ dmesg: REAL_DMESG, 'kern.log': asSyslog() })).data.clockPairs;
    expect(same.length).toBeGreaterThan(10);
    expect(same.every((pair) => pair.kind === 'syslog' && pair.local?.year === null)).toBe(true);
    const otherBoot = asSyslog().replace(/\[ *(\d+)\.(\d+)\]/g, (_, s: string, us: string) => `[${String(Number(s) + 7).padStart(5)}.${us}]`);
    expect((await readKernel({ dmesg: REAL_DMESG, 'kern.log': otherBoot })).data.clockPairs).toEqual([]);
  });

  it('finds nothing to pair in one copy alone', async () => {
    expect((await readKernel({ dmesg: REAL_DMESG })).data.clockPairs).toEqual([]);
    expect((await readKernel({ 'dmesg-T': REAL_DMESG_T })).data.clockPairs).toEqual([]);
  });

  it('pairs copies far longer than it keeps: both keep the same sample of their newest lines', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => [10 + i * 0.25, `eth${i % 5}: queue ${i} reset, ${i % 3 ? 'recovered' : 'rescheduled'}`] as const);
    const raw = lines.map(([at, text]) => `[${at.toFixed(6).padStart(12)}] ${text}\n`).join('');
    const stamp = (at: number) => new Date(Date.UTC(2026, 10, 27, 9, 56, 30) + Math.floor(at) * 1000).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4');
    const ctime = lines.map(([at, text]) => `[${stamp(at)}] ${text}\n`).join('');
    const pairs = (await readKernel({ dmesg: raw, 'dmesg-T': ctime })).data.clockPairs;
    expect(pairs.length).toBeGreaterThan(50);
    const zero = Date.UTC(2026, 10, 27, 9, 56, 30);
    const wall = (pair: (typeof pairs)[number]) => Date.UTC(pair.local!.year!, pair.local!.month - 1, pair.local!.day, pair.local!.hour, pair.local!.minute, pair.local!.second);
    // Every pair is a true one: -T shows boot time + stamp, cut to the second.
    expect(pairs.filter((pair) => pair.kind !== 'dmesg-ctime' || Math.abs(wall(pair) - pair.monotonic * 1000 - zero) >= 1000)).toEqual([]);
    expect(Math.max(...pairs.map((pair) => pair.monotonic))).toBeGreaterThan(7_000);
  });
});
