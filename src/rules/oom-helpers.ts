/** Shared by the OOM rules: grouping kills by what they hit, and their evidence. */
import type { OomKill } from '../model/index.js';
import type { Evidence } from './define-rule.js';

export interface KillGroup {
  key: string;
  kills: OomKill[];
}

/** Kills grouped by pod and container (container id when unnamed), in time order. */
export function killsBySubject(kills: readonly OomKill[]): KillGroup[] {
  const groups = new Map<string, OomKill[]>();
  for (const kill of kills) {
    const key = [kill.podUid ?? kill.pod ?? '?', kill.container ?? kill.containerId ?? kill.process].join('/');
    groups.set(key, [...(groups.get(key) ?? []), kill]);
  }
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
