import { describe, expect, it } from 'vitest';
import { imageDiskPressure } from '../../src/rules/image-disk-pressure.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { at, KEPT_PER_KIND, kubeletJournal, repeated } from './service-journal.js';

// kubelet 1.29 on a node whose image filesystem filled up (real lines).
const OVER_THRESHOLD =
  'I0618 00:00:14.229011  391617 image_gc_manager.go:383] "Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=85 highThreshold=85 amountToFree=1290842112 lowThreshold=80';
const GC_FAILED =
  'E0618 00:00:14.229086  391617 kubelet.go:1551] "Image garbage collection failed multiple times in a row" err="Failed to garbage collect required amount of images. Attempted to free 1290842112 bytes, but only found 0 bytes eligible to free."';
// What every kubelet start logs before its stats are ready (amazon-eks-ami issue #1947).
const STARTUP = 'E0902 08:15:01.123456    2144 kubelet.go:1440] "Image garbage collection failed once. Stats initialization may not have completed yet" err="invalid capacity 0 on image filesystem"';

describe('image-disk-pressure', () => {
  it('reports failing image garbage collection with what it had to free and the filesystem usage', async () => {
    const journal = kubeletJournal(at('2026-11-27T09:00:00Z', [OVER_THRESHOLD, GC_FAILED, OVER_THRESHOLD, GC_FAILED], 300));
    const { findings } = await checkRule(imageDiskPressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journal });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'gc-failed',
        severity: 'warning',
        time: '2026-11-27T09:05:00.000Z',
        data: expect.objectContaining({
          failures: 2,
          bytesToFree: 1290842112,
          toFree: '1.2 GiB',
          bytesFreed: 0,
          freed: '0 B',
          reports: 2,
          usagePercent: 85,
          highThresholdPercent: 85,
          lowThresholdPercent: 80,
        }),
      }),
    ]);
  });

  it('reports the image filesystem over its high threshold as info when collection did not fail', async () => {
    const { findings } = await checkRule(imageDiskPressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', [OVER_THRESHOLD])) });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'over-threshold', severity: 'info', data: expect.objectContaining({ failures: 0, reports: 1, usagePercent: 85, bytesToFree: 1290842112 }) }),
    ]);
  });

  it('counts the pre-1.21 "failed once" wording when it names the bytes it could not free', async () => {
    const old =
      'W1030 08:00:00.000000    1234 kubelet.go:1300] Image garbage collection failed once. Stats initialization may not have completed yet: failed to garbage collect required amount of images. Wanted to free 4277782937 bytes, but freed 0 bytes';
    const { findings } = await checkRule(imageDiskPressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', [old])) });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'gc-failed', data: expect.objectContaining({ failures: 1, bytesToFree: 4277782937, toFree: '4.0 GiB' }) })]);
  });

  it('does not fire on the failure every kubelet start logs before its stats are ready', async () => {
    const { run, findings } = await checkRule(imageDiskPressure, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', [STARTUP])) });
    expect(run).toEqual({ ruleId: 'image-disk-pressure', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});

describe('image-disk-pressure on a node that logged more failures than the reader keeps', () => {
  // The kubelet retries image garbage collection every 5 minutes: 1,200 failures are 100 hours of a full disk.
  const failed = (klog: string) => GC_FAILED.replace('E0618 00:00:14.229086', `E${klog}`);
  const spec = (failures: number) => ({
    'manifest.json': MANIFEST,
    'journal/kubelet.export': kubeletJournal([...at('2026-11-23T05:00:00Z', [OVER_THRESHOLD]), ...repeated('2026-11-23T06:00:00Z', failures, 300, failed)]),
  });

  it('counts the kept failures as a floor', async () => {
    const { findings } = await checkRule(imageDiskPressure, spec(1200));
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'gc-failed', data: expect.objectContaining({ failures: KEPT_PER_KIND, reports: 1, eventsNotKept: 200, countIsLowerBound: true }) }),
    ]);
    expect(findings[0]?.message).toContain(`failed at least ${KEPT_PER_KIND} times`);
  });

  it('counts exactly when every failure was kept', async () => {
    const { findings } = await checkRule(imageDiskPressure, spec(KEPT_PER_KIND));
    expect(findings).toEqual([expect.objectContaining({ data: expect.objectContaining({ failures: KEPT_PER_KIND, eventsNotKept: 0, countIsLowerBound: false }) })]);
  });
});
