import { describe, expect, it } from 'vitest';
import { createLoadavgReader, readLoadAverage } from '../../../src/sources/stats/loadavg.js';
import { createMeminfoReader } from '../../../src/sources/stats/meminfo.js';
import { createPressureReader, pressureResourceOf } from '../../../src/sources/stats/pressure.js';
import { createProcStatReader } from '../../../src/sources/stats/proc-stat.js';
import { createProcVmstatReader } from '../../../src/sources/stats/proc-vmstat.js';
import { fixture, readAll, readOne } from './helpers.js';

describe('/proc/meminfo reader', () => {
  it('reads the header comment sample: kB values in KiB and HugePages counts', async () => {
    const { result, issues } = await readOne(createMeminfoReader(), 'meminfo', 'stats/meminfo.txt', fixture('meminfo-linux-6.18.txt'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({ memTotalKib: 24684092, memFreeKib: 23864332, memAvailableKib: 24344904, swapTotalKib: 0, swapFreeKib: 0, droppedKeys: 0 });
    expect(result?.kib['Active(anon)']).toBe(1544);
    expect(result?.kib.Hugepagesize).toBe(2048);
    expect(result?.counts).toEqual({ HugePages_Total: 0, HugePages_Free: 0, HugePages_Rsvd: 0, HugePages_Surp: 0 });
    expect(Object.keys(result!.kib)).toHaveLength(50);
  });

  it('reads an old kernel without MemAvailable', async () => {
    const { result } = await readOne(createMeminfoReader(), 'meminfo', 'proc/meminfo', fixture('meminfo-linux-2.6.32-no-memavailable.txt'));
    expect(result).toMatchObject({ memTotalKib: 3923688, memAvailableKib: null, swapFreeKib: 4194296 });
  });

  it('reports odd lines and keeps a __proto__ key as data', async () => {
    const { result, issues } = await readOne(createMeminfoReader(), 'meminfo', 'stats/meminfo.txt', 'MemTotal: 10 kB\nnonsense\n__proto__: 5 kB\n');
    expect(issues.map((issue) => issue.line)).toEqual([2]);
    expect(Object.keys(result!.kib)).toEqual(['MemTotal', '__proto__']);
  });
});

describe('/proc/vmstat reader', () => {
  it('reads the header comment sample: every counter, oom_kill named', async () => {
    const { result, issues } = await readOne(createProcVmstatReader(), 'procVmstat', 'stats/proc-vmstat.txt', fixture('proc-vmstat-linux-6.18.txt'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({ oomKill: 2, pswpin: 0, pswpout: 0, pgmajfault: 229, droppedCounters: 0 });
    expect(Object.keys(result!.counters)).toHaveLength(192);
    expect(result?.counters.nr_free_pages).toBe(833974);
    expect(result?.allocstall).toBe(0);
  });

  it('gives null for counters an old kernel lacks, and sums allocstall per zone', async () => {
    const { result } = await readOne(createProcVmstatReader(), 'procVmstat', 'stats/proc-vmstat.txt', 'pswpin 10\nallocstall_dma32 3\nallocstall_normal 4\n');
    expect(result).toMatchObject({ oomKill: null, pswpin: 10, allocstall: 7 });
  });
});

describe('/proc/stat reader', () => {
  it('reads the header comment sample: cpu ticks, cores, btime', async () => {
    const { result, issues } = await readOne(createProcStatReader(), 'procStat', 'stats/proc-stat.txt', fixture('proc-stat-linux-6.18-2-cpus.txt'));
    expect(issues).toEqual([]);
    expect(result).toEqual({
      file: 'stats/proc-stat.txt',
      cpu: { user: 7863, nice: 0, system: 1308, idle: 178667, iowait: 135, irq: 0, softirq: 87, steal: 4, guest: 0, guestNice: 0 },
      cores: 2,
      bootTimeSeconds: 1795838259,
      contextSwitches: 378971,
      processesCreated: 6848,
      procsRunning: 1,
      procsBlocked: 0,
      interrupts: 225766,
    });
  });

  it('reads an old kernel cpu line with fewer columns', async () => {
    const { result } = await readOne(createProcStatReader(), 'procStat', 'proc/stat', 'cpu  100 0 50 1000 3 0 1\ncpu0 100 0 50 1000 3 0 1\nbtime 1700000000\nweird line!\n');
    expect(result?.cpu).toMatchObject({ user: 100, softirq: 1, steal: null, guestNice: null });
    expect(result?.cores).toBe(1);
  });
});

describe('/proc/loadavg reader', () => {
  it('reads the header comment sample', async () => {
    const { result, issues } = await readOne(createLoadavgReader(), 'loadavg', 'stats/loadavg.txt', fixture('loadavg-linux-6.18.txt'));
    expect(issues).toEqual([]);
    expect(result).toEqual({ file: 'stats/loadavg.txt', one: 0.38, five: 0.14, fifteen: 0.08, runnable: 1, tasks: 85, lastPid: 6848 });
  });

  it('reads load averages as top and uptime print them, with either decimal separator', () => {
    expect(readLoadAverage('0.15, 0.10, 0.05')).toEqual({ one: 0.15, five: 0.1, fifteen: 0.05 });
    expect(readLoadAverage('3,27, 1,39, 0,60')).toEqual({ one: 3.27, five: 1.39, fifteen: 0.6 });
    expect(readLoadAverage('1.0 2.0')).toBeNull();
  });

  it('reports a line that is no load average', async () => {
    const { result, issues } = await readOne(createLoadavgReader(), 'loadavg', 'stats/loadavg.txt', 'hello there friend\n');
    expect(result).toBeNull();
    expect(issues.map((issue) => issue.line)).toEqual([1, null]);
  });
});

describe('pressure reader', () => {
  it('reads the header comment sample and names each file by its resource', async () => {
    const files = ['cpu', 'memory', 'io'].map((name) => ({ path: `stats/pressure/${name}`, content: fixture(`pressure-linux-6.18/${name}`) }));
    const { result, issues } = await readAll(createPressureReader(), 'pressure', files);
    expect(issues).toEqual([]);
    expect(result.io).toEqual({
      file: 'stats/pressure/io',
      some: { avg10: 1.82, avg60: 0.55, avg300: 0.12, totalUs: 918381 },
      full: { avg10: 1.82, avg60: 0.55, avg300: 0.12, totalUs: 849700 },
    });
    expect(result.cpu?.some?.totalUs).toBe(13785064);
    expect(result.memory?.some?.totalUs).toBe(14612);
    expect(result.memory?.full?.totalUs).toBe(11214);
    expect(result.irq).toBeNull();
  });

  it('accepts a cpu file without a full line (before 5.13) and refuses an unknown file name', async () => {
    const { result, issues } = await readAll(createPressureReader(), 'pressure', [
      { path: 'proc/pressure/cpu', content: 'some avg10=12.50 avg60=8.00 avg300=3.25 total=99123456\n' },
      { path: 'stats/pressure/gpu', content: 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' },
    ]);
    expect(result.cpu).toEqual({ file: 'proc/pressure/cpu', some: { avg10: 12.5, avg60: 8, avg300: 3.25, totalUs: 99123456 }, full: null });
    expect(issues).toEqual([expect.objectContaining({ file: 'stats/pressure/gpu', line: null })]);
  });

  it('reports a line that is not a pressure line', async () => {
    const { issues } = await readAll(createPressureReader(), 'pressure', [{ path: 'stats/pressure/io', content: 'some avg10=1\n' }]);
    expect(issues.map((issue) => issue.line)).toEqual([1, null]);
  });

  it('takes the resource from the file name', () => {
    expect(['stats/pressure/memory', 'memory.pressure', 'cpu.txt', 'io', 'irq', 'mem', 'pressure'].map(pressureResourceOf)).toEqual(['memory', 'memory', 'cpu', 'io', 'irq', null, null]);
  });
});
