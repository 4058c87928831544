/**
 * Stable pseudonyms. Every kind of value (a hostname label, an IPv4 /24 prefix, a MAC, …) has
 * one table original → pseudonym; a pseudonym is drawn from a keyed hash of the kind and the
 * value, so the same value gets the same pseudonym in every file, every run and (with one map)
 * every bundle. A collision (two values, one pseudonym) is settled by hashing again with a
 * counter: the first value seen keeps the pseudonym, so a fresh table depends on the order
 * values are met, and a map makes the choice permanent.
 *
 * The key: without a map it is fixed and public, so anyone can hash guessed values (a node
 * called `worker-3`, the subnet 10.0.0.0/24) and recognise their pseudonyms. A map holds a
 * random secret of its own, which makes the pseudonyms unguessable to whoever lacks the map.
 */
import { createHmac } from 'node:crypto';
import { detach } from '../util/cap-text.js';

export type PseudonymKind = 'host' | 'ipv4' | 'ipv6' | 'mac' | 'user' | 'name' | 'keyword';

export const PSEUDONYM_KINDS: readonly PseudonymKind[] = ['host', 'ipv4', 'ipv6', 'mac', 'user', 'name', 'keyword'];

/** The key of runs without a map: fixed, so that such runs are deterministic. */
export const FIXED_KEY = 'podmortem-redact-v1-fixed-key';

/** Makes a pseudonym from a keyed digest; returns null when this digest gives no usable one. */
export type PseudonymMaker = (digest: Buffer) => string | null;

const MAX_ATTEMPTS = 10_000;

export class PseudonymTable {
  private readonly forward = new Map<PseudonymKind, Map<string, string>>();
  private readonly backward = new Map<PseudonymKind, Map<string, string>>();

  constructor(private readonly key: string) {
    for (const kind of PSEUDONYM_KINDS) {
      this.forward.set(kind, new Map());
      this.backward.set(kind, new Map());
    }
  }

  /** The pseudonym of `original`, made on first use. */
  pseudonym(kind: PseudonymKind, original: string, make: PseudonymMaker): string {
    const known = this.forward.get(kind)!.get(original);
    if (known !== undefined) return known;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const candidate = make(this.digest(kind, original, attempt));
      if (candidate === null || candidate === original || this.backward.get(kind)!.has(candidate)) continue;
      this.set(kind, original, candidate);
      return candidate;
    }
    throw new Error(`no free ${kind} pseudonym for a value after ${MAX_ATTEMPTS} attempts: the space is full`);
  }

  /** Records a pair read from a map. */
  set(kind: PseudonymKind, original: string, pseudonym: string): void {
    const kept = detach(original);
    this.forward.get(kind)!.set(kept, pseudonym);
    this.backward.get(kind)!.set(pseudonym, kept);
  }

  /** The original behind a pseudonym, if this table made it. */
  original(kind: PseudonymKind, pseudonym: string): string | undefined {
    return this.backward.get(kind)!.get(pseudonym);
  }

  /** Every pair of a kind, sorted by original (for a map file that diffs well). */
  pairs(kind: PseudonymKind): [string, string][] {
    return [...this.forward.get(kind)!.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  size(kind: PseudonymKind): number {
    return this.forward.get(kind)!.size;
  }

  private digest(kind: PseudonymKind, original: string, attempt: number): Buffer {
    return createHmac('sha256', this.key).update(`${kind}\0${attempt}\0${original}`).digest();
  }
}

/**
 * `prefix` and 8 hex digits: a valid DNS label and Kubernetes name. Never all digits, so that
 * `name-12345678` is not read as the StatefulSet pod `name`, ordinal 12345678.
 */
export function hexLabel(prefix: string): PseudonymMaker {
  return (digest) => {
    const hex = digest.toString('hex', 0, 4);
    return /^\d+$/.test(hex) ? null : `${prefix}${hex}`;
  };
}
