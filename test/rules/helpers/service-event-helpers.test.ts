import { describe, expect, it } from 'vitest';
import { eventsNotKept, notKeptData } from '../../../src/rules/service-event-helpers.js';
import { MANIFEST, modelFromSpec } from '../../helpers/model.js';
import { kubeletJournal, repeated } from '../service-journal.js';

// The kubelet's PLEG complaint every second, and a kubelet restart's node-condition line (kubelet 1.30).
const pleg = (klog: string) => `E${klog}  308309 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.416753742s ago; threshold is 3m0s"`;
const condition = (klog: string) => `I${klog}    1102 kubelet_node_status.go:687] "Recording event message for node" node="worker-7" event="NodeHasSufficientMemory"`;

describe('eventsNotKept', () => {
  it('sums what the reader saw beyond what it kept, over the kinds asked for, each kind once', async () => {
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'journal/kubelet.export': kubeletJournal([...repeated('2026-11-27T06:00:00Z', 1300, 1, pleg), ...repeated('2026-11-27T07:00:00Z', 1050, 1, condition)]),
    });
    expect(model.serviceEventTotals).toEqual({ 'pleg-unhealthy': { seen: 1300, kept: 1000 }, 'node-condition': { seen: 1050, kept: 1000 } });
    expect(eventsNotKept(model, ['pleg-unhealthy'])).toBe(300);
    expect(eventsNotKept(model, ['pleg-unhealthy', 'node-condition', 'pleg-unhealthy'])).toBe(350);
    expect(notKeptData(model, ['probe-failed'])).toEqual({ eventsNotKept: 0, countIsLowerBound: false });
    expect(notKeptData(model, ['probe-failed', 'node-condition'])).toEqual({ eventsNotKept: 50, countIsLowerBound: true });
  });
});
