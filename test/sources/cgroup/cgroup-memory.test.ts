import { describe, expect, it } from 'vitest';
import { createCgroupMemoryReader, parseCgroupFilePath, parseFlag, parseFlatKeyed, parseLimit, type CgroupMemoryState } from '../../../src/sources/cgroup/index.js';
import { feedReader, fixturePath, fixtureTree } from '../pod-logs/feed-reader.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const ID = '3b1f9c0d2e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';
const V2_POD = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;
const V2_CONTAINER = `${V2_POD}/cri-containerd-${ID}.scope`;
const V1_CONTAINER = `/kubepods/besteffort/pod${UID}/${ID}`;

async function readCgroups(files: Record<string, string | Buffer>) {
  return feedReader(createCgroupMemoryReader(), 'cgroup', files);
}

function byPath(cgroups: readonly CgroupMemoryState[], path: string): CgroupMemoryState | undefined {
  return cgroups.find((state) => state.path === path);
}

describe('parseCgroupFilePath', () => {
  it('reads the header samples: bundle v2 path and hand-made v1 path', () => {
    expect(parseCgroupFilePath(`cgroup${V2_CONTAINER}/memory.events`)).toEqual({ cgroupPath: V2_CONTAINER, file: 'memory.events' });
    expect(parseCgroupFilePath(`sys/fs/cgroup/memory${V1_CONTAINER}/memory.limit_in_bytes`)).toEqual({ cgroupPath: V1_CONTAINER, file: 'memory.limit_in_bytes' });
  });

  it('names the hierarchy root "/" and strips a v2 hand-made prefix', () => {
    expect(parseCgroupFilePath('cgroup/memory.stat')).toEqual({ cgroupPath: '/', file: 'memory.stat' });
    expect(parseCgroupFilePath('sys/fs/cgroup/kubepods.slice/memory.max')).toEqual({ cgroupPath: '/kubepods.slice', file: 'memory.max' });
    expect(parseCgroupFilePath('stats/ps.txt')).toBeNull();
  });
});

describe('interface file values', () => {
  it('reads the header samples: limits, the v1 "no limit" value, flat-keyed files', () => {
    expect(parseLimit('536870912\n')).toBe(536870912);
    expect(parseLimit('max\n')).toBe('unlimited');
    expect(parseLimit('9223372036854771712\n')).toBe('unlimited');
    expect(parseLimit('9223372036854710272')).toBe('unlimited');
    expect(parseLimit('-1')).toBeNull();
    expect(Object.fromEntries(parseFlatKeyed('low 0\nhigh 0\nmax 5402\noom 3\noom_kill 3\noom_group_kill 1\n', () => {}))).toEqual({
      low: 0,
      high: 0,
      max: 5402,
      oom: 3,
      oom_kill: 3,
      oom_group_kill: 1,
    });
    expect(parseFlag('1\n')).toBe(true);
    expect(parseFlag('2')).toBeNull();
  });

  it('reports bad lines of flat-keyed files by number', () => {
    const bad: number[] = [];
    expect(Object.fromEntries(parseFlatKeyed('low 0\nhigh\nmax x\noom 3\n', (line) => bad.push(line)))).toEqual({ low: 0, oom: 3 });
    expect(bad).toEqual([2, 3]);
  });
});

describe('cgroup memory reader', () => {
  it('reads the header sample', async () => {
    const { data } = await readCgroups({ [`cgroup/kubepods/burstable/pod${UID}/${ID}/memory.failcnt`]: '5402\n' });
    expect(data.cgroups).toMatchObject([{ path: `/kubepods/burstable/pod${UID}/${ID}`, version: 1, failcnt: 5402, limit: null }]);
  });

  it('names the files of a cgroup by name, whatever order they were read in', async () => {
    const dir = `cgroup/kubepods/burstable/pod${UID}/${ID}`;
    const { data } = await readCgroups({ [`${dir}/memory.oom_control`]: 'oom_kill 1\n', [`${dir}/memory.failcnt`]: '3\n', [`${dir}/memory.limit_in_bytes`]: '1024\n' });
    expect(data.cgroups[0]?.files).toEqual([`${dir}/memory.failcnt`, `${dir}/memory.limit_in_bytes`, `${dir}/memory.oom_control`]);
  });

  it('reads a cgroup v2 systemd Burstable tree (containerd scope, group kill)', async () => {
    const { data, issues } = await readCgroups(await fixtureTree(fixturePath('cgroup', 'cgroup-v2-systemd-burstable'), 'cgroup/'));
    expect(issues).toEqual([]);
    expect(data.cgroups.map((state) => state.path)).toEqual(['/kubepods.slice', '/kubepods.slice/kubepods-burstable.slice', V2_POD, V2_CONTAINER]);
    const container = byPath(data.cgroups, V2_CONTAINER);
    expect(container).toMatchObject({
      version: 2,
      limit: 536870912,
      usage: 535822336,
      peak: 536870912,
      high: 'unlimited',
      swapMax: 0,
      events: { low: 0, high: 0, max: 5402, oom: 3, oomKill: 3, oomGroupKill: 1 },
      eventsLocal: { oom: 3, oomKill: 3 },
      oomGroup: true,
      failcnt: null,
      oomControl: null,
    });
    expect(container?.stat).toMatchObject({ anon: 532676608, file: 1212416, kernel: 2510848, shmem: 0, pgmajfault: 12 });
    expect(container?.stat).not.toHaveProperty('zswap');
    expect(container?.files).toHaveLength(9);
    expect(byPath(data.cgroups, '/kubepods.slice/kubepods-burstable.slice')).toMatchObject({ version: 2, limit: 'unlimited', usage: null });
  });

  it('reads a cgroup v1 cgroupfs BestEffort tree, also from sys/fs/cgroup/memory/', async () => {
    for (const prefix of ['cgroup/', 'sys/fs/cgroup/memory/']) {
      const { data, issues } = await readCgroups(await fixtureTree(fixturePath('cgroup', 'cgroup-v1-cgroupfs-besteffort'), prefix));
      expect(issues).toEqual([]);
      expect(data.cgroups.map((state) => [state.path, state.version])).toEqual([
        ['/kubepods', 1],
        [`/kubepods/besteffort/pod${UID}`, 1],
        [V1_CONTAINER, 1],
      ]);
      expect(byPath(data.cgroups, V1_CONTAINER)).toMatchObject({
        limit: 'unlimited',
        usage: 533889024,
        peak: 1073741824,
        failcnt: 0,
        oomControl: { oomKillDisable: false, underOom: false, oomKill: 1 },
        events: null,
        oomGroup: null,
      });
      expect(byPath(data.cgroups, V1_CONTAINER)?.stat).toMatchObject({ cache: 1212416, rss: 532676608, total_rss: 532676608, hierarchical_memory_limit: 9223372036854771712 });
      expect(byPath(data.cgroups, '/kubepods')).toMatchObject({ limit: 7823740928, usage: 7823134720, failcnt: 118 });
    }
  });

  it('takes the version of a cgroup with only memory.stat from its keys, or from the other cgroups', async () => {
    const { data } = await readCgroups({
      'cgroup/kubepods/memory.limit_in_bytes': '7823740928\n',
      'cgroup/kubepods/burstable/memory.stat': 'pgfault 1\n',
      'cgroup/kubepods/besteffort/memory.stat': 'cache 0\nrss 4096\n',
    });
    expect(data.cgroups.map((state) => [state.path, state.version])).toEqual([
      ['/kubepods', 1],
      ['/kubepods/besteffort', 1],
      ['/kubepods/burstable', 1],
    ]);
  });

  it('reports bad values with file and line, and mixed versions in one folder', async () => {
    const { data, issues } = await readCgroups({
      'cgroup/kubepods.slice/memory.max': 'lots\n',
      'cgroup/kubepods.slice/memory.events': 'low 0\noom_kill three\n',
      'cgroup/kubepods.slice/memory.failcnt': '1\n',
    });
    expect(issues.map((issue) => [issue.file, issue.line, issue.message])).toEqual([
      ['cgroup/kubepods.slice/memory.max', 1, 'not a byte count or "max"'],
      ['cgroup/kubepods.slice/memory.events', 2, 'not a "key value" line'],
      ['cgroup/kubepods.slice/memory.failcnt', null, 'a cgroup v1 file beside cgroup v2 files in /kubepods.slice'],
    ]);
    expect(data.cgroups[0]).toMatchObject({ version: 2, limit: null, events: { low: 0, oomKill: null }, failcnt: 1 });
  });
});
