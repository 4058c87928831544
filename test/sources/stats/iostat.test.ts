import { describe, expect, it } from 'vitest';
import { createIostatReader } from '../../../src/sources/stats/iostat.js';
import { fixture, readOne } from './helpers.js';

const read = (name: string) => readOne(createIostatReader(), 'iostat', `stats/${name}`, fixture(name));

describe('iostat reader', () => {
  it('reads the header comment sample: sysstat 12.6 with flush columns and -t', async () => {
    const { result, issues } = await read('iostat-sysstat-12.6.1-flush-columns.txt');
    expect(issues).toEqual([]);
    expect(result?.system).toEqual({ kernelRelease: '6.18.44-fc-v657', hostname: 'vm', date: '11/28/26', arch: 'x86_64', cpuCount: 2 });
    expect(result?.layout).toBe('flush');
    expect(result?.reports).toHaveLength(2);
    const [first, second] = result!.reports;
    expect(first).toMatchObject({
      sinceBoot: true,
      stamp: { utcMs: null, local: { year: 2026, month: 11, day: 28, hour: 4, minute: 13, second: 51 } },
      cpu: { userPercent: 4.75, nicePercent: 0, systemPercent: 0.82, iowaitPercent: 0.07, stealPercent: 0, idlePercent: 94.35 },
    });
    expect(first?.devices).toEqual([
      {
        name: 'vda',
        line: 8,
        readsPerSec: 26.4,
        readKibPerSec: 367.67,
        readMergesPerSec: 5.64,
        readMergedPercent: 17.6,
        readAwaitMs: 0.09,
        readRequestKib: 13.93,
        writesPerSec: 2.75,
        writeKibPerSec: 358.31,
        writeMergesPerSec: 10.09,
        writeMergedPercent: 78.6,
        writeAwaitMs: 1.06,
        writeRequestKib: 130.46,
        discardsPerSec: 3.6,
        discardKibPerSec: 49.6,
        discardMergesPerSec: 0.03,
        discardMergedPercent: 0.76,
        discardAwaitMs: 0.06,
        discardRequestKib: 13.77,
        flushesPerSec: 0.16,
        flushAwaitMs: 0.02,
        queueLength: 0.01,
        utilPercent: 0.17,
      },
    ]);
    expect(second).toMatchObject({ sinceBoot: false, cpu: { idlePercent: 100 }, devices: [{ name: 'vda', readsPerSec: 0 }] });
  });

  it('reads sysstat 10 avgrq-sz in sectors, Device: with a colon, and 12-hour stamps', async () => {
    const { result, issues } = await read('iostat-sysstat-10.2-avgrq-sz.txt');
    expect(issues).toEqual([]);
    expect(result?.layout).toBe('avgrq-sz');
    expect(result?.system?.cpuCount).toBe(8);
    expect(result?.reports.map((report) => report.stamp?.local?.hour)).toEqual([10, 10]);
    const sda = result?.reports[1]?.devices[0];
    expect(sda).toMatchObject({ name: 'sda', writeKibPerSec: 39680, averageRequestKib: 127.205, queueLength: 31.2, awaitMs: 100.12, serviceTimeMs: 3.2, utilPercent: 100 });
    expect(result?.reports[1]?.devices.map((device) => device.name)).toEqual(['sda', 'dm-0']);
  });

  it('tells the 11.5–12.0 rareq-sz layout and the 12.1 discard layout apart', async () => {
    const old = await read('iostat-sysstat-11.6.1-rareq-sz.txt');
    expect(old.result?.layout).toBe('rareq-sz');
    expect(old.result?.reports[0]?.devices[0]).toMatchObject({ name: 'nvme0n1', readRequestKib: 29.68, queueLength: 0.01, serviceTimeMs: 0.35 });
    const discard = await read('iostat-sysstat-12.2.0-discard-columns.txt');
    expect(discard.result?.layout).toBe('discard');
    expect(discard.result?.reports[0]?.devices[0]).toMatchObject({ discardsPerSec: 0, queueLength: 0.05, utilPercent: 2.1 });
    expect(discard.result?.reports[0]?.devices[0]?.flushesPerSec).toBeUndefined();
  });

  it('reads ISO stamps with their offset as UTC', async () => {
    const { result } = await read('iostat-sysstat-12.6.1-iso-timestamp.txt');
    expect(result?.reports.map((report) => report.stamp?.utcMs)).toEqual([Date.UTC(2026, 10, 28, 4, 13, 53), Date.UTC(2026, 10, 28, 4, 13, 54)]);
  });

  it('converts -m megabyte columns to KiB', async () => {
    const { result } = await read('iostat-sysstat-12.6.1-megabytes.txt');
    expect(result?.columns).toContain('rMB/s');
    expect(result?.reports[0]?.devices[0]?.readKibPerSec).toBeCloseTo(0.36 * 1024);
    expect(result?.reports[1]?.sinceBoot).toBe(false);
  });

  it('merges --pretty tables with the device name last into one device', async () => {
    const { result, issues } = await read('iostat-sysstat-12.6.1-pretty-device-last.txt');
    expect(issues).toEqual([]);
    expect(result?.reports).toHaveLength(1);
    expect(result?.layout).toBe('flush');
    expect(result?.reports[0]?.devices).toEqual([
      expect.objectContaining({ name: 'vda', line: 7, readsPerSec: 26.34, writeRequestKib: 130.46, discardKibPerSec: 49.5, flushesPerSec: 0.16, utilPercent: 0.17 }),
    ]);
  });

  it('reads -h suffixed sizes and percentages', async () => {
    const { result, issues } = await read('iostat-sysstat-12.6.1-human-readable.txt');
    expect(issues).toEqual([]);
    expect(result?.reports[0]?.cpu?.idlePercent).toBe(94.4);
    expect(result?.reports[0]?.devices[0]).toMatchObject({ readKibPerSec: 366.9, readMergedPercent: 17.6, writeRequestKib: 130.5, utilPercent: 0.2 });
  });

  it('reads the short -s layout', async () => {
    const { result } = await read('iostat-sysstat-12.6.1-short.txt');
    expect(result?.layout).toBe('short');
    expect(result?.reports[0]?.devices[0]).toMatchObject({ transfersPerSec: 32.68, kibPerSec: 773.98, mergesPerSec: 15.72, averageRequestKib: 23.69 });
  });

  it('reads decimal commas and day-first dotted dates', async () => {
    const { result, issues } = await read('iostat-sysstat-12.6.1-de-locale-decimal-comma.txt');
    expect(issues).toEqual([]);
    expect(result?.system?.date).toBe('28.11.2026');
    expect(result?.reports[1]).toMatchObject({ stamp: { local: { month: 11, day: 28, second: 20 } }, cpu: { userPercent: 90.4 } });
    expect(result?.reports[1]?.devices[0]).toMatchObject({ discardsPerSec: 97, discardKibPerSec: 1008, writeRequestKib: 66.8 });
  });

  it('starts a new report at a repeated device table when there is no avg-cpu block (-d)', async () => {
    const text =
      'Device             tps    kB_read/s    kB_wrtn/s    kB_read    kB_wrtn\nsda              39.29        21.14         1.44  441339807   29990031\n\nDevice             tps    kB_read/s    kB_wrtn/s    kB_read    kB_wrtn\nsda             327.55      5159.18       102.04       5056        100\n';
    const { result } = await readOne(createIostatReader(), 'iostat', 'stats/iostat.txt', text);
    expect(result?.layout).toBe('basic');
    expect(result?.reports.map((report) => [report.sinceBoot, report.devices[0]?.transfersPerSec, report.devices[0]?.readKibPerSec])).toEqual([
      [true, 39.29, 21.14],
      [false, 327.55, 5159.18],
    ]);
  });

  it('reports rows that do not fit their table, with file and line', async () => {
    const text = 'Device r/s w/s\nsda 1.0\nsdb 1.0 x\nsdc 1.0 2.0\n';
    const { result, issues } = await readOne(createIostatReader(), 'iostat', 'stats/iostat.txt', text);
    expect(issues.map((issue) => issue.line)).toEqual([2, 3]);
    expect(issues.every((issue) => issue.file === 'stats/iostat.txt')).toBe(true);
    expect(result?.reports[0]?.devices.map((device) => [device.name, device.writesPerSec])).toEqual([
      ['sdb', undefined],
      ['sdc', 2],
    ]);
  });
});
