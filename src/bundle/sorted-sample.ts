/**
 * The `limit` smallest items seen, by a key, whatever order they came in: a bounded list that an
 * archive's entry order cannot change (the first N in archive order would).
 */
export class SortedSample<T> {
  private items: T[] = [];

  constructor(
    private readonly limit: number,
    private readonly key: (item: T) => string,
  ) {}

  add(item: T): void {
    this.items.push(item);
    // Trimmed in batches: sorting on every add would cost O(n log n) per entry.
    if (this.items.length >= this.limit * 2) this.trim();
  }

  sorted(): T[] {
    this.trim();
    return [...this.items];
  }

  private trim(): void {
    this.items.sort((a, b) => compareText(this.key(a), this.key(b)));
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
