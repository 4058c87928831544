import { describe, expect, it } from 'vitest';
import { ServiceCollector, type ServiceMessageInput } from '../../../src/sources/services/service-collector.js';
import { NO_STAMP } from '../../../src/sources/stamp.js';

const PROBE =
  'I0516 18:34:39.885628    4052 prober.go:107] "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" probeResult="failure" output=<';
const OOM = (n: number) => `time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\\"${n.toString(16).padStart(64, '0')}\\""`;

let line = 0;
const input = (identifier: string | null, message: string, priority: number | null = 6): ServiceMessageInput => ({
  identifier,
  unit: null,
  message,
  priority,
  stamp: NO_STAMP,
  file: 'journal/kubelet.export',
  line: ++line,
});

describe('ServiceCollector', () => {
  it('counts lines per name and priority, the level inside the message winning over PRIORITY', () => {
    const collector = new ServiceCollector();
    collector.accept(input('kubelet', 'E0212 16:04:12.927526   12104 pod_workers.go:1298] "Error syncing pod, skipping" err="x"'));
    collector.accept(input('kubelet', 'I0212 16:04:12.926951   12104 scope.go:117] "RemoveContainer" containerID="a6e0"', 3));
    collector.accept(input('containerd', 'time="2022-11-05T21:34:04.444635983+08:00" level=warning msg="cleanup warnings"'));
    collector.accept(input(null, 'no level here', null));
    collector.countOnly('kernel', 3);
    const counts = collector.result().counts;
    expect(counts.find((count) => count.name === 'kubelet')).toMatchObject({ lines: 2, errors: 1, warnings: 0, byPriority: [0, 0, 0, 1, 0, 0, 1, 0] });
    expect(counts.find((count) => count.name === 'containerd')).toMatchObject({ lines: 1, warnings: 1 });
    expect(counts.find((count) => count.name === '(unknown)')).toMatchObject({ lines: 1, unknownPriority: 1 });
    expect(counts.find((count) => count.name === 'kernel')).toMatchObject({ lines: 1, errors: 1 });
  });

  it('bounds the names it counts', () => {
    const collector = new ServiceCollector({ maxCountNames: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'a']) collector.accept(input(name, 'x'));
    expect(collector.result().counts.map((count) => [count.name, count.lines])).toEqual([
      ['(other)', 2],
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('keeps the first and the last events of a kind within its budget', () => {
    const collector = new ServiceCollector({ maxEventsPerKind: 4 });
    for (let n = 1; n <= 10; n += 1) collector.accept(input('containerd', OOM(n)));
    const { events, eventTotals } = collector.result();
    expect(eventTotals['task-oom']).toEqual({ seen: 10, kept: 4 });
    expect(events.map((event) => (event.kind === 'task-oom' ? parseInt(event.containerId, 16) : 0))).toEqual([1, 2, 9, 10]);
  });

  it('lists events by file and line, not in the order the files were read', () => {
    const collector = new ServiceCollector();
    collector.accept({ ...input('containerd', OOM(3)), file: 'journal/runtime.export', line: 1 });
    collector.accept({ ...input('containerd', OOM(2)), file: 'journal/kubelet.export', line: 7 });
    collector.accept({ ...input('containerd', OOM(1)), file: 'journal/kubelet.export', line: 3 });
    expect(collector.result().events.map((event) => [event.evidence.file, event.evidence.line])).toEqual([
      ['journal/kubelet.export', 3],
      ['journal/kubelet.export', 7],
      ['journal/runtime.export', 1],
    ]);
  });

  it('gives each event its stamp, evidence and a bounded text', () => {
    const collector = new ServiceCollector();
    const event = collector.accept({ ...input('containerd', `${OOM(1)} ${'x'.repeat(2000)}`), stamp: { ...NO_STAMP, text: 'T', utcMs: 1 } });
    expect(event).toMatchObject({ kind: 'task-oom', component: 'containerd', stamp: { text: 'T', utcMs: 1 }, evidence: { file: 'journal/kubelet.export', line } });
    expect(event?.text).toHaveLength(500);
  });

  it('joins a probe output block logged as separate entries, across other services in between', () => {
    const collector = new ServiceCollector();
    collector.accept(input('kubelet', PROBE));
    collector.accept(input('containerd', 'time="2025-05-16T18:02:43.772965922Z" level=info msg="cleaning up dead shim"'));
    collector.accept(input('kubelet', "\tcat: can't open '/tmp/healthy': No such file or directory"));
    collector.accept(input('kubelet', '        second line (tab expanded by journalctl)'));
    collector.accept(input('kubelet', ' >'));
    collector.accept(input('kubelet', PROBE));
    collector.accept(input('kubelet', 'I0516 18:34:49.885264    4052 kubelet.go:2528] "SyncLoop (probe)" probe="liveness" status="unhealthy" pod="default/liveness-exec"'));
    collector.accept(input('kubelet', '\tnot part of the second probe any more'));
    const probes = collector.result().events.filter((event) => event.kind === 'probe-failed');
    expect(probes.map((probe) => (probe.kind === 'probe-failed' ? probe.output : undefined))).toEqual([
      "cat: can't open '/tmp/healthy': No such file or directory\nsecond line (tab expanded by journalctl)",
      null,
    ]);
  });
});

describe('ServiceCollector across files', () => {
  it('does not carry an open output block into the next file', () => {
    const collector = new ServiceCollector();
    collector.accept(input('kubelet', PROBE));
    collector.beginFile();
    collector.accept(input('kubelet', '\tthis belongs to another file'));
    const probe = collector.result().events[0];
    expect(probe?.kind === 'probe-failed' ? probe.output : 'not a probe').toBeNull();
  });
});
