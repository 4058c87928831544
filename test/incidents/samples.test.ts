/**
 * The incidents of every sample, through the real pipeline: their order, verdicts, members and
 * workloads, ids that point at real findings and kills, nothing left unfilled, and next steps
 * taken only from member findings' commands.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { reportOf, samplePath, SAMPLES } from '../report/helpers/report-of.js';

const reports: Record<string, Report> = {};
beforeAll(async () => {
  for (const sample of SAMPLES) reports[sample] = await reportOf(samplePath(sample));
});
const report = (sample: string) => reports[sample] as Report;
/** `container-memory-limit-2` → `container-memory-limit`: rules, not their numbering, which follows severity order. */
const rulesOf = (ids: readonly string[]) => ids.map((id) => id.replace(/-\d+$/, '')).sort();
const summary = (sample: string) =>
  report(sample).incidents.map((incident) => ({
    kind: incident.kind,
    verdictId: incident.verdictId,
    chain: incident.chain.map((step) => step.kind),
    rules: rulesOf(incident.findingIds),
    kills: incident.oomKillIds,
  }));

describe('incidents of the samples', () => {
  it('memory-pressure-eviction-oom: MemoryPressure → 3 BestEffort pods evicted → node-wide kills of shop/checkout → crash loop, then a limit kill beside it', () => {
    expect(summary('memory-pressure-eviction-oom')).toEqual([
      {
        kind: 'node-memory-shortage',
        verdictId: 'node-memory-shortage',
        chain: ['memory-pressure', 'eviction', 'oom-kill', 'crash-loop', 'oom-kill'],
        rules: ['crash-loop-back-off', 'node-out-of-memory', 'node-pressure', 'pod-evictions'],
        kills: ['oom-kill-1', 'oom-kill-3'],
      },
      { kind: 'memory-limit', verdictId: 'memory-limit', chain: ['oom-kill'], rules: ['child-process-oom-kill', 'container-memory-limit'], kills: ['oom-kill-2'] },
    ]);
    const [shortage, limit] = report('memory-pressure-eviction-oom').incidents;
    expect(shortage?.verdictData.effects).toEqual(['the kubelet evicted 3 pods', 'the kernel killed 2 processes in 1 pod', 'shop/checkout-7d9f8b6c5-x2x9q/api went into CrashLoopBackOff']);
    expect(shortage?.harm).toEqual({ killedPods: 1, evictedPods: 3, restarts: 2, oomKills: 2, durationSeconds: 3638 });
    expect(shortage?.workloads.map((workload) => [workload.namespace, workload.owner, workload.pods, workload.kills, workload.evictions, workload.restarts])).toEqual([
      ['shop', 'checkout', ['checkout-7d9f8b6c5-x2x9q'], 2, 0, 2],
      ['batch', 'thumbnailer', ['thumbnailer-5f6d7c8b9-w7x2z'], 0, 1, 0],
      ['tools', 'debug-shell', ['debug-shell-6b7c8d9f5-k2m4p'], 0, 1, 0],
      ['tools', 'netshoot', ['netshoot-7f8d9c6b5-q9w2r'], 0, 1, 0],
    ]);
    expect(shortage).toMatchObject({ start: '2026-11-27T09:14:20.113Z', end: '2026-11-27T10:14:58.402Z', confidence: 'high', confidenceReasons: [] });
    expect(limit?.verdictData).toMatchObject({ workload: 'batch/report-worker', containers: ['worker'], limit: '1.0 GiB' });
    expect(limit?.workloads).toEqual([{ namespace: 'batch', owner: 'report-worker', pods: ['report-worker-5b8c9d7f6-m4kq2'], kills: 1, evictions: 0, restarts: 0 }]);
    // Next steps filled in with this bundle's node, namespaces, pods and containers; none changes the cluster.
    expect(shortage?.nextSteps.map((step) => step.command)).toEqual([
      `kubectl get node worker-5 -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}'`,
      'kubectl -n tools describe pod debug-shell-6b7c8d9f5-k2m4p',
      'kubectl -n shop logs checkout-7d9f8b6c5-x2x9q -c api --previous --tail=100',
    ]);
    expect(limit?.nextSteps.map((step) => step.command)).toContain('kubectl -n batch logs report-worker-5b8c9d7f6-m4kq2 -c worker --since-time=2026-11-27T09:35:51.694Z --tail=200');
    expect([...(shortage?.nextSteps ?? []), ...(limit?.nextSteps ?? [])].some((step) => step.changesCluster)).toBe(false);
  });

  it('oom-burstable-containerd: two workloads at their own limits, the crash-looping one first; PLEG alone makes no incident', () => {
    expect(summary('oom-burstable-containerd')).toEqual([
      { kind: 'memory-limit', verdictId: 'memory-limit', chain: ['oom-kill', 'crash-loop', 'oom-kill'], rules: ['container-memory-limit', 'crash-loop-back-off'], kills: ['oom-kill-1', 'oom-kill-3'] },
      { kind: 'memory-limit', verdictId: 'memory-limit', chain: ['oom-kill'], rules: ['child-process-oom-kill', 'container-memory-limit'], kills: ['oom-kill-2'] },
    ]);
    const [checkout] = report('oom-burstable-containerd').incidents;
    expect(checkout?.verdictData).toMatchObject({ workload: 'shop/checkout', containers: ['api'], limit: '512 MiB', killedPods: 1, restarts: 2 });
    expect(checkout?.workloads.map((workload) => workload.owner)).toEqual(['checkout']);
  });

  it('node-pressure-cgroupfs: the memory shortage that killed and evicted first, then the full disk and the failing disk', () => {
    expect(summary('node-pressure-cgroupfs')).toEqual([
      {
        kind: 'node-memory-shortage',
        verdictId: 'node-memory-shortage',
        chain: ['memory-pressure', 'oom-kill', 'eviction', 'memory-low'],
        rules: ['besteffort-oom-victim', 'memory-pressure', 'node-out-of-memory', 'node-pressure', 'pod-evictions'],
        kills: ['oom-kill-1'],
      },
      {
        kind: 'disk-full',
        verdictId: 'disk-full',
        chain: ['disk-pressure', 'eviction', 'admission-rejected', 'filesystem-full', 'filesystem-full', 'filesystem-full'],
        rules: ['filesystem-nearly-full', 'filesystem-nearly-full', 'inodes-nearly-full', 'node-pressure', 'pod-evictions', 'pod-evictions'],
        kills: [],
      },
      {
        kind: 'disk-io-failure',
        verdictId: 'disk-io-failure',
        chain: ['io-errors', 'filesystem-errors', 'pod-start-failed', 'hung-tasks', 'disk-saturated', 'load-blocked'],
        rules: ['disk-io-errors', 'disk-saturation', 'filesystem-errors', 'hung-tasks', 'load-above-cores', 'runtime-errors'],
        kills: [],
      },
    ]);
    const [memory, disk, io] = report('node-pressure-cgroupfs').incidents;
    expect(memory?.workloads).toEqual([{ namespace: 'default', owner: 'batch-import', pods: ['batch-import-6c9f7d8b5-qw2er'], kills: 1, evictions: 1, restarts: 0 }]);
    expect(disk?.verdictData.filesystems).toEqual(['/', '/var/lib/containerd']);
    expect(io?.verdictData.devices).toEqual(['nvme1n1']);
    expect(io).toMatchObject({ confidence: 'medium', confidenceReasons: ['time-proximity-only'] });
    expect(io?.nextSteps.map((step) => step.command)).toEqual([
      'lsblk -o NAME,SIZE,TYPE,FSTYPE,MOUNTPOINT,SERIAL /dev/nvme1n1',
      'findmnt -S /dev/nvme1n1p1 -o TARGET,SOURCE,FSTYPE,OPTIONS',
      'systemctl status kubelet containerd --no-pager',
    ]);
    expect(disk?.nextSteps.map((step) => step.command)).toContain('df -hT /');
  });

  it('debug-pod-minimal: one kill at a container limit, no journal: its restart from the log tree', () => {
    expect(summary('debug-pod-minimal')).toEqual([{ kind: 'memory-limit', verdictId: 'memory-limit', chain: ['oom-kill'], rules: ['container-memory-limit'], kills: ['oom-kill-1'] }]);
    expect(report('debug-pod-minimal').incidents[0]?.workloads).toEqual([{ namespace: 'shop', owner: 'cart', pods: ['cart-6d5c4b3a2-hg7fd'], kills: 1, evictions: 0, restarts: 1 }]);
  });
});

describe.each(SAMPLES)('%s: incidents keep their contract', (sample) => {
  it('are numbered in rank order, reference real findings and kills, and each member once', () => {
    const { incidents, findings, oomKills } = report(sample);
    expect(incidents.map((incident) => incident.id)).toEqual(incidents.map((_, index) => `incident-${index + 1}`));
    const findingIds = new Set(findings.map((finding) => finding.id));
    const killIds = new Set(oomKills.map((kill) => kill.id));
    const members = incidents.flatMap((incident) => [...incident.findingIds, ...incident.oomKillIds]);
    for (const id of members) expect(findingIds.has(id) || killIds.has(id)).toBe(true);
    expect(new Set(members).size).toBe(members.length);
    for (const incident of incidents) {
      expect(incident.confidence === 'high').toBe(incident.confidenceReasons.length === 0);
      expect(incident.chain.flatMap((step) => step.findingIds).sort()).toEqual([...incident.findingIds].sort());
      expect(incident.chain.flatMap((step) => step.oomKillIds).sort()).toEqual([...incident.oomKillIds].sort());
    }
  });

  it('leave no placeholder unfilled in verdicts and step texts', () => {
    for (const incident of report(sample).incidents) {
      for (const text of [incident.verdict, ...incident.chain.map((step) => step.text)]) {
        expect(text).not.toMatch(/\{\w+(\|[^}]*)?\}|undefined|\bNaN\b|\(\s*\)|container \)/);
      }
    }
  });

  it('every critical finding is in an incident; no incident is made of info findings alone', () => {
    const { incidents, findings } = report(sample);
    const placed = new Set(incidents.flatMap((incident) => incident.findingIds));
    expect(findings.filter((finding) => finding.severity === 'critical' && !placed.has(finding.id)).map((finding) => finding.id)).toEqual([]);
    const severity = new Map(findings.map((finding) => [finding.id, finding.severity]));
    for (const incident of incidents) expect(incident.oomKillIds.length > 0 || incident.findingIds.some((id) => severity.get(id) !== 'info')).toBe(true);
  });

  it('take next steps only from member findings, the first command of each first, three at most', () => {
    const { incidents, findings } = report(sample);
    const byId = new Map(findings.map((finding) => [finding.id, finding]));
    for (const incident of incidents) {
      const commands = incident.findingIds.flatMap((id) => byId.get(id)?.commands ?? []);
      expect(incident.nextSteps.length).toBe(Math.min(3, new Set(commands.map((command) => command.command)).size));
      for (const step of incident.nextSteps) expect(commands).toContainEqual(step);
    }
  });
});

/** The same node packed by other collectors (samples/foreign/): the same two workloads' incidents, never surer than podmortem's own bundle. */
describe('incidents of the foreign samples of oom-burstable-containerd', () => {
  const FOREIGN = readdirSync(join(REPO_ROOT, 'samples/foreign'))
    .filter((file) => !file.endsWith('.sh'))
    .sort();
  const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };
  const killPids = (sample: Report) => sample.incidents.map((incident) => incident.oomKillIds.map((id) => sample.oomKills.find((kill) => kill.id === id)?.pid).sort());

  it.each(FOREIGN)('%s: the checkout kills together first, the report-worker kill apart, confidence at most the native one', async (file) => {
    const foreign = await reportOf(join(REPO_ROOT, 'samples/foreign', file));
    const native = report('oom-burstable-containerd');
    expect(foreign.incidents.map((incident) => incident.kind)).toEqual(['memory-limit', 'memory-limit']);
    expect(killPids(foreign)).toEqual(killPids(native));
    expect(killPids(foreign)).toEqual([[41234, 51877], [52210]]);
    foreign.incidents.forEach((incident, index) => {
      expect(RANK[incident.confidence]).toBeLessThanOrEqual(RANK[native.incidents[index]?.confidence ?? 'low'] as number);
      // Named as far as the format names it: the owner when it knows the pod, the UID when only the kernel does.
      const kill = foreign.oomKills.find((candidate) => candidate.id === incident.oomKillIds[0]);
      expect(incident.verdict).not.toMatch(/\(\s*\)|container \)|\{/);
      expect(incident.verdictData.workload).toBe(kill?.pod ? `${kill.namespace}/${incident.workloads[0]?.owner}` : `pod ${kill?.podUid}`);
    });
  });
});
