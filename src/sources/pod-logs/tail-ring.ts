/**
 * The last `capacity` items of a stream of unknown length. Slots are allocated once and reused,
 * so keeping the tail of a multi-GB log costs no allocation per line.
 */
export class TailRing<T> {
  private readonly slots: T[] = [];
  private next = 0;
  private filled = false;

  constructor(
    private readonly capacity: number,
    private readonly createSlot: () => T,
  ) {}

  /** The slot to overwrite with the newest item (the oldest one is dropped when full). */
  claim(): T {
    if (!this.filled && this.slots.length < this.capacity) {
      const slot = this.createSlot();
      this.slots.push(slot);
      if (this.slots.length === this.capacity) this.filled = true;
      this.next = this.slots.length % this.capacity;
      return slot;
    }
    const slot = this.slots[this.next] as T;
    this.next = (this.next + 1) % this.capacity;
    return slot;
  }

  /** Calls `visit` on the newest `count` items (at most all kept), newest first. */
  forNewest(count: number, visit: (item: T) => void): void {
    const size = this.slots.length;
    for (let i = 1; i <= Math.min(count, size); i += 1) visit(this.slots[(this.next - i + size) % size] as T);
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    if (!this.filled) return this.slots.slice();
    return [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }
}
