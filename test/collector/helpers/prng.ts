import { seededRandom } from '../../helpers/seeded-random.js';

export { seededRandom };

export function seededBytes(seed: number, length: number): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** A copy of `line` with a few bytes replaced, cut short, or doubled, chosen by `random`. */
export function mutate(line: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(line);
  const kind = Math.floor(random() * 4);
  if (kind === 0 && copy.length > 0) return copy.subarray(0, Math.floor(random() * copy.length));
  if (kind === 1) return Buffer.concat([copy, copy]);
  const flips = 1 + Math.floor(random() * 4);
  for (let i = 0; i < flips && copy.length > 0; i += 1) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
  return copy;
}
