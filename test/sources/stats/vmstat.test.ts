import { describe, expect, it } from 'vitest';
import { createVmstatReader } from '../../../src/sources/stats/vmstat.js';
import { fixture, readAll, readOne } from './helpers.js';

const read = (name: string) => readOne(createVmstatReader(), 'vmstat', `stats/${name}`, fixture(name));

describe('vmstat reader', () => {
  it('reads the header comment sample: wide, -t with a UTC zone, gu column', async () => {
    const { result, issues } = await read('vmstat-procps-4.0.2-wide-timestamp-utc.txt');
    expect(issues).toEqual([]);
    expect(result?.timezone).toBe('UTC');
    expect(result?.columns).toEqual(['r', 'b', 'swpd', 'free', 'buff', 'cache', 'si', 'so', 'bi', 'bo', 'in', 'cs', 'us', 'sy', 'id', 'wa', 'st', 'gu']);
    expect(result?.samples).toHaveLength(3);
    expect(result?.samples[0]).toMatchObject({
      line: 3,
      sinceBoot: true,
      runnable: 1,
      blocked: 0,
      swapUsedKib: 0,
      freeKib: 23836788,
      buffersKib: 46908,
      cacheKib: 673960,
      blocksInPerSec: 183,
      blocksOutPerSec: 174,
      interruptsPerSec: 120,
      contextSwitchesPerSec: 202,
      cpuIdlePercent: 95,
      cpuGuestPercent: 0,
      inactiveKib: null,
      stamp: { utcMs: Date.UTC(2026, 10, 28, 4, 13, 14), local: null },
    });
    expect(result?.samples.slice(1).map((sample) => sample.sinceBoot)).toEqual([false, false]);
    expect(result?.samples[2]?.cpuIdlePercent).toBe(100);
  });

  it('keeps a non-UTC zone as local time and reads rows after a repeated header', async () => {
    const { result, issues } = await read('vmstat-procps-4.0.2-timestamp-cet-repeated-header.txt');
    expect(issues).toEqual([]);
    expect(result?.timezone).toBe('CET');
    expect(result?.samples).toHaveLength(25);
    expect(result?.samples.filter((sample) => sample.sinceBoot)).toHaveLength(1);
    expect(result?.samples[0]?.stamp).toMatchObject({ utcMs: null, local: { year: 2026, month: 11, day: 28, hour: 5, minute: 17, second: 41 } });
    expect(result?.samples[21]).toMatchObject({ line: 26, runnable: 4, cpuUserPercent: 58 });
    expect(result?.columns.at(-1)).toBe('st');
  });

  it('reads a single since-boot sample without a timestamp', async () => {
    const { result } = await read('vmstat-procps-4.0.2-single-since-boot.txt');
    expect(result?.samples).toEqual([expect.objectContaining({ sinceBoot: true, stamp: null, freeKib: 23836788, cpuStealPercent: 0, cpuGuestPercent: null })]);
    expect(result?.timezone).toBeNull();
  });

  it('reads -a active/inactive memory instead of buff/cache', async () => {
    const { result } = await read('vmstat-procps-4.0.2-active-inactive.txt');
    expect(result?.samples[1]).toMatchObject({ inactiveKib: 416072, activeKib: 248584, buffersKib: null, cacheKib: null, runnable: 4, sinceBoot: false });
  });

  it('reads the gu column of procps-ng 4.0.4 default output', async () => {
    const { result } = await read('vmstat-procps-4.0.4-gu-column.txt');
    expect(result?.samples[1]).toMatchObject({ blocked: 1, swapUsedKib: 1024, swapOutKibPerSec: 12, cpuIowaitPercent: 12, cpuGuestPercent: 0 });
  });

  it('reads old output that stops at wa', async () => {
    const { result, issues } = await read('vmstat-procps-old-no-st-column.txt');
    expect(issues).toEqual([]);
    expect(result?.samples[0]).toMatchObject({ cpuIowaitPercent: 1, cpuStealPercent: null, cpuGuestPercent: null });
  });

  it('reports rows that do not fit the labels, with their line', async () => {
    const text = ' r  b   swpd   free\n 1  0  0\n 1  x  0  5\n 1  0  0  5\n';
    const { result, issues } = await readOne(createVmstatReader(), 'vmstat', 'stats/vmstat.txt', text);
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['stats/vmstat.txt', 2],
      ['stats/vmstat.txt', 3],
    ]);
    expect(result?.samples).toHaveLength(1);
    expect(result?.samples[0]).toMatchObject({ line: 4, sinceBoot: true, freeKib: 5 });
  });

  it('reports an empty file and prefers the file with samples', async () => {
    const { result, issues } = await readAll(createVmstatReader(), 'vmstat', [
      { path: 'stats/vmstat.txt', content: '', candidate: 0 },
      { path: 'vmstat.txt', content: fixture('vmstat-procps-4.0.4-gu-column.txt'), candidate: 1 },
    ]);
    expect(issues).toEqual([expect.objectContaining({ file: 'stats/vmstat.txt', line: null })]);
    expect(result?.file).toBe('vmstat.txt');
  });
});

describe('vmstat reader, translated labels', () => {
  it('reads the known columns, reports the translated ones once and still finds the zone', async () => {
    const { result, issues } = await read('vmstat-procps-4.0.2-de-locale-labels.txt');
    expect(issues).toEqual([expect.objectContaining({ line: 2, file: 'stats/vmstat-procps-4.0.2-de-locale-labels.txt' })]);
    expect(issues[0]?.message).toContain('frei Cache');
    expect(result?.timezone).toBe('UTC');
    expect(result?.samples[1]).toMatchObject({ runnable: 5, freeKib: null, buffersKib: 54360, contextSwitchesPerSec: 4466, stamp: { utcMs: Date.UTC(2026, 10, 28, 4, 19, 21) } });
  });
});
