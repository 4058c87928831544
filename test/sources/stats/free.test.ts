import { describe, expect, it } from 'vitest';
import { createFreeReader } from '../../../src/sources/stats/free.js';
import { fixture, readOne } from './helpers.js';

const read = (name: string) => readOne(createFreeReader(), 'free', `stats/${name}`, fixture(name));

describe('free reader', () => {
  it('reads the header comment sample: procps-ng 4 with available, in KiB', async () => {
    const { result, issues } = await read('free-procps-4.0.2-available.txt');
    expect(issues).toEqual([]);
    expect(result).toEqual({
      file: 'stats/free-procps-4.0.2-available.txt',
      layout: 'available',
      usedIncludesCache: false,
      unit: 'KiB',
      unitFrom: 'default',
      memory: { totalKib: 24684092, usedKib: 349112, freeKib: 23854476, sharedKib: 8856, buffersKib: null, cacheKib: null, buffCacheKib: 722712, availableKib: 24334980 },
      swap: { totalKib: 0, usedKib: 0, freeKib: 0 },
      usedWithoutCacheKib: null,
      freeWithCacheKib: null,
    });
  });

  it('reads the old layout with the -/+ buffers/cache line', async () => {
    const { result, issues } = await read('free-procps-3.2.8-buffers-cache-line.txt');
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      layout: 'buffers-cache-line',
      usedIncludesCache: true,
      memory: { totalKib: 507008, usedKib: 432908, buffersKib: 14700, cacheKib: 186816, availableKib: null },
      swap: { totalKib: 1485972, usedKib: 0, freeKib: 1485972 },
      usedWithoutCacheKib: 231392,
      freeWithCacheKib: 275616,
    });
  });

  it('reads -w buffers and cache apart, and passes over the -t Total row', async () => {
    const { result, issues } = await read('free-procps-3.3.12-wide-total.txt');
    expect(issues).toEqual([]);
    expect(result?.memory).toMatchObject({ buffersKib: 210032, cacheKib: 6231792, availableKib: 6501236 });
    expect(result?.swap?.usedKib).toBe(102400);
  });

  it('reads -h suffixes', async () => {
    const { result } = await read('free-procps-4.0.2-human.txt');
    expect(result).toMatchObject({ unit: 'suffixed', unitFrom: 'suffix' });
    expect(result?.memory).toMatchObject({ totalKib: 23 * 1024 ** 2, usedKib: 340 * 1024, sharedKib: 8.6 * 1024 });
    expect(result?.swap).toEqual({ totalKib: 0, usedKib: 0, freeKib: 0 });
  });

  it('tells -m and -g from KiB by the size of the memory total, and says so', async () => {
    const mebibytes = await read('free-procps-4.0.2-mebibytes.txt');
    expect(mebibytes.result).toMatchObject({ unit: 'MiB', unitFrom: 'magnitude', memory: { totalKib: 24105 * 1024, availableKib: 23764 * 1024 } });
    const gibibytes = await read('free-procps-3.3.12-gibibytes.txt');
    expect(gibibytes.result).toMatchObject({ unit: 'GiB', unitFrom: 'magnitude', memory: { totalKib: 15 * 1024 ** 2 }, swap: { totalKib: 1024 ** 2 } });
  });

  it('reads BusyBox free', async () => {
    const { result } = await read('free-busybox.txt');
    expect(result?.memory).toMatchObject({ totalKib: 24684092, buffCacheKib: 722764, availableKib: 24334984 });
  });

  it('reports translated labels once and odd rows with their line', async () => {
    const translated = await read('free-procps-4.0.2-de-locale-labels.txt');
    expect(translated.issues.map((issue) => issue.line)).toEqual([1, 2, null]);
    const odd = await readOne(createFreeReader(), 'free', 'stats/free.txt', '  total used free\nMem: 1 2 3\nnonsense 1 2\n');
    expect(odd.issues.map((issue) => [issue.file, issue.line])).toEqual([['stats/free.txt', 3]]);
  });
});
