/** Pod name → owning workload, the key the fleet page groups OOM kills and evictions by. */
import { describe, expect, it } from 'vitest';
import { workloadOf } from '../../src/fleet/index.js';

describe('workloadOf', () => {
  it.each([
    ['checkout-7d9f8b6c5d-x2x7q', 'checkout'],
    ['batch-import-6c9f7d8b5-qw2er', 'batch-import'],
    ['backup-28936620-kq9zt', 'backup'],
    ['fluent-bit-7xk2p', 'fluent-bit'],
    ['kube-proxy-m9xw4', 'kube-proxy'],
    ['postgres-2', 'postgres'],
  ])('%s belongs to %s', (pod, workload) => {
    expect(workloadOf(pod)).toBe(workload);
  });

  it.each(['web-server-proxy', 'my-app', 'coredns-abcde', 'nginx'])('%s keeps its name: no segment of it was generated', (pod) => {
    expect(workloadOf(pod)).toBe(pod);
  });
});
