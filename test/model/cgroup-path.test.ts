import { describe, expect, it } from 'vitest';
import { decodeCgroupPath, type DecodedCgroup } from '../../src/model/cgroup-path.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const UID_ = UID.replace(/-/g, '_');
const ID = '3b1f6a2c9d8e7f60112233445566778899aabbccddeeff001122334455667788';
const STATIC = '0123456789abcdef0123456789abcdef';

/** Every field of the answer: a case that leaves one out asserts it is null (or false). */
type Expected = Omit<DecodedCgroup, 'path'>;
const NONE: Expected = { level: 'other', driver: null, owner: null, qosClass: null, podUid: null, containerId: null, runtime: null, conmon: false, prefix: null, elided: false };
const k8s = (fields: Partial<Expected>): Expected => ({ ...NONE, owner: 'kubernetes', ...fields });
const outside = (fields: Partial<Expected>): Expected => ({ ...NONE, owner: 'runtime', level: 'container', ...fields });

/**
 * Paths as kernels printed them in public reports (the source after each), and the forms the
 * runtimes' own code names; docs/cgroup-layouts.md lists each with its source.
 */
const CASES: [string, string, Expected][] = [
  // cgroup v1, cgroupfs, dockershim: Guaranteed has no QoS segment (kubernetes/kubernetes#56891)
  [
    'v1-cgroupfs-docker-guaranteed',
    '/kubepods/pod95387fa4-da9c-11e7-9d36-5254b24cbf5e/6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b',
    k8s({
      level: 'container',
      driver: 'cgroupfs',
      qosClass: 'Guaranteed',
      podUid: '95387fa4-da9c-11e7-9d36-5254b24cbf5e',
      containerId: '6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b',
    }),
  ],
  ['v1-cgroupfs-containerd-burstable', `/kubepods/burstable/pod${UID}/${ID}`, k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', podUid: UID, containerId: ID })],
  // cgroup v1, systemd, docker scope (istio/istio#42734)
  [
    'v1-systemd-docker-burstable',
    '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/docker-b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a.scope',
    k8s({
      level: 'container',
      driver: 'systemd',
      qosClass: 'Burstable',
      podUid: '0330b2c1-a15b-4cdd-b5e5-72d4a90bee82',
      containerId: 'b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a',
      runtime: 'docker',
    }),
  ],
  [
    'v2-systemd-containerd-guaranteed',
    `/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${ID}.scope`,
    k8s({ level: 'container', driver: 'systemd', qosClass: 'Guaranteed', podUid: UID, containerId: ID, runtime: 'containerd' }),
  ],
  ['cgroupfs-crio-besteffort', `/kubepods/besteffort/pod${UID}/crio-${ID}`, k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'BestEffort', podUid: UID, containerId: ID, runtime: 'crio' })],
  // OpenShift: systemd, CRI-O, crun's nested `container` leaf; conmon in its own scope beside the container
  [
    'openshift-crio',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/crio-${ID}.scope`,
    k8s({ level: 'container', driver: 'systemd', qosClass: 'Burstable', podUid: UID, containerId: ID, runtime: 'crio' }),
  ],
  [
    'openshift-crio-crun-leaf',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/crio-${ID}.scope/container`,
    k8s({ level: 'container', driver: 'systemd', qosClass: 'Burstable', podUid: UID, containerId: ID, runtime: 'crio' }),
  ],
  [
    'openshift-crio-conmon',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/crio-conmon-${ID}.scope`,
    k8s({ level: 'container', driver: 'systemd', qosClass: 'BestEffort', podUid: UID, containerId: ID, runtime: 'crio', conmon: true }),
  ],
  // CRI-O cgroupfs: conmon's cgroup is `<parent>/crio-conmon-<id>` (cri-o internal/config/cgmgr/cgroupfs.go)
  [
    'cgroupfs-crio-conmon',
    `/kubepods/burstable/pod${UID}/crio-conmon-${ID}`,
    k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', podUid: UID, containerId: ID, runtime: 'crio', conmon: true }),
  ],
  ['static-pod-hash-uid', `/kubepods/burstable/pod${STATIC}/${ID}`, k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', podUid: STATIC, containerId: ID })],
  ['static-pod-hash-uid-systemd', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${STATIC}.slice`, k8s({ level: 'pod', driver: 'systemd', qosClass: 'Burstable', podUid: STATIC })],
  ['pod-level', `/kubepods/burstable/pod${UID}`, k8s({ level: 'pod', driver: 'cgroupfs', qosClass: 'Burstable', podUid: UID })],
  ['qos-level', '/kubepods.slice/kubepods-besteffort.slice', k8s({ level: 'qos', driver: 'systemd', qosClass: 'BestEffort' })],
  ['node-allocatable-cgroupfs', '/kubepods', k8s({ level: 'node-allocatable', driver: 'cgroupfs' })],
  ['node-allocatable-systemd', '/kubepods.slice', k8s({ level: 'node-allocatable', driver: 'systemd' })],
  // k3s and rke2 run the kubelet with the cgroupfs driver by default: the plain kubepods form
  ['k3s-cgroupfs-containerd', `/kubepods/besteffort/pod${UID}/${ID}`, k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'BestEffort', podUid: UID, containerId: ID })],
  // kind on cgroup v2: the node is a docker scope, the kubelet's root is /kubelet (kubernetes-sigs/kind#3169)
  [
    'kind-v2-docker-node-kubelet-root-pod',
    '/system.slice/docker-b2b75b11f95220f9267e53d48df2d654d585405c36b4c752302ab39da59d74e6.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod68e0cbcc_0cf8_48fc_9a5c_bbb45350dd13.slice',
    k8s({
      level: 'pod',
      driver: 'systemd',
      qosClass: 'Burstable',
      podUid: '68e0cbcc-0cf8-48fc-9a5c-bbb45350dd13',
      prefix: '/system.slice/docker-b2b75b11f95220f9267e53d48df2d654d585405c36b4c752302ab39da59d74e6.scope/kubelet.slice',
    }),
  ],
  [
    'kind-v2-docker-node-kubelet-root-container',
    '/system.slice/docker-b2b75b11f95220f9267e53d48df2d654d585405c36b4c752302ab39da59d74e6.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod68e0cbcc_0cf8_48fc_9a5c_bbb45350dd13.slice/cri-containerd-548efed163da10fd7613e82876bc24c3a7f355fa740256659bfdb361519bb640.scope',
    k8s({
      level: 'container',
      driver: 'systemd',
      qosClass: 'Burstable',
      podUid: '68e0cbcc-0cf8-48fc-9a5c-bbb45350dd13',
      containerId: '548efed163da10fd7613e82876bc24c3a7f355fa740256659bfdb361519bb640',
      runtime: 'containerd',
      prefix: '/system.slice/docker-b2b75b11f95220f9267e53d48df2d654d585405c36b4c752302ab39da59d74e6.scope/kubelet.slice',
    }),
  ],
  [
    'kind-guaranteed',
    `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod${UID_}.slice/cri-containerd-${ID}.scope`,
    k8s({ level: 'container', driver: 'systemd', qosClass: 'Guaranteed', podUid: UID, containerId: ID, runtime: 'containerd', prefix: '/kubelet.slice' }),
  ],
  // minikube (docker driver) and kind on cgroup v1: /docker/<node>/kubepods/… (wormhole-foundation/wormhole devnet/README.md)
  [
    'minikube-v1-docker-node',
    '/docker/8b5e1b8686b3a5082ea70faa5809e3053bb1f75077ce19236582b6d67190a48a/kubepods/burstable/podda04e81e-3992-4dd3-aea5-112148b37b9e/2d90ae0dc04950f146d262fd80f1da3b4bbc69cf059b2bb7c66616d35e4d3ffd',
    k8s({
      level: 'container',
      driver: 'cgroupfs',
      qosClass: 'Burstable',
      podUid: 'da04e81e-3992-4dd3-aea5-112148b37b9e',
      containerId: '2d90ae0dc04950f146d262fd80f1da3b4bbc69cf059b2bb7c66616d35e4d3ffd',
      prefix: '/docker/8b5e1b8686b3a5082ea70faa5809e3053bb1f75077ce19236582b6d67190a48a',
    }),
  ],
  // k3d: k3s (cgroupfs) in a docker node on a systemd cgroup v2 host
  [
    'k3d-v2-docker-node',
    `/system.slice/docker-${'e'.repeat(64)}.scope/kubepods/besteffort/pod${UID}/${ID}`,
    k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'BestEffort', podUid: UID, containerId: ID, prefix: `/system.slice/docker-${'e'.repeat(64)}.scope` }),
  ],
  // a node container inside another cluster's pod: the innermost kubepods is the victim's
  [
    'kubepods-inside-kubepods',
    `/kubepods/burstable/pod${'1'.repeat(8)}-1111-1111-1111-${'1'.repeat(12)}/${'a'.repeat(64)}/kubepods/besteffort/pod${UID}/${ID}`,
    k8s({
      level: 'container',
      driver: 'cgroupfs',
      qosClass: 'BestEffort',
      podUid: UID,
      containerId: ID,
      prefix: `/kubepods/burstable/pod${'1'.repeat(8)}-1111-1111-1111-${'1'.repeat(12)}/${'a'.repeat(64)}`,
    }),
  ],
  // LXC payload (leptonai/gpud#70: task_memcg as printed, and oom_memcg as pasted, elided inside the prefix)
  [
    'lxc-payload-v2-systemd-containerd',
    '/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podeded8c65_6e8e_4c6e_a889_3e427565c740.slice/cri-containerd-ec9ee26695deb4cc72bc665efff1cf3a03fdfb12f1303e02fe9252985e084a95.scope',
    k8s({
      level: 'container',
      driver: 'systemd',
      qosClass: 'Burstable',
      podUid: 'eded8c65-6e8e-4c6e-a889-3e427565c740',
      containerId: 'ec9ee26695deb4cc72bc665efff1cf3a03fdfb12f1303e02fe9252985e084a95',
      runtime: 'containerd',
      prefix: '/lxc.payload.ny2g2r5hh3-lxc',
    }),
  ],
  [
    'lxc-payload-elided-prefix',
    '/lxc.payload....-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podeded8c65_6e8e_4c6e_a889_3e427565c740.slice',
    k8s({ level: 'pod', driver: 'systemd', qosClass: 'Burstable', podUid: 'eded8c65-6e8e-4c6e-a889-3e427565c740', prefix: '/lxc.payload....-lxc', elided: true }),
  ],
  [
    'lxc-payload-cgroupfs',
    `/lxc.payload.node1/kubepods/burstable/pod${UID}/${ID}`,
    k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', podUid: UID, containerId: ID, prefix: '/lxc.payload.node1' }),
  ],

  // Containers outside Kubernetes: pod uid and QoS are null, the runtime and id are the path's
  [
    'docker-v2-systemd',
    '/system.slice/docker-00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12.scope',
    outside({ driver: 'systemd', containerId: '00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12', runtime: 'docker' }),
  ],
  [
    'docker-v1-cgroupfs',
    '/docker/9f9cdbfd1ad345748869b4cbaaa0e71b573e54c30ed44071e9dbc948ecc7e857',
    outside({ driver: 'cgroupfs', containerId: '9f9cdbfd1ad345748869b4cbaaa0e71b573e54c30ed44071e9dbc948ecc7e857', runtime: 'docker' }),
  ],
  ['podman-root-systemd', `/machine.slice/libpod-${ID}.scope`, outside({ driver: 'systemd', containerId: ID, runtime: 'podman' })],
  ['podman-crun-leaf', `/machine.slice/libpod-${ID}.scope/container`, outside({ driver: 'systemd', containerId: ID, runtime: 'podman' })],
  ['podman-rootless', `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope`, outside({ driver: 'systemd', containerId: ID, runtime: 'podman' })],
  ['podman-cgroupfs', `/libpod_parent/libpod-${ID}`, outside({ driver: 'cgroupfs', containerId: ID, runtime: 'podman' })],
  ['podman-conmon', `/machine.slice/libpod-conmon-${ID}.scope`, outside({ driver: 'systemd', containerId: ID, runtime: 'podman', conmon: true })],
  ['crio-outside-kubepods', `/system.slice/crio-${ID}.scope`, outside({ driver: 'systemd', containerId: ID, runtime: 'crio' })],
  ['crio-conmon-system-slice', `/system.slice/crio-conmon-${ID}.scope`, outside({ driver: 'systemd', containerId: ID, runtime: 'crio', conmon: true })],
  ['containerd-outside-kubepods', `/system.slice/cri-containerd-${ID}.scope`, outside({ driver: 'systemd', containerId: ID, runtime: 'containerd' })],
  ['containerd-namespace-cgroupfs', `/k8s.io/${ID}`, outside({ driver: 'cgroupfs', containerId: ID })],
  // a process of a kind node that is no pod's: the node container is what the path shows
  ['kind-node-service', `/docker/${ID}/system.slice/containerd.service`, outside({ driver: 'cgroupfs', containerId: ID, runtime: 'docker' })],

  // Host cgroups: neither a pod nor a container
  ['system-daemon', '/system.slice/containerd.service', { ...NONE, owner: 'host' }],
  ['lxd-payload-service', '/lxc.payload/tryit-select/system.slice/lxd.service', { ...NONE, owner: 'host' }],
  ['root', '/', { ...NONE, owner: 'host' }],

  // Elided by whoever pasted them: what is visible, no more
  ['elided-middle-systemd', `/kubepods.slice/.../cri-containerd-${ID}.scope`, k8s({ level: 'container', driver: 'systemd', containerId: ID, runtime: 'containerd', elided: true })],
  ['elided-pod-keeps-qos', `/kubepods/burstable/.../${ID}`, k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', containerId: ID, elided: true })],
  ['elided-qos-no-guaranteed', `/kubepods/.../pod${UID}/${ID}`, k8s({ level: 'container', driver: 'cgroupfs', podUid: UID, containerId: ID, elided: true })],
  [
    'elided-root-systemd-slice-says-qos',
    `/.../kubepods-besteffort-pod${UID_}.slice/crio-${ID}.scope`,
    k8s({ level: 'container', driver: 'systemd', qosClass: 'BestEffort', podUid: UID, containerId: ID, runtime: 'crio', elided: true }),
  ],
  ['elided-root-cgroupfs', `…/burstable/pod${UID}/${ID}`, k8s({ level: 'container', driver: 'cgroupfs', qosClass: 'Burstable', podUid: UID, containerId: ID, elided: true })],
  [
    'elided-container-id',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-3b1f6a2c9d8e…`,
    k8s({ level: 'pod', driver: 'systemd', qosClass: 'Burstable', podUid: UID, elided: true }),
  ],
  ['elided-pod-uid', `/kubepods/burstable/pod6f1e2d3c...`, k8s({ level: 'qos', driver: 'cgroupfs', qosClass: 'Burstable', elided: true })],
  ['elided-before-outside-container', `/.../docker-${ID}.scope`, { ...NONE, level: 'container', driver: 'systemd', containerId: ID, runtime: 'docker', elided: true }],
  ['elided-after-node-container', `/system.slice/docker-${ID}.scope/...`, { ...NONE, elided: true }],
  ['elided-all', '/...', { ...NONE, elided: true }],
];

describe('decodeCgroupPath', () => {
  it.each(CASES)('%s', (_name, path, expected) => {
    expect(decodeCgroupPath(path)).toEqual({ path, ...expected });
  });

  it('does not take a non-pod segment for a pod', () => {
    expect(decodeCgroupPath('/kubepods/burstable/podnot-a-uid/x')).toMatchObject({ level: 'qos', podUid: null, containerId: null });
  });

  it('does not take the node container of a kind prefix for the victim container of a pod-level path', () => {
    const [, path] = CASES.find(([name]) => name === 'kind-v2-docker-node-kubelet-root-pod') as [string, string, Expected];
    expect(decodeCgroupPath(path).containerId).toBeNull();
  });
});
