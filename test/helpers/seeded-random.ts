/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine, so a
 * generated bundle or a fuzz case can be rebuilt from its seed. No dependency: the core is eight
 * lines. The class draws the shapes node data is made of (hex ids, UIDs, skewed sizes); the
 * functions below are the input mutations the fuzz tests build on.
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

/** The same generator as a bare function, for code that only needs floats. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** The input cut at a random place (possibly empty, possibly whole). */
export function cutShort(random: SeededRandom, input: Buffer): Buffer {
  return input.subarray(0, random.int(input.length + 1));
}

/** A copy of the input with `count` random bytes overwritten by `value()` (a random byte by default). */
export function overwriteBytes(random: SeededRandom, input: Buffer, count: number, value = () => random.int(256)): Buffer {
  const out = Buffer.from(input);
  for (let n = count; n > 0 && out.length > 0; n -= 1) out[random.int(out.length)] = value();
  return out;
}

/** A copy of the input with `count` random bytes XOR-ed with a non-zero mask: each flip changes its byte. */
export function flipBytes(random: SeededRandom, input: Buffer, count: number): Buffer {
  const out = Buffer.from(input);
  for (let n = count; n > 0 && out.length > 0; n -= 1) {
    const at = random.int(out.length);
    out[at] = out[at]! ^ (1 + random.int(255));
  }
  return out;
}

/** The input with what `make` returns inserted at a random place (the place is drawn first). */
export function spliceIn(random: SeededRandom, input: Buffer, make: () => Uint8Array): Buffer {
  const at = random.int(input.length + 1);
  return Buffer.concat([input.subarray(0, at), make(), input.subarray(at)]);
}

/** Byte sequences that are not UTF-8: a stray byte, a cut sequence, a surrogate, a code point past U+10FFFF. */
const INVALID_UTF8 = [[0xff, 0xfe], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];

/**
 * One mutation of a real input: flipped bytes, a cut, a random splice, a 200-400 KB run, invalid
 * UTF-8, a journal-export binary field with a corrupt length, or the input followed by its own tail.
 */
export function mutate(random: SeededRandom, input: Buffer): Buffer {
  switch (random.int(7)) {
    case 0:
      return overwriteBytes(random, input, 1 + random.int(16));
    case 1:
      return cutShort(random, input);
    case 2:
      return spliceIn(random, input, () => random.bytes(1 + random.int(200)));
    case 3:
      return spliceIn(random, input, () => Buffer.alloc(200_000 + random.int(200_000), random.pick([0x41, 0x22, 0x7b, 0x5b, 0x20])));
    case 4:
      return spliceIn(random, input, () => Buffer.from(random.pick(INVALID_UTF8)));
    case 5: {
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(random.pick([0xffffffffffffffffn, 0x7fffffffffffffffn, BigInt(input.length * 2), 0n, BigInt(random.int(100))]));
      const at = random.int(input.length + 1);
      return Buffer.concat([input.subarray(0, at), Buffer.from('\nMESSAGE\n'), length, input.subarray(at)]);
    }
    default:
      return Buffer.concat([input, input.subarray(random.int(input.length + 1))]);
  }
}

/** `count` variants of a real input: random bytes, cuts, overwritten bytes, a huge line, invalid UTF-8, dropped lines. */
export function mutations(random: SeededRandom, real: Buffer, count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = random.int(6);
    if (kind === 0) out.push(random.bytes(random.int(4096)));
    else if (kind === 1) out.push(cutShort(random, real));
    else if (kind === 2) out.push(overwriteBytes(random, real, random.int(8) + 1));
    else if (kind === 3) out.push(spliceIn(random, real, () => Buffer.alloc(200_000 + random.int(100_000), random.pick([0x41, 0x7b, 0x20, 0x22]))));
    else if (kind === 4) out.push(overwriteBytes(random, real, random.int(6) + 1, () => random.pick([0xc3, 0xff, 0xfe, 0x80, 0xed])));
    else out.push(withoutLines(random, real));
  }
  return out;
}

/** Up to three random lines removed. */
function withoutLines(random: SeededRandom, real: Buffer): Buffer {
  const lines = real.toString('latin1').split('\n');
  for (let swaps = random.int(4); swaps > 0 && lines.length > 1; swaps -= 1) lines.splice(random.int(lines.length), 1);
  return Buffer.from(lines.join('\n'), 'latin1');
}
