/**
 * containerd, CRI-O and dockerd messages (logrus). Real lines:
 *
 *   time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\"4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce\""
 *   time="2019-03-28T12:22:02.843493956-05:00" level=info msg="TaskOOM event &TaskOOM{ContainerID:af134047d061f40b4ed78434de3ed8e292ff017a0e86b216e689e883ab450b30,}"
 *   time="2025-03-18T10:21:52.551980894Z" level=info msg="TaskExit event container_id:\"62e0…\" id:\"62e0…\" pid:4020 exit_status:2 exited_at:{seconds:1742293282 nanos:547387052}"
 *   time="2024-08-28T09:46:32.480291720Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:nginx,Uid:51a5ca8e-4e46-451b-bbac-525543a80861,Namespace:default,Attempt:0,} returns sandbox id \"ee86…\""
 *   time="2024-11-29T18:13:11.682692569Z" level=info msg="CreateContainer within sandbox \"3cfe…\" for &ContainerMetadata{Name:nginx,Attempt:0,} returns container id \"c65a…\""
 *   time="2022-11-05T21:34:04.444635983+08:00" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:kube-controller-manager-master,Uid:1ab5…,Namespace:kube-system,Attempt:0,} failed, error" error="failed to get sandbox image …"
 *   time="2023-05-31 15:54:15.113161747Z" level=info msg="Started container" PID=112627 containerID=ad41… description=default/web-0/app … sandboxID=daa6…   (CRI-O)
 */
import type { ServiceFacts } from './service-event.js';
import type { ServiceLine } from './service-line.js';
import { parsePodRef, type PodRef } from './pod-ref.js';
import { field, toInt, type MessageClassifier } from './message-classifier.js';

const ID = '[0-9a-f]{64}';

function taskOom(line: ServiceLine): ServiceFacts | null {
  const m = new RegExp(`TaskOOM event (?:container_id:"?|&TaskOOM\\{ContainerID:)(${ID})`).exec(line.msg);
  return m ? { kind: 'task-oom', containerId: m[1] as string } : null;
}

/** Only the container's own task: an exec'd process exits with its own `id`. */
function taskExit(line: ServiceLine): ServiceFacts | null {
  if (!line.msg.startsWith('TaskExit event')) return null;
  const text = line.msg;
  const container = new RegExp(`(?:container_id:"|ContainerID:)(${ID})`).exec(text)?.[1] ?? null;
  const id = /(?:\bid:"|,ID:)([^",]+)/.exec(text)?.[1] ?? null;
  if (!container || (id !== null && id !== container)) return null;
  const exitCode = toInt(/(?:exit_status:|ExitStatus:)(\d+)/.exec(text)?.[1]);
  const pid = toInt(/(?:\bpid:|Pid:)(\d+)/.exec(text)?.[1]);
  return { kind: 'container-exited', pod: null, containerId: container, exitCode, pid };
}

/** `&PodSandboxMetadata{Name:nginx,Uid:51a5…,Namespace:default,Attempt:0,}` */
function sandboxMetadata(text: string): { pod: PodRef | null; attempt: number | null } | null {
  const m = /PodSandboxMetadata\{Name:([^,]*),Uid:([^,]*),Namespace:([^,]*),Attempt:(\d+)/.exec(text);
  if (!m) return null;
  return { pod: parsePodRef(`${m[3]}/${m[1]}`, m[2] ?? null), attempt: toInt(m[4]) };
}

function containerName(text: string): { container: string | null; attempt: number | null } {
  const m = /ContainerMetadata\{Name:([^,]*),Attempt:(\d+)/.exec(text);
  return { container: m?.[1] ?? null, attempt: toInt(m?.[2]) };
}

function containerdCreated(line: ServiceLine): ServiceFacts | null {
  const text = line.msg;
  const sandbox = new RegExp(`^RunPodSandbox for .* returns sandbox id "(${ID})"`).exec(text);
  if (sandbox) {
    const meta = sandboxMetadata(text);
    return { kind: 'sandbox-created', pod: meta?.pod ?? null, attempt: meta?.attempt ?? null, sandboxId: sandbox[1] as string };
  }
  const created = new RegExp(`^CreateContainer within sandbox "(${ID})" for .* returns container id "(${ID})"`).exec(text);
  if (created) {
    const { container, attempt } = containerName(text);
    return { kind: 'container-created', sandboxId: created[1] as string, container, attempt, containerId: created[2] as string };
  }
  const started = new RegExp(`^StartContainer for "(${ID})" returns successfully`).exec(text);
  return started ? { kind: 'container-started', pod: null, containerId: started[1] as string } : null;
}

/** CRI-O: `Created container <id>: ns/pod/ctr`, `Ran pod sandbox <id> with infra container: ns/pod/POD`, `Started container` with fields. */
function crioLifecycle(line: ServiceLine): ServiceFacts | null {
  const text = line.msg;
  const created = new RegExp(`^Created container (${ID}): ([^/\\s]+)/([^/\\s]+)/(\\S+)`).exec(text);
  if (created) return { kind: 'container-created', sandboxId: field(line, 'sandboxID'), container: created[4] as string, attempt: null, containerId: created[1] as string };
  const sandbox = new RegExp(`^Ran pod sandbox (${ID}) with infra container: ([^/\\s]+)/([^/\\s]+)/`).exec(text);
  if (sandbox) return { kind: 'sandbox-created', pod: parsePodRef(`${sandbox[2]}/${sandbox[3]}`), attempt: null, sandboxId: sandbox[1] as string };
  if (text === 'Started container') {
    const described = /^([^/\s]+)\/([^/\s]+)\//.exec(field(line, 'description') ?? '');
    return { kind: 'container-started', pod: described ? parsePodRef(`${described[1]}/${described[2]}`) : null, containerId: field(line, 'containerID') };
  }
  return null;
}

const OPERATION = /^(RunPodSandbox|CreateContainer|StartContainer|StopContainer|StopPodSandbox|RemoveContainer|RemovePodSandbox|PullImage|ExecSync|Exec|UpdateContainerResources)\b/;

/** Any error-level runtime line; the operation, pod and ids are filled in when the message names them. */
function runtimeError(line: ServiceLine): ServiceFacts | null {
  if (line.severity !== 'error' && line.severity !== 'fatal') return null;
  const text = line.msg;
  const meta = sandboxMetadata(text);
  const id = new RegExp(`"?(${ID})"?`).exec(text)?.[1] ?? field(line, 'id', 'containerID', 'sandboxID', 'container');
  return {
    kind: 'runtime-error',
    operation: OPERATION.exec(text)?.[1] ?? null,
    pod: meta?.pod ?? null,
    container: containerName(text).container,
    id,
    error: field(line, 'error', 'err'),
  };
}

export const RUNTIME_CLASSIFIERS: readonly MessageClassifier[] = [
  { needles: ['TaskOOM event'], match: taskOom },
  { needles: ['TaskExit event'], match: taskExit },
  { needles: ['returns sandbox id', 'returns container id', 'returns successfully'], match: containerdCreated },
  { needles: ['Created container', 'Ran pod sandbox', 'Started container'], match: crioLifecycle },
  { needles: ['level=error', 'level=fatal', 'level=panic', 'ERRO[', 'FATA[', 'PANI[', '"level":"error"', '"level":"fatal"'], match: runtimeError },
];
