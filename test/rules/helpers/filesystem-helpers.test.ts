import { describe, expect, it } from 'vitest';
import { thresholdPercent } from '../../../src/rules/filesystem-helpers.js';

describe('thresholdPercent', () => {
  it('reads percentages and quantities against the capacity', () => {
    expect(thresholdPercent('10%', null, 1024)).toBe(10);
    expect(thresholdPercent('15.5%', null, 1024)).toBe(15.5);
    // 1Gi of a 10 GiB filesystem in 1 KiB blocks
    expect(thresholdPercent('1Gi', 10 * 1024 * 1024, 1024)).toBeCloseTo(10);
    expect(thresholdPercent('1Gi', null, 1024)).toBeNull();
    expect(thresholdPercent(undefined, 100, 1024)).toBeNull();
  });

  it('treats 0% and 100% as the kubelet does: the threshold is off', () => {
    expect(thresholdPercent('0%', 100, 1024)).toBeNull();
    expect(thresholdPercent('100%', 100, 1024)).toBeNull();
    expect(thresholdPercent(' 100% ', 100, 1024)).toBeNull();
    expect(thresholdPercent('99%', 100, 1024)).toBe(99);
  });
});
