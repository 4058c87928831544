import { describe, expect, it } from 'vitest';
import { parsePodLogPath, parsePodLogTarget, rotationStamp } from '../../../src/sources/pod-logs/pod-log-path.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const POD_DIR = `shop_checkout-7d9f8b6c5-x2x9q_${UID}`;

describe('parsePodLogPath', () => {
  it('reads the ≥ 1.14 layout of the header sample', () => {
    expect(parsePodLogPath(`pods/${POD_DIR}/api/0.log`)).toEqual({
      podDir: `pods/${POD_DIR}`,
      namespace: 'shop',
      pod: 'checkout-7d9f8b6c5-x2x9q',
      uid: UID,
      uidForm: 'dashed',
      layout: 'namespace-pod-uid',
      container: 'api',
      attempt: 0,
      rotation: null,
      compressed: false,
    });
  });

  it('reads rotated and compressed files of an attempt', () => {
    expect(parsePodLogPath(`pods/${POD_DIR}/api/3.log.20240101-120000`)).toMatchObject({ attempt: 3, rotation: '20240101-120000', compressed: false });
    expect(parsePodLogPath(`pods/${POD_DIR}/api/3.log.20240101-115000.gz`)).toMatchObject({ attempt: 3, rotation: '20240101-115000', compressed: true });
  });

  it('reads pod folders that other collectors copy under their own folder (EKS var_log/, Rancher <distro>/podlogs/)', () => {
    expect(parsePodLogPath(`var_log/${POD_DIR}/api/0.log`)).toMatchObject({ podDir: `var_log/${POD_DIR}`, namespace: 'shop', uid: UID, container: 'api', attempt: 0 });
    expect(parsePodLogPath(`kubeadm/podlogs/${POD_DIR}/api/1.log`)).toMatchObject({ podDir: `kubeadm/podlogs/${POD_DIR}`, pod: 'checkout-7d9f8b6c5-x2x9q', attempt: 1 });
    expect(parsePodLogPath(`${POD_DIR}/api/0.log`)).toBe('unrecognised');
    expect(parsePodLogPath('var_log/not-a-pod-dir/api/0.log')).toBe('unrecognised');
  });

  it('ignores the kubelet temporary files', () => {
    expect(parsePodLogPath(`pods/${POD_DIR}/api/3.log.20240101-115000.tmp`)).toBe('temporary');
  });

  it('takes the namespace from the first field and the UID from the last (static pod hash)', () => {
    const hash = '0123456789abcdef0123456789abcdef';
    expect(parsePodLogPath(`var/log/pods/kube-system_kube-apiserver-node1_${hash}/kube-apiserver/0.log`)).toMatchObject({
      podDir: `var/log/pods/kube-system_kube-apiserver-node1_${hash}`,
      namespace: 'kube-system',
      pod: 'kube-apiserver-node1',
      uid: hash,
      uidForm: 'static-hash',
    });
  });

  it('reads the historical UID-only layouts', () => {
    expect(parsePodLogPath(`pods/${UID}/api/2.log`)).toMatchObject({ namespace: null, pod: null, uid: UID, layout: 'uid-container-dir', container: 'api', attempt: 2 });
    expect(parsePodLogPath(`pods/${UID}/api_1.log`)).toMatchObject({ namespace: null, pod: null, uid: UID, layout: 'uid-container-file', container: 'api', attempt: 1 });
  });

  it('rejects paths that are not pod logs', () => {
    for (const path of [
      'pods/README',
      `pods/${POD_DIR}/api/current.log`,
      `pods/${POD_DIR}/api/0.log.gz`,
      `pods/not-a-uid/api/0.log`,
      `pods/${POD_DIR}/a/b/0.log`,
      `pods/a__b/api/0.log`,
      'kernel/dmesg.txt',
    ]) {
      expect(parsePodLogPath(path), path).toBe('unrecognised');
    }
  });
});

describe('parsePodLogTarget', () => {
  it('reads a /var/log/containers link target, also under a custom podLogsDir', () => {
    expect(parsePodLogTarget(`/var/log/pods/${POD_DIR}/api/1.log`)).toMatchObject({ podDir: `/var/log/pods/${POD_DIR}`, uid: UID, container: 'api', attempt: 1 });
    expect(parsePodLogTarget(`/data/kubelet-logs/${POD_DIR}/api/4.log`)).toMatchObject({ uid: UID, attempt: 4 });
    expect(parsePodLogTarget(`/var/log/pods/${UID}/api_0.log`)).toMatchObject({ layout: 'uid-container-file', attempt: 0 });
  });

  it('gives nothing for docker json-file targets', () => {
    const id = 'a'.repeat(64);
    expect(parsePodLogTarget(`/var/lib/docker/containers/${id}/${id}-json.log`)).toBeNull();
  });
});

describe('rotationStamp', () => {
  it('keeps the suffix as node-local time with a year and no zone', () => {
    expect(rotationStamp('20240101-120000')).toEqual({
      text: '20240101-120000',
      monotonic: null,
      utcMs: null,
      local: { year: 2024, month: 1, day: 1, hour: 12, minute: 0, second: 0, micros: 0 },
      bootId: null,
    });
  });
});
