import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeModel } from '../../src/model/index.js';
import { buildTimeline, MAX_BOOTS, MAX_EVENTS_PER_BOOT } from '../../src/report/timeline.js';
import { oomReport } from '../helpers/kernel-text.js';
import { kubeletExportEntry, MANIFEST, MANIFEST_BOOT, modelFromSpec, utcAt } from '../helpers/model.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}`;
// The hung-task line of a real 5.15 dmesg (test/sources/kernel/fixtures), moved in time.
const HUNG = 'INFO: task containerd:918 blocked for more than 122 seconds.';

const cri = (iso: string, text: string) => `${iso} stdout F ${text}\n`;

const CRASH_LOOP = `E1127 09:15:14.591290     812 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 10s restarting failed container=api pod=checkout-7d9f8b6c5-x2x9q_shop(${UID})\\"" pod="shop/checkout-7d9f8b6c5-x2x9q" podUID="${UID}"`;

let model: NodeModel;
beforeAll(async () => {
  model = await modelFromSpec({
    'manifest.json': MANIFEST,
    'kernel/dmesg.txt': `${oomReport(86412.3)}[86500.000000] ${HUNG}\n`,
    // The same hung task as kern.log writes it: a node-local stamp around the printk one.
    'kernel/kern.log': `Nov 27 09:16:42 worker-3 kernel: [86500.000000] ${HUNG}\n`,
    'journal/kubelet.export': kubeletExportEntry(86413.0, CRASH_LOOP),
    [`${POD_DIR}/api/0.log`]: cri(utcAt(86400), 'starting') + cri(utcAt(86412), 'cache size 2334 entries'),
    [`${POD_DIR}/api/1.log`]: cri(utcAt(86425), 'starting again'),
  });
});

describe('buildTimeline', () => {
  it('merges kernel, kubelet and pod-log events of one boot in time order', () => {
    const timeline = buildTimeline(model);
    expect(timeline.boots.map((boot) => [boot.bootId, boot.current, boot.startedAt])).toEqual([[MANIFEST_BOOT, true, '2026-11-26T09:15:02.000Z']]);
    const events = timeline.boots[0]?.events ?? [];
    expect(events.map((event) => [event.source, event.kind, event.severity, event.subject?.pod ?? null, event.subject?.container ?? null])).toEqual([
      ['kernel', 'oom-kill', 'critical', 'checkout-7d9f8b6c5-x2x9q', 'api'],
      ['kubelet', 'crash-loop-back-off', 'warning', 'checkout-7d9f8b6c5-x2x9q', 'api'],
      ['pod-log', 'attempt-started', 'info', 'checkout-7d9f8b6c5-x2x9q', 'api'],
      ['kernel', 'hung-task', 'warning', null, null],
    ]);
    expect(events.map((event) => event.time)).toEqual([utcAt(86412.3003), utcAt(86413), utcAt(86425), utcAt(86500)]);
    expect(events[3]?.evidence).toEqual({ path: 'kernel/dmesg.txt', line: 5 });
    expect(timeline.total).toBe(4);
  });

  it("shows an eviction manager with no pod to evict as a warning: the pressure is not the pods'", async () => {
    const line = 'E1127 09:16:53.229638     688 eviction_manager.go:351] eviction manager: eviction thresholds have been met, but no pods are active to evict';
    const pressured = await modelFromSpec({ 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletExportEntry(86511.0, line) });
    const events = buildTimeline(pressured)
      .boots.flatMap((boot) => boot.events)
      .filter((event) => event.kind === 'eviction-no-pods');
    expect(events.map((event) => event.severity)).toEqual(['warning']);
  });

  it('names the pod and container of a runtime error by the container id it names', async () => {
    const id = '09f25e22157b58194127df6b7d95a50312805272a34d8a4cf7bcffbab806faa3';
    const exec = String.raw`time="2026-11-27T09:10:00.000000000Z" level=error msg="ExecSync for \"${id}\" failed" error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded"`;
    const entry = [
      `__REALTIME_TIMESTAMP=${Date.parse('2026-11-27T09:10:00Z') * 1000}`,
      `_BOOT_ID=${MANIFEST_BOOT}`,
      '_SYSTEMD_UNIT=containerd.service',
      'SYSLOG_IDENTIFIER=containerd',
      'PRIORITY=3',
      `MESSAGE=${exec}`,
      '',
      '',
    ].join('\n');
    const withRuntime = await modelFromSpec({
      'manifest.json': MANIFEST,
      'journal/runtime.export': entry,
      'containers.txt': `checkout-7d9f8b6c5-x2x9q_shop_api-${id}.log\t/var/log/${POD_DIR}/api/0.log\n`,
    });
    const events = buildTimeline(withRuntime)
      .boots.flatMap((boot) => boot.events)
      .filter((event) => event.kind === 'runtime-error');
    expect(events.map((event) => event.subject)).toEqual([{ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api' }]);
  });

  it('shows a kernel line found in dmesg and in kern.log once, with the better time', () => {
    const hung = buildTimeline(model)
      .boots.flatMap((boot) => boot.events)
      .filter((event) => event.kind === 'hung-task');
    expect(hung.map((event) => [event.evidence?.path, event.timeQuality])).toEqual([['kernel/dmesg.txt', 'derived']]);
  });

  it('gives the same timeline whatever order the records came in', () => {
    const reversed: NodeModel = { ...model, kernelSignals: [...model.kernelSignals].reverse(), serviceEvents: [...model.serviceEvents].reverse(), pods: [...model.pods].reverse() };
    expect(buildTimeline(reversed)).toEqual(buildTimeline(model));
  });
});

type Signal = NodeModel['kernelSignals'][number];

function hungTask(i: number, bootId: string | null, utcMs: number | null): Signal {
  return event({
    kind: 'hung-task',
    comm: `task-${i}`,
    pid: i,
    blockedSeconds: 120,
    stamp: { text: `[${i}.000000]`, monotonic: i, utcMs: null, local: null, bootId },
    file: 'kernel/dmesg.txt',
    line: i + 1,
    excerpt: `INFO: task task-${i}:${i} blocked for more than 120 seconds.`,
    time: { utc: utcMs === null ? null : new Date(utcMs).toISOString(), utcMs, quality: utcMs === null ? 'unknown' : 'derived', bootId, text: `[${i}.000000]` },
  });
}

function ioError(i: number, bootId: string, utcMs: number): Signal {
  return event({
    kind: 'io-error',
    form: 'block',
    device: 'sda',
    error: 'I/O',
    sector: i,
    operation: 'READ',
    logicalBlock: null,
    result: null,
    stamp: { text: `[${i}.500000]`, monotonic: i + 0.5, utcMs: null, local: null, bootId },
    file: 'kernel/dmesg.txt',
    line: 100_000 + i,
    excerpt: `blk_update_request: I/O error, dev sda, sector ${i} op 0x0:(READ)`,
    time: { utc: new Date(utcMs).toISOString(), utcMs, quality: 'derived', bootId, text: `[${i}.500000]` },
  });
}

function event(signal: Signal['signal']): Signal {
  return { signal, time: signal.time, seenIn: [{ file: signal.file, line: signal.line }] };
}

describe('buildTimeline bounds', () => {
  const start = Date.parse('2026-11-27T00:00:00Z');

  it(`keeps ${MAX_EVENTS_PER_BOOT} events of a boot, every critical one first, then the latest, and counts the rest`, () => {
    const warnings = Array.from({ length: 1000 }, (_, i) => hungTask(i, MANIFEST_BOOT, start + i * 1000));
    const critical = [3, 500, 997].map((i) => ioError(i, MANIFEST_BOOT, start + i * 1000));
    const timeline = buildTimeline({ ...model, oomKills: [], oomEventsWithoutKill: [], serviceEvents: [], pods: [], kernelSignals: [...warnings, ...critical] });
    const boot = timeline.boots[0]!;
    expect(boot.events).toHaveLength(MAX_EVENTS_PER_BOOT);
    expect(boot.total).toBe(1003);
    expect(boot.omitted).toEqual({ critical: 0, warning: 1003 - MAX_EVENTS_PER_BOOT, info: 0 });
    expect(boot.events.filter((event) => event.severity === 'critical')).toHaveLength(3);
    // The warnings kept are the latest ones, and everything is in time order.
    const kept = boot.events.filter((event) => event.kind === 'hung-task').map((event) => event.text);
    expect(kept[0]).toBe('INFO: task task-803:803 blocked for more than 120 seconds.');
    const times = boot.events.map((event) => event.time as string);
    expect([...times].sort()).toEqual(times);
  });

  it(`keeps the ${MAX_BOOTS} latest boots and puts events with no time and no boot last`, () => {
    const boots = Array.from({ length: 7 }, (_, i) => ({ bootId: `${i}`.repeat(32), zeroUtcMs: start + i * 86_400_000, source: 'journal' as const, quality: 'derived' as const }));
    const signals = boots.map((boot, i) => hungTask(i, boot.bootId, boot.zeroUtcMs + 60_000));
    const timeline = buildTimeline({ ...model, boots, oomKills: [], oomEventsWithoutKill: [], serviceEvents: [], pods: [], kernelSignals: [...signals, hungTask(99, null, null)] });
    expect(timeline.boots.map((boot) => boot.bootId?.[0] ?? null)).toEqual(['6', '5', '4', '3', '2', null]);
    expect(timeline.omittedBoots).toEqual({ count: 2, events: 2 });
    expect(timeline.total).toBe(8);
  });

  it('places an event without a boot id in the boot that was running at its time', () => {
    const boots = [
      { bootId: 'a'.repeat(32), zeroUtcMs: start, source: 'journal' as const, quality: 'derived' as const },
      { bootId: 'b'.repeat(32), zeroUtcMs: start + 3_600_000, source: 'journal' as const, quality: 'derived' as const },
    ];
    const timeline = buildTimeline({
      ...model,
      boots,
      oomKills: [],
      oomEventsWithoutKill: [],
      serviceEvents: [],
      pods: [],
      kernelSignals: [hungTask(1, null, start + 60_000), hungTask(2, null, start + 7_200_000)],
    });
    expect(timeline.boots.map((boot) => [boot.bootId?.[0], boot.events.map((event) => event.bootId?.[0])])).toEqual([
      ['b', ['b']],
      ['a', ['a']],
    ]);
  });
});
