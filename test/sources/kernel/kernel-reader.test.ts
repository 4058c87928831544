import { describe, expect, it } from 'vitest';
import { createKernelCollector, KERNEL_LIMITS, type KernelMessage } from '../../../src/sources/kernel/index.js';
import { MAX_LINE_BYTES } from '../../../src/sources/lines.js';
import { NO_STAMP } from '../../../src/sources/stamp.js';
import { fixture, readFixture, readKernel } from './read-kernel.js';

const KILL = (pid: number) => `Memory cgroup out of memory: Killed process ${pid} (app) total-vm:1000kB, anon-rss:900kB, file-rss:100kB, shmem-rss:0kB, UID:0 pgtables:8kB oom_score_adj:1000`;

describe('the kernel reader', () => {
  it('summarises each file: line forms, skipped lines, other programs, first and last stamp, boots', async () => {
    const run = await readFixture('kern-log-syslog-kernel-4.19.txt');
    const summary = run.data.files[0]!;
    expect(summary).toMatchObject({
      file: 'kernel/kern-log-syslog-kernel-4.19.txt',
      lines: 20,
      messages: 15,
      formats: { syslog: 15 },
      skipped: { blank: 0, dictionary: 0, binary: 0, service: 5 },
      serviceIdentifiers: { kubelet: 2, containerd: 1, systemd: 1, CRON: 1 },
      cutLines: 0,
    });
    expect([summary.firstStamp?.text, summary.lastStamp?.text]).toEqual(['Mar  3 14:02:11 [ 8812.330112]', 'Mar  3 14:02:11 [ 8812.348112]']);
    expect((await readFixture('oom-kill-cgroup-v2-kernel-6.1.txt')).data.boots).toEqual([
      { release: '6.1.0-27-cloud-amd64', stamp: expect.objectContaining({ monotonic: 0 }), file: 'kernel/oom-kill-cgroup-v2-kernel-6.1.txt', line: 1 },
    ]);
  });

  it('hands lines of other programs to onServiceLine, with stamp, tag, pid and line', async () => {
    const { serviceLines } = await readFixture('kern-log-syslog-kernel-4.19.txt');
    expect(serviceLines.map((line) => [line.identifier, line.pid, line.host, line.line])).toEqual([
      ['kubelet', 1102, 'worker-7', 4],
      ['containerd', 880, 'worker-7', 16],
      ['kubelet', 1102, 'worker-7', 18],
      ['systemd', 1, 'worker-7', 19],
      ['CRON', 31002, 'worker-7', 20],
    ]);
    expect(serviceLines[0]!.message).toMatch(/^I0303 14:02:11\.330201 +1102 kubelet\.go:2134\] "SyncLoop \(PLEG\)/);
    expect(serviceLines[0]!.stamp.local).toMatchObject({ year: null, month: 3, day: 3, hour: 14, minute: 2, second: 11 });
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const whole = await readFixture('oom-global-kernel-5.15.txt', 1 << 20);
    const bytewise = await readFixture('oom-global-kernel-5.15.txt', 7);
    expect(bytewise.data).toEqual(whole.data);
  });

  it('keeps the stamp of the record on its indented continuation lines', async () => {
    const { data } = await readFixture('oom-global-kernel-5.15.txt');
    expect(data.files[0]!.formats).toEqual({ dmesg: 50, continuation: 6 });
  });

  it('reads each line of a multi-line printk, whether dmesg indents it, kmsg escapes it or rsyslog writes #012', async () => {
    const counters = ['active_anon:949310 inactive_anon:4204 isolated_anon:0', ' slab_reclaimable:9870 slab_unreclaimable:21453', ' free:21390 free_pcp:187 free_cma:0'];
    const kill = 'Out of memory: Killed process 22301 (python) total-vm:3648932kB, anon-rss:3517220kB, file-rss:2828kB, shmem-rss:0kB, UID:1000 pgtables:7336kB oom_score_adj:1000';
    const forms = {
      'kernel/dmesg.txt': `[ 1.000000] Mem-Info:\n[ 1.000001] ${counters[0]}\n              ${counters.slice(1).join('\n              ')}\n[ 1.000002] ${kill}\n`,
      'kernel/kmsg.txt': `4,10,1000000,-;Mem-Info:\n4,11,1000001,-;${counters.join('\\x0a')}\n3,12,1000002,-;${kill}\n`,
      'kernel/syslog': `Jan  1 00:00:01 node-1 kernel: Mem-Info:\nJan  1 00:00:01 node-1 kernel: ${counters.join('#012')}\nJan  1 00:00:01 node-1 kernel: ${kill}\n`,
    };
    const { data } = await readKernel(forms);
    expect(data.oomEvents.map((event) => [event.file, event.systemMemory?.pages])).toEqual(
      Object.keys(forms).map((file) => [
        file,
        { active_anon: 949310, inactive_anon: 4204, isolated_anon: 0, slab_reclaimable: 9870, slab_unreclaimable: 21453, free: 21390, free_pcp: 187, free_cma: 0 },
      ]),
    );
    const stats = (await readFixture('oom-kill-cgroup-v2-kernel-6.1.txt')).data.files[0]!.formats;
    expect(stats).toEqual({ dmesg: 34, continuation: 24 });
  });

  it('skips kmsg dictionary lines and reports binary data and over-long lines with their line', async () => {
    const long = `[   1.000000] ${'x'.repeat(MAX_LINE_BYTES + 10)}`;
    const run = await readKernel({ 'kernel/dmesg.txt': `6,100,1000000,-;rtc_cmos 00:03: registered as rtc0\n SUBSYSTEM=pnp\n DEVICE=+pnp:00:03\n\0\0\0\0\n${long}\n\n` });
    expect(run.data.files[0]).toMatchObject({ lines: 6, messages: 2, cutLines: 1, skipped: { blank: 1, dictionary: 2, binary: 1, service: 0 } });
    expect(run.issues.issues.map((issue) => [issue.source, issue.file, issue.line, issue.message])).toEqual([
      ['kernel', 'kernel/dmesg.txt', 4, 'binary data (NUL bytes or invalid UTF-8), not a log line'],
      ['kernel', 'kernel/dmesg.txt', 5, `line longer than ${MAX_LINE_BYTES} bytes: cut`],
    ]);
  });

  it('reports a line with an unknown month and keeps its message', async () => {
    const run = await readKernel({ 'kernel/dmesg.txt': '[пт дек  1 04:13:10 2024] Memory cgroup out of memory: Killed process 7 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n' });
    expect(run.issues.issues[0]).toMatchObject({ line: 1, message: 'unknown month name "дек" in dmesg -T stamp' });
    expect(run.data.oomEvents[0]!.victims[0]!.pid).toBe(7);
  });

  it('ends the open OOM event at the end of each file', async () => {
    const run = await readKernel({
      'kernel/kern.log.1': '[ 10.000000] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n',
      'kernel/kern.log': `[ 10.000100] ${KILL(5)}\n`,
    });
    // Events come out by file name, then line, whatever order the files were read in.
    expect(run.data.oomEvents.map((event) => [event.file, event.trigger?.comm ?? null, event.victims.length])).toEqual([
      ['kernel/kern.log', null, 1],
      ['kernel/kern.log.1', 'a', 0],
    ]);
  });
});

describe('the kernel collector shared with the journal', () => {
  const journalMessage = (text: string, line: number): KernelMessage => ({
    stamp: { ...NO_STAMP, text: '__REALTIME_TIMESTAMP=1704112267512460', utcMs: 1704112267512.46, monotonic: 86412.30129, bootId: '0123456789abcdef0123456789abcdef' },
    level: 3,
    facility: 0,
    text,
    format: 'journal',
    file: 'journal/kernel.export',
    line,
  });

  it('assembles events from several streams into one result, each stream on its own', async () => {
    const collector = createKernelCollector();
    await readKernel({ 'kernel/dmesg.txt': fixture('oom-kill-cgroup-v1-kernel-6.18-real.txt') }, { collector });
    const journal = collector.stream({ path: 'journal/kernel.export' });
    journal.push(journalMessage('app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000', 1));
    journal.push(journalMessage(KILL(4242), 14));
    journal.end();
    const data = collector.result();
    // By file name, not by the order the streams were fed.
    expect(data.oomEvents.map((event) => [event.file, event.victims[0]!.pid, event.stamp.bootId])).toEqual([
      ['journal/kernel.export', 4242, '0123456789abcdef0123456789abcdef'],
      ['kernel/dmesg.txt', 6519, null],
    ]);
    expect(data.files.map((file) => [file.file, file.messages, file.formats])).toEqual([
      ['kernel/dmesg.txt', 79, { dmesg: 79 }],
      ['journal/kernel.export', 2, { journal: 2 }],
    ]);
    expect(data.counts.messages).toBe(81);
  });

  it('reads each line of a journal MESSAGE that holds several', () => {
    const collector = createKernelCollector();
    const journal = collector.stream({ path: 'journal/kernel.export' });
    journal.push(journalMessage('Memory cgroup stats for /kubepods.slice/x.scope:', 1));
    journal.push(journalMessage('anon 530612224\nfile 1163264\nkernel 4976640', 2));
    journal.push(journalMessage(KILL(4242), 3));
    journal.end();
    expect(collector.result().oomEvents[0]!.memcgStats).toEqual([{ memcg: '/kubepods.slice/x.scope', values: { anon: 530612224, file: 1163264, kernel: 4976640 } }]);
  });

  it('ends streams left open when the result is asked for', () => {
    const collector = createKernelCollector();
    collector.stream({ path: 'journal/kernel.export' }).push(journalMessage(KILL(1), 1));
    expect(collector.result().oomEvents).toHaveLength(1);
  });

  it(`keeps task rows and memcg stats of the first ${KERNEL_LIMITS.detailedOomEvents} events only`, async () => {
    const report = (pid: number) =>
      [
        `[ ${pid}.000000] app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000`,
        `[ ${pid}.000001] Memory cgroup stats for /kubepods/pod${pid}:`,
        `[ ${pid}.000002] anon 1024`,
        `[ ${pid}.000003] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name`,
        `[ ${pid}.000004] [ ${pid}]     0 ${pid}      300      250    40960        0          1000 app`,
        `[ ${pid}.000005] ${KILL(pid)}`,
      ].join('\n');
    const events = KERNEL_LIMITS.detailedOomEvents + 5;
    const { data } = await readKernel({ 'kernel/dmesg.txt': Array.from({ length: events }, (_, index) => report(1000 + index)).join('\n') });
    expect(data.counts).toMatchObject({ oomEvents: events, oomEventsWithoutDetails: 5, oomEventsDropped: 0 });
    const last = data.oomEvents.at(-1)!;
    expect([last.detailsOmitted, last.tasks?.rows, last.tasks?.total, last.memcgStats, last.memcgStatsOmitted, last.victims[0]!.pid]).toEqual([true, [], 1, [], 1, 1000 + events - 1]);
    expect(data.oomEvents[0]!.tasks?.rows).toHaveLength(1);
  });
});

describe('keys taken from the input', () => {
  it('are plain keys, even __proto__ and constructor', async () => {
    const run = await readKernel({
      'kernel/messages': 'Mar  3 14:02:11 w __proto__[1]: x\nMar  3 14:02:11 w constructor[2]: y\nMar  3 14:02:11 w constructor[2]: z\nMar  3 14:02:11 w kernel: __proto__: 7 callbacks suppressed\n',
      'kernel/dmesg.txt': '[ 1.000000] Memory cgroup stats for /x:\n[ 1.000001] __proto__ 5\n[ 1.000002] constructor 6\n',
    });
    expect(Object.entries(run.data.files[0]!.serviceIdentifiers)).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
    ]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(run.data.counts.suppressedCallbacks['__proto__']).toBe(7);
    expect(Object.entries(run.data.oomEvents[0]!.memcgStats[0]!.values)).toEqual([
      ['__proto__', 5],
      ['constructor', 6],
    ]);
  });
});
