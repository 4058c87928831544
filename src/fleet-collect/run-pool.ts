/**
 * Runs `work` over `items`, at most `limit` at a time, in the order given; results come back in
 * that order too. A stopped run (`stop` aborted) starts nothing new, and every item not started
 * gets `notStarted(item)`.
 */
export async function runPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, stop: AbortSignal, notStarted: (item: T) => R): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      results[index] = stop.aborted ? notStarted(item) : await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
