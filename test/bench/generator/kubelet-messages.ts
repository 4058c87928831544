/**
 * What the kubelet (1.30, klog, structured) says about the generated node: the steady chatter
 * of a busy node (probes, volume reconciles, the famous system-container stats errors) and the
 * planned events (PLEG container finished with exit 137, crash-loop back-off, liveness kills,
 * the eviction of a pod under memory pressure). Real shape:
 *
 *   I1127 10:15:02.123456    1234 generic.go:334] "Generic (PLEG): container finished" podID="6f1e…" containerID="3b1f…" exitCode=137
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { AttemptPlan, BundlePlan, ContainerPlan, PodPlan } from './bundle-plan.js';
import { podSlice } from './bundle-plan.js';
import { TimeText } from './time-text.js';

export type Severity = 'I' | 'W' | 'E';
/** A message at `ms`; the journal writer wraps it in an entry. */
export interface ServiceMessage {
  atMs: number;
  severity: Severity;
  text: string;
}

export const PRIORITY: Record<Severity, number> = { I: 6, W: 4, E: 3 };

export class KlogLine {
  private readonly time = new TimeText();
  constructor(private readonly pid: number) {}

  /** `text` is `<file>:<line>] <message>`. */
  format(message: ServiceMessage): string {
    return `${message.severity}${this.time.klog(message.atMs)} ${String(this.pid).padStart(7)} ${message.text}`;
  }
}

const ref = (pod: PodPlan) => `${pod.namespace}/${pod.name}`;
const current = (container: ContainerPlan) => container.attempts.at(-1) as AttemptPlan;

/** A background kubelet message at `ms` about a random pod. */
export function kubeletNoise(random: SeededRandom, plan: BundlePlan): (ms: number) => ServiceMessage {
  const running = plan.pods.filter((pod) => pod.owner !== 'job');
  return (ms) => {
    const pod = random.pick(running);
    const container = random.pick(pod.containers);
    const roll = random.int(100);
    const m = (severity: Severity, location: string, text: string): ServiceMessage => ({ atMs: ms, severity, text: `${location}] ${text}` });
    if (roll < 30) return m('I', 'kubelet.go:2455', `"SyncLoop (probe)" probe="${random.pick(['readiness', 'liveness'])}" status="${random.chance(0.9) ? 'ready' : ''}" pod="${ref(pod)}"`);
    if (roll < 42) return m('W', 'kubelet_pods.go:1082', `"Unable to retrieve pull secret, the image pull may not succeed." pod="${ref(pod)}" secret="" err="secret \\"regcred\\" not found"`);
    if (roll < 54) {
      const unit = random.pick(['containerd.service', 'kubelet.service']);
      return m(
        'E',
        'summary_sys_containers.go:48',
        `"Failed to get system container stats" err="failed to get cgroup stats for \\"/system.slice/${unit}\\": failed to get container info for \\"/system.slice/${unit}\\": unknown container \\"/system.slice/${unit}\\"" containerName="/system.slice/${unit}"`,
      );
    }
    if (roll < 64) {
      const volume = `kube-api-access-${random.hex(5)}`;
      return m(
        'I',
        'reconciler_common.go:245',
        `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"${volume}\\" (UniqueName: \\"kubernetes.io/projected/${pod.uid}-${volume}\\") pod \\"${pod.name}\\" (UID: \\"${pod.uid}\\") " pod="${ref(pod)}"`,
      );
    }
    if (roll < 72)
      return m(
        'E',
        'cadvisor_stats_provider.go:501',
        `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"${podSlice(pod)}/cri-containerd-${current(container).containerId}.scope\\": RecentStats: unable to find data in memory cache]"`,
      );
    if (roll < 80) return m('I', 'log.go:245', `http: TLS handshake error from 10.0.${random.int(64)}.${random.int(255)}:${random.between(30_000, 60_999)}: EOF`);
    if (roll < 88) return m('I', 'kubelet_getters.go:218', `"Pod status updated" pod="${ref(pod)}" status="Running"`);
    if (roll < 94) {
      return m(
        'I',
        'prober.go:107',
        `"Probe failed" probeType="Readiness" pod="${ref(pod)}" podUID="${pod.uid}" containerName="${container.name}" probeResult="failure" output="Get \\"http://${pod.podIp}:8080/readyz\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
      );
    }
    return m(
      'W',
      'watcher.go:93',
      `Error while processing event ("/sys/fs/cgroup${podSlice(pod)}/cri-containerd-${random.hex(64)}.scope": 0x40000100 == IN_CREATE|IN_ISDIR): inotify_add_watch /sys/fs/cgroup${podSlice(pod)}/cri-containerd-${random.hex(64)}.scope: no such file or directory`,
    );
  };
}

/** The kubelet's side of every planned restart, OOM kill, pod start and the eviction. */
export function kubeletEvents(random: SeededRandom, plan: BundlePlan): ServiceMessage[] {
  const events: ServiceMessage[] = [];
  const at = (atMs: number, severity: Severity, location: string, text: string) => events.push({ atMs, severity, text: `${location}] ${text}` });
  for (const pod of plan.pods) {
    if (pod.createdMs >= plan.node.windowStartMs) podStart(pod, at, random);
    for (const container of pod.containers) {
      const [previous, next] = container.attempts;
      if (previous && next) restart(pod, container, previous, next, at, random);
    }
  }
  if (plan.eviction) eviction(plan, at);
  return events.sort((a, b) => a.atMs - b.atMs);
}

type At = (atMs: number, severity: Severity, location: string, text: string) => void;

function podStart(pod: PodPlan, at: At, random: SeededRandom): void {
  at(pod.createdMs, 'I', 'kubelet.go:2400', `"SyncLoop ADD" source="api" pods=["${ref(pod)}"]`);
  const seconds = (random.next() * 6 + 1).toFixed(6);
  at(pod.createdMs + 4_000, 'I', 'pod_startup_latency_tracker.go:104', `"Observed pod startup duration" pod="${ref(pod)}" podStartSLOduration=${seconds} podStartE2EDuration="${seconds}s"`);
}

function restart(pod: PodPlan, container: ContainerPlan, previous: AttemptPlan, next: AttemptPlan, at: At, random: SeededRandom): void {
  const died = previous.endMs;
  if (previous.end === 'error') {
    for (let probe = 3; probe >= 1; probe -= 1) {
      at(
        died - probe * 10_000,
        'I',
        'prober.go:107',
        `"Probe failed" probeType="Liveness" pod="${ref(pod)}" podUID="${pod.uid}" containerName="${container.name}" probeResult="failure" output="HTTP probe failed with statuscode: 503"`,
      );
    }
    at(
      died - 200,
      'I',
      'kuberuntime_manager.go:1050',
      `"Message for Container of pod" containerName="${container.name}" containerStatusID={"Type":"containerd","ID":"${previous.containerId}"} pod="${ref(pod)}" containerMessage="Container ${container.name} failed liveness probe, will be restarted"`,
    );
    at(
      died - 150,
      'I',
      'kuberuntime_container.go:779',
      `"Killing container with a grace period" pod="${ref(pod)}" podUID="${pod.uid}" containerName="${container.name}" containerID="containerd://${previous.containerId}" gracePeriod=30`,
    );
  }
  at(died + 310, 'I', 'generic.go:334', `"Generic (PLEG): container finished" podID="${pod.uid}" containerID="${previous.containerId}" exitCode=${previous.exitCode ?? 0}`);
  at(died + 340, 'I', 'kubelet.go:2462', `"SyncLoop (PLEG): event for pod" pod="${ref(pod)}" event={"ID":"${pod.uid}","Type":"ContainerDied","Data":"${previous.containerId}"}`);
  const backOff = next.startMs - died;
  if (backOff > 10_000) {
    const seconds = random.pick(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
    at(
      died + 400,
      'E',
      'pod_workers.go:1298',
      `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${container.name}\\" with CrashLoopBackOff: \\"back-off ${seconds} restarting failed container=${container.name} pod=${pod.name}_${pod.namespace}(${pod.uid})\\"" pod="${ref(pod)}" podUID="${pod.uid}"`,
    );
  }
  at(next.startMs + 600, 'I', 'kubelet.go:2462', `"SyncLoop (PLEG): event for pod" pod="${ref(pod)}" event={"ID":"${pod.uid}","Type":"ContainerStarted","Data":"${next.containerId}"}`);
}

function eviction(plan: BundlePlan, at: At): void {
  const { pod, atMs } = plan.eviction as NonNullable<BundlePlan['eviction']>;
  const ranked = [pod, ...plan.pods.filter((other) => other.qos === 'besteffort' && other !== pod).slice(0, 4)];
  at(atMs - 900, 'I', 'kubelet_node_status.go:679', `"Recording event message for node" node="${plan.node.name}" event="NodeHasInsufficientMemory"`);
  at(atMs - 800, 'W', 'eviction_manager.go:366', '"Eviction manager: attempting to reclaim" resourceName="memory"');
  at(atMs - 790, 'I', 'eviction_manager.go:377', '"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"');
  at(atMs - 780, 'I', 'eviction_manager.go:395', `"Eviction manager: pods ranked for eviction" pods=[${ranked.map((p) => `"${ref(p)}"`).join(',')}]`);
  for (const container of pod.containers) {
    at(
      atMs - 700,
      'I',
      'kuberuntime_container.go:779',
      `"Killing container with a grace period" pod="${ref(pod)}" podUID="${pod.uid}" containerName="${container.name}" containerID="containerd://${current(container).containerId}" gracePeriod=0`,
    );
  }
  at(atMs + 100, 'I', 'eviction_manager.go:616', `"Eviction manager: pod is evicted successfully" pod="${ref(pod)}"`);
  at(atMs + 60_000, 'I', 'eviction_manager.go:369', '"Eviction manager: able to reduce resource pressure without evicting pods." resourceName="memory"');
  at(atMs + 70_000, 'I', 'kubelet_node_status.go:679', `"Recording event message for node" node="${plan.node.name}" event="NodeHasSufficientMemory"`);
}
