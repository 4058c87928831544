/** Shared by the OOM rules: grouping kills by what they hit, and their evidence. */
import type { OomKill } from '../model/index.js';
import type { Evidence } from './define-rule.js';
import { groupBy } from './rule-helpers.js';

export interface KillGroup {
  key: string;
  kills: OomKill[];
}

/** Kills grouped by pod and container (container id when unnamed), in time order. */
export function killsBySubject(kills: readonly OomKill[]): KillGroup[] {
  const groups = groupBy(kills, (kill) => [kill.podUid ?? kill.pod ?? '?', kill.container ?? kill.containerId ?? kill.process].join('/'));
  return [...groups.entries()].map(([key, group]) => ({ key, kills: group }));
}

/** The kill lines of each kill (the first evidence item), then the rest, deduplicated. */
export function oomEvidence(kills: readonly OomKill[]): Evidence[] {
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  for (const item of kills.flatMap((kill) => kill.evidence)) {
    const key = `${item.path}:${item.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push({ path: item.path, line: item.line });
  }
  return evidence;
}

/** `512 MiB` from a kernel kB figure; a size the report did not show is said so. */
export function limitText(kb: number | null): string {
  if (kb === null) return 'a size the report does not show';
  return kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(1)} GiB` : `${Math.round(kb / 1024)} MiB`;
}

/** `shop/checkout-7d9f…/api`, or the process when no pod is known. */
export function victimName(kill: OomKill): string {
  if (!kill.pod && !kill.podUid) return `"${kill.process}" (pid ${kill.pid}, not in a pod)`;
  return [kill.namespace, kill.pod ?? kill.podUid, kill.container].filter(Boolean).join('/');
}
