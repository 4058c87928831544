/**
 * Incidents by harm to workloads, not by the loudest severity: pods killed or evicted, then
 * restarts, kills, how long it lasted; ties by critical findings, start, kind and the first member
 * id, so the order never depends on the input's.
 */
import { compareIds } from './members.js';
import type { Incident } from './types.js';

export interface Ranked {
  incident: Omit<Incident, 'id'>;
  criticalFindings: number;
}

export function compareHarm(a: Ranked, b: Ranked): number {
  const x = a.incident.harm;
  const y = b.incident.harm;
  return (
    y.killedPods + y.evictedPods - (x.killedPods + x.evictedPods) ||
    y.restarts - x.restarts ||
    y.oomKills - x.oomKills ||
    (y.durationSeconds ?? 0) - (x.durationSeconds ?? 0) ||
    b.criticalFindings - a.criticalFindings ||
    (a.incident.start ?? '\uffff').localeCompare(b.incident.start ?? '\uffff') ||
    a.incident.kind.localeCompare(b.incident.kind) ||
    compareIds(firstMember(a), firstMember(b))
  );
}

function firstMember({ incident }: Ranked): string {
  return [...incident.findingIds, ...incident.oomKillIds].sort(compareIds)[0] ?? '';
}
