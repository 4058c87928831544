/**
 * What containerd 1.7 (logrus text, fixed nine-digit stamps) says about the generated node:
 * exec probes, image events and lookups of removed containers as background, and the planned
 * sandbox and container starts, TaskOOM and TaskExit events and shim cleanups. Real shape:
 *
 *   time="2026-11-27T10:15:02.012922721Z" level=info msg="TaskOOM event container_id:\"4bcba7fc…\""
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { AttemptPlan, BundlePlan, ContainerPlan, PodPlan } from './bundle-plan.js';
import type { ServiceMessage, Severity } from './kubelet-messages.js';
import { TimeText } from './time-text.js';

const LEVELS: Record<Severity, string> = { I: 'info', W: 'warning', E: 'error' };

export class LogrusLine {
  private readonly time = new TimeText();

  /** `text` is everything after the level: `msg="…" key=value`. */
  format(message: ServiceMessage): string {
    return `time="${this.time.logrus(message.atMs)}" level=${LEVELS[message.severity]} ${message.text}`;
  }
}

const PROBE_COMMANDS = ['[/bin/sh -c pg_isready -U postgres -h 127.0.0.1 -p 5432]', '[redis-cli ping]', '[/bin/grpc_health_probe -addr=:9090]', '[cat /tmp/healthy]', '[/usr/bin/check-status -r]'];

/** A background containerd message at `ms`. */
export function runtimeNoise(random: SeededRandom, plan: BundlePlan): (ms: number) => ServiceMessage {
  const containers = plan.pods.flatMap((pod) => pod.containers.map((container) => ({ pod, container })));
  return (ms) => {
    const { container } = random.pick(containers);
    const id = (container.attempts.at(-1) as AttemptPlan).containerId;
    const roll = random.int(100);
    const m = (severity: Severity, text: string): ServiceMessage => ({ atMs: ms, severity, text });
    if (roll < 35) return m('I', `msg="ExecSync for \\"${id}\\" with command ${random.pick(PROBE_COMMANDS)} and timeout ${random.pick([1, 5, 10])} (s)"`);
    if (roll < 70) return m('I', `msg="ExecSync for \\"${id}\\" returns with exit code ${random.chance(0.97) ? 0 : 1}"`);
    if (roll < 80) {
      const gone = random.hex(64);
      return m('E', `msg="ContainerStatus for \\"${gone}\\" failed" error="rpc error: code = NotFound desc = an error occurred when try to find container \\"${gone}\\": not found"`);
    }
    if (roll < 88) return m('I', `msg="ImageUpdate event name:\\"${container.image}\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}"`);
    if (roll < 94) return m('I', `msg="RemoveContainer for \\"${random.hex(64)}\\" returns successfully"`);
    return m(
      'W',
      `msg="cleanup warnings time=\\"${new Date(Math.floor(ms)).toISOString()}\\" level=info msg=\\"starting signal loop\\" namespace=k8s.io pid=${random.between(2000, 4_000_000)} runtime=io.containerd.runc.v2" namespace=k8s.io`,
    );
  };
}

/** containerd's side of every planned sandbox, container start, OOM kill and exit. */
export function runtimeEvents(random: SeededRandom, plan: BundlePlan): ServiceMessage[] {
  const events: ServiceMessage[] = [];
  const at = (atMs: number, severity: Severity, text: string) => events.push({ atMs, severity, text });
  for (const pod of plan.pods) {
    if (pod.createdMs >= plan.node.windowStartMs) sandboxStart(pod, at);
    for (const container of pod.containers) {
      for (const attempt of container.attempts) {
        if (attempt.startMs >= plan.node.windowStartMs) containerStart(pod, container, attempt, at);
        if (attempt.end !== 'running') containerEnd(attempt, at, random);
      }
    }
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}

type At = (atMs: number, severity: Severity, text: string) => void;

function sandboxStart(pod: PodPlan, at: At): void {
  const meta = `&PodSandboxMetadata{Name:${pod.name},Uid:${pod.uid},Namespace:${pod.namespace},Attempt:0,}`;
  at(pod.createdMs + 200, 'I', `msg="RunPodSandbox for ${meta}"`);
  at(pod.createdMs + 900, 'I', `msg="RunPodSandbox for ${meta} returns sandbox id \\"${pod.sandboxId}\\""`);
}

function containerStart(pod: PodPlan, container: ContainerPlan, attempt: AttemptPlan, at: At): void {
  const meta = `&ContainerMetadata{Name:${container.name},Attempt:${attempt.attempt},}`;
  at(attempt.startMs - 400, 'I', `msg="CreateContainer within sandbox \\"${pod.sandboxId}\\" for container ${meta}"`);
  at(attempt.startMs - 150, 'I', `msg="CreateContainer within sandbox \\"${pod.sandboxId}\\" for ${meta} returns container id \\"${attempt.containerId}\\""`);
  at(attempt.startMs - 140, 'I', `msg="StartContainer for \\"${attempt.containerId}\\""`);
  at(attempt.startMs + 60, 'I', `msg="StartContainer for \\"${attempt.containerId}\\" returns successfully"`);
}

function containerEnd(attempt: AttemptPlan, at: At, random: SeededRandom): void {
  const id = attempt.containerId;
  const seconds = Math.floor(attempt.endMs / 1000);
  if (attempt.end === 'oom-killed') at(attempt.endMs + 5, 'I', `msg="TaskOOM event container_id:\\"${id}\\""`);
  at(
    attempt.endMs + 190,
    'I',
    `msg="TaskExit event container_id:\\"${id}\\" id:\\"${id}\\" pid:${attempt.pid} exit_status:${attempt.exitCode ?? 0} exited_at:{seconds:${seconds} nanos:${random.int(1_000_000_000)}}"`,
  );
  at(attempt.endMs + 240, 'I', `msg="shim disconnected" id=${id} namespace=k8s.io`);
  at(attempt.endMs + 241, 'W', `msg="cleaning up after shim disconnected" id=${id} namespace=k8s.io`);
  at(attempt.endMs + 242, 'I', 'msg="cleaning up dead shim" namespace=k8s.io');
}
