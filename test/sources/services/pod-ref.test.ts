import { describe, expect, it } from 'vitest';
import { parsePodList, parsePodRef } from '../../../src/sources/services/pod-ref.js';

describe('parsePodRef (the samples in its header comment)', () => {
  it('reads the old name_namespace(uid) form', () => {
    expect(parsePodRef('kube-apiserver-ip-172-31-17-197_kube-system(0332406a2c4a3de48df62d6a3422892b)')).toEqual({
      namespace: 'kube-system',
      name: 'kube-apiserver-ip-172-31-17-197',
      uid: '0332406a2c4a3de48df62d6a3422892b',
    });
  });

  it('reads the structured namespace/name form with a separate uid', () => {
    expect(parsePodRef('monitoring/prometheus-k8s-0')).toEqual({ namespace: 'monitoring', name: 'prometheus-k8s-0', uid: null });
    expect(parsePodRef('default/nginx', '27AFF94D-E0D9-43D1-84D6-9AB000AA57E2')).toEqual({ namespace: 'default', name: 'nginx', uid: '27aff94d-e0d9-43d1-84d6-9ab000aa57e2' });
  });

  it('refuses what is not a pod name', () => {
    expect(parsePodRef('')).toBeNull();
    expect(parsePodRef('Not A Pod')).toBeNull();
    expect(parsePodRef('a/b/c')).toBeNull();
  });

  it('bounds a pod list and still counts it whole', () => {
    expect(parsePodList('[a/b c/d e/f]', 2)).toEqual({
      pods: [
        { namespace: 'a', name: 'b', uid: null },
        { namespace: 'c', name: 'd', uid: null },
      ],
      total: 3,
    });
  });
});
