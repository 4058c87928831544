import { describe, expect, it } from 'vitest';
import { clockAnomalies } from '../../src/rules/clock-anomalies.js';
import { checkRule, MANIFEST } from '../helpers/model.js';

const BOOT = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';
/** A journal entry of the current boot whose realtime − monotonic puts the boot `offsetSeconds` after MANIFEST's uptime anchor. */
function journalAt(offsetSeconds: number): string {
  const zeroUs = (Date.parse('2026-11-26T09:15:02Z') + offsetSeconds * 1000) * 1000;
  return [90, 120, 150]
    .map(
      (mono) =>
        `__REALTIME_TIMESTAMP=${zeroUs + mono * 1e6}\n__MONOTONIC_TIMESTAMP=${mono * 1e6}\n_BOOT_ID=${BOOT}\n_SYSTEMD_UNIT=kubelet.service\nSYSLOG_IDENTIFIER=kubelet\nMESSAGE=I1126 09:16:32.000000 1 x.go:1] ok\n\n`,
    )
    .join('');
}

describe('clock-anomalies', () => {
  it('reports a boot whose journal and collection uptime disagree', async () => {
    const { findings } = await checkRule(clockAnomalies, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journalAt(42.5) });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'disagree', data: expect.objectContaining({ bootId: BOOT, chosen: 'journal entries', other: 'the collection uptime', seconds: -42.5 }) }),
    ]);
  });

  it('stays silent when they agree within a second', async () => {
    expect((await checkRule(clockAnomalies, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journalAt(0.3) })).findings).toEqual([]);
  });
});
