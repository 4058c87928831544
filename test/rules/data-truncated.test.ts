import { describe, expect, it } from 'vitest';
import { dataTruncated } from '../../src/rules/data-truncated.js';
import { runRules } from '../../src/rules/index.js';
import { checkRule, MANIFEST, modelFromSpec } from '../helpers/model.js';
import { KEPT_PER_KIND, kubeletJournal, repeated } from './service-journal.js';

const manifest = JSON.stringify({
  format: 'podmortem-bundle',
  formatVersion: 1,
  node: 'n',
  items: [
    { path: 'pods/a_b_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/c/0.log', what: '/var/log/pods/…/0.log', status: 'truncated', exitCode: null, bytes: 16, durationMs: 0, note: 'kept the last 16 MiB' },
  ],
});

describe('data-truncated', () => {
  it('reports sources the collector cut, with its notes', async () => {
    const { findings } = await checkRule(dataTruncated, { 'manifest.json': manifest, 'pods/a_b_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/c/0.log': 'x\n' });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'collector',
        severity: 'warning',
        data: expect.objectContaining({ count: 1, sources: ['podLogs'], notes: ['pods/a_b_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/c/0.log: kept the last 16 MiB'] }),
      }),
    ]);
  });

  it('reports an archive the analyzer stopped reading, and refused or cut entries', async () => {
    const model = await modelFromSpec({ 'kernel/dmesg.txt': '[ 1.0] x\n' });
    const stopped = { ...model, bundle: { stopped: { limit: 'max-bytes' as const, message: 'stopped reading after 1.0 GiB of content (--max-bytes)' }, rejectedEntries: 3, cutEntries: 1 } };
    const { findings } = runRules(stopped, [dataTruncated]);
    expect(findings.map((f) => [f.messageId, f.severity, f.data])).toEqual([
      ['stopped', 'critical', { reason: 'stopped reading after 1.0 GiB of content (--max-bytes)', limit: 'max-bytes' }],
      ['entries', 'info', { rejected: 2, cut: 1 }],
    ]);
  });

  it('stays silent for a complete bundle', async () => {
    expect((await checkRule(dataTruncated, { 'kernel/dmesg.txt': '[ 1.0] x\n' })).findings).toEqual([]);
  });
});

describe('data-truncated: service events the reader did not keep', () => {
  // A failing readiness probe every 10 s, and the kubelet's PLEG complaint every second (kubelet 1.30 lines).
  const probe = (klog: string) =>
    `I${klog}    3782 prober.go:107] "Probe failed" probeType="Readiness" pod="loki-dev-014/loki-dev-014-rollout-operator-58fc68b876-2qhmp" podUID="e6504036-2514-4ecc-b78c-c47061f60c9f" containerName="rollout-operator" probeResult="failure" output="HTTP probe failed with statuscode: 500"`;
  const pleg = (klog: string) => `E${klog}  308309 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.416753742s ago; threshold is 3m0s"`;
  const spec = (probes: number, plegs: number) => ({
    'manifest.json': MANIFEST,
    'journal/kubelet.export': kubeletJournal([...repeated('2026-11-26T09:00:00Z', probes, 10, probe), ...repeated('2026-11-27T06:00:00Z', plegs, 1, pleg)]),
  });

  it('says which kinds lost how many events, most first', async () => {
    const { findings } = await checkRule(dataTruncated, spec(1200, 1500));
    expect(findings.map((f) => [f.messageId, f.severity, f.data])).toEqual([
      ['events-not-kept', 'info', { eventsNotKept: 700, kinds: ['pleg-unhealthy', 'probe-failed'], byKind: ['pleg-unhealthy: 500 of 1500', 'probe-failed: 200 of 1200'], keptPerKind: KEPT_PER_KIND }],
    ]);
  });

  it('stays silent when every event was kept', async () => {
    expect((await checkRule(dataTruncated, spec(KEPT_PER_KIND, KEPT_PER_KIND))).findings).toEqual([]);
  });
});
