/**
 * Boot clocks from pairs of copies of one kernel line (sources/kernel/clock-pairs.ts): the printk
 * stamp of one copy and the wall time of the other put the boot's zero at `wall − monotonic`.
 *
 * - A wall time printed to the second puts the zero within a second after `wall − monotonic`;
 *   the zero is the middle of the densest 2-second window of those, so a few lines read late (the
 *   syslog daemon reads the boot's first lines in bulk when it starts) or of another boot do not move it.
 * - `dmesg -T` is itself `boot time + printk stamp`, and the printk clock stops during suspend:
 *   after a suspend its times are early by the time suspended, and the clock derived from it too.
 * - Syslog and `dmesg -T` print node-local time; when the zone is not known they are read as
 *   UTC, and the clock is `approximate`. A wall time with its zone (RFC 3339) gives `derived`.
 */
import type { ClockPair, ClockPairKind, LocalTime } from '../sources/index.js';

export type PairClockSource = 'dmesg-ctime' | 'syslog-monotonic' | 'journal-text';

export interface PairClock {
  /** The boot of the monotonic copy; null for the boot the bundle was taken in. */
  bootId: string | null;
  zeroUtcMs: number;
  source: PairClockSource;
  /** The wall side had a zone (exact); otherwise node-local time read with `offsetMinutes`. */
  zoned: boolean;
  pairs: number;
}

const SOURCES: Record<ClockPairKind, PairClockSource> = { 'dmesg-ctime': 'dmesg-ctime', syslog: 'syslog-monotonic', 'journal-text': 'journal-text' };
/** Best first: a syslog daemon stamps a line when it reads it, `dmesg -T` computes it. */
const ORDER: PairClockSource[] = ['syslog-monotonic', 'journal-text', 'dmesg-ctime'];
const WINDOW_MS = 2_000;
/** One pair may be a coincidence (the same text in another boot); a clock needs this many. */
const MIN_PAIRS = 2;

/** Node-local wall fields to UTC ms, or null when the year is unknown. */
export type LocalToUtc = (local: LocalTime) => number | null;

/** One clock per boot and source, best source first within a boot. */
export function clocksFromPairs(pairs: readonly ClockPair[], localToUtc: LocalToUtc): PairClock[] {
  const groups = new Map<string, { bootId: string | null; source: PairClockSource; zeros: { lowMs: number; widthMs: number }[]; zoned: boolean }>();
  for (const pair of pairs) {
    const wall = pair.utcMs ?? (pair.local ? localToUtc(pair.local) : null);
    if (wall === null) continue;
    const source = SOURCES[pair.kind];
    const key = `${pair.bootId ?? ''}/${source}`;
    const group = groups.get(key) ?? { bootId: pair.bootId, source, zeros: [], zoned: true };
    groups.set(key, group);
    group.zeros.push({ lowMs: wall - pair.monotonic * 1000, widthMs: pair.resolutionMs });
    group.zoned &&= pair.utcMs !== null;
  }
  const clocks: PairClock[] = [];
  for (const group of groups.values()) {
    const zero = densestZero(group.zeros);
    if (zero) clocks.push({ bootId: group.bootId, zeroUtcMs: zero.zeroUtcMs, source: group.source, zoned: group.zoned, pairs: zero.pairs });
  }
  return clocks.sort((a, b) => (a.bootId ?? '').localeCompare(b.bootId ?? '') || ORDER.indexOf(a.source) - ORDER.indexOf(b.source));
}

/** The middle of the window of WINDOW_MS that holds the most zeros (the earliest of equals). */
function densestZero(zeros: { lowMs: number; widthMs: number }[]): { zeroUtcMs: number; pairs: number } | null {
  const sorted = [...zeros].sort((a, b) => a.lowMs - b.lowMs);
  let best = { start: 0, count: 0 };
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]!.lowMs - sorted[start]!.lowMs <= WINDOW_MS) end += 1;
    if (end - start > best.count) best = { start, count: end - start };
  }
  if (best.count < MIN_PAIRS) return null;
  const window = sorted.slice(best.start, best.start + best.count);
  // Each zero lies in [low, low + width): the tightest bound is the latest low and the earliest high.
  const low = Math.max(...window.map((zero) => zero.lowMs));
  const high = Math.min(...window.map((zero) => zero.lowMs + zero.widthMs));
  const middle = low <= high ? (low + high) / 2 : window[window.length >> 1]!.lowMs + window[0]!.widthMs / 2;
  return { zeroUtcMs: Math.round(middle * 1000) / 1000, pairs: best.count };
}

/**
 * The node's zone from one boot's zero read two ways: in UTC (btime, a journal) and from local
 * wall times read as UTC. Zones are whole quarter hours; anything else is not a zone difference.
 */
export function inferZoneOffsetMinutes(utcZeroMs: number, localAsUtcZeroMs: number): number | null {
  const minutes = (localAsUtcZeroMs - utcZeroMs) / 60_000;
  const quarter = Math.round(minutes / 15) * 15 || 0;
  return Math.abs(minutes - quarter) <= 1.5 && Math.abs(quarter) <= 14 * 60 ? quarter : null;
}
