/**
 * What limits how sure a kill's attribution is, stated rather than hidden: the kill line was
 * lost (the `oom-kill:` summary names the victim), the report was cut or lost lines inside,
 * the kernel or journald said it dropped lines around that time, the cgroup comes only from the
 * `Memory cgroup stats` lines, or simply that no second source agrees. Each reason that means
 * the record itself may be incomplete caps the confidence at `medium`.
 */
import { losesOomLines, type LostLinesMarker, type OomEvent, type OomVictim } from '../sources/index.js';
import type { Attribution } from './oom-attribution.js';
import type { Agreement, Confidence } from './oom-corroboration.js';
import type { EventTime, TimeModel } from './time-model.js';

/**
 * kill-line-missing: no `Killed process` line; the summary printed right before the kill names
 * the victim · report-cut: the report was cut by another or lost lines inside · kernel-lines-lost:
 * printk, the OOM header's rate limit or journald dropped kernel lines around the kill ·
 * memcg-from-stats: the cgroup is read from the first `Memory cgroup stats for` line (the
 * `Task in` line is missing) · no-cgroup-in-report: the report names no pod cgroup (global OOM
 * before 5.0, a header lost or rate-limited) · kernel-only: no other source agrees ·
 * sources-disagree: a source contradicts the kernel.
 */
export type ConfidenceReason = 'kill-line-missing' | 'report-cut' | 'kernel-lines-lost' | 'memcg-from-stats' | 'no-cgroup-in-report' | 'kernel-only' | 'sources-disagree';

/** A lost-lines marker near a kill, as the JSON shows it. */
export interface LinesLostNearKill {
  kind: LostLinesMarker['kind'];
  count: number;
  name: string | null;
  path: string;
  line: number;
}

/** Markers come after the lines they dropped: a kill this long before one (or just after) may have lost lines. */
const BEFORE_MARKER_MS = 120_000;
const AFTER_MARKER_MS = 5_000;
const MAX_MARKERS_PER_KILL = 5;
const CAPPING: readonly ConfidenceReason[] = ['kill-line-missing', 'report-cut', 'kernel-lines-lost', 'memcg-from-stats'];

/** A lost-lines marker, where it stands among them all, and its wall time (resolved once). */
interface TimedMarker {
  marker: LostLinesMarker;
  index: number;
  utcMs: number | null;
}

/** One file's markers with a printk time, by it: all of them, and those without a wall time. */
interface FileClock {
  all: TimedMarker[];
  withoutTime: TimedMarker[];
}

/**
 * The lost-lines markers (kernel ones and journald's own), each with its time resolved once and
 * sorted by it. A crash loop makes thousands of kills and, with them, the kernel's `callbacks
 * suppressed` lines (up to 1,000 kept): checked one by one, every kill resolved every marker's
 * stamp again (a lone dmesg of 2,000 kills: 6.7 s, of 8,000: 27 s), and with the times resolved
 * once it was still 8 million comparisons. A kill now looks only at the markers of its window,
 * found by binary search: on the wall clock, and on the printk clock of its own file for markers
 * (or a kill) without a wall time, as isNear compares them.
 */
export class LostLinesMarkers {
  private readonly byTime: readonly TimedMarker[];
  private readonly byClock = new Map<string, FileClock>();

  constructor(markers: readonly LostLinesMarker[], time: Pick<TimeModel, 'resolve'>) {
    const timed = markers.map((marker, index) => ({ marker, index, utcMs: time.resolve(marker.stamp).utcMs }));
    this.byTime = sortedBy(
      timed.filter((entry) => entry.utcMs !== null),
      (entry) => entry.utcMs!,
    );
    for (const entry of timed) {
      if (entry.marker.stamp.monotonic === null) continue;
      let file = this.byClock.get(entry.marker.file);
      if (!file) this.byClock.set(entry.marker.file, (file = { all: [], withoutTime: [] }));
      file.all.push(entry);
      if (entry.utcMs === null) file.withoutTime.push(entry);
    }
    for (const file of this.byClock.values()) {
      file.all = sortedBy(file.all, printkSeconds);
      file.withoutTime = sortedBy(file.withoutTime, printkSeconds);
    }
  }

  /** The markers whose time puts them next to this kill, in their order, at most MAX_MARKERS_PER_KILL. */
  near(kill: { time: EventTime; victim: OomVictim; file: string }): LinesLostNearKill[] {
    const candidates: TimedMarker[] = [];
    const killMs = kill.time.utcMs;
    // A millisecond to spare each side: isNear decides.
    if (killMs !== null) candidates.push(...within(this.byTime, (entry) => entry.utcMs!, killMs - AFTER_MARKER_MS - 1, killMs + BEFORE_MARKER_MS + 1));
    const clock = kill.victim.stamp.monotonic;
    const file = this.byClock.get(kill.file);
    if (clock !== null && file) {
      const sameClock = killMs === null ? file.all : file.withoutTime;
      candidates.push(...within(sameClock, printkSeconds, clock - AFTER_MARKER_MS / 1000 - 0.001, clock + BEFORE_MARKER_MS / 1000 + 0.001));
    }
    return candidates
      .filter(({ marker, utcMs }) => isNear(kill, marker, utcMs))
      .sort((a, b) => a.index - b.index)
      .slice(0, MAX_MARKERS_PER_KILL)
      .map(({ marker }) => ({ kind: marker.kind, count: marker.count, name: marker.name, path: marker.file, line: marker.line }));
  }
}

function printkSeconds(entry: TimedMarker): number {
  return entry.marker.stamp.monotonic!;
}

function sortedBy(entries: TimedMarker[], key: (entry: TimedMarker) => number): TimedMarker[] {
  return entries.sort((a, b) => key(a) - key(b) || a.index - b.index);
}

/** The entries of `sorted` (ascending by `key`) whose key lies in [from, to]. */
function within(sorted: readonly TimedMarker[], key: (entry: TimedMarker) => number, from: number, to: number): TimedMarker[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (key(sorted[middle]!) < from) low = middle + 1;
    else high = middle;
  }
  const found: TimedMarker[] = [];
  for (let at = low; at < sorted.length && key(sorted[at]!) <= to; at += 1) found.push(sorted[at]!);
  return found;
}

function isNear(kill: { time: EventTime; victim: OomVictim; file: string }, marker: LostLinesMarker, markerMs: number | null): boolean {
  let after: number | null = null;
  if (kill.time.utcMs !== null && markerMs !== null) after = markerMs - kill.time.utcMs;
  // Without wall times, stamps of one file share a clock.
  else if (marker.file === kill.file && marker.stamp.monotonic !== null && kill.victim.stamp.monotonic !== null) after = (marker.stamp.monotonic - kill.victim.stamp.monotonic) * 1000;
  return after !== null && after >= -AFTER_MARKER_MS && after <= BEFORE_MARKER_MS;
}

export function confidenceReasons(event: OomEvent, victim: OomVictim, attribution: Attribution, agreement: Agreement, linesLost: readonly LinesLostNearKill[]): ConfidenceReason[] {
  const reasons: ConfidenceReason[] = [];
  if (!victim.killLine) reasons.push('kill-line-missing');
  if (event.gaps.includes('cut-by-next-report') || event.gaps.includes('lines-lost-inside')) reasons.push('report-cut');
  if (linesLost.some((marker) => losesOomLines(marker))) reasons.push('kernel-lines-lost');
  if (attribution.source === 'memcg-stats') reasons.push('memcg-from-stats');
  if (attribution.method !== 'cgroup-path') reasons.push('no-cgroup-in-report');
  else if (agreement.corroboratedBy.length === 1) reasons.push('kernel-only');
  if (agreement.contradictions.length > 0) reasons.push('sources-disagree');
  return reasons;
}

/** A record that may be incomplete is never `high`, however many sources agree. */
export function cappedConfidence(confidence: Confidence, reasons: readonly ConfidenceReason[]): Confidence {
  return confidence === 'high' && reasons.some((reason) => CAPPING.includes(reason)) ? 'medium' : confidence;
}
