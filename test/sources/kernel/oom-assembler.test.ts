import { describe, expect, it } from 'vitest';
import type { OomEvent } from '../../../src/sources/kernel/index.js';
import { readFixture, readKernel } from './read-kernel.js';

const REAL_CGROUP = '/kubepods/burstable/podf9244834-dd20-44da-88e6-92d5af4a304c/af00aecef6480fc0ba0eba99a95b26f47a13ec4aa9c4098a166f70e3475a5174';

async function eventsOf(name: string): Promise<OomEvent[]> {
  return (await readFixture(name)).data.oomEvents;
}

async function onlyEvent(name: string): Promise<OomEvent> {
  const events = await eventsOf(name);
  expect(events).toHaveLength(1);
  return events[0]!;
}

/** Lines as a dmesg file, each stamped one microsecond after the previous one. */
function dmesg(...lines: string[]): string {
  return lines.map((line, index) => `[ 100.${String(index).padStart(6, '0')}] ${line}\n`).join('');
}

async function inline(...lines: string[]): Promise<OomEvent[]> {
  return (await readKernel({ 'kernel/dmesg.txt': dmesg(...lines) })).data.oomEvents;
}

const KILL_5_4 = (pid: number, comm: string, reason = 'Memory cgroup out of memory') =>
  `${reason}: Killed process ${pid} (${comm}) total-vm:80044kB, anon-rss:64012kB, file-rss:588kB, shmem-rss:0kB, UID:0 pgtables:172kB oom_score_adj:1000`;

describe('the real OOM kill captured on this machine (kernel 6.18, cgroup v1)', () => {
  it('becomes one event with trigger, memcg, counters, stats, task table and victim', async () => {
    const event = await onlyEvent('oom-kill-cgroup-v1-kernel-6.18-real.txt');
    expect(event.trigger).toEqual({ comm: 'python3', gfpMask: '0xcc0', gfpFlags: 'GFP_KERNEL', nodemask: null, order: 0, oomScoreAdj: 500 });
    expect([event.constraint, event.oomMemcg, event.taskMemcg, event.globalOom]).toEqual(['CONSTRAINT_MEMCG', REAL_CGROUP, REAL_CGROUP, false]);
    expect(event.cpuset).toEqual({ name: '/', memsAllowed: '0' });
    expect(event.chosen).toEqual({ comm: 'python3', pid: 6519, uid: 0 });
    expect(event.memory).toEqual({ usageKb: 32768, limitKb: 32768, failcnt: 84 });
    expect(event.memsw).toEqual({ usageKb: 32768, limitKb: 9007199254740988, failcnt: 0 });
    expect(event.kmem).toEqual({ usageKb: 168, limitKb: 9007199254740988, failcnt: 0 });
    expect(event.swap).toBeNull();
    expect(event.memcgStats).toHaveLength(1);
    expect(event.memcgStats[0]!.memcg).toBe(REAL_CGROUP);
    expect(event.memcgStats[0]!.values).toMatchObject({ cache: 0, rss: 33382400, hierarchical_memory_limit: 33554432, total_pgfault: 15771 });
    expect(Object.keys(event.memcgStats[0]!.values)).toHaveLength(42);
    expect(event.tasks?.columns).toEqual(['pid', 'uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name']);
    expect(event.tasks?.rows).toEqual([
      {
        pid: 6519,
        uid: 0,
        tgid: 6519,
        totalVmPages: 10823,
        rssPages: 9782,
        rssAnonPages: 8128,
        rssFilePages: 1654,
        rssShmemPages: 0,
        pgtablesBytes: 131072,
        nrPtes: null,
        swapEntries: 0,
        oomScoreAdj: 500,
        name: 'python3',
      },
    ]);
    expect(event.victims).toHaveLength(1);
    expect(event.victims[0]).toMatchObject({
      pid: 6519,
      comm: 'python3',
      reason: 'memcg',
      totalVmKb: 43292,
      anonRssKb: 32512,
      fileRssKb: 6616,
      shmemRssKb: 0,
      uid: 0,
      pgtablesKb: 128,
      oomScoreAdj: 500,
      selectedPid: null,
      reaped: null,
      line: 79,
    });
    expect([event.outcome, event.kernelVariant, event.pageSizeBytes, event.detailsOmitted]).toEqual(['killed', 'linux-6.8+', 4096, false]);
  });

  it('records where its lines are: first, trigger, memcg stats, summary, kill', async () => {
    const event = await onlyEvent('oom-kill-cgroup-v1-kernel-6.18-real.txt');
    const file = 'kernel/oom-kill-cgroup-v1-kernel-6.18-real.txt';
    expect(event.evidence).toEqual([
      { role: 'first', file, line: 2, stampText: '[  931.472465]' },
      { role: 'trigger', file, line: 2, stampText: '[  931.472465]' },
      { role: 'memcg-stats', file, line: 32, stampText: '[  931.472549]' },
      { role: 'summary', file, line: 78, stampText: '[  931.472607]' },
      { role: 'kill', file, line: 79, stampText: '[  931.472618]' },
    ]);
    expect([event.file, event.stamp.monotonic]).toEqual([file, 931.472465]);
  });

  it.each([
    ['oom-kill-cgroup-v1-kernel-6.18-real-dmesg-r.txt', 'dmesg', 79],
    ['oom-kill-cgroup-v1-kernel-6.18-real-dmesg-x.txt', 'dmesg', 79],
    ['oom-kill-cgroup-v1-kernel-6.18-real-dmesg-T.txt', 'dmesg-ctime', 79],
    ['oom-kill-cgroup-v1-kernel-6.18-real-dmesg-iso.txt', 'dmesg-iso', 79],
    ['oom-kill-cgroup-v1-kernel-6.18-real-kmsg.txt', 'kmsg', 79],
    ['dmesg-T-german.txt', 'dmesg-ctime', 78],
    ['dmesg-T-french.txt', 'dmesg-ctime', 78],
    ['dmesg-T-spanish.txt', 'dmesg-ctime', 78],
  ])('is the same event when read from %s', async (name, format, killLine) => {
    const run = await readFixture(name);
    const event = run.data.oomEvents[0]!;
    expect(run.data.oomEvents).toHaveLength(1);
    expect(run.data.files[0]!.formats).toEqual({ [format]: killLine });
    expect(event.victims.map((victim) => [victim.pid, victim.comm, victim.anonRssKb, victim.line])).toEqual([[6519, 'python3', 32512, killLine]]);
    expect([event.oomMemcg, event.memory?.failcnt, event.tasks?.total, Object.keys(event.memcgStats[0]!.values).length]).toEqual([REAL_CGROUP, 84, 1, 42]);
    expect(run.issues.total).toBe(0);
  });
});

describe('OOM reports of each kernel generation', () => {
  it('cgroup v2, 6.1: the allocating thread is not the victim; swap counter, memory.stat, reaper', async () => {
    const event = await onlyEvent('oom-kill-cgroup-v2-kernel-6.1.txt');
    const scope =
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c3e9a12_5b4d_4f6e_8a1b_2c3d4e5f6a7b.slice/cri-containerd-9d2f1c0b8a7e6d5c4b3a29180716253443526170819a0b1c2d3e4f5a6b7c8d9e.scope';
    expect(event.trigger).toMatchObject({ comm: 'C2 CompilerThre', oomScoreAdj: 968 });
    expect([event.oomMemcg, event.taskMemcg, event.globalOom]).toEqual([scope, scope, false]);
    expect(event.cpuset?.name).toBe('cri-containerd-9d2f1c0b8a7e6d5c4b3a29180716253443526170819a0b1c2d3e4f5a6b7c8d9e.scope');
    expect(event.swap).toEqual({ usageKb: 0, limitKb: 9007199254740988, failcnt: 0 });
    expect(event.memsw).toBeNull();
    expect(event.memcgStats[0]!.values).toMatchObject({ anon: 530612224, file: 1163264, oom_kill: 0 });
    expect(event.tasks?.rows.map((row) => [row.pid, row.name, row.rssPages, row.pgtablesBytes])).toEqual([
      [41234, 'java', 131402, 1224704],
      [41230, 'sh', 24, 45056],
    ]);
    expect(event.victims[0]).toMatchObject({ pid: 41234, comm: 'java', reason: 'memcg', uid: 1000, oomScoreAdj: 968 });
    expect(event.victims[0]!.reaped).toMatchObject({ state: 'reaped', anonRssKb: 0, line: 58 });
    expect(event.evidence.map((item) => `${item.role}:${item.line}`)).toEqual(['first:2', 'trigger:2', 'memcg-stats:25', 'summary:55', 'kill:56', 'reaper:58']);
    expect([event.kernelVariant, event.pageSizeBytes]).toEqual(['linux-5.4+', 4096]);
  });

  it('cgroup v1, 4.14: Task in … limit of, inline stats per cgroup, a child sacrificed for the selected task', async () => {
    const event = await onlyEvent('oom-kill-cgroup-v1-kernel-4.14-sacrifice-child.txt');
    const pod = '/kubepods/pod4f6c2d1e-9a8b-11ea-8d2f-0a58ac1f0312';
    expect(event.trigger).toEqual({ comm: 'java', gfpMask: '0x14000c0', gfpFlags: 'GFP_KERNEL', nodemask: '(null)', order: 0, oomScoreAdj: -998 });
    expect(event.cpuset).toEqual({ name: '7a1f3c5e9b2d4f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd', memsAllowed: '0' });
    expect([event.taskMemcg, event.oomMemcg, event.globalOom, event.constraint]).toEqual([`${pod}/7a1f3c5e9b2d4f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd`, pod, false, null]);
    expect(event.memcgStats.map((stats) => [stats.memcg.slice(pod.length), stats.values.rss])).toEqual([
      ['', 0],
      ['/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 40 * 1024],
      ['/7a1f3c5e9b2d4f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd', 2078720 * 1024],
    ]);
    expect(event.tasks?.columns).toContain('nr_pmds');
    expect(event.tasks?.rows.map((row) => [row.name, row.nrPtes, row.pgtablesBytes])).toEqual([
      ['java', 1187, null],
      ['jcmd helper', 14, null],
      ['pause', 4, null],
    ]);
    expect(event.selected).toEqual({ pid: 30101, comm: 'java', score: 2, reason: 'memcg' });
    expect(event.victims).toHaveLength(1);
    expect(event.victims[0]).toMatchObject({ pid: 30188, comm: 'jcmd helper', reason: 'memcg', selectedPid: 30101, score: 2, shmemRssKb: 0, uid: null, pgtablesKb: null });
    expect(event.victims[0]!.reaped?.state).toBe('reaped');
    expect(event.evidence.map((item) => item.role)).toEqual(['first', 'trigger', 'task-in', 'memcg-stats', 'selected', 'kill', 'reaper']);
    expect([event.statsMemcg, event.gaps]).toEqual([pod, []]);
    expect([event.kernelVariant, event.pageSizeBytes]).toEqual(['linux-4.5+', 4096]);
  });

  it('global OOM, 5.15: global_oom token, Mem-Info across continuation lines, the victim in a besteffort pod', async () => {
    const event = await onlyEvent('oom-global-kernel-5.15.txt');
    expect(event.trigger).toMatchObject({ comm: 'containerd', gfpFlags: 'GFP_HIGHUSER_MOVABLE', oomScoreAdj: -999 });
    expect([event.globalOom, event.constraint, event.oomMemcg]).toEqual([true, 'CONSTRAINT_NONE', null]);
    expect(event.taskMemcg).toMatch(/kubepods-besteffort-pod1d2e3f40_5a6b_4c7d_8e9f_0a1b2c3d4e5f\.slice\/cri-containerd-5b7d.*\.scope$/);
    expect(event.systemMemory).toEqual({
      pages: {
        active_anon: 949310,
        inactive_anon: 4204,
        isolated_anon: 0,
        active_file: 112,
        inactive_file: 0,
        isolated_file: 0,
        unevictable: 0,
        dirty: 0,
        writeback: 0,
        slab_reclaimable: 9870,
        slab_unreclaimable: 21453,
        mapped: 204,
        shmem: 4291,
        pagetables: 4108,
        bounce: 0,
        kernel_misc_reclaimable: 0,
        free: 21390,
        free_pcp: 187,
        free_cma: 0,
      },
      freeSwapKb: 0,
      totalSwapKb: 0,
      ramPages: 1032082,
      reservedPages: 42376,
      unreclaimableSlabDump: false,
    });
    expect([event.memory, event.tasks?.total, event.tasks?.rows[0]?.name]).toEqual([null, 5, 'python']);
    expect(event.victims[0]).toMatchObject({ pid: 22301, comm: 'python', reason: 'global', oomScoreAdj: 1000 });
  });

  it('3.10 (dmesg -T): no gfp flag names, nr_ptes table, kill line without shmem-rss', async () => {
    const event = await onlyEvent('oom-kill-kernel-3.10-dmesg-T.txt');
    expect(event.trigger).toEqual({ comm: 'java', gfpMask: '0xd0', gfpFlags: null, nodemask: null, order: 0, oomScoreAdj: -998 });
    expect(event.stamp.local).toMatchObject({ year: 2017, month: 8, day: 15, hour: 3, minute: 41, second: 9 });
    expect(event.tasks?.rows[0]).toMatchObject({ pid: 14760, rssPages: 262130, nrPtes: 1661, oomScoreAdj: -998 });
    expect(event.selected).toMatchObject({ pid: 14760, score: 0 });
    expect(event.victims[0]).toMatchObject({ pid: 14760, selectedPid: 14760, anonRssKb: 1046836, fileRssKb: 1684, shmemRssKb: null });
    expect([event.kernelVariant, event.pageSizeBytes]).toEqual(['linux-3.x', 4096]);
  });

  it('4.19 kern.log: names with spaces, brackets and parentheses; syslog and kernel stamps together', async () => {
    const event = await onlyEvent('kern-log-syslog-kernel-4.19.txt');
    expect(event.trigger?.comm).toBe('runc:[2:INIT]');
    expect(event.stamp).toMatchObject({ monotonic: 8812.330112, local: { year: null, month: 3, day: 3, hour: 14, minute: 2, second: 11, micros: 0 } });
    expect(event.tasks?.rows.map((row) => row.name)).toEqual(['next-server (v1', 'runc:[2:INIT]']);
    expect(event.selected).toMatchObject({ pid: 30412, comm: 'next-server (v1', score: 1978 });
    expect(event.victims[0]).toMatchObject({ pid: 30412, comm: 'next-server (v1', reason: 'memcg', anonRssKb: 126660 });
    expect(event.victims[0]!.reaped?.state).toBe('reaped');
    expect(event.kernelVariant).toBe('linux-4.19+');
  });

  it('RFC 3339 messages file: Mem-Info with rsyslog #012 escapes, global kill', async () => {
    const event = await onlyEvent('messages-rfc3339-kernel-5.4.txt');
    expect(event.systemMemory?.pages).toMatchObject({ active_anon: 480112, slab_unreclaimable: 9012, free: 12312, free_cma: 0 });
    expect(event.systemMemory?.ramPages).toBe(1012201);
    expect(event.victims[0]).toMatchObject({ pid: 9921, comm: 'ruby', reason: 'global' });
    expect(event.victims[0]!.stamp.utcMs).toBeCloseTo(Date.UTC(2024, 0, 1, 12, 31, 7) + 512.46, 3);
  });

  it('Talos dmesg: the event is stamped in UTC', async () => {
    const event = await onlyEvent('talos-dmesg-oom-kernel-6.6.txt');
    expect(event.stamp.utcMs).toBeCloseTo(Date.UTC(2024, 4, 2, 9, 45, 12) + 551.203, 3);
    expect(event.oomMemcg).toBe('/kubepods/besteffort/pod3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d/5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d');
    expect(event.victims[0]).toMatchObject({ pid: 7141, comm: 'stress-ng' });
  });
});

describe('events that are not one report with one kill', () => {
  it('group kill: one event, each victim once, in kill order', async () => {
    const event = await onlyEvent('oom-group-kill-cgroup-v2.txt');
    expect(event.groupKill?.memcg).toMatch(/cri-containerd-0f1e2d3c.*\.scope$/);
    expect(event.victims.map((victim) => [victim.pid, victim.comm])).toEqual([
      [8801, 'node'],
      [8790, 'sh'],
      [8812, 'node'],
    ]);
    expect(event.victims[0]!.reaped?.state).toBe('reaped');
    expect(event.evidence.filter((item) => item.role === 'kill').map((item) => item.line)).toEqual([20, 22, 24]);
    expect(event.evidence.find((item) => item.role === 'group')?.line).toBe(21);
  });

  it('rate-limited headers: each lone kill line is an event with a victim and no header', async () => {
    const events = await eventsOf('oom-rate-limited-kill-only.txt');
    expect(events.map((event) => [event.trigger?.comm ?? null, event.victims.map((victim) => victim.pid)])).toEqual([
      ['worker', [12001]],
      [null, [12002]],
      [null, [12003]],
      [null, [812]],
    ]);
    expect(events[1]!.victims[0]!.reaped).toMatchObject({ state: 'reaped', line: 15 });
    expect(events[3]!.victims[0]).toMatchObject({ comm: '(resolved)', reason: 'global', uid: 101 });
    expect(events[3]!.globalOom).toBe(true);
    expect(events.slice(1).map((event) => [event.memory, event.tasks, event.evidence[0]!.line])).toEqual([
      [null, null, 12],
      [null, null, 13],
      [null, null, 14],
    ]);
  });

  it('a report without its kill line: the summary names the victim; a kill 40 s later is another event', async () => {
    const events = await eventsOf('oom-header-without-kill.txt');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ outcome: 'summary-only', gaps: ['kill-line-missing'], chosen: { comm: 'java', pid: 5501, uid: 1000 } });
    // the summary's victim, stamped at the summary line, with nothing the summary does not print
    expect(events[0]!.victims).toEqual([
      expect.objectContaining({ pid: 5501, comm: 'java', uid: 1000, reason: 'memcg', killLine: false, line: 7, totalVmKb: null, anonRssKb: null, oomScoreAdj: null, reaped: null }),
    ]);
    expect(events[0]!.victims[0]!.stamp.monotonic).toBe(3100.20014);
    expect(events[1]).toMatchObject({ trigger: null, outcome: 'killed', gaps: [] });
    expect(events[1]!.victims.map((victim) => [victim.pid, victim.killLine])).toEqual([[6123, true]]);
    // no summary: the header alone names no victim
    expect(events[2]).toMatchObject({ trigger: { comm: 'python3' }, memory: { limitKb: 131072 }, victims: [], outcome: 'none-seen', gaps: ['kill-line-missing'] });
  });

  it('lines of other CPUs inside a report do not break it', async () => {
    const event = await onlyEvent('oom-interleaved-cpus.txt');
    expect(event.trigger?.comm).toBe('ruby');
    expect([event.memory?.failcnt, event.memsw?.usageKb, event.kmem?.usageKb]).toEqual([3, 262144, 3012]);
    expect(event.memcgStats[0]!.values).toEqual({ anon: 263221248, file: 118784, kernel_stack: 147456, pgfault: 70012 });
    expect(event.tasks?.total).toBe(3);
    expect(event.tasks?.rows.map((row) => row.name)).toEqual(['ruby', 'ruby worker 1', 'sh']);
    expect(event.victims.map((victim) => victim.pid)).toEqual([7001]);
  });

  it('a new header while a report is open starts a new event', async () => {
    const events = await inline(
      'a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      'b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      KILL_5_4(2, 'b'),
    );
    expect(events.map((event) => [event.trigger?.comm, event.victims.length])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('a report part that goes back in the order starts a new event', async () => {
    const events = await inline('memory: usage 1kB, limit 1kB, failcnt 1', KILL_5_4(1, 'x'), 'memory: usage 2kB, limit 2kB, failcnt 2', KILL_5_4(2, 'y'));
    expect(events.map((event) => [event.memory?.usageKb, event.victims[0]?.pid])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('the other kill-path messages', () => {
  it('oom_kill_allocating_task', async () => {
    const [event] = await inline('dd invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', KILL_5_4(31, 'dd', 'Out of memory (oom_kill_allocating_task)'));
    expect([event!.victims[0]!.reason, event!.globalOom]).toEqual(['allocating-task', true]);
  });

  it('a victim already exiting: no kill, no victim', async () => {
    const [event] = await inline(
      'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=900',
      'Memory cgroup out of memory: OOM victim 4242 (java) is already exiting. Skip killing the task',
    );
    expect(event).toMatchObject({ victims: [], exitingVictim: { pid: 4242, comm: 'java' }, outcome: 'victim-exiting', globalOom: false });
  });

  it('no killable process, and panic_on_oom', async () => {
    const [stuck] = await inline('x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'Out of memory and no killable processes...');
    expect(stuck!.outcome).toBe('no-killable-process');
    const [panic] = await inline('x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled');
    expect([panic!.outcome, panic!.panicOnOom, panic!.victims]).toEqual(['panic', true, []]);
  });

  it('mm pinned by init, and old kills of processes sharing the memory', async () => {
    const [event] = await inline(KILL_5_4(500, 'app'), 'oom killer 500 (app) has mm pinned by 1 (tini)', 'Kill process 501 (app helper) sharing same memory');
    expect(event!.mmPinned).toEqual([{ pid: 500, comm: 'app', byPid: 1, byComm: 'tini' }]);
    expect(event!.sharedMemoryKills).toEqual([{ pid: 501, comm: 'app helper' }]);
  });

  it('the name ends at the last ") total-vm:", so parentheses inside it are kept', async () => {
    const [event] = await inline('Out of memory: Killed process 77 (a) total-vm:1kB (b) total-vm:10kB, anon-rss:5kB, file-rss:1kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0');
    expect(event!.victims[0]).toMatchObject({ pid: 77, comm: 'a) total-vm:1kB (b', totalVmKb: 10, anonRssKb: 5 });
  });

  it('2.6 oomkilladj, old memcg line, old bare kill line, sysrq order=-1', async () => {
    const [old] = await inline(
      'httpd invoked oom-killer: gfp_mask=0x201da, order=0, oomkilladj=0',
      'Out of memory: kill process 2211 (httpd) score 901 or a child',
      'Killed process 2211 (httpd) vsz:120012kB, anon-rss:88012kB, file-rss:12kB',
    );
    expect([old!.kernelVariant, old!.trigger?.oomScoreAdj, old!.selected?.score, old!.victims[0]!.totalVmKb, old!.victims[0]!.reason]).toEqual(['linux-2.6', 0, 901, 120012, 'global']);
    const [reached] = await inline('Memory limit reached of cgroup /kubepods/pod1', 'Killed process 9 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB');
    expect([reached!.oomMemcg, reached!.taskMemcg, reached!.victims[0]!.reason]).toEqual(['/kubepods/pod1', null, 'memcg']);
    const [bare] = await inline('Killed process 9 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB');
    expect([bare!.kernelVariant, bare!.victims[0]!.reason]).toEqual(['kill-line-only', null]);
    const [sysrq] = await inline('kworker/0:1 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0');
    expect(sysrq!.trigger?.order).toBe(-1);
  });

  it('reaper lines: unable to reap, and reaps whose kill is not in the stream', async () => {
    const run = await readKernel({
      'kernel/dmesg.txt': dmesg(KILL_5_4(40, 'a'), 'oom_reaper: unable to reap pid:40 (a)', 'oom_reaper: reaped process 41 (b), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB'),
    });
    expect(run.data.oomEvents[0]!.victims[0]!.reaped).toMatchObject({ state: 'unable', line: 2 });
    expect(run.data.counts.unmatchedReaps).toBe(1);
  });

  it('reports an OOM line it cannot read, with its line', async () => {
    const run = await readKernel({ 'kernel/dmesg.txt': dmesg('java invoked oom-killer: gfp_mask=zzz', 'Killed process x (y)') });
    expect(run.issues.issues.map((issue) => [issue.file, issue.line, issue.message])).toEqual([
      ['kernel/dmesg.txt', 1, 'OOM report line not understood'],
      ['kernel/dmesg.txt', 2, 'OOM report line not understood'],
    ]);
    expect(run.data.oomEvents).toEqual([]);
  });
});

describe('trigger line details', () => {
  it('keeps empty gfp flag names (page-fault OOMs print gfp_mask=0x0())', async () => {
    const [event] = await inline('java invoked oom-killer: gfp_mask=0x0(), nodemask=0-1,  order=0, oom_score_adj=-998');
    expect(event!.trigger).toEqual({ comm: 'java', gfpMask: '0x0', gfpFlags: '', nodemask: '0-1', order: 0, oomScoreAdj: -998 });
    expect(event!.kernelVariant).toBe('linux-4.5+');
  });
});
