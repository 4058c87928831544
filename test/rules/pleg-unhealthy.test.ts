import { describe, expect, it } from 'vitest';
import { plegUnhealthy } from '../../src/rules/pleg-unhealthy.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { at, entryLine, KEPT_PER_KIND, kubeletJournal, repeated } from './service-journal.js';

/** kubelet ≥ 1.21 (a real line, with the duration varied). */
const structured = (ago: string) => `E1128 14:02:06.631719  308309 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active ${ago} ago; threshold is 3m0s"`;
/** kubelet ≤ 1.20: `skipping pod synchronization - %v` with the errors in brackets. */
const printf = (ago: string) => `E0220 10:07:35.040123    1234 kubelet.go:1775] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active ${ago} ago; threshold is 3m0s]`;

describe('pleg-unhealthy', () => {
  it('counts the reports and keeps the longest time the PLEG was not seen active', async () => {
    const lines = [structured('3m0.416753742s'), structured('3m5.30015447s'), structured('3m10.2s')];
    const { findings } = await checkRule(plegUnhealthy, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', lines, 5)) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'unhealthy',
        severity: 'warning',
        time: '2026-11-27T09:00:00.000Z',
        data: expect.objectContaining({
          reports: 3,
          longest: '3m10.2s',
          longestSeconds: 190.2,
          threshold: '3m0s',
          thresholdSeconds: 180,
          firstTime: '2026-11-27T09:00:00.000Z',
          lastTime: '2026-11-27T09:00:10.000Z',
        }),
        evidence: [0, 1, 2].map((i) => expect.objectContaining({ path: 'journal/kubelet.export', line: entryLine(i) })),
      }),
    ]);
  });

  it('is critical once the node was NotReady long enough to lose its pods (old wording)', async () => {
    const { findings } = await checkRule(plegUnhealthy, {
      'manifest.json': MANIFEST,
      'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', [printf('3m5.30015447s'), printf('8m1.5s')])),
    });
    expect(findings).toEqual([expect.objectContaining({ severity: 'critical', data: expect.objectContaining({ reports: 2, longest: '8m1.5s', longestSeconds: 481.5, threshold: '3m0s' }) })]);
  });

  it('does not fire on a healthy kubelet', async () => {
    const lines = at('2026-11-27T09:00:00Z', [
      'I1012 19:34:45.357018    2480 kubelet.go:2231] "SyncLoop (PLEG): event for pod" pod="default/nginx" event=&{ID:27aff94d-e0d9-43d1-84d6-9ab000aa57e2 Type:ContainerDied Data:4296b9e2377fddb0e7e42d20223c36771268cb7a1828315331405b66f0030add}',
    ]);
    const { run, findings } = await checkRule(plegUnhealthy, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(lines) });
    expect(run).toEqual({ ruleId: 'pleg-unhealthy', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});

describe('pleg-unhealthy on a node that logged more reports than the reader keeps', () => {
  // The kubelet repeats the line at every sync loop turn while the runtime stays stuck.
  const report = (klog: string) => structured('3m0.416753742s').replace('E1128 14:02:06.631719', `E${klog}`);
  const spec = (reports: number) => ({ 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(repeated('2026-11-27T06:00:00Z', reports, 1, report)) });

  it('counts the kept reports as a floor', async () => {
    const { findings } = await checkRule(plegUnhealthy, spec(1200));
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'unhealthy',
        data: expect.objectContaining({ reports: KEPT_PER_KIND, eventsNotKept: 200, countIsLowerBound: true, firstTime: '2026-11-27T06:00:00.000Z', lastTime: '2026-11-27T06:19:59.000Z' }),
      }),
    ]);
    expect(findings[0]?.message).toContain(`not healthy at least ${KEPT_PER_KIND} times`);
  });

  it('counts exactly when every report was kept', async () => {
    const { findings } = await checkRule(plegUnhealthy, spec(KEPT_PER_KIND));
    expect(findings).toEqual([expect.objectContaining({ data: expect.objectContaining({ reports: KEPT_PER_KIND, eventsNotKept: 0, countIsLowerBound: false }) })]);
  });
});
