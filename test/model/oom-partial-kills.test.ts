/**
 * Kills from partial and old kernel evidence, through the real stages: a kill whose kill line
 * is lost, kills next to lost lines (kernel rate limits, journald), and RHEL 7 / 3.10 reports
 * whose cgroup comes from the `Task in` line, from the first `Memory cgroup stats` line, or from
 * nowhere. Each asserts what the text shows and null where it does not.
 */
import { describe, expect, it } from 'vitest';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';

const POD = '5e3c4bcb-760b-11e9-bcb4-5c260afbd27c';
const CTR = '56f14365daad5b7ea9d7960ec1ddf31777941d7ce80221d373668ca637fdf6fa';
const PAUSE = '0b8fad4642c76b45da68a7333f66974327f9050101b4320bd0ce5424a61a0508';
const POD_PATH = `/kubepods/burstable/pod${POD}`;
const CTR_PATH = `${POD_PATH}/${CTR}`;
// Monotonic 0 = 2026-11-26T09:15:02Z (MANIFEST: 90000 s of uptime at 2026-11-27T10:15:02Z).
const T = (monotonic: number) => new Date(Date.parse('2026-11-26T09:15:02Z') + monotonic * 1000).toISOString();
const dmesg = (lines: [number, string][]) => lines.map(([s, text]) => `[${s.toFixed(6).padStart(12)}] ${text}\n`).join('');
const stats = (path: string, rss: number) =>
  `Memory cgroup stats for ${path}: cache:4KB rss:${rss}KB rss_huge:0KB mapped_file:0KB swap:0KB inactive_anon:0KB active_anon:${rss}KB inactive_file:0KB active_file:0KB unevictable:0KB`;

/** A RHEL 7 memcg report (3.10.0-*.el7, docker cgroupfs), optionally without its `Task in` line. */
function el7Report(at: number, taskIn: boolean): string {
  const lines = [
    'java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=921',
    `java cpuset=${CTR} mems_allowed=0-1`,
    'CPU: 16 PID: 4060 Comm: java Tainted: P        W  OE  ------------   3.10.0-514.26.2.el7.x86_64 #1',
    ...(taskIn ? [`Task in ${CTR_PATH} killed as a result of limit of ${POD_PATH}`] : []),
    'memory: usage 2097152kB, limit 2097152kB, failcnt 840635',
    'memory+swap: usage 2097152kB, limit 9007199254740988kB, failcnt 0',
    stats(POD_PATH, 0),
    stats(`${POD_PATH}/${PAUSE}`, 40),
    stats(CTR_PATH, 2097108),
    '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
    '[ 3901]     0  3901      256        1       4        0          -998 pause',
    '[ 4051]  1000  4051  5090123   517579    1714        0           921 java',
    '[ 4212]  1000  4212    28860      690      14        0           921 jstack',
    'Memory cgroup out of memory: Kill process 4051 (java) score 990 or sacrifice child',
    'Killed process 4212 (jstack) total-vm:115440kB, anon-rss:2012kB, file-rss:748kB',
  ];
  return dmesg(lines.map((text, i) => [at + i * 0.0001, text]));
}

describe('RHEL 7 / 3.10 kills', () => {
  it('a child sacrificed for the selected task, attributed by the Task in line', async () => {
    const m = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': el7Report(5000, true) });
    expect(m.oomKills).toHaveLength(1);
    expect(m.oomKills[0]).toMatchObject({
      pid: 4212,
      process: 'jstack',
      uid: null,
      kernelOutcome: 'killed',
      time: T(5000.0015),
      scope: 'memcg',
      limitLevel: 'pod',
      oomMemcg: POD_PATH,
      taskMemcg: CTR_PATH,
      podUid: POD,
      containerId: CTR,
      qosClass: 'Burstable',
      qosEvidence: 'cgroup-path+oom-score-adj',
      attributionSource: 'task-in-line',
      oomScoreAdj: 921,
      totalVmKb: 115440,
      anonRssKb: 2012,
      fileRssKb: 748,
      shmemRssKb: null,
      memoryUsageKb: 2097152,
      memoryLimitKb: 2097152,
      confidence: 'medium',
      confidenceReasons: ['kernel-only'],
      linesLost: [],
    });
  });

  it('the Task in line cut: the pod from the first Memory cgroup stats line, the container unknown', async () => {
    const m = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': el7Report(5000, false) });
    expect(m.oomKills[0]).toMatchObject({
      pid: 4212,
      process: 'jstack',
      scope: 'memcg',
      limitLevel: 'pod',
      oomMemcg: null,
      taskMemcg: null,
      podUid: POD,
      containerId: null,
      container: null,
      qosClass: 'Burstable',
      attributionSource: 'memcg-stats',
      oomScoreAdj: 921,
      confidence: 'medium',
      confidenceReasons: ['memcg-from-stats', 'kernel-only'],
    });
  });

  it('global Out of memory: Kill process … or sacrifice child names no pod', async () => {
    const text = dmesg([
      [6000, 'kubelet invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=-999'],
      [6000.0001, 'Mem-Info:'],
      [6000.0002, '4194174 pages RAM'],
      [6000.0003, 'Out of memory: Kill process 4051 (java) score 912 or sacrifice child'],
      [6000.0004, 'Killed process 4051 (java) total-vm:20360492kB, anon-rss:14070316kB, file-rss:0kB'],
    ]);
    const m = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': text });
    expect(m.oomKills[0]).toMatchObject({
      pid: 4051,
      process: 'java',
      scope: 'global',
      limitLevel: null,
      podUid: null,
      containerId: null,
      qosClass: null,
      attributionSource: null,
      oomScoreAdj: null,
      anonRssKb: 14070316,
      memoryUsageKb: null,
      confidence: 'low',
      confidenceReasons: ['no-cgroup-in-report'],
    });
  });
});

describe('kills next to lost lines', () => {
  const V2 = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD.replace(/-/g, '_')}.slice/cri-containerd-${CTR}.scope`;
  const full = (at: number, pid: number) =>
    [
      [at, `node invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000`],
      [at + 0.0001, `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${V2},task_memcg=${V2},task=node,pid=${pid},uid=1000`],
      [at + 0.0002, `Memory cgroup out of memory: Killed process ${pid} (node) total-vm:80044kB, anon-rss:64012kB, file-rss:588kB, shmem-rss:0kB, UID:1000 pgtables:172kB oom_score_adj:1000`],
    ] as [number, string][];

  it('an OOM storm: headers rate-limited, the kernel says so, the kills around it say lines were lost', async () => {
    const text = dmesg([
      ...full(7000, 8801),
      [7000.5, 'Memory cgroup out of memory: Killed process 8802 (node) total-vm:80044kB, anon-rss:64012kB, file-rss:588kB, shmem-rss:0kB, UID:1000 pgtables:172kB oom_score_adj:1000'],
      [7005.1, 'oom_kill_process: 12 callbacks suppressed'],
      ...full(7005.2, 8803),
      [7900, 'blk_update_request: 3 callbacks suppressed'],
      ...full(9000, 8804),
    ]);
    const m = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': text });
    expect(m.oomKills.map((kill) => [kill.pid, kill.podUid, kill.attributionSource, kill.linesLost.map((marker) => `${marker.kind}:${marker.name}:${marker.line}`), kill.confidenceReasons])).toEqual([
      [8801, POD, 'oom-kill-summary', ['callbacks-suppressed:oom_kill_process:5'], ['kernel-lines-lost', 'kernel-only']],
      [8802, null, null, ['callbacks-suppressed:oom_kill_process:5'], ['kernel-lines-lost', 'no-cgroup-in-report']],
      [8803, POD, 'oom-kill-summary', ['callbacks-suppressed:oom_kill_process:5'], ['kernel-lines-lost', 'kernel-only']],
      // an hour later, past a block-layer rate limit that drops no OOM line
      [8804, POD, 'oom-kill-summary', [], ['kernel-only']],
    ]);
    expect(m.oomKills[1]).toMatchObject({ qosClass: 'BestEffort', qosEvidence: 'oom-score-adj', containerId: null, oomScoreAdj: 1000, time: T(7000.5) });
  });

  it('journald: Missed kernel messages and Suppressed messages from the kubelet, in /var/log/messages', async () => {
    // syslog stamps are node-local without a year: the kernel line's monotonic stamp places it.
    const messages = [
      `Nov 26 11:01:41 worker-3 kernel: [ 6399.200000] Memory cgroup out of memory: Killed process 8805 (node) total-vm:80044kB, anon-rss:64012kB, file-rss:588kB, shmem-rss:0kB, UID:1000 pgtables:172kB oom_score_adj:1000`,
      'Nov 26 11:01:43 worker-3 systemd-journald[412]: Missed 37 kernel messages',
      'Nov 26 11:01:44 worker-3 systemd-journal[412]: Suppressed 23 messages from /system.slice/kubelet.service',
      '',
    ].join('\n');
    const m = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/messages': messages });
    expect(m.oomKills).toHaveLength(1);
    expect(m.oomKills[0]!.linesLost).toEqual([
      { kind: 'journald-missed-kernel', count: 37, name: null, path: 'kernel/messages', line: 2 },
      { kind: 'journald-suppressed', count: 23, name: '/system.slice/kubelet.service', path: 'kernel/messages', line: 3 },
    ]);
    expect(m.oomKills[0]!.confidenceReasons).toContain('kernel-lines-lost');
  });

  it('a summary-only kill followed by a kill whose header is lost: two kills, each with only its own fields', async () => {
    const text = dmesg([
      [3100.2001, 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=937'],
      [3100.20012, 'memory: usage 1048576kB, limit 1048576kB, failcnt 77'],
      [3100.20014, `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${V2},task_memcg=${V2},task=java,pid=5501,uid=1000`],
      [3100.9, 'Memory cgroup out of memory: Killed process 6123 (nginx) total-vm:142104kB, anon-rss:131000kB, file-rss:3100kB, shmem-rss:0kB, UID:101 pgtables:296kB oom_score_adj:999'],
    ]);
    const m = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': text });
    expect(m.oomKills.map((kill) => [kill.pid, kill.process, kill.kernelOutcome, kill.podUid, kill.taskMemcg, kill.oomScoreAdj, kill.anonRssKb, kill.memoryLimitKb, kill.confidenceReasons])).toEqual([
      [5501, 'java', 'summary-only', POD, V2, null, null, 1048576, ['kill-line-missing', 'report-cut', 'kernel-only']],
      [6123, 'nginx', 'killed', null, null, 999, 131000, null, ['no-cgroup-in-report']],
    ]);
    expect(m.oomKills.map((kill) => kill.time)).toEqual([T(3100.20014), T(3100.9)]);
  });
});
