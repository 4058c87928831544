/**
 * Every pod and container the bundle shows, joined across sources by pod UID and container id:
 * the /var/log/pods tree, the /var/log/containers table, crictl, containerd's own
 * CreateContainer / RunPodSandbox messages, the kubelet's lines that name a pod with its uid
 * (`pod="shop/checkout-…" podUID=…`), cgroup paths (memory state and the process table).
 * Names come only from a source that states them; nothing is inferred from a look-alike.
 */
import type { SourceData } from '../sources/index.js';
import { decodeCgroupPath, normalisePodUid, type QosClass } from './cgroup-path.js';
import type { LogLine } from './oom-logs.js';
import type { TimeModel } from './time-model.js';

export type PodSource = 'pod-logs' | 'container-links' | 'crictl' | 'runtime-log' | 'kubelet-log' | 'cgroup' | 'process-table';

export interface PodModel {
  /** Dashed UID, or the 32-hex config hash of a static pod. */
  uid: string;
  namespace: string | null;
  name: string | null;
  /** From a cgroup path of the pod (its memory cgroup, a process's cgroup, an OOM report). */
  qosClass: QosClass | null;
  containers: ContainerModel[];
  /** Which sources mention the pod. */
  seenIn: PodSource[];
}

export interface ContainerModel {
  name: string;
  /** Runtime ids known for this container's attempts (64 hex). */
  ids: string[];
  /** Attempt numbers with logs in /var/log/pods. */
  loggedAttempts: number[];
  /** Each logged attempt: when it wrote its first and last line, and its last lines. */
  attempts: AttemptSummary[];
}

export interface AttemptSummary {
  attempt: number;
  firstTime: string | null;
  lastTime: string | null;
  lines: number;
  /** The attempt's last lines (bounded), for the per-pod view. */
  tail: LogLine[];
  /** The crictl exit of this attempt, when known. */
  exit: { exitCode: number | null; reason: string | null; finishedAt: string | null } | null;
}

/** Lines of an attempt's end the per-pod view shows. */
const ATTEMPT_TAIL_LINES = 10;

/** What a container id resolves to, and which source said so. */
export interface ContainerIdentity {
  podUid: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  attempt: number | null;
  sandbox: boolean;
  source: PodSource;
}

export class PodCatalog {
  private readonly pods = new Map<string, PodModel>();
  private readonly ids = new Map<string, ContainerIdentity>();

  constructor(
    sources: SourceData,
    private readonly time: TimeModel,
  ) {
    this.addPodLogs(sources);
    this.addCrictl(sources);
    this.addLinks(sources);
    this.addRuntimeLog(sources);
    this.addKubeletLog(sources);
    this.addCgroupPaths(sources);
    this.addExits(sources);
  }

  get all(): PodModel[] {
    return [...this.pods.values()].sort((a, b) => `${a.namespace}/${a.name}/${a.uid}`.localeCompare(`${b.namespace}/${b.name}/${b.uid}`));
  }

  pod(uid: string | null): PodModel | null {
    return uid ? (this.pods.get(normalisePodUid(uid)) ?? null) : null;
  }

  container(id: string | null): ContainerIdentity | null {
    return id ? (this.ids.get(id) ?? null) : null;
  }

  /** Notes a QoS class seen in a cgroup path somewhere else (an OOM report). */
  noteQos(uid: string, qosClass: QosClass | null): void {
    const pod = this.pods.get(uid);
    if (pod && qosClass) pod.qosClass ??= qosClass;
  }

  private upsert(uid: string, source: PodSource, namespace: string | null = null, name: string | null = null): PodModel {
    const key = normalisePodUid(uid);
    let pod = this.pods.get(key);
    if (!pod) {
      pod = { uid: key, namespace: null, name: null, qosClass: null, containers: [], seenIn: [] };
      this.pods.set(key, pod);
    }
    pod.namespace ??= namespace;
    pod.name ??= name;
    if (!pod.seenIn.includes(source)) pod.seenIn.push(source);
    return pod;
  }

  private containerOf(pod: PodModel, name: string): ContainerModel {
    let container = pod.containers.find((c) => c.name === name);
    if (!container) {
      container = { name, ids: [], loggedAttempts: [], attempts: [] };
      pod.containers.push(container);
      pod.containers.sort((a, b) => a.name.localeCompare(b.name));
    }
    return container;
  }

  private identify(id: string, identity: ContainerIdentity): void {
    const known = this.ids.get(id);
    // Keep the first source's answer but fill what it lacked.
    if (!known) this.ids.set(id, identity);
    else for (const key of ['podUid', 'namespace', 'pod', 'container', 'attempt'] as const) (known[key] as unknown) ??= identity[key];
    if (identity.podUid && identity.container && !identity.sandbox) {
      const pod = this.upsert(identity.podUid, identity.source, identity.namespace, identity.pod);
      const container = this.containerOf(pod, identity.container);
      if (!container.ids.includes(id)) container.ids.push(id);
    }
  }

  private addPodLogs({ podLogs }: SourceData): void {
    for (const dir of podLogs.pods) this.upsert(dir.uid, 'pod-logs', dir.namespace, dir.pod);
    for (const attempt of podLogs.attempts) {
      const pod = this.upsert(attempt.uid, 'pod-logs', attempt.namespace, attempt.pod);
      const container = this.containerOf(pod, attempt.container);
      if (!container.loggedAttempts.includes(attempt.attempt)) container.loggedAttempts.push(attempt.attempt);
      container.attempts.push(this.summarise(attempt));
    }
    // sorted once (stable: equal attempts keep their order), not per attempt: a crash loop has thousands
    for (const pod of this.pods.values()) {
      for (const container of pod.containers) {
        container.loggedAttempts.sort((a, b) => a - b);
        container.attempts.sort((a, b) => a.attempt - b.attempt);
      }
    }
  }

  private summarise(attempt: SourceData['podLogs']['attempts'][number]): AttemptSummary {
    const at = (stamp: typeof attempt.firstStamp) => (stamp ? this.time.utc(stamp) : null);
    return {
      attempt: attempt.attempt,
      firstTime: at(attempt.firstStamp),
      lastTime: at(attempt.lastStamp),
      lines: attempt.lines,
      tail: attempt.tail.slice(-ATTEMPT_TAIL_LINES).map((line) => ({ time: at(line.stamp), stream: line.stream, text: line.text })),
      exit: null,
    };
  }

  /** Attaches crictl's exit records to the attempts they ended. */
  private addExits({ crictl }: SourceData): void {
    for (const exit of crictl.exits) {
      const pod = exit.podUid ? this.pods.get(normalisePodUid(exit.podUid)) : undefined;
      const attempt = pod?.containers.find((c) => c.name === exit.containerName)?.attempts.find((a) => a.attempt === exit.attempt);
      if (attempt) attempt.exit = { exitCode: exit.exitCode, reason: exit.reason, finishedAt: exit.finishedAt ? this.time.resolve(exit.finishedAt).utc : null };
    }
  }

  private addCrictl({ crictl }: SourceData): void {
    for (const sandbox of crictl.sandboxes) {
      if (sandbox.uid) this.upsert(sandbox.uid, 'crictl', sandbox.namespace, sandbox.name);
      this.identify(sandbox.id, { podUid: sandbox.uid, namespace: sandbox.namespace, pod: sandbox.name, container: null, attempt: sandbox.attempt, sandbox: true, source: 'crictl' });
    }
    for (const c of [...crictl.containers, ...crictl.exits.map((exit) => ({ ...exit, id: exit.containerId }))]) {
      const name = c.containerName ?? ('name' in c ? c.name : null);
      this.identify(c.id, { podUid: c.podUid, namespace: c.podNamespace, pod: c.podName, container: name, attempt: c.attempt, sandbox: false, source: 'crictl' });
    }
  }

  private addLinks({ containerLinks }: SourceData): void {
    for (const link of containerLinks.links) {
      if (!link.containerId) continue;
      this.identify(link.containerId, {
        podUid: link.targetUid,
        namespace: link.namespace,
        pod: link.pod,
        container: link.container,
        attempt: link.targetAttempt,
        sandbox: false,
        source: 'container-links',
      });
    }
  }

  /** containerd's `RunPodSandbox … returns sandbox id` and `CreateContainer … returns container id`. */
  private addRuntimeLog({ journal }: SourceData): void {
    const sandboxPods = new Map<string, { namespace: string | null; name: string; uid: string | null }>();
    for (const event of journal.events) {
      if (event.kind === 'sandbox-created' && event.pod) {
        sandboxPods.set(event.sandboxId, event.pod);
        this.identify(event.sandboxId, { podUid: event.pod.uid, namespace: event.pod.namespace, pod: event.pod.name, container: null, attempt: event.attempt, sandbox: true, source: 'runtime-log' });
      }
    }
    for (const event of journal.events) {
      if (event.kind !== 'container-created') continue;
      const pod = event.sandboxId ? sandboxPods.get(event.sandboxId) : undefined;
      this.identify(event.containerId, {
        podUid: pod?.uid ?? null,
        namespace: pod?.namespace ?? null,
        pod: pod?.name ?? null,
        container: event.container,
        attempt: event.attempt,
        sandbox: false,
        source: 'runtime-log',
      });
    }
  }

  /**
   * A kubelet line that names a pod with its uid (probe failures, kills, exits, evictions,
   * back-offs), and `Killing container with a grace period`, which also ties a container id to
   * its name. Only 64-hex ids: older lines print 12.
   */
  private addKubeletLog({ journal }: SourceData): void {
    for (const event of journal.events) {
      if (event.component !== 'kubelet' || !('pod' in event)) continue;
      const pod = event.pod;
      if (!pod?.uid) continue;
      this.upsert(pod.uid, 'kubelet-log', pod.namespace, pod.name);
      if (event.kind === 'container-killing' && event.container && event.containerId && /^[0-9a-f]{64}$/.test(event.containerId)) {
        this.identify(event.containerId, {
          podUid: normalisePodUid(pod.uid),
          namespace: pod.namespace,
          pod: pod.name,
          container: event.container,
          attempt: null,
          sandbox: false,
          source: 'kubelet-log',
        });
      }
    }
  }

  private addCgroupPaths({ cgroup, ps }: SourceData): void {
    const paths: [string, PodSource][] = cgroup.cgroups.map((state) => [state.path, 'cgroup']);
    for (const row of ps?.processes ?? []) if (row.cgroup) paths.push([row.cgroup, 'process-table']);
    for (const [path, source] of paths) {
      const decoded = decodeCgroupPath(path);
      if (!decoded.podUid) continue;
      const pod = this.upsert(decoded.podUid, source);
      pod.qosClass ??= decoded.qosClass;
    }
  }
}
