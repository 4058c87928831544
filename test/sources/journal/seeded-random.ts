/**
 * A small seeded PRNG (mulberry32) and the input mutations the fuzz tests use, so that a failing
 * case can be replayed from its seed. No dependency: the generator is eight lines.
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

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = this.int(256);
    return out;
  }

  /** One of: flipped bytes, a cut, a random splice, a huge line, invalid UTF-8, a corrupt binary length. */
  mutate(input: Buffer): Buffer {
    switch (this.int(7)) {
      case 0: {
        const out = Buffer.from(input);
        for (let n = 1 + this.int(16); n > 0 && out.length > 0; n -= 1) out[this.int(out.length)] = this.int(256);
        return out;
      }
      case 1:
        return input.subarray(0, this.int(input.length + 1));
      case 2: {
        const at = this.int(input.length + 1);
        return Buffer.concat([input.subarray(0, at), this.bytes(1 + this.int(200)), input.subarray(at)]);
      }
      case 3: {
        const at = this.int(input.length + 1);
        return Buffer.concat([input.subarray(0, at), Buffer.alloc(200_000 + this.int(200_000), this.pick([0x41, 0x22, 0x7b, 0x5b, 0x20])), input.subarray(at)]);
      }
      case 4: {
        const at = this.int(input.length + 1);
        return Buffer.concat([input.subarray(0, at), Buffer.from(this.pick([[0xff, 0xfe], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]])), input.subarray(at)]);
      }
      case 5: {
        const length = Buffer.alloc(8);
        length.writeBigUInt64LE(this.pick([0xffffffffffffffffn, 0x7fffffffffffffffn, BigInt(input.length * 2), 0n, BigInt(this.int(100))]));
        const at = this.int(input.length + 1);
        return Buffer.concat([input.subarray(0, at), Buffer.from('\nMESSAGE\n'), length, input.subarray(at)]);
      }
      default:
        return Buffer.concat([input, input.subarray(this.int(input.length + 1))]);
    }
  }
}
