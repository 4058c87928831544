/** How values read on the page and in the terminal summary: one place, so both say the same. */
import { formatBytes } from '../archive/index.js';
import type { OomKill } from '../model/index.js';

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

/** `shop/checkout-7d9f8b6c5-x2x9q/api`, as much of it as is known. */
export function killVictim(kill: Pick<OomKill, 'namespace' | 'pod' | 'container'>): string {
  const pod = kill.pod ? `${kill.namespace ?? '?'}/${kill.pod}` : 'pod unknown';
  return kill.container ? `${pod}/${kill.container}` : pod;
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
