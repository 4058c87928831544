/**
 * Shared by the kubelet and runtime rules: picking service events of some kinds in time order,
 * naming the pods they mention, turning them into evidence, and saying when a count is a floor
 * because the reader kept only part of a kind.
 */
import type { NodeModel, ServiceEventRecord } from '../model/index.js';
import type { PodRef, ServiceEvent, ServiceEventKind } from '../sources/index.js';
import { excerpt, type Evidence } from './define-rule.js';

export type EventOf<K extends ServiceEventKind> = Extract<ServiceEventRecord, { kind: K }>;

/** Evidence kept per finding: the first and the last few lines, so both the start and the end show. */
const EVIDENCE_HEAD = 5;
const EVIDENCE_TAIL = 5;

/**
 * The model's service events of the given kinds, one per logged line (its copies in the journal, a
 * journalctl text file or a syslog file are merged in the model), in time order; events without
 * a time keep their reading order after the timed ones.
 */
export function eventsOf<K extends ServiceEventKind>(model: NodeModel, kinds: readonly K[]): EventOf<K>[] {
  const wanted = new Set<ServiceEventKind>(kinds);
  return model.serviceEvents
    .filter((event) => wanted.has(event.kind))
    .map((event) => event as EventOf<K>)
    .sort(byTime);
}

/**
 * Events of these kinds the reader saw but did not keep: it keeps the first and the last 500 of
 * each kind, so on a noisy node the middle of a long run is gone. Node-wide: the lost lines may
 * belong to any pod or container.
 */
export function eventsNotKept(model: NodeModel, kinds: readonly ServiceEventKind[]): number {
  let notKept = 0;
  for (const kind of new Set(kinds)) {
    const total = model.serviceEventTotals[kind];
    if (total) notKept += Math.max(0, total.seen - total.kept);
  }
  return notKept;
}

export interface NotKeptData {
  eventsNotKept: number;
  countIsLowerBound: boolean;
}

/**
 * What every finding counted from service events carries. Which pod the lost lines were about is
 * not known, so every finding built on a kind that lost lines is a floor, whichever pod it names:
 * `eventsNotKept` is the node-wide number for the finding's kinds, not this finding's share.
 */
export function notKeptData(model: NodeModel, kinds: readonly ServiceEventKind[]): NotKeptData {
  const notKept = eventsNotKept(model, kinds);
  return { eventsNotKept: notKept, countIsLowerBound: notKept > 0 };
}

/** Orders timed records; those without a time go last. */
export function byTime(a: { time: { utcMs: number | null } }, b: { time: { utcMs: number | null } }): number {
  const x = a.time.utcMs ?? Number.POSITIVE_INFINITY;
  const y = b.time.utcMs ?? Number.POSITIVE_INFINITY;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Evidence for a group of events: the first and the last lines when there are many. */
export function eventEvidence(events: readonly ServiceEvent[]): Evidence[] {
  const picked = events.length <= EVIDENCE_HEAD + EVIDENCE_TAIL ? events : [...events.slice(0, EVIDENCE_HEAD), ...events.slice(-EVIDENCE_TAIL)];
  return picked.map((event) => ({ path: event.evidence.file, line: event.evidence.line, excerpt: excerpt(event.text) }));
}

/** `shop/checkout-7d9f8b6c5-x2x9q`; a pod printed without its namespace keeps just its name. */
export function podName(pod: PodRef): string {
  return pod.namespace ? `${pod.namespace}/${pod.name}` : pod.name;
}

/** First and last time of a group of events (ISO UTC), where known. */
export function timeSpan(events: readonly { time: { utc: string | null } }[]): { firstTime: string | null; lastTime: string | null } {
  const times = events.map((event) => event.time.utc).filter((time): time is string => time !== null);
  return { firstTime: times[0] ?? null, lastTime: times.at(-1) ?? null };
}

/**
 * The kubelet often logs one occurrence twice: its own klog line (with details such as the
 * back-off or the probe result) and the Kubernetes event it records (`"Event occurred"`, or the
 * event text in a syslog file). Count the detailed lines when there are any, else the rest.
 */
export function preferDetailed<T>(events: readonly T[], isDetailed: (event: T) => boolean): T[] {
  const detailed = events.filter(isDetailed);
  return detailed.length > 0 ? detailed : [...events];
}

/** Go durations as kubelet prints them: `3m0.416753742s`, `5m0s`, `1h2m3s`, `250ms` → seconds. */
export function goDurationSeconds(text: string | null): number | null {
  if (!text || !/^(?:\d+(?:\.\d+)?(?:h|ms|us|µs|ns|m|s))+$/.test(text)) return null;
  const scale: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  let seconds = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)) seconds += Number(part[1]) * (scale[part[2] as string] as number);
  return seconds;
}

/** The longest of some printed Go durations, as printed and in seconds. */
export function longestDuration(texts: readonly (string | null)[]): { text: string; seconds: number } | null {
  let longest: { text: string; seconds: number } | null = null;
  for (const text of texts) {
    const seconds = goDurationSeconds(text);
    if (text !== null && seconds !== null && (longest === null || seconds > longest.seconds)) longest = { text, seconds };
  }
  return longest;
}

const QUANTITY_SCALE: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/** A Kubernetes quantity as the eviction manager prints it (`750Mi`, `225800Ki`, `1000`) → base units (bytes, pids). */
export function quantityValue(text: string | null): number | null {
  const m = text ? /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|[mkKMGTP])?$/.exec(text.trim()) : null;
  return m ? Math.round(Number(m[1]) * (QUANTITY_SCALE[m[2] ?? ''] as number)) : null;
}

/** Names the kubelet and the container runtimes log under (units and syslog identifiers). */
const NODE_SERVICES = /^(kubelet|containerd|crio|dockerd|docker|k3s|k3s-agent|rke2-agent|rke2-server)(\.service)?$/;

/**
 * For rules that read kubelet and runtime messages: the bundle may have the `kernel` source
 * (dmesg) and still no such line at all, which must not read as a clean kubelet.
 */
export function lacksServiceLines(model: NodeModel): string | null {
  const seen = model.serviceLines.some((count) => NODE_SERVICES.test(count.name) && count.lines > 0);
  return seen ? null : 'no kubelet or container runtime log lines in the bundle (journal or syslog files)';
}
