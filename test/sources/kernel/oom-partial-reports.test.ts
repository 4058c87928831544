/**
 * OOM reports as real logs deliver them: rate-limited, with lost lines, cut by whoever pasted
 * them, and in the old RHEL 7 / 3.10 forms. The texts follow the kernel's formats (domain-facts
 * §4) and the shapes of reports pasted in public issues (kubernetes/kubernetes#56891,
 * easzlab/kubeasz#556, pires/kubernetes-elasticsearch-cluster#129); ids and numbers are ours.
 * Every case asserts what the text shows and null where it does not.
 */
import { describe, expect, it } from 'vitest';
import type { OomEvent } from '../../../src/sources/kernel/index.js';
import { readKernel } from './read-kernel.js';

const POD = '8f14e45f-ceea-467f-a0e6-6a4e3c2b1d0f';
const CTR = '4a7d1ed414474e4033ac29ccb8653d9b1b6f2a0e5c8d7f6e9a0b1c2d3e4f5a6b';
const OTHER = '9e107d9d372bb6826bd81d3542a419d6e0f1a2b3c4d5e6f708192a3b4c5d6e7f';
const V2 = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD.replace(/-/g, '_')}.slice/cri-containerd-${CTR}.scope`;
const V2_OTHER = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0cc175b9_c0f1_46a8_b31e_2d9a1c0e7f31.slice/cri-containerd-${OTHER}.scope`;

/** dmesg lines with the given monotonic stamps. */
function dmesg(lines: [number, string][]): string {
  return lines.map(([seconds, text]) => `[${seconds.toFixed(6).padStart(12)}] ${text}\n`).join('');
}

async function events(files: Record<string, string>): Promise<OomEvent[]> {
  return (await readKernel(files)).data.oomEvents;
}

const summary = (path: string, comm: string, pid: number, uid = 1000) =>
  `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${path},task_memcg=${path},task=${comm},pid=${pid},uid=${uid}`;
const kill54 = (pid: number, comm: string, adj: number) =>
  `Memory cgroup out of memory: Killed process ${pid} (${comm}) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:${adj}`;

describe('a kill named only by the oom-kill: summary', () => {
  it('5.15, cgroup v2: the kill line is lost; the summary and the reaper name the victim', async () => {
    const [event, ...rest] = await events({
      'kernel/dmesg.txt': dmesg([
        [86412.301122, 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=968'],
        [86412.3012, 'memory: usage 524288kB, limit 524288kB, failcnt 5402'],
        [86412.301203, 'swap: usage 0kB, limit 9007199254740988kB, failcnt 0'],
        [86412.301205, `Memory cgroup stats for ${V2}:`],
        [86412.301206, 'anon 530612224'],
        [86412.30126, 'Tasks state (memory values in pages):'],
        [86412.301261, '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name'],
        [86412.301266, '[  41234]  1000 41234   301020   131402  1224704        0           968 java'],
        [86412.30127, summary(V2, 'java', 41234)],
        [86414.402, 'oom_reaper: reaped process 41234 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB'],
      ]),
    });
    expect(rest).toEqual([]);
    expect([event!.outcome, event!.gaps, event!.oomMemcg, event!.taskMemcg, event!.statsMemcg]).toEqual(['summary-only', ['kill-line-missing'], V2, V2, V2]);
    expect(event!.victims).toHaveLength(1);
    expect(event!.victims[0]).toMatchObject({
      pid: 41234,
      comm: 'java',
      uid: 1000,
      reason: 'memcg',
      killLine: false,
      line: 9,
      totalVmKb: null,
      anonRssKb: null,
      fileRssKb: null,
      shmemRssKb: null,
      oomScoreAdj: null,
    });
    expect(event!.victims[0]!.reaped).toMatchObject({ state: 'reaped', line: 10 });
    // the kernel generation is read from the lines present, not from the victim made up of the summary
    expect([event!.kernelVariant, event!.pageSizeBytes]).toEqual(['linux-5.0+', null]);
    expect(event!.evidence.map((item) => `${item.role}:${item.line}`)).toEqual(['first:1', 'trigger:1', 'memcg-stats:4', 'summary:9', 'reaper:10']);
  });

  it('a summary whose kill line is lost, then another report whose header is lost: two kills, no field crosses', async () => {
    const found = await events({
      'kernel/dmesg.txt': dmesg([
        [3100.2001, 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=937'],
        [3100.20012, 'memory: usage 1048576kB, limit 1048576kB, failcnt 77'],
        [3100.20014, summary(V2, 'java', 5501)],
        [3100.9, kill54(6123, 'nginx', 1000)],
      ]),
    });
    expect(found.map((event) => [event.outcome, event.gaps, event.victims.map((victim) => [victim.pid, victim.comm, victim.killLine])])).toEqual([
      ['summary-only', ['kill-line-missing', 'cut-by-next-report'], [[5501, 'java', false]]],
      ['killed', [], [[6123, 'nginx', true]]],
    ]);
    // nginx's report lost its header: it has none of java's
    expect([found[1]!.trigger, found[1]!.memory, found[1]!.oomMemcg, found[1]!.taskMemcg, found[1]!.chosen]).toEqual([null, null, null, null, null]);
    // java's report keeps nothing of nginx's kill line
    expect(found[0]!.victims[0]).toMatchObject({ totalVmKb: null, anonRssKb: null, oomScoreAdj: null });
  });

  it('a global summary names a global kill; a memcg kill line cannot join it', async () => {
    const found = await events({
      'kernel/dmesg.txt': dmesg([
        [512.1, 'kworker/u8:2 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0'],
        [512.2, `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=${V2_OTHER},task=python,pid=22301,uid=0`],
        [512.3, kill54(22302, 'worker', 1000)],
      ]),
    });
    expect(found.map((event) => [event.outcome, event.globalOom, event.victims.map((victim) => [victim.pid, victim.reason, victim.killLine])])).toEqual([
      ['summary-only', true, [[22301, 'global', false]]],
      ['killed', false, [[22302, 'memcg', true]]],
    ]);
  });
});

describe('a report cut mid-record never borrows from its neighbour', () => {
  it('a header cut before its summary, then a report whose trigger is lost: the second keeps only its own lines', async () => {
    const found = await events({
      'kernel/dmesg.txt': dmesg([
        [700.1, 'ruby invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999'],
        [700.1001, 'memory: usage 262144kB, limit 262144kB, failcnt 3'],
        [700.1002, `Memory cgroup stats for ${V2_OTHER}:`],
        [700.1003, 'anon 263221248'],
        // lines lost here: the next report's trigger and counters
        [700.5, 'Tasks state (memory values in pages):'],
        [700.5001, '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name'],
        [700.5002, '[  41234]  1000 41234   301020   131402  1224704        0           968 java'],
        [700.5003, summary(V2, 'java', 41234)],
        [700.5004, kill54(41234, 'java', 968)],
      ]),
    });
    expect(found).toHaveLength(2);
    const [ruby, java] = found;
    expect([ruby!.trigger?.comm, ruby!.statsMemcg, ruby!.outcome, ruby!.gaps, ruby!.victims]).toEqual(['ruby', V2_OTHER, 'none-seen', ['kill-line-missing', 'cut-by-next-report'], []]);
    expect([ruby!.oomMemcg, ruby!.taskMemcg, ruby!.chosen, ruby!.tasks]).toEqual([null, null, null, null]);
    expect([java!.trigger, java!.memory, java!.statsMemcg, java!.memcgStats]).toEqual([null, null, null, []]);
    expect([java!.oomMemcg, java!.taskMemcg, java!.tasks?.rows[0]?.pid, java!.outcome]).toEqual([V2, V2, 41234, 'killed']);
    expect(java!.victims[0]).toMatchObject({ pid: 41234, oomScoreAdj: 968, anonRssKb: 523012, killLine: true });
  });

  it('an OOM rate-limit marker inside an open report says lines were lost there', async () => {
    const run = await readKernel({
      'kernel/dmesg.txt': dmesg([
        [900.1, 'node invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000'],
        [900.2, 'oom_kill_process: 7 callbacks suppressed'],
        [900.3, kill54(8801, 'node', 1000)],
        [901.3, 'blk_update_request: 59 callbacks suppressed'],
        [905.3, kill54(8802, 'node', 1000)],
      ]),
    });
    const [first, second] = run.data.oomEvents;
    expect([first!.gaps, first!.victims.map((victim) => victim.pid)]).toEqual([['lines-lost-inside'], [8801]]);
    expect([second!.gaps, second!.trigger]).toEqual([[], null]);
    expect(run.data.lostLines.map((marker) => [marker.kind, marker.count, marker.name, marker.line])).toEqual([
      ['callbacks-suppressed', 7, 'oom_kill_process', 2],
      ['callbacks-suppressed', 59, 'blk_update_request', 4],
    ]);
    expect(run.data.counts.lostLinesMarkers).toBe(2);
    expect(run.data.counts.suppressedCallbacks).toMatchObject({ oom_kill_process: 7, blk_update_request: 59 });
  });
});

/** RHEL / CentOS 7 syslog lines (`/var/log/messages`), kernel 3.10.0-*.el7. */
function messages(lines: string[]): string {
  return lines.map((text, index) => `Sep 13 02:27:${String(38 + Math.floor(index / 10)).padStart(2, '0')} node-01 kernel: ${text}\n`).join('');
}

const EL7_POD = '/kubepods/burstable/pod5e3c4bcb-760b-11e9-bcb4-5c260afbd27c';
const EL7_CTR = `${EL7_POD}/56f14365daad5b7ea9d7960ec1ddf31777941d7ce80221d373668ca637fdf6fa`;
const EL7_PAUSE = `${EL7_POD}/0b8fad4642c76b45da68a7333f66974327f9050101b4320bd0ce5424a61a0508`;
const EL7_STATS = (path: string, rss: number) =>
  `Memory cgroup stats for ${path}: cache:4KB rss:${rss}KB rss_huge:0KB mapped_file:0KB swap:0KB inactive_anon:0KB active_anon:${rss}KB inactive_file:0KB active_file:0KB unevictable:0KB`;

describe('RHEL 7 / CentOS 7, kernel 3.10', () => {
  const header = [
    'java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=921',
    'java cpuset=56f14365daad5b7ea9d7960ec1ddf31777941d7ce80221d373668ca637fdf6fa mems_allowed=0-1',
    'CPU: 16 PID: 4060 Comm: java Tainted: P        W  OE  ------------   3.10.0-514.26.2.el7.x86_64 #1',
    'Call Trace:',
    ' [<ffffffff81687133>] dump_stack+0x19/0x1b',
  ];
  const stats = [
    'memory: usage 2097152kB, limit 2097152kB, failcnt 840635',
    'memory+swap: usage 2097152kB, limit 9007199254740988kB, failcnt 0',
    'kmem: usage 0kB, limit 9007199254740988kB, failcnt 0',
    EL7_STATS(EL7_POD, 0),
    EL7_STATS(EL7_PAUSE, 40),
    EL7_STATS(EL7_CTR, 2097108),
  ];
  const table = [
    '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
    '[ 3901]     0  3901      256        1       4        0          -998 pause',
    '[ 4051]  1000  4051  5090123   517579    1714        0           921 java',
    '[ 4212]  1000  4212    28860      690      14        0           921 jstack',
  ];

  it('Kill process N … or sacrifice child, then Killed process M: the victim is the child M', async () => {
    const [event, ...rest] = await events({
      'kernel/messages': messages([
        ...header,
        `Task in ${EL7_CTR} killed as a result of limit of ${EL7_POD}`,
        ...stats,
        ...table,
        'Memory cgroup out of memory: Kill process 4051 (java) score 990 or sacrifice child',
        'Killed process 4212 (jstack) total-vm:115440kB, anon-rss:2012kB, file-rss:748kB',
      ]),
    });
    expect(rest).toEqual([]);
    expect([event!.taskMemcg, event!.oomMemcg, event!.statsMemcg, event!.globalOom, event!.chosen, event!.constraint]).toEqual([EL7_CTR, EL7_POD, EL7_POD, false, null, null]);
    expect(event!.selected).toEqual({ pid: 4051, comm: 'java', score: 990, reason: 'memcg' });
    expect(event!.victims).toHaveLength(1);
    expect(event!.victims[0]).toMatchObject({
      pid: 4212,
      comm: 'jstack',
      reason: 'memcg',
      selectedPid: 4051,
      score: 990,
      killLine: true,
      anonRssKb: 2012,
      fileRssKb: 748,
      shmemRssKb: null,
      uid: null,
      oomScoreAdj: null,
    });
    expect(event!.tasks?.rows.find((row) => row.pid === 4212)?.oomScoreAdj).toBe(921);
    expect([event!.kernelVariant, event!.outcome, event!.gaps]).toEqual(['linux-3.x', 'killed', []]);
    expect(event!.evidence.map((item) => item.role)).toEqual(['first', 'trigger', 'task-in', 'memcg-stats', 'selected', 'kill']);
  });

  it('the Task in line is cut: the first Memory cgroup stats line names the cgroup whose limit was hit', async () => {
    const [event] = await events({
      'kernel/messages': messages([
        ...header,
        ...stats,
        ...table,
        'Memory cgroup out of memory: Kill process 4051 (java) score 990 or sacrifice child',
        'Killed process 4051 (java) total-vm:20360492kB, anon-rss:2070316kB, file-rss:0kB',
      ]),
    });
    expect([event!.taskMemcg, event!.oomMemcg, event!.statsMemcg, event!.globalOom]).toEqual([null, null, EL7_POD, false]);
    expect(event!.memcgStats.map((item) => item.memcg)).toEqual([EL7_POD, EL7_PAUSE, EL7_CTR]);
    expect(event!.victims[0]).toMatchObject({ pid: 4051, comm: 'java', selectedPid: 4051, anonRssKb: 2070316 });
  });

  it('global: Out of memory: Kill process … or sacrifice child; no cgroup line at all', async () => {
    const [event] = await events({
      'kernel/messages': messages([
        'kubelet invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=-999',
        'kubelet cpuset=/ mems_allowed=0',
        'Mem-Info:',
        'active_anon:3801244 inactive_anon:1204 isolated_anon:0',
        'Free swap  = 0kB',
        'Total swap = 0kB',
        '4194174 pages RAM',
        '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
        '[ 4051]  1000  4051  5090123  3517579    7714        0           921 java',
        'Out of memory: Kill process 4051 (java) score 912 or sacrifice child',
        'Killed process 4051 (java) total-vm:20360492kB, anon-rss:14070316kB, file-rss:0kB',
      ]),
    });
    expect([event!.globalOom, event!.oomMemcg, event!.taskMemcg, event!.statsMemcg, event!.memory]).toEqual([true, null, null, null, null]);
    expect(event!.systemMemory).toMatchObject({ ramPages: 4194174, freeSwapKb: 0 });
    expect(event!.victims[0]).toMatchObject({ pid: 4051, comm: 'java', reason: 'global', selectedPid: 4051, score: 912, anonRssKb: 14070316, oomScoreAdj: null });
    expect(event!.kernelVariant).toBe('linux-3.x');
  });

  it('printk: N messages suppressed between the selection and the kill line is recorded where it was', async () => {
    const run = await readKernel({
      'kernel/messages': messages([
        ...header,
        ...stats,
        'printk: 61 messages suppressed.',
        'Memory cgroup out of memory: Kill process 4051 (java) score 990 or sacrifice child',
        'Killed process 4051 (java) total-vm:20360492kB, anon-rss:2070316kB, file-rss:0kB',
      ]),
    });
    const [event] = run.data.oomEvents;
    expect([event!.gaps, event!.victims[0]?.pid, event!.tasks]).toEqual([['lines-lost-inside'], 4051, null]);
    expect(run.data.lostLines).toEqual([expect.objectContaining({ kind: 'printk-suppressed', count: 61, name: null, file: 'kernel/messages', line: 12 })]);
  });
});
