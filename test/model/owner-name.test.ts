import { describe, expect, it } from 'vitest';
import { ownerName } from '../../src/model/index.js';

describe('ownerName: the workload a pod belongs to, from its name', () => {
  it.each([
    ['checkout-7d9f8b6c5-x2x9q', 'checkout', 'Deployment: ReplicaSet hash and pod suffix'],
    ['batch-import-6c9f7d8b5-qw2er', 'batch-import', 'Deployment with a dash in its name'],
    ['coredns-5d78c9869d-8gx2b', 'coredns', 'a 10-character pod-template-hash'],
    ['backup-29012345-k8s7q', 'backup', 'CronJob: the scheduled minute and the pod suffix'],
    ['db-migrate-x7k2m', 'db-migrate', 'Job or DaemonSet: the pod suffix'],
    ['node-exporter-x7k2m', 'node-exporter', 'DaemonSet'],
    ['postgres-0', 'postgres', 'StatefulSet: the ordinal'],
    ['web-12', 'web', 'StatefulSet with a two-digit ordinal'],
    ['kafka-24680', 'kafka-24680', 'five digits are not an ordinal'],
    ['fluent-bit-7xk2p', 'fluent-bit', 'DaemonSet suffix with a digit'],
    ['checkout-7d9f8b6c5d-x2x7q', 'checkout', 'ReplicaSet hash of 10 characters'],
    ['backup-28936620-kq9zt', 'backup', 'CronJob of 2025'],
    ['coredns-abcde', 'coredns-abcde', 'a suffix with vowels and no digit was not generated'],
    ['web-server-proxy', 'web-server-proxy', 'words only'],
    ['my-app-redis', 'my-app-redis', 'a real word is not a generated suffix'],
    ['nginx', 'nginx', 'a bare pod'],
    ['kube-apiserver-master-1', 'kube-apiserver-master', 'a static pod named after a numbered node: read as an ordinal (a known limit)'],
  ])('%s → %s (%s)', (pod, owner) => {
    expect(ownerName(pod)).toBe(owner);
  });
});
