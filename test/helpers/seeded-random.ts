/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine, so a
 * generated bundle or a fuzz case can be rebuilt from its seed. No dependency: the core is eight
 * lines. The helpers draw the shapes node data is made of (hex ids, UIDs, skewed sizes).
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, below). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = this.int(256);
    return out;
  }

  /** `length` lowercase hex digits: container ids (64), boot ids (32), short hashes. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += (this.int(0x10000000) >>> 0).toString(16).padStart(7, '0');
    return out.slice(0, length);
  }

  /** A version-4-shaped UID as the API server writes it: `6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d`. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A child generator whose sequence depends only on this seed and `label`: adding draws elsewhere does not shift it. */
  fork(label: string): SeededRandom {
    let hash = this.seed ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i += 1) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    return new SeededRandom(hash >>> 0);
  }

  /** A heavy-tailed weight in (0, 1]: most values small, a few large (how log volume spreads over containers). */
  skewed(power = 3): number {
    return Math.max(1e-4, this.next() ** power);
  }
}
