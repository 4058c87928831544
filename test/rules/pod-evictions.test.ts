import { describe, expect, it } from 'vitest';
import { podEvictions } from '../../src/rules/pod-evictions.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { at, entryLine, KEPT_PER_KIND, kubeletJournal, repeated, type JournalEntry } from './service-journal.js';

// A memory eviction cycle as kubelet 1.31 logs it (the node-pressure sample node's lines).
const MEMORY_CYCLE = at('2026-11-27T09:38:18Z', [
  'W1127 09:38:18.564102    1102 eviction_manager.go:368] "Eviction manager: attempting to reclaim" resourceName="memory"',
  'I1127 09:38:18.574102    1102 eviction_manager.go:379] "Eviction manager: must evict pod(s) to reclaim" resourceName="memory"',
  'I1127 09:38:18.584102    1102 eviction_manager.go:397] "Eviction manager: pods ranked for eviction" pods=["default/batch-import-6c9f7d8b5-qw2er","tools/netshoot-7b9c8d6f5-p2l4k","web/frontend-5f6d7c8b9-zx8cv","payments/ledger-0"]',
  'I1127 09:39:50.054102    1102 event.go:307] "Event occurred" object="default/batch-import-6c9f7d8b5-qw2er" fieldPath="spec.containers{importer}" kind="Pod" apiVersion="v1" type="Warning" reason="Evicted" message="The node was low on resource: memory. Threshold quantity: 200Mi, available: 141204Ki. "',
  'I1127 09:39:50.154102    1102 eviction_manager.go:596] "Eviction manager: pod is evicted successfully" pod="default/batch-import-6c9f7d8b5-qw2er"',
]);

// Disk: the kill timed out for one pod and a critical pod was spared (real wordings, k8s 1.2x).
const STORAGE_CYCLE = at('2026-11-27T09:55:21Z', [
  'W1127 09:55:21.330411    1102 eviction_manager.go:368] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"',
  'I1127 09:55:22.130411    1102 eviction_manager.go:379] "Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"',
  'I1127 09:55:22.140411    1102 eviction_manager.go:397] "Eviction manager: pods ranked for eviction" pods=["kube-system/calico-node-29x5m","tools/netshoot-7b9c8d6f5-p2l4k"]',
  'E1127 09:55:22.150411    1102 eviction_manager.go:560] "Eviction manager: cannot evict a critical pod" pod="kube-system/calico-node-29x5m"',
  'I1127 09:55:22.520411    1102 event.go:307] "Event occurred" object="tools/netshoot-7b9c8d6f5-p2l4k" fieldPath="spec.containers{netshoot}" kind="Pod" apiVersion="v1" type="Warning" reason="Evicted" message="The node was low on resource: ephemeral-storage. Threshold quantity: 4119452Ki, available: 2012044Ki. Container netshoot was using 18210044Ki, request is 0, has larger consumption of ephemeral-storage. "',
  'E1127 09:55:52.720411    1102 eviction_manager.go:609] "Eviction manager: pod failed to evict" err="timeout waiting to kill pod" pod="tools/netshoot-7b9c8d6f5-p2l4k"',
]);

// A disk that fills with no pod to evict, as kind's known-issues page shows it (kubelet 1.1x).
const NO_PODS_CYCLE = at('2026-11-27T10:07:53Z', [
  'I1127 10:07:53.229561     688 eviction_manager.go:340] eviction manager: must evict pod(s) to reclaim ephemeral-storage',
  'E1127 10:07:53.229638     688 eviction_manager.go:351] eviction manager: eviction thresholds have been met, but no pods are active to evict',
  'I1127 10:08:03.331017     688 eviction_manager.go:340] eviction manager: must evict pod(s) to reclaim ephemeral-storage',
  'E1127 10:08:03.331102     688 eviction_manager.go:351] eviction manager: eviction thresholds have been met, but no pods are active to evict',
]);

describe('pod-evictions', () => {
  it('reports the pods evicted for memory, with the threshold and the available amount, as critical', async () => {
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(MEMORY_CYCLE) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'evicted-below-threshold',
        severity: 'critical',
        subject: { namespace: 'default', pod: 'batch-import-6c9f7d8b5-qw2er' },
        time: '2026-11-27T09:38:21.000Z',
        data: expect.objectContaining({
          resource: 'memory',
          evictions: 1,
          pods: ['default/batch-import-6c9f7d8b5-qw2er'],
          threshold: '200Mi',
          available: '141204Ki',
          thresholdBytes: 200 * 1024 * 1024,
          availableBytes: 141204 * 1024,
          rankedCount: 4,
          reclaims: 1,
          failures: 0,
        }),
      }),
    ]);
    expect(findings[0]?.evidence[0]).toEqual({ path: 'journal/kubelet.export', line: entryLine(3), excerpt: MEMORY_CYCLE[3]?.message });
  });

  it("says so when the thresholds were met with no pod to evict: the pressure is not the pods'", async () => {
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(NO_PODS_CYCLE) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'no-pods-to-evict',
        severity: 'warning',
        subject: null,
        time: '2026-11-27T10:07:53.000Z',
        data: expect.objectContaining({ resource: 'ephemeral-storage', noPodsToEvict: 2, evictions: 0, failures: 0, unable: 0 }),
      }),
    ]);
    expect(findings[0]?.evidence).toHaveLength(4);
  });

  it('adds the no-pods finding after a cycle that evicted pods and still found the pressure there', async () => {
    const after = at('2026-11-27T09:41:00Z', ['E1127 09:41:00.100000    1102 eviction_manager.go:381] "Eviction manager: eviction thresholds have been met, but no pods are active to evict"']);
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal([...MEMORY_CYCLE, ...after]) });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.resource, finding.data.evictions, finding.data.noPodsToEvict, finding.time])).toEqual([
      ['evicted-below-threshold', 'critical', 'memory', 1, 1, '2026-11-27T09:38:21.000Z'],
      ['no-pods-to-evict', 'warning', 'memory', 1, 1, '2026-11-27T09:41:00.000Z'],
    ]);
    expect(findings[1]?.evidence).toEqual([{ path: 'journal/kubelet.export', line: entryLine(5), excerpt: after[0]?.message }]);
  });

  it('reports a cycle that evicted nobody (a failed kill, a critical pod spared) as a warning', async () => {
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(STORAGE_CYCLE) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'eviction-failed',
        severity: 'warning',
        data: expect.objectContaining({
          resource: 'ephemeral-storage',
          evictions: 0,
          failures: 1,
          failedPods: ['tools/netshoot-7b9c8d6f5-p2l4k'],
          criticalSpared: 1,
          criticalPods: ['kube-system/calico-node-29x5m'],
          availableBytes: 2012044 * 1024,
        }),
      }),
    ]);
  });

  it('keeps one finding per resource when both cycles happen', async () => {
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal([...MEMORY_CYCLE, ...STORAGE_CYCLE]) });
    expect(findings.map((f) => [f.messageId, f.data.resource])).toEqual([
      ['evicted-below-threshold', 'memory'],
      ['eviction-failed', 'ephemeral-storage'],
    ]);
  });

  it('reports pods refused at admission per node condition', async () => {
    const lines = at('2026-11-27T09:56:56Z', [
      'I1127 09:56:56.420411    1102 predicate.go:164] "Failed to admit pod to node" pod="monitoring/node-exporter-x7k2m" nodeCondition=[DiskPressure]',
      'I1127 09:57:56.420411    1102 predicate.go:164] "Failed to admit pod to node" pod="monitoring/prometheus-k8s-0" nodeCondition=[DiskPressure]',
    ]);
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(lines) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'admission-rejected',
        severity: 'warning',
        data: expect.objectContaining({ conditions: 'DiskPressure', rejections: 2, pods: ['monitoring/node-exporter-x7k2m', 'monitoring/prometheus-k8s-0'] }),
      }),
    ]);
  });

  it('reads the old printf wording from /var/log/messages, and counts a line copied to both the journal and syslog once', async () => {
    // k8s ≤ 1.20: "eviction manager: attempting to reclaim %v", "pods ranked for eviction: %s", "pod %s is evicted successfully".
    const old = [
      'W0905 15:42:16.777355   23506 eviction_manager.go:332] eviction manager: attempting to reclaim nodefs',
      'I0905 15:42:16.777412   23506 eviction_manager.go:346] eviction manager: must evict pod(s) to reclaim nodefs',
      'I0905 15:42:16.777500   23506 eviction_manager.go:364] eviction manager: pods ranked for eviction: web-0_shop(6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d)',
      'I0905 15:42:17.101230   23506 eviction_manager.go:563] eviction manager: pod web-0_shop(6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d) is evicted successfully',
    ];
    const messages = old.map((line, i) => `Nov 27 09:42:1${6 + i} worker-3 kubelet[23506]: ${line}`).join('\n') + '\n';
    const spec = { 'manifest.json': MANIFEST, 'kernel/messages': messages, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:42:16Z', old)) };
    const { findings } = await checkRule(podEvictions, spec);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'evicted',
        severity: 'critical',
        subject: { namespace: 'shop', pod: 'web-0' },
        data: expect.objectContaining({ resource: 'nodefs', evictions: 1, reclaims: 1, threshold: null, rankedPods: ['shop/web-0'] }),
      }),
    ]);
    const syslogOnly = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'kernel/messages': messages });
    expect(syslogOnly.findings[0]).toMatchObject({
      messageId: 'evicted',
      data: { resource: 'nodefs', evictions: 1 },
      evidence: expect.arrayContaining([expect.objectContaining({ path: 'kernel/messages', line: 4 })]),
    });
  });

  it('reports reclaiming without evictions as info', async () => {
    const lines = at('2026-11-27T09:00:00Z', [
      'I0322 10:58:41.750000    7481 eviction_manager.go:332] eviction manager: attempting to reclaim ephemeral-storage',
      'I0322 10:58:41.752662    7481 eviction_manager.go:336] eviction manager: able to reduce ephemeral-storage pressure without evicting pods.',
    ]);
    const { findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(lines) });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'reclaimed', severity: 'info', data: expect.objectContaining({ resource: 'ephemeral-storage', reclaims: 1, evictions: 0 }) })]);
  });

  it('does not fire on a kubelet that evicted nothing', async () => {
    const lines = at('2026-11-27T09:00:00Z', ['I0516 18:34:04.558677    4052 kubelet.go:2407] "SyncLoop ADD" source="api" pods=["default/liveness-exec"]']);
    const { run, findings } = await checkRule(podEvictions, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(lines) });
    expect(run).toEqual({ ruleId: 'pod-evictions', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });

  it('is skipped, not silently clean, when the kernel source holds no kubelet line', async () => {
    const { run } = await checkRule(podEvictions, { 'kernel/dmesg.txt': '[    1.000000] Linux version 6.1.0\n' });
    expect(run).toEqual({ ruleId: 'pod-evictions', status: 'skipped', missing: [], reason: 'no kubelet or container runtime log lines in the bundle (journal or syslog files)' });
  });
});

describe('pod-evictions on a node that logged more eviction lines than the reader keeps', () => {
  // The kind known-issues disk filling with no pod to evict: the manager tries every 10 s, for hours.
  const [mustEvict, noPods] = [NO_PODS_CYCLE[0]!.message, NO_PODS_CYCLE[1]!.message].map((line) => (klog: string) => line.replace(/^([IE])1127 10:07:53\.\d{6}/, `$1${klog}`)) as [
    (klog: string) => string,
    (klog: string) => string,
  ];
  const tries = (count: number): JournalEntry[] => {
    const second = repeated('2026-11-26T09:00:00Z', count, 10, noPods);
    return repeated('2026-11-26T09:00:00Z', count, 10, mustEvict).flatMap((entry, i) => [entry, second[i]!]);
  };
  const REJECTED = at('2026-11-27T09:56:56Z', ['I1127 09:56:56.420411    1102 predicate.go:164] "Failed to admit pod to node" pod="monitoring/node-exporter-x7k2m" nodeCondition=[DiskPressure]']);
  const spec = (count: number) => ({ 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal([...tries(count), ...REJECTED]) });
  const summary = (findings: Awaited<ReturnType<typeof checkRule>>['findings']) =>
    findings.map((finding) => [finding.messageId, finding.data.noPodsToEvict ?? finding.data.rejections, finding.data.eventsNotKept, finding.data.countIsLowerBound]);

  it('counts the kept tries as a floor, and only for the kinds that lost lines', async () => {
    // 1,200 "must evict" and 1,200 "no pods to evict" lines: 200 of each are not kept.
    const { findings } = await checkRule(podEvictions, spec(1200));
    expect(summary(findings)).toEqual([
      ['no-pods-to-evict', KEPT_PER_KIND, 400, true],
      ['admission-rejected', 1, 0, false],
    ]);
    expect(findings[0]?.message).toContain(`(at least ${KEPT_PER_KIND} times)`);
  });

  it('counts exactly when every line was kept', async () => {
    const { findings } = await checkRule(podEvictions, spec(KEPT_PER_KIND));
    expect(summary(findings)).toEqual([
      ['no-pods-to-evict', KEPT_PER_KIND, 0, false],
      ['admission-rejected', 1, 0, false],
    ]);
  });
});
