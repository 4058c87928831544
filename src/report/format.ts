/** How values read on the page and in the terminal summary: one place, so both say the same. */
import { formatBytes } from '../archive/index.js';
import type { OomKill, OomKillDetail } from '../model/index.js';

export { formatBytes };

/** `2026-11-27T09:15:13.881Z` → `2026-11-27 09:15:13Z` (or `… 09:15:13.881Z` with milliseconds). */
export function formatTime(iso: string | null, withMs = false): string {
  if (!iso) return 'time unknown';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  if (!match) return iso;
  return `${match[1]} ${match[2]}${withMs && match[3] ? match[3].slice(0, 4) : ''}Z`;
}

/** `2026-11-27T09:15:13.881Z` → `09:15:13.881`, for columns headed "UTC" under a date. */
export function formatClock(iso: string | null): string {
  const match = iso ? /T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(iso) : null;
  return match ? `${match[1]}${match[2] ?? ''}` : '—';
}

export function formatKib(kib: number | null | undefined): string {
  return typeof kib === 'number' ? formatBytes(Math.round(kib * 1024)) : '—';
}

type KillIdentity = Pick<OomKill, 'namespace' | 'pod' | 'podUid' | 'container' | 'containerId'>;
type KillCgroup = Pick<OomKillDetail, 'victimCgroup'> | undefined;

/** Who a kill hit, in parts: the pod (or what stands for it), the container, and a note on conmon. */
export interface VictimLabel {
  pod: string;
  /** The pod's name is known (not only its uid, or nothing). */
  podNamed: boolean;
  container: string | null;
  note: string | null;
}

const MONITORS: Record<string, string> = { crio: "CRI-O's conmon", podman: "podman's conmon" };

/**
 * As much as is known: the names a source stated, else the pod uid and the container id the
 * cgroup path gave, else what kind of cgroup the kill was in (a container outside Kubernetes,
 * a host cgroup). A kill in conmon's scope is said to be conmon's, not the workload's.
 */
export function victimLabel(kill: KillIdentity, detail: KillCgroup): VictimLabel {
  const cgroup = detail?.victimCgroup ?? null;
  const container = kill.container ?? (kill.containerId ? `container ${shortId(kill.containerId)}` : null);
  const note = cgroup?.conmon && cgroup.containerId ? `${MONITORS[cgroup.runtime ?? ''] ?? 'conmon'}, the monitor of container ${shortId(cgroup.containerId)}: not the workload` : null;
  if (kill.pod) return { pod: `${kill.namespace ?? '?'}/${kill.pod}`, podNamed: true, container, note };
  if (kill.podUid) return { pod: `pod uid ${kill.podUid}`, podNamed: false, container, note };
  if (cgroup?.owner === 'runtime') return { pod: `a container outside Kubernetes (${cgroup.runtime ?? 'runtime unknown'})`, podNamed: false, container, note };
  if (cgroup?.owner === 'host') return { pod: 'not in a pod or container', podNamed: false, container, note };
  return { pod: 'pod unknown', podNamed: false, container, note };
}

/** `shop/checkout-7d9f8b6c5-x2x9q/api`, `pod uid 6f1e…/container 3b1f6a2c9d8e`, as much of it as is known. */
export function killVictim(kill: KillIdentity, detail?: KillCgroup): string {
  const label = victimLabel(kill, detail);
  const who = label.container ? `${label.pod}/${label.container}` : label.pod;
  return label.note ? `${who} (${label.note})` : who;
}

/** 12 hex, as kubectl and crictl show container ids. */
export function shortId(id: string): string {
  return id.slice(0, 12);
}

/** Which limit was hit: `node out of memory`, `container limit`, `pod limit` … */
export function killLimit(kill: Pick<OomKill, 'scope' | 'limitLevel'>): string {
  if (kill.scope === 'global') return 'node out of memory';
  if (kill.scope === 'memcg') return `${kill.limitLevel && kill.limitLevel !== 'other' ? kill.limitLevel : 'cgroup'} limit`;
  return 'limit unknown';
}

/** Memory at the kill against the limit hit, or the victim's own memory for a node-wide kill. */
export function killMemory(kill: Pick<OomKill, 'memoryUsageKb' | 'memoryLimitKb' | 'anonRssKb'>): string {
  if (kill.memoryLimitKb !== null) return `${formatKib(kill.memoryUsageKb)} of ${formatKib(kill.memoryLimitKb)}`;
  return kill.anonRssKb !== null ? `${formatKib(kill.anonRssKb)} anon RSS` : '—';
}
