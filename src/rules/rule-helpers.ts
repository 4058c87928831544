/** Small collection helpers every rule family uses. */

/** Items grouped by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The groups of `groupBy`, as a list. */
export function groupsOf<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  return [...groupBy(items, keyOf).values()];
}

/** Distinct values in first-seen order, nulls left out, at most `max` of them (findings stay small). */
export function distinct<T>(values: Iterable<T | null | undefined>, max = 10): T[] {
  const seen = new Set<T>();
  for (const value of values) {
    if (value === null || value === undefined || seen.has(value)) continue;
    if (seen.size >= max) break;
    seen.add(value);
  }
  return [...seen];
}
