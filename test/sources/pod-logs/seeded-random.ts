/**
 * A small seeded PRNG (mulberry32) and hostile-input makers for the fuzz tests: the same seed
 * gives the same inputs, so a failure names the seed that reproduces it.
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

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = this.int(256);
    return out;
  }
}

/** Variants of a real input: random bytes, truncations, flipped bytes, a huge line, invalid UTF-8. */
export function mutations(random: SeededRandom, real: Buffer, count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = random.int(6);
    if (kind === 0) out.push(random.bytes(random.int(4096)));
    else if (kind === 1) out.push(real.subarray(0, random.int(real.length + 1)));
    else if (kind === 2) {
      const copy = Buffer.from(real);
      for (let flips = random.int(8) + 1; flips > 0 && copy.length > 0; flips -= 1) copy[random.int(copy.length)] = random.int(256);
      out.push(copy);
    } else if (kind === 3) {
      const at = random.int(real.length + 1);
      out.push(Buffer.concat([real.subarray(0, at), Buffer.alloc(200_000 + random.int(100_000), random.pick([0x41, 0x7b, 0x20, 0x22])), real.subarray(at)]));
    } else if (kind === 4) {
      const copy = Buffer.from(real);
      for (let bad = random.int(6) + 1; bad > 0 && copy.length > 0; bad -= 1) copy[random.int(copy.length)] = random.pick([0xc3, 0xff, 0xfe, 0x80, 0xed]);
      out.push(copy);
    } else {
      const lines = real.toString('latin1').split('\n');
      for (let swaps = random.int(4); swaps > 0 && lines.length > 1; swaps -= 1) lines.splice(random.int(lines.length), 1);
      out.push(Buffer.from(lines.join('\n'), 'latin1'));
    }
  }
  return out;
}
