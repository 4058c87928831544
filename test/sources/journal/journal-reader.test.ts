import { describe, expect, it } from 'vitest';
import { ServiceCollector } from '../../../src/sources/services/service-collector.js';
import { NO_STAMP } from '../../../src/sources/stamp.js';
import { fixture, readJournal } from './read-journal.js';

const BOOT = 'e66375b30f6145f2a3df737bac559bc9';
const REAL = 'real-journald-252-kubelet-containerd-kernel';

/** The 15 events the real kubelet and containerd lines give, in order (the `\r` probe is #14). */
const EVENT_KINDS = [
  'admission-rejected',
  'eviction-reclaim',
  'eviction-pods-ranked',
  'container-killing',
  'container-died',
  'eviction-pod',
  'crash-loop-back-off',
  'probe-failed',
  'pleg-unhealthy',
  'node-condition',
  'image-gc-failed',
  'task-oom',
  'runtime-error',
  'probe-failed',
  'probe-failed',
];

describe('createJournalReader', () => {
  it.each([
    [`${REAL}.export`, 'export', EVENT_KINDS],
    [`${REAL}.json`, 'json', EVENT_KINDS],
    [`${REAL}.short-iso-precise`, 'short-iso-precise', EVENT_KINDS.filter((_, i) => i !== 13)],
    [`${REAL}.short`, 'short', EVENT_KINDS.filter((_, i) => i !== 13)],
  ])('finds the same service events in %s', async (name, format, kinds) => {
    // journalctl's text forms print the entry with a `\r` as "[238B blob data]" (no --all).
    const { data, issues } = await readJournal({ [`journal/${name}`]: fixture(name) });
    expect(issues).toEqual([]);
    expect(data.events.map((event) => event.kind)).toEqual(kinds);
    expect(data.files).toEqual([{ path: `journal/${name}`, formats: [format], entries: 24, kernelEntries: format.startsWith('short') ? 6 : 7, cutMessages: 0 }]);
    const probes = data.events.filter((event) => event.kind === 'probe-failed');
    expect(probes.map((probe) => (probe.kind === 'probe-failed' ? probe.output : null)).at(0)).toBe("cat: can't open '/tmp/healthy': No such file or directory");
    expect(probes.map((probe) => (probe.kind === 'probe-failed' ? probe.output : null)).at(-1)).toBe("cat: can't open '/tmp/healthy': No such file or directory");
  });

  it('stamps events with the journal time and points at the entry', async () => {
    const { data } = await readJournal({ 'journal/kubelet.export': fixture(`${REAL}.export`) });
    expect(data.events[11]).toMatchObject({
      kind: 'task-oom',
      component: 'containerd',
      containerId: '4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce',
      stamp: { utcMs: 1795839379645.358, monotonic: expect.closeTo(1120.62722, 5), bootId: BOOT },
      evidence: { file: 'journal/kubelet.export', line: 319 },
    });
    expect(data.counts.map((count) => [count.name, count.lines, count.errors])).toEqual([
      ['kubelet', 15, 3],
      ['kernel', 7, 1],
      ['containerd', 2, 1],
    ]);
  });

  it('hands kernel records to the kernel parser with the printk time, and opens it only when needed', async () => {
    const { kernel, ended } = await readJournal({
      'journal/kernel.export': fixture(`${REAL}.export`),
      'journal/empty.export': '',
      'journal/kubelet.log': 'I0527 09:00:05.110852    1025 eviction_manager.go:167] "Failed to admit pod to node" pod="monitoring/prometheus-k8s-0" nodeCondition=[DiskPressure]\n',
    });
    expect(Object.keys(kernel)).toEqual(['journal/kernel.export']);
    expect(ended).toEqual(['journal/kernel.export']);
    const records = kernel['journal/kernel.export'] ?? [];
    expect(records.map((record) => record.text.slice(0, 28))).toEqual([
      'Linux version 6.18.44-fc-v65',
      'python3 invoked oom-killer: ',
      'oom-kill:constraint=CONSTRAI',
      'python3 invoked oom-killer: ',
      'oom-kill:constraint=CONSTRAI',
      'Memory cgroup out of memory:',
      'fixture kernel line after jo',
    ]);
    // Read in bulk at journald start (receipt 1096.94 s) although printed at 931.47 s: the wall time is moved back.
    expect(records[5]).toMatchObject({ level: 3, line: 71, stamp: { monotonic: 931.472618, bootId: BOOT } });
    expect(records[5]?.stamp.utcMs).toBeCloseTo(1795838259018.139 + 931472.618, 1);
  });

  it('keeps per-boot anchors: the boot start, and the kernel offset only from records read live', async () => {
    const { data } = await readJournal({ 'journal/all.export': fixture(`${REAL}.export`) });
    expect(data.boots).toHaveLength(1);
    const boot = data.boots[0];
    expect(boot).toMatchObject({ bootId: BOOT, entries: 24, wallMinusMonotonicSamples: 24, kernelLiveSamples: 1, kernelBulkRecords: 6, firstUtcMs: 1795839355959.48, lastUtcMs: 1795839379874.175 });
    expect(boot?.wallMinusMonotonicMs).toBeCloseTo(1795838259018.139, 2);
    expect(boot?.kernelWallMinusPrintkMs).toBeCloseTo(1795839379874.175 - 1120856.146, 2);
  });

  it('prefers entries after the first minute of a boot for the boot offset', async () => {
    const entries = [
      // before NTP: the wall clock was an hour behind
      { realtime: 1_700_000_000_000_000 - 3_600_000_000, monotonic: 5_000_000 },
      { realtime: 1_700_000_100_000_000, monotonic: 100_000_000 },
      { realtime: 1_700_000_200_000_000, monotonic: 200_000_000 },
    ];
    const text = entries.map((e) => `__REALTIME_TIMESTAMP=${e.realtime}\n__MONOTONIC_TIMESTAMP=${e.monotonic}\n_BOOT_ID=${BOOT}\nMESSAGE=x\n\n`).join('');
    const { data } = await readJournal({ 'journal/a.export': text });
    expect(data.boots[0]).toMatchObject({ wallMinusMonotonicMs: 1_700_000_000_000, wallMinusMonotonicSamples: 2 });
  });

  it('takes boot ids from the separators of text output', async () => {
    const text = [
      '-- Journal begins at Mon 2024-01-01 00:00:00 UTC, ends at Tue 2024-01-02 00:00:00 UTC. --',
      'Jan 01 12:00:00 node1 kubelet[10]: I0101 12:00:00.000000      10 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0s ago; threshold is 3m0s"',
      '-- Boot 0123456789abcdef0123456789abcdef --',
      'Jan 01 13:00:00 node1 kubelet[11]: I0101 13:00:00.000000      11 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0s ago; threshold is 3m0s"',
      '-- Reboot --',
      'Jan 01 14:00:00 node1 kubelet[12]: I0101 14:00:00.000000      12 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0s ago; threshold is 3m0s"',
    ].join('\n');
    const { data, issues } = await readJournal({ 'journal/kubelet.txt': text });
    expect(issues).toEqual([]);
    expect(data.events.map((event) => [event.stamp.bootId, event.evidence.line])).toEqual([
      [null, 2],
      ['0123456789abcdef0123456789abcdef', 4],
      [null, 6],
    ]);
  });

  it("reads a kubelet's own log file: klog stamps without year, multi-line values", async () => {
    const log = [
      'I0516 18:34:39.885628    4052 prober.go:107] "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" probeResult="failure" output=<',
      "\tcat: can't open '/tmp/healthy': No such file or directory",
      ' >',
      'goroutine 1 [running]:',
      'I0516 18:34:49.885621    4052 kuberuntime_container.go:808] "Killing container with a grace period" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" containerID="containerd://05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707" gracePeriod=30',
    ].join('\n');
    const { data, issues } = await readJournal({ 'kubelet.log': log });
    expect(issues).toEqual([]);
    expect(data.files[0]?.formats).toEqual(['klog']);
    expect(data.events).toMatchObject([
      {
        kind: 'probe-failed',
        component: 'kubelet',
        output: "cat: can't open '/tmp/healthy': No such file or directory",
        stamp: { local: { year: null, month: 5, day: 16, micros: 885628 } },
        evidence: { line: 1 },
      },
      { kind: 'container-killing', evidence: { line: 5 } },
    ]);
    expect(data.counts).toEqual([expect.objectContaining({ name: '(unknown)', lines: 2, byPriority: [0, 0, 0, 0, 0, 0, 2, 0] })]);
  });

  it('reports lines of a journal text file it cannot read, with file and line', async () => {
    const { data, issues } = await readJournal({ 'journal/odd.txt': 'Jan 01 12:00:00 node1 kubelet[1]: fine\nthis is not a journal line\n' });
    expect(data.files[0]).toMatchObject({ formats: ['short'], entries: 1 });
    expect(issues).toEqual([{ source: 'journal', file: 'journal/odd.txt', line: 2, message: 'not a journal line: this is not a journal line' }]);
  });

  it('notes an empty file as such', async () => {
    const { data } = await readJournal({ 'journal/kubelet.export': '' });
    expect(data.files).toEqual([{ path: 'journal/kubelet.export', formats: ['empty'], entries: 0, kernelEntries: 0, cutMessages: 0 }]);
  });

  it('gives systemd messages about a unit to the unit (UNIT field of PID 1)', async () => {
    const entry = [
      '__REALTIME_TIMESTAMP=1704110400123456',
      '_PID=1',
      'SYSLOG_IDENTIFIER=systemd',
      '_SYSTEMD_UNIT=init.scope',
      'UNIT=containerd.service',
      'PRIORITY=4',
      'MESSAGE=containerd.service: A process of this unit has been killed by the OOM killer.',
    ].join('\n');
    const { data } = await readJournal({ 'journal/runtime.export': `${entry}\n\n` });
    expect(data.events).toMatchObject([{ kind: 'unit-state', unit: 'containerd.service', state: 'oom-killed', component: 'systemd' }]);
    expect(data.counts).toMatchObject([{ name: 'containerd.service', lines: 1, warnings: 1 }]);
  });
});

describe('a service collector shared with other readers', () => {
  it('receives the journal lines next to what others gave it', async () => {
    const services = new ServiceCollector();
    services.accept({ identifier: 'kubelet', unit: null, message: 'from /var/log/messages', priority: null, stamp: NO_STAMP, file: 'kernel/messages', line: 1 });
    const { data } = await readJournal({ 'journal/kubelet.export': fixture(`${REAL}.export`) }, { services });
    expect(data.counts.find((count) => count.name === 'kubelet')?.lines).toBe(16);
  });
});
