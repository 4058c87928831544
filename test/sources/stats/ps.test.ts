import { describe, expect, it } from 'vitest';
import { createPsReader } from '../../../src/sources/stats/ps.js';
import { fixture, readOne } from './helpers.js';

const read = (name: string) => readOne(createPsReader(), 'ps', `stats/${name}`, fixture(name));

describe('ps reader', () => {
  it('reads the header comment sample: the collector format from a real /proc on cgroup v1', async () => {
    const { result, issues } = await read('ps-collector-cgroup-v1-real.txt');
    expect(issues).toEqual([]);
    expect(result?.processes[2]).toEqual({
      line: 4,
      pid: 3953,
      ppid: 3952,
      state: 'S',
      uid: 0,
      user: null,
      rssKib: 4264,
      vszKib: 5208,
      oomScoreAdj: 0,
      cpuPercent: null,
      memPercent: null,
      comm: 'bash',
      cgroup: '/process_api/0bbc31debb0ce670cafbb52891ec8c49',
      args: 'bash /dev/fd/3',
    });
    expect(result?.processes[0]).toMatchObject({ pid: 1, ppid: 0, comm: 'process_api', cgroup: '/', rssKib: 14236 });
    expect(result?.processes[1]).toMatchObject({ pid: 2, comm: 'kthreadd', rssKib: null, args: null });
  });

  it('reads the collector format with kubepods cgroups and oom_score_adj of every QoS', async () => {
    const { result, issues } = await read('ps-collector-cgroup-v2-kubepods.txt');
    expect(issues).toEqual([]);
    expect(result?.format).toBe('tab-separated');
    expect(result?.processes.find((row) => row.pid === 4182)).toEqual({
      line: 4,
      pid: 4182,
      ppid: 4101,
      state: 'S',
      uid: 65532,
      user: null,
      rssKib: 912344,
      vszKib: 1825020,
      oomScoreAdj: 937,
      cpuPercent: null,
      memPercent: null,
      comm: 'java',
      cgroup: '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f7e3c2a_9b4d_4e61_a0c2_5d8f7b6e4a10.slice/cri-containerd-3c9a41f07d2b.scope',
      args: 'java -Xmx1g -jar /app/server.jar',
    });
    expect(result?.processes.map((row) => [row.pid, row.oomScoreAdj])).toEqual([
      [1, 0],
      [1234, -999],
      [4182, 937],
      [5120, -997],
      [6001, 1000],
      [2, 0],
    ]);
    expect(result?.processes.find((row) => row.pid === 6001)).toMatchObject({ state: 'Z', rssKib: null, vszKib: null, args: null });
    expect(result?.processes.find((row) => row.pid === 2)).toMatchObject({ cgroup: null, args: null });
  });

  it('keeps spaces in COMM and tabs in ARGS of the tab-separated format', async () => {
    const text = 'PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS\n77\t1\tS\t0\t10\t20\t0\tWeb Content\t/\tbin\targ with\ttab\n';
    const { result } = await readOne(createPsReader(), 'ps', 'stats/ps.txt', text);
    expect(result?.processes[0]).toMatchObject({ comm: 'Web Content', args: 'bin\targ with\ttab' });
  });

  it('reads ps -eo pid,ppid,stat,rss,vsz,comm,args: the first COMMAND is the name, the last the command line', async () => {
    const { result, issues } = await read('ps-procps-4.0.2-eo-comm-args.txt');
    expect(issues).toEqual([]);
    expect(result?.format).toBe('whitespace');
    expect(result?.processes[0]).toMatchObject({ pid: 1, ppid: 0, state: 'SLl', rssKib: 14236, vszKib: 41256, comm: 'process_api' });
    expect(result?.processes[0]?.args).toMatch(/^\/process_api --firecracker-init .* --auth-required$/);
    expect(result?.processes[3]).toMatchObject({ pid: 4, state: 'I<', comm: 'kworker/R-rcu_g', args: '[kworker/R-rcu_gp]' });
  });

  it('reads ps aux with user names and percentages', async () => {
    const { result } = await read('ps-procps-4.0.2-aux.txt');
    expect(result?.processes[0]).toMatchObject({ user: 'root', uid: null, pid: 1, cpuPercent: 0.1, memPercent: 0, vszKib: 41256, rssKib: 14236, comm: null });
    expect(result?.processes[1]?.args).toBe('[kthreadd]');
  });

  it('reads BusyBox ps with m-suffixed sizes', async () => {
    const { result } = await read('ps-busybox-o.txt');
    expect(result?.processes[0]).toMatchObject({ pid: 1, user: 'root', vszKib: 40 * 1024, rssKib: 13 * 1024, comm: 'process_api' });
    expect(result?.processes[1]).toMatchObject({ state: 'SW', vszKib: 0 });
  });

  it('reads ps -ef where UID holds names', async () => {
    const text =
      'UID        PID  PPID  C STIME TTY          TIME CMD\nroot         1     0  0 03:57 ?        00:00:02 /sbin/init splash\n1000      4182  4101  9 Nov27 ?        01:02:03 java -jar app.jar\n';
    const { result } = await readOne(createPsReader(), 'ps', 'stats/ps.txt', text);
    expect(result?.processes.map((row) => [row.pid, row.user, row.uid, row.args])).toEqual([
      [1, 'root', null, '/sbin/init splash'],
      [4182, null, 1000, 'java -jar app.jar'],
    ]);
  });

  it('reports rows without a pid, lines before a header, and a missing header', async () => {
    const text = 'garbage first\n  PID COMMAND\n  abc x\n  12 ok\n';
    const { result, issues } = await readOne(createPsReader(), 'ps', 'stats/ps.txt', text);
    expect(issues.map((issue) => issue.line)).toEqual([1, 3]);
    expect(result?.processes).toEqual([expect.objectContaining({ pid: 12, args: 'ok', line: 4 })]);
    const empty = await readOne(createPsReader(), 'ps', 'stats/ps.txt', 'no header here\n');
    expect(empty.issues.map((issue) => issue.line)).toEqual([1, null]);
  });
});
