/**
 * `runtime/` and `containers.txt`: what crictl says about the pods and containers of the plan
 * (`crictl ps -a -o json`, `crictl pods -o json`, `crictl inspect` of each exited container),
 * the runtime and kubelet configuration, and the /var/log/containers link table
 * (`<pod>_<ns>_<container>-<id>.log<TAB>/var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log`).
 */
import type { AttemptPlan, BundlePlan, ContainerPlan, PodPlan } from './bundle-plan.js';
import type { SmallFile } from './cgroup-files.js';
import { podSliceName } from './pod-cgroup.js';

const nanos = (ms: number) => `${Math.floor(ms)}000000`;
const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();

function labels(pod: PodPlan, container: ContainerPlan): Record<string, string> {
  return { 'io.kubernetes.container.name': container.name, 'io.kubernetes.pod.name': pod.name, 'io.kubernetes.pod.namespace': pod.namespace, 'io.kubernetes.pod.uid': pod.uid };
}

function imageRef(container: ContainerPlan): string {
  return `${container.image.split(':')[0]}@sha256:${container.image.length.toString(16).padStart(4, '0').repeat(16)}`;
}

function psEntry(pod: PodPlan, container: ContainerPlan, attempt: AttemptPlan): object {
  return {
    id: attempt.containerId,
    podSandboxId: pod.sandboxId,
    metadata: { name: container.name, attempt: attempt.attempt },
    image: { image: container.image, annotations: {}, userSpecifiedImage: '', runtimeHandler: '' },
    imageRef: imageRef(container),
    state: attempt.end === 'running' ? 'CONTAINER_RUNNING' : 'CONTAINER_EXITED',
    createdAt: nanos(attempt.startMs - 150),
    labels: labels(pod, container),
    annotations: { 'io.kubernetes.container.hash': attempt.containerId.slice(0, 8), 'io.kubernetes.container.restartCount': String(attempt.attempt), 'io.kubernetes.pod.terminationGracePeriod': '30' },
    imageId: '',
  };
}

const REASONS: Record<string, string> = { 'oom-killed': 'OOMKilled', error: 'Error', completed: 'Completed', evicted: 'Error' };

function inspect(pod: PodPlan, container: ContainerPlan, attempt: AttemptPlan): object {
  return {
    status: {
      id: attempt.containerId,
      metadata: { attempt: attempt.attempt, name: container.name },
      state: 'CONTAINER_EXITED',
      createdAt: iso(attempt.startMs - 150),
      startedAt: iso(attempt.startMs),
      finishedAt: iso(attempt.endMs),
      exitCode: attempt.exitCode ?? 0,
      image: { annotations: {}, image: container.image, runtimeHandler: '', userSpecifiedImage: '' },
      imageRef: imageRef(container),
      reason: REASONS[attempt.end] ?? 'Error',
      message: '',
      labels: labels(pod, container),
      annotations: { 'io.kubernetes.container.restartCount': String(attempt.attempt) },
      mounts: [],
      logPath: `/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}/${container.name}/${attempt.attempt}.log`,
    },
    info: {
      sandboxID: pod.sandboxId,
      pid: 0,
      runtimeType: 'io.containerd.runc.v2',
      runtimeSpec: {
        process: { args: [container.comm], oomScoreAdj: container.oomScoreAdj },
        linux: {
          resources: { memory: container.memoryLimit === null ? {} : { limit: container.memoryLimit, swap: container.memoryLimit } },
          cgroupsPath: `${podSliceName(pod)}:cri-containerd:${attempt.containerId}`,
        },
      },
    },
  };
}

function sandbox(pod: PodPlan): object {
  return {
    id: pod.sandboxId,
    metadata: { name: pod.name, uid: pod.uid, namespace: pod.namespace, attempt: 0 },
    state: 'SANDBOX_READY',
    createdAt: nanos(pod.createdMs),
    labels: { 'io.kubernetes.pod.name': pod.name, 'io.kubernetes.pod.namespace': pod.namespace, 'io.kubernetes.pod.uid': pod.uid },
    annotations: { 'kubernetes.io/config.seen': iso(pod.createdMs), 'kubernetes.io/config.source': pod.owner === 'static' ? 'file' : 'api' },
    runtimeHandler: '',
  };
}

export function runtimeFiles(plan: BundlePlan): SmallFile[] {
  const all = plan.pods.flatMap((pod) => pod.containers.flatMap((container) => container.attempts.map((attempt) => ({ pod, container, attempt }))));
  const exited = all.filter(({ attempt }) => attempt.end !== 'running');
  return [
    { path: 'runtime/crictl-ps.json', content: `${JSON.stringify({ containers: all.map(({ pod, container, attempt }) => psEntry(pod, container, attempt)) }, null, 2)}\n` },
    { path: 'runtime/crictl-pods.json', content: `${JSON.stringify({ items: plan.pods.map(sandbox) }, null, 2)}\n` },
    ...exited.map(({ pod, container, attempt }) => ({ path: `runtime/inspect/${attempt.containerId}.json`, content: `${JSON.stringify(inspect(pod, container, attempt), null, 2)}\n` })),
    { path: 'runtime/containerd-config.toml', content: CONTAINERD_CONFIG },
    { path: 'runtime/kubelet-config.yaml', content: kubeletConfig(plan) },
  ];
}

export function containersTable(plan: BundlePlan): SmallFile {
  const lines = plan.pods.flatMap((pod) =>
    pod.containers.flatMap((container) =>
      container.attempts.map(
        (attempt) => `${pod.name}_${pod.namespace}_${container.name}-${attempt.containerId}.log\t/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}/${container.name}/${attempt.attempt}.log`,
      ),
    ),
  );
  return { path: 'containers.txt', content: `${lines.join('\n')}\n` };
}

const CONTAINERD_CONFIG = `version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
oom_score = -999

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.9"
  max_container_log_line_size = 16384
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
      SystemdCgroup = true
`;

const kubeletConfig = (plan: BundlePlan) => `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
containerLogMaxSize: ${Math.round(plan.node.rotateBytes / 1024)}Ki
containerLogMaxFiles: 5
evictionHard:
  memory.available: 100Mi
  nodefs.available: 10%
kubeReserved:
  memory: 1Gi
systemReserved:
  memory: 512Mi
maxPods: 110
authentication:
  webhook:
    enabled: true
tlsPrivateKeyFile: "[REDACTED]"
`;
