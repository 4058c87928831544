import { describe, expect, it } from 'vitest';
import { nodePressure } from '../../src/rules/node-pressure.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { entryLine, KEPT_PER_KIND, kubeletJournal, type JournalEntry } from './service-journal.js';

/** The node event kubelet ≥ 1.26 logs when it records a condition change (real wording). */
const nodeEvent = (at: string, reason: string): JournalEntry => ({
  at,
  message: `I1127 ${at.slice(11, 19)}.554102    1102 event.go:307] "Event occurred" object="worker-7" fieldPath="" kind="Node" apiVersion="" type="Normal" reason="${reason}" message="Node worker-7 status is now: ${reason}"`,
});

/** What kubelet logs at every start: each condition recorded as fine (kubelet_node_status.go). */
const startup = (at: string): JournalEntry[] =>
  ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady'].map((event) => ({
    at,
    message: `I1127 ${at.slice(11, 19)}.878735    1102 kubelet_node_status.go:687] "Recording event message for node" node="worker-7" event="${event}"`,
  }));

describe('node-pressure', () => {
  it('reports a pressure that ended as a warning and one still going on as critical', async () => {
    const journal = kubeletJournal([
      ...startup('2026-11-27T08:00:00Z'),
      nodeEvent('2026-11-27T09:38:18Z', 'NodeHasInsufficientMemory'),
      nodeEvent('2026-11-27T09:42:50Z', 'NodeHasSufficientMemory'),
      nodeEvent('2026-11-27T09:55:21Z', 'NodeHasDiskPressure'),
    ]);
    const { findings } = await checkRule(nodePressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journal });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'ongoing',
        severity: 'critical',
        time: '2026-11-27T09:55:21.000Z',
        data: expect.objectContaining({
          node: 'worker-7',
          condition: 'DiskPressure',
          episodes: 1,
          stillUnderPressure: true,
          lastLeft: null,
          ongoingSeconds: 10 * 3600 + 15 * 60 + 2 - (9 * 3600 + 55 * 60 + 21),
        }),
        evidence: [expect.objectContaining({ path: 'journal/kubelet.export', line: entryLine(6) })],
      }),
      expect.objectContaining({
        messageId: 'resolved',
        severity: 'warning',
        data: expect.objectContaining({
          condition: 'MemoryPressure',
          episodes: 1,
          stillUnderPressure: false,
          firstEntered: '2026-11-27T09:38:18.000Z',
          lastLeft: '2026-11-27T09:42:50.000Z',
          pressureSeconds: 272,
        }),
      }),
    ]);
  });

  it('joins repeated episodes of one condition into one finding with their total time', async () => {
    const journal = kubeletJournal([
      nodeEvent('2026-11-27T01:00:00Z', 'NodeHasInsufficientPID'),
      nodeEvent('2026-11-27T01:00:30Z', 'NodeHasInsufficientPID'),
      nodeEvent('2026-11-27T01:01:00Z', 'NodeHasSufficientPID'),
      nodeEvent('2026-11-27T02:00:00Z', 'NodeHasInsufficientPID'),
      nodeEvent('2026-11-27T02:02:00Z', 'NodeHasSufficientPID'),
    ]);
    const { findings } = await checkRule(nodePressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journal });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'resolved',
        data: expect.objectContaining({
          condition: 'PIDPressure',
          episodes: 2,
          pressureSeconds: 180,
          periods: ['2026-11-27T01:00:00.000Z – 2026-11-27T01:01:00.000Z', '2026-11-27T02:00:00.000Z – 2026-11-27T02:02:00.000Z'],
        }),
      }),
    ]);
  });

  it('does not fire on the conditions a starting kubelet records as fine, nor on Ready changes', async () => {
    const journal = kubeletJournal([...startup('2026-11-27T08:00:00Z'), nodeEvent('2026-11-27T09:00:00Z', 'NodeNotReady'), nodeEvent('2026-11-27T09:01:00Z', 'NodeReady')]);
    const { run, findings } = await checkRule(nodePressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journal });
    expect(run).toEqual({ ruleId: 'node-pressure', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});

describe('node-pressure on a node that logged more condition changes than the reader keeps', () => {
  // Memory pressure flapping: the kubelet records a change each way, a minute apart.
  const flapping = (changes: number) =>
    Array.from({ length: changes }, (_, i) =>
      nodeEvent(new Date(Date.parse('2026-11-26T09:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z'), i % 2 === 0 ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory'),
    );

  it('counts the episodes of the kept changes as a floor', async () => {
    // 600 episodes; the reader keeps the first 250 and the last 250.
    const { findings } = await checkRule(nodePressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(flapping(1200)) });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'resolved', data: expect.objectContaining({ condition: 'MemoryPressure', episodes: KEPT_PER_KIND / 2, eventsNotKept: 200, countIsLowerBound: true }) }),
    ]);
    expect(findings[0]?.message).toContain(`reported MemoryPressure at least ${KEPT_PER_KIND / 2} times`);
  });

  it('counts exactly when every change was kept', async () => {
    const { findings } = await checkRule(nodePressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(flapping(KEPT_PER_KIND)) });
    expect(findings).toEqual([expect.objectContaining({ data: expect.objectContaining({ episodes: KEPT_PER_KIND / 2, eventsNotKept: 0, countIsLowerBound: false }) })]);
  });
});
