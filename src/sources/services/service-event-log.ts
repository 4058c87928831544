/**
 * Keeps service events within a fixed budget per kind: the first half of the budget as they come
 * and the last half in a ring, so both how a problem began and how it stood at collection time
 * survive a noisy node. `totals` says how many were seen and kept.
 */
import { comparePlaces } from '../place-order.js';
import type { ServiceEvent, ServiceEventKind } from './service-event.js';

export interface ServiceEventTotal {
  seen: number;
  kept: number;
}

interface Kept {
  seq: number;
  event: ServiceEvent;
}

class HeadAndTail {
  readonly head: Kept[] = [];
  readonly tail: Kept[] = [];
  private next = 0;
  seen = 0;

  constructor(
    private readonly headSize: number,
    private readonly tailSize: number,
  ) {}

  add(item: Kept): void {
    this.seen += 1;
    if (this.head.length < this.headSize) {
      this.head.push(item);
      return;
    }
    if (this.tailSize === 0) return;
    if (this.tail.length < this.tailSize) this.tail.push(item);
    else this.tail[this.next] = item;
    this.next = (this.next + 1) % this.tailSize;
  }

  get kept(): number {
    return this.head.length + this.tail.length;
  }
}

export class ServiceEventLog {
  private readonly kinds = new Map<ServiceEventKind, HeadAndTail>();
  private seq = 0;

  constructor(private readonly maxPerKind = 1000) {}

  add(event: ServiceEvent): void {
    let store = this.kinds.get(event.kind);
    if (!store) {
      const head = Math.ceil(this.maxPerKind / 2);
      store = new HeadAndTail(head, this.maxPerKind - head);
      this.kinds.set(event.kind, store);
    }
    store.add({ seq: this.seq++, event });
  }

  /**
   * The kept events by file and line: files come in archive order, which must not show (kubelet's
   * and the runtime's journals are read in whichever order they were packed).
   */
  events(): ServiceEvent[] {
    const all: Kept[] = [];
    for (const store of this.kinds.values()) all.push(...store.head, ...store.tail);
    return all.sort((a, b) => comparePlaces(a.event.evidence, b.event.evidence) || a.seq - b.seq).map((item) => item.event);
  }

  totals(): Partial<Record<ServiceEventKind, ServiceEventTotal>> {
    const totals: Partial<Record<ServiceEventKind, ServiceEventTotal>> = {};
    for (const [kind, store] of this.kinds) totals[kind] = { seen: store.seen, kept: store.kept };
    return totals;
  }
}
