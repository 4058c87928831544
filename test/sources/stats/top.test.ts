import { describe, expect, it } from 'vitest';
import { createTopReader } from '../../../src/sources/stats/top.js';
import { fixture, readOne } from './helpers.js';

const read = (name: string) => readOne(createTopReader(), 'top', `stats/${name}`, fixture(name));

describe('top reader', () => {
  it('reads the header comment sample: procps-ng 4.0.2 with MiB memory', async () => {
    const { result, issues } = await read('top-procps-4.0.2-mib-mem.txt');
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      variant: 'procps',
      clock: '04:13:17',
      uptimeSeconds: 900,
      users: 0,
      loadAverage: { one: 0.41, five: 0.14, fifteen: 0.08 },
      tasks: { total: 74, running: 1, sleeping: 73, uninterruptible: null, stopped: 0, zombie: 0 },
      cpu: { userPercent: 0, systemPercent: 100, idlePercent: 0, stealPercent: 0 },
      memory: { totalKib: 24105.6 * 1024, freeKib: 23294.8 * 1024, usedKib: 343 * 1024, buffCacheKib: 704.1 * 1024, availableKib: 23762.6 * 1024, usedIncludesCache: false },
      swap: { totalKib: 0, freeKib: 0, usedKib: 0 },
    });
    expect(result?.processes[0]).toEqual({
      line: 8,
      pid: 1,
      ppid: null,
      user: 'root',
      priority: '20',
      nice: 0,
      virtKib: 40884,
      resKib: 13732,
      shrKib: 5592,
      state: 'S',
      cpuPercent: 0,
      memPercent: 0.1,
      cpuTime: '0:01.22',
      command: 'process_a+',
    });
    expect(result?.processes).toHaveLength(5);
    expect(result?.processes[3]).toMatchObject({ pid: 4, priority: '0', nice: -20, state: 'I' });
  });

  it('reads the ≤ 3.3.9 order: used before free, buffers, cached Mem on the swap line, g-suffixed RES', async () => {
    const { result, issues } = await read('top-procps-3.3.9-kib-mem-order.txt');
    expect(issues).toEqual([]);
    expect(result?.uptimeSeconds).toBe((3 * 24 * 60 + 4 * 60 + 5) * 60);
    expect(result?.users).toBe(2);
    expect(result?.memory).toMatchObject({ totalKib: 8010228, usedKib: 7756616, freeKib: 253612, buffersKib: 226528, cachedKib: 5960540, buffCacheKib: null, usedIncludesCache: true });
    expect(result?.swap).toEqual({ totalKib: 2097148, usedKib: 10240, freeKib: 2086908 });
    expect(result?.processes.find((process) => process.command === 'java')).toMatchObject({ user: '1000', resKib: 2.108 * 1024 * 1024, cpuPercent: 98.7 });
  });

  it('reads procps 3.2 Cpu(s) with %us and k-suffixed memory', async () => {
    const { result } = await read('top-procps-3.2.8-old-cpu-label.txt');
    expect(result?.cpu).toMatchObject({ userPercent: 0.3, systemPercent: 0.2, idlePercent: 99.5, stealPercent: 0 });
    expect(result?.memory).toMatchObject({ totalKib: 3923688, usedKib: 3712340, cachedKib: 2894532 });
    expect(result?.uptimeSeconds).toBe((41 * 24 * 60 + 19 * 60 + 16) * 60);
    expect(result?.processes[0]).toMatchObject({ virtKib: 793 * 1024, resKib: 42 * 1024, cpuTime: '61:02.13', command: 'docker' });
  });

  it('reads values cut with + as unknown and counts them', async () => {
    const { result } = await read('top-procps-3.3.12-kib-cut-values.txt');
    expect(result?.memory).toMatchObject({ totalKib: null, usedKib: null, freeKib: 3214688, buffCacheKib: 43267392, availableKib: 41233728, cutValues: 2 });
    expect(result?.uptimeSeconds).toBe((24 * 60 + 10) * 60);
    expect(result?.tasks?.total).toBe(1204);
    expect(result?.processes[0]).toMatchObject({ virtKib: 105.4 * 1024 ** 2, resKib: 98.2 * 1024 ** 2, cpuPercent: 812.5 });
  });

  it('reads procps 4.0.5 sleep/d-sleep, GiB units, per-CPU lines and command lines with spaces', async () => {
    const { result, issues } = await read('top-procps-4.0.5-d-sleep-per-cpu.txt');
    expect(issues).toEqual([]);
    expect(result?.tasks).toEqual({ total: 231, running: 1, sleeping: 226, uninterruptible: 4, stopped: 0, zombie: 0 });
    expect(result?.cpu).toBeNull();
    expect(result?.perCpu.map((cpu) => cpu.userPercent)).toEqual([52, 61.4]);
    expect(result?.memory?.totalKib).toBeCloseTo(15.5 * 1024 ** 2);
    expect(result?.processes[0]).toMatchObject({ pid: 381022, user: '65532', state: 'D', command: 'python3 -m worker --queue=ingest' });
  });

  it('reads decimal commas of a translated top', async () => {
    const { result } = await read('top-procps-4.0.2-de-locale-decimal-comma.txt');
    expect(result?.loadAverage).toEqual({ one: 3.27, five: 1.39, fifteen: 0.6 });
    expect(result?.cpu?.idlePercent).toBe(100);
    expect(result?.memory).toMatchObject({ totalKib: 24105.6 * 1024, availableKib: 22936.9 * 1024 });
    expect(result?.tasks?.zombie).toBe(1);
    expect(result?.processes[0]).toMatchObject({ pid: 12460, cpuPercent: 50, command: 'node' });
  });

  it('reads the BusyBox header and table', async () => {
    const { result, issues } = await read('top-busybox.txt');
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      variant: 'busybox',
      loadAverage: { one: 0.41, five: 0.14, fifteen: 0.08 },
      cpu: { userPercent: 0, idlePercent: 100, iowaitPercent: 0, softIrqPercent: 0 },
      memory: { usedKib: 829664, freeKib: 23854428, totalKib: 829664 + 23854428, sharedKib: 8856, buffersKib: 47060, cachedKib: 619076, usedIncludesCache: true },
      swap: null,
    });
    expect(result?.processes[0]).toEqual(expect.objectContaining({ pid: 3921, ppid: 3890, state: 'S', virtKib: 1233 * 1024, cpuPercent: 2, command: '/usr/local/bin/app --listen :8080' }));
  });

  it('skips later BusyBox iterations, which start with Mem:', async () => {
    const text = fixture('top-busybox.txt');
    const { result, issues } = await readOne(createTopReader(), 'top', 'stats/top.txt', text + text + text);
    expect(issues).toEqual([]);
    expect(result?.skippedIterations).toBe(2);
    expect(result?.processes).toHaveLength(3);
  });

  it('skips later iterations and reports unknown lines with their line', async () => {
    const first = fixture('top-procps-4.0.2-mib-mem.txt');
    const text = `${first}\n${first.replace('04:13:17', '04:13:20')}`;
    const { result } = await readOne(createTopReader(), 'top', 'stats/top.txt', text);
    expect(result?.skippedIterations).toBe(1);
    expect(result?.clock).toBe('04:13:17');
    const odd = await readOne(createTopReader(), 'top', 'stats/top.txt', 'top - 01:02:03 up 1 min,  1 user,  load average: 0.00, 0.00, 0.00\nsomething else\n  PID USER COMMAND\n abc root x\n');
    expect(odd.issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['stats/top.txt', 2],
      ['stats/top.txt', 4],
    ]);
  });
});
