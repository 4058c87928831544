import { describe, expect, it } from 'vitest';
import { decodeCgroupPath } from '../../src/model/cgroup-path.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const UID_ = UID.replace(/-/g, '_');
const ID = '3b1f6a2c9d8e7f60112233445566778899aabbccddeeff001122334455667788';
const STATIC = '0123456789abcdef0123456789abcdef';

describe('decodeCgroupPath', () => {
  it.each([
    // name, path, expected
    ['cgroupfs-burstable-containerd', `/kubepods/burstable/pod${UID}/${ID}`, { level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', podUid: UID, containerId: ID, runtime: null }],
    ['cgroupfs-besteffort-crio', `/kubepods/besteffort/pod${UID}/crio-${ID}`, { level: 'container', qosClass: 'BestEffort', containerId: ID, runtime: 'crio', conmon: false }],
    ['cgroupfs-guaranteed-no-qos-segment', `/kubepods/pod${UID}/${ID}`, { level: 'container', qosClass: 'Guaranteed', podUid: UID }],
    ['systemd-burstable-containerd', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope`, { level: 'container', driver: 'systemd', qosClass: 'Burstable', podUid: UID, containerId: ID, runtime: 'containerd' }],
    ['systemd-besteffort-crio', `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/crio-${ID}.scope`, { qosClass: 'BestEffort', runtime: 'crio', containerId: ID }],
    ['systemd-guaranteed', `/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${ID}.scope`, { level: 'container', qosClass: 'Guaranteed', podUid: UID }],
    ['systemd-docker-scope', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/docker-${ID}.scope`, { runtime: 'docker', containerId: ID }],
    ['crio-conmon', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/crio-conmon-${ID}.scope`, { level: 'container', conmon: true, runtime: 'crio' }],
    ['crun-nested-leaf', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/crio-${ID}.scope/container`, { level: 'container', containerId: ID }],
    ['static-pod-hash-uid', `/kubepods/burstable/pod${STATIC}/${ID}`, { podUid: STATIC, level: 'container' }],
    ['static-pod-hash-uid-systemd', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${STATIC}.slice`, { podUid: STATIC, level: 'pod' }],
    ['pod-level', `/kubepods/burstable/pod${UID}`, { level: 'pod', podUid: UID, containerId: null }],
    ['qos-level', '/kubepods.slice/kubepods-besteffort.slice', { level: 'qos', qosClass: 'BestEffort', podUid: null }],
    ['node-allocatable-cgroupfs', '/kubepods', { level: 'node-allocatable', qosClass: null }],
    ['node-allocatable-systemd', '/kubepods.slice', { level: 'node-allocatable', driver: 'systemd' }],
    ['lxc-payload-prefix', `/lxc.payload.node1/kubepods/burstable/pod${UID}/${ID}`, { level: 'container', podUid: UID, containerId: ID }],
    ['kind-kubelet-cgroup-root', `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope`, { level: 'container', qosClass: 'Burstable', podUid: UID, containerId: ID }],
    ['system-daemon', '/system.slice/containerd.service', { level: 'other', podUid: null, driver: null }],
    ['root', '/', { level: 'other' }],
  ])('%s', (_name, path, expected) => {
    expect(decodeCgroupPath(path)).toMatchObject({ path, ...expected });
  });

  it('does not take a non-pod segment for a pod', () => {
    expect(decodeCgroupPath('/kubepods/burstable/podnot-a-uid/x')).toMatchObject({ level: 'qos', podUid: null });
  });
});
