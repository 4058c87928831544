/**
 * One timeline row per thing that happened, whatever told us: the kernel (OOM kills, OOM reports
 * without a kill, hung tasks, I/O and filesystem errors …), the services (kubelet, containerd,
 * CRI-O, systemd) and the pods themselves (a container attempt's first log line, crictl's exit).
 * Each row keeps the line as written (cut), where it is, and a severity that says how much it
 * matters to the question "which pod paid, and why".
 */
import { kernelSignalSeverity, serviceEventSeverity, type EventTime, type NodeModel, type OomEventWithoutKill, type OomKill, type PodModel, type TimeQuality } from '../model/index.js';
import { excerpt, type Severity } from '../rules/index.js';
import type { ServiceEvent } from '../sources/index.js';

export type TimelineSource = 'kernel' | 'kubelet' | 'containerd' | 'crio' | 'dockerd' | 'systemd' | 'runtime' | 'unknown' | 'pod-log' | 'crictl';

export interface TimelineSubject {
  namespace: string | null;
  pod: string | null;
  container: string | null;
}

export interface TimelineEvent {
  time: string | null;
  timeQuality: TimeQuality;
  bootId: string | null;
  source: TimelineSource;
  /** `oom-kill`, `oom-without-kill`, a kernel signal kind, a service event kind, `attempt-started`, `container-exit`. */
  kind: string;
  severity: Severity;
  subject: TimelineSubject | null;
  /** The line as written, or for joined records a short statement of the data; cut to EVENT_TEXT_CHARS. */
  text: string;
  evidence: { path: string; line: number | null } | null;
}

export const EVENT_TEXT_CHARS = 300;

/** Service records that only tie ids together: the timeline would drown in them. */
const PLUMBING = new Set<ServiceEvent['kind']>(['container-created', 'sandbox-created']);

/** Every event the model knows, unsorted and unbounded: `buildTimeline` orders and caps them. */
export function collectTimelineEvents(model: NodeModel): TimelineEvent[] {
  const names = containerNames(model.pods);
  return [
    ...model.oomKills.map(oomKillEvent),
    ...model.oomEventsWithoutKill.map((event) => oomWithoutKillEvent(event, model.pods)),
    ...model.kernelSignals.map(kernelSignalEvent),
    ...model.serviceEvents.filter((event) => !PLUMBING.has(event.kind)).map((event) => serviceEvent(event, names)),
    ...model.pods.flatMap(podEvents),
  ];
}

function oomKillEvent(kill: OomKill): TimelineEvent {
  const where = kill.scope === 'global' ? 'node out of memory' : kill.limitLevel ? `${kill.limitLevel} memory limit` : 'a cgroup memory limit';
  return {
    ...timeOf(kill),
    source: 'kernel',
    kind: 'oom-kill',
    severity: 'critical',
    subject: killSubject(kill),
    text: excerpt(`OOM kill: ${kill.process} (pid ${kill.pid}), ${where}`, EVENT_TEXT_CHARS),
    evidence: kill.evidence[0] ?? null,
  };
}

/** Names where a source stated them, else the pod uid and the short container id the cgroup path gave. */
function killSubject(kill: OomKill): TimelineSubject | null {
  const pod = kill.pod ?? kill.podUid;
  const container = kill.container ?? (kill.containerId ? kill.containerId.slice(0, 12) : null);
  return pod || container ? { namespace: kill.pod ? kill.namespace : null, pod, container } : null;
}

function oomWithoutKillEvent(event: OomEventWithoutKill, pods: PodModel[]): TimelineEvent {
  const pod = event.podUid ? pods.find((candidate) => candidate.uid === event.podUid) : undefined;
  return {
    ...timeOf(event),
    source: 'kernel',
    kind: 'oom-without-kill',
    severity: 'warning',
    // like the rules' subjects: the uid stands for a pod whose name no source states
    subject: pod?.name ? { namespace: pod.namespace, pod: pod.name, container: null } : event.podUid ? { namespace: null, pod: event.podUid, container: null } : null,
    text: excerpt(`OOM report without a kill (${event.outcome})${event.process ? `, invoked by ${event.process}` : ''}`, EVENT_TEXT_CHARS),
    evidence: event.evidence[0] ?? null,
  };
}

function timeOf(record: { time: string | null; timeQuality: TimeQuality; bootId: string | null }) {
  return { time: record.time, timeQuality: record.timeQuality, bootId: record.bootId };
}

function fromEventTime(time: EventTime) {
  return { time: time.utc, timeQuality: time.quality, bootId: time.bootId };
}

type SignalEvent = NodeModel['kernelSignals'][number];

function kernelSignalEvent({ signal, time }: SignalEvent): TimelineEvent {
  return {
    ...fromEventTime(time),
    source: 'kernel',
    kind: signal.kind,
    severity: kernelSignalSeverity(signal),
    subject: null,
    text: excerpt(signal.excerpt, EVENT_TEXT_CHARS),
    evidence: { path: signal.file, line: signal.line },
  };
}

type TimedService = NodeModel['serviceEvents'][number];
type Names = Map<string, TimelineSubject>;

function serviceEvent(event: TimedService, names: Names): TimelineEvent {
  return {
    ...fromEventTime(event.time),
    source: event.component,
    kind: event.kind,
    severity: serviceEventSeverity(event),
    subject: serviceSubject(event, names),
    text: excerpt(event.text, EVENT_TEXT_CHARS),
    evidence: { path: event.evidence.file, line: event.evidence.line },
  };
}

/** The pod a service record names, or the container its id belongs to. */
function serviceSubject(event: ServiceEvent, names: Names): TimelineSubject | null {
  const pod = 'pod' in event ? event.pod : null;
  const container = 'container' in event ? event.container : null;
  if (pod) return { namespace: pod.namespace, pod: pod.name, container };
  // runtime errors carry the container (or sandbox) id the call was about as `id`
  const id = 'containerId' in event ? event.containerId : event.kind === 'runtime-error' ? event.id : null;
  return (id && names.get(id)) || (container ? { namespace: null, pod: null, container } : null);
}

function containerNames(pods: readonly PodModel[]): Names {
  const names: Names = new Map();
  for (const pod of pods) {
    for (const container of pod.containers) for (const id of container.ids) names.set(id, { namespace: pod.namespace, pod: pod.name, container: container.name });
  }
  return names;
}

/** A restart's first log line, and how each attempt ended when crictl says so. */
function podEvents(pod: PodModel): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const container of pod.containers) {
    const subject = { namespace: pod.namespace, pod: pod.name, container: container.name };
    for (const attempt of container.attempts) {
      if (attempt.attempt > 0 && attempt.firstTime) {
        events.push({
          time: attempt.firstTime,
          timeQuality: 'exact',
          bootId: null,
          source: 'pod-log',
          kind: 'attempt-started',
          severity: 'info',
          subject,
          text: `attempt ${attempt.attempt} wrote its first line (restart ${attempt.attempt})`,
          evidence: null,
        });
      }
      const exit = attempt.exit;
      if (exit?.finishedAt) {
        const severity: Severity = exit.exitCode === 0 ? 'info' : 'warning';
        const text = excerpt(`attempt ${attempt.attempt} exited: code ${exit.exitCode ?? 'unknown'}${exit.reason ? `, ${exit.reason}` : ''}`, EVENT_TEXT_CHARS);
        events.push({ time: exit.finishedAt, timeQuality: 'exact', bootId: null, source: 'crictl', kind: 'container-exit', severity, subject, text, evidence: null });
      }
    }
  }
  return events;
}
