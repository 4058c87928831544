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

/**
 * The lost-lines markers (kernel ones and journald's own), each with its time resolved once: every
 * kill is checked against all of them, and a crash loop's thousands of kills against up to 1,000
 * markers made as many million resolutions of the same stamps.
 */
export class LostLinesMarkers {
  private readonly timed: readonly { marker: LostLinesMarker; utcMs: number | null }[];

  constructor(markers: readonly LostLinesMarker[], time: Pick<TimeModel, 'resolve'>) {
    this.timed = markers.map((marker) => ({ marker, utcMs: time.resolve(marker.stamp).utcMs }));
  }

  /** The markers whose time puts them next to this kill, in their order, at most MAX_MARKERS_PER_KILL. */
  near(kill: { time: EventTime; victim: OomVictim; file: string }): LinesLostNearKill[] {
    const near: LinesLostNearKill[] = [];
    for (const { marker, utcMs } of this.timed) {
      if (near.length >= MAX_MARKERS_PER_KILL) break;
      if (!isNear(kill, marker, utcMs)) continue;
      near.push({ kind: marker.kind, count: marker.count, name: marker.name, path: marker.file, line: marker.line });
    }
    return near;
  }
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
