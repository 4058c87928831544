/**
 * Which OOM kills come first when only some can be shown or carry log excerpts. A container in a
 * crash loop can be killed thousands of times in a bundle's window; its kills must not crowd out
 * a one-off kill of another pod. So the latest kill of every container comes first, then the one
 * before it of every container, and so on; within a round, later kills first.
 *
 *   kills (time order): a1 a2 a3 b1 a4   → priority: a4 b1 a3 a2 a1
 */
import type { OomKill } from './oom-kills.js';

type Keyed = Pick<OomKill, 'podUid' | 'container' | 'containerId' | 'process'>;

/** Indices of `kills` (which are in time order), most important first. */
export function killPriority(kills: readonly Keyed[]): number[] {
  const laterInSameContainer = new Map<string, number>();
  const rank = new Array<number>(kills.length);
  for (let i = kills.length - 1; i >= 0; i -= 1) {
    const key = containerKey(kills[i] as Keyed);
    const later = laterInSameContainer.get(key) ?? 0;
    rank[i] = later;
    laterInSameContainer.set(key, later + 1);
  }
  return kills.map((_, i) => i).sort((a, b) => (rank[a] as number) - (rank[b] as number) || b - a);
}

/** The `count` most important kills' indices, back in time order. */
export function killsToShow(kills: readonly Keyed[], count: number): number[] {
  return killPriority(kills)
    .slice(0, count)
    .sort((a, b) => a - b);
}

/** Every restart has a new container id, so within a pod the name tells containers apart. */
function containerKey(kill: Keyed): string {
  if (kill.podUid) return `pod ${kill.podUid} ${kill.container ?? ''}`;
  return kill.containerId ? `container ${kill.containerId}` : `process ${kill.process}`;
}
