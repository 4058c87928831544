import { describe, expect, it } from 'vitest';
import { classifyOomScoreAdj, impliedMemoryRequestBytes } from '../../src/model/qos.js';

describe('classifyOomScoreAdj', () => {
  it.each([
    [-997, { kind: 'pod', qosClass: 'Guaranteed' }],
    [1000, { kind: 'pod', qosClass: 'BestEffort' }],
    [3, { kind: 'pod', qosClass: 'Burstable' }],
    [968, { kind: 'pod', qosClass: 'Burstable' }],
    [999, { kind: 'pod', qosClass: 'Burstable' }],
    [2, { kind: 'pod', qosClass: 'Burstable', note: 'the Kubernetes ≤ 1.19 floor' }],
    [-998, { kind: 'pod-sandbox' }],
    [-999, { kind: 'node-daemon' }],
    [-1000, { kind: 'unkillable' }],
    [0, { kind: 'host-process' }],
    [-500, { kind: 'unknown' }],
    [1, { kind: 'unknown' }],
  ])('%i', (adj, expected) => {
    expect(classifyOomScoreAdj(adj)).toMatchObject(expected);
  });
});

describe('impliedMemoryRequestBytes', () => {
  const node = 8 * 1024 ** 3;
  it('inverts the Burstable formula against total node memory', () => {
    // request 512 MiB on an 8 GiB node: 1000 - 1000*0.5/8 = 937.5 → kubelet floors to 938
    expect(impliedMemoryRequestBytes(938, node)).toBe(Math.round((62 * node) / 1000));
    expect(Math.abs((impliedMemoryRequestBytes(938, node) ?? 0) - 512 * 1024 ** 2)).toBeLessThan(node / 1000);
  });
  it('says nothing at the clamps', () => {
    expect(impliedMemoryRequestBytes(999, node)).toBeNull();
    expect(impliedMemoryRequestBytes(3, node)).toBeNull();
    expect(impliedMemoryRequestBytes(-997, node)).toBeNull();
  });
});
