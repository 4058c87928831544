/**
 * One event, one record. The same kernel or service line reaches a bundle in several copies: raw
 * dmesg, `dmesg -T`, kern.log / messages / syslog, the journal's export or text forms, sos's and
 * EKS's copies of each. This is the one place that decides which records are copies of one event;
 * the OOM events, kernel signals and service events of the model all merge through it, and rules
 * and the report read the merged records.
 *
 * Two records are copies of one event when
 *   1. they come from different files (one file never prints one line twice), and
 *   2. they say the same thing (same identity: an OOM report's victims, a message's kind and text),
 *      and
 *   3. they happened at the same moment, judged by the best clock both carry:
 *      - their own moment: a message that prints its own id or sub-second stamp (an audit id
 *        `audit(1704110400.123:456)`, a klog `I1127 10:12:04.100000` or logrus `time="…"` header)
 *        is identified by it, whatever the file's stamp says;
 *      - the monotonic clock, in the same boot: raw dmesg `[  931.472465]`, a syslog line that kept
 *        the printk stamp and the journal's `_SOURCE_MONOTONIC_TIMESTAMP` all print the printk time
 *        to the microsecond, so copies agree within SAME_MONOTONIC_SECONDS (float reading only);
 *      - wall time, within SAME_WALL_MS: syslog and `dmesg -T` print whole seconds (cut, not
 *        rounded), rsyslog stamps a line when it receives it, and `dmesg -T` adds the monotonic
 *        stamp to a boot time it computes at print time, which drifts (after a suspend by much
 *        more: such copies stay apart, and say so by their two times); the journal is exact;
 *      - no clock in common (raw dmesg of a boot without a wall-clock anchor beside a `-T` or
 *        syslog copy): every copy was taken up to the collection, so the n-th last occurrence of
 *        the identity in one file is the n-th last in the other.
 * The copy kept as the event is the one the caller ranks best (a better clock, a fuller report);
 * every copy's file and line are kept.
 */
import type { EventTime } from './time-model.js';

/** A file line that printed (a copy of) an event. */
export interface Place {
  file: string;
  line: number;
}

export interface EventCopy<T> {
  record: T;
  /** Where the copy was read; `line` is the line the event is cited by. */
  place: Place;
  /** What the event says: copies of one event have the same identity. */
  identity: string;
  /** The message prints its own moment (audit id, klog or logrus sub-second stamp), part of `identity`. */
  ownMoment: boolean;
  /** Printk / journal monotonic seconds of the moment compared, if the copy shows them. */
  monotonic: number | null;
  time: EventTime;
  /**
   * A wider tolerance for events that cannot recur that soon (an OOM kill of one pid): copies
   * stamped at different lines of one report, monotonic or wall, still match within it.
   */
  withinSeconds?: number | undefined;
}

export interface MergedEvent<T> {
  /** The best copy. */
  best: EventCopy<T>;
  copies: EventCopy<T>[];
}

/** Monotonic stamps are printed in microseconds; reading them as floats differs by less than this. */
export const SAME_MONOTONIC_SECONDS = 0.000002;
/** Whole-second stamps (syslog, `dmesg -T`) cut up to a second each, plus rsyslog's receive delay. */
export const SAME_WALL_MS = 2_000;

/**
 * Merges copies into events, in the order each event was first read. `better(a, b)` says whether
 * copy `a` should stand for the event instead of `b`.
 */
export function mergeCopies<T>(copies: readonly EventCopy<T>[], better: (a: EventCopy<T>, b: EventCopy<T>) => boolean): MergedEvent<T>[] {
  const fromEnd = ranksFromEnd(copies);
  const byIdentity = new Map<string, MergedEvent<T>[]>();
  const merged: MergedEvent<T>[] = [];
  for (const copy of copies) {
    const candidates = byIdentity.get(copy.identity) ?? [];
    const same = candidates.find((event) => isCopyOf(copy, event, fromEnd));
    if (same) {
      same.copies.push(copy);
      if (better(copy, same.best)) same.best = copy;
      continue;
    }
    const event = { best: copy, copies: [copy] };
    candidates.push(event);
    byIdentity.set(copy.identity, candidates);
    merged.push(event);
  }
  return merged;
}

/** Every place an event was seen, each once, in the order read. */
export function placesOf(event: MergedEvent<unknown>): Place[] {
  const places: Place[] = [];
  for (const { place } of event.copies) if (!places.some((p) => p.file === place.file && p.line === place.line)) places.push(place);
  return places;
}

const QUALITY_RANK: Record<EventTime['quality'], number> = { exact: 0, derived: 1, approximate: 2, unknown: 3 };

/** The ranking for records that differ only in their stamps: the better clock wins, then the first read. */
export function betterClock(a: { time: EventTime }, b: { time: EventTime }): boolean {
  return QUALITY_RANK[a.time.quality] < QUALITY_RANK[b.time.quality];
}

function isCopyOf<T>(copy: EventCopy<T>, event: MergedEvent<T>, fromEnd: Map<EventCopy<unknown>, number>): boolean {
  if (event.copies.some((other) => other.place.file === copy.place.file)) return false;
  return event.copies.some((other) => sameMoment(copy, other, fromEnd));
}

function sameMoment(a: EventCopy<unknown>, b: EventCopy<unknown>, fromEnd: Map<EventCopy<unknown>, number>): boolean {
  if (a.ownMoment && b.ownMoment) return true;
  const sameBoot = a.time.bootId === null || b.time.bootId === null || a.time.bootId === b.time.bootId;
  const within = Math.min(a.withinSeconds ?? 0, b.withinSeconds ?? 0);
  if (a.monotonic !== null && b.monotonic !== null && sameBoot) return Math.abs(a.monotonic - b.monotonic) < Math.max(SAME_MONOTONIC_SECONDS, within);
  if (a.time.utcMs !== null && b.time.utcMs !== null) return Math.abs(a.time.utcMs - b.time.utcMs) <= Math.max(SAME_WALL_MS, within * 1000);
  if (!sameBoot) return false;
  return fromEnd.get(a) === fromEnd.get(b);
}

/** For each copy: how many copies of its identity its file holds after it (0 = the last one). */
function ranksFromEnd<T>(copies: readonly EventCopy<T>[]): Map<EventCopy<unknown>, number> {
  const seen = new Map<string, number>();
  const ranks = new Map<EventCopy<unknown>, number>();
  for (let i = copies.length - 1; i >= 0; i -= 1) {
    const copy = copies[i] as EventCopy<T>;
    const key = `${copy.place.file}\u0000${copy.identity}`;
    const rank = seen.get(key) ?? 0;
    ranks.set(copy, rank);
    seen.set(key, rank + 1);
  }
  return ranks;
}
