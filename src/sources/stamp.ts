/**
 * A record's time exactly as its source shows it. Parsers never guess what a stamp lacks (a
 * year, a zone, the boot): they keep what was printed and the model stage resolves it with the
 * node's time anchors (DESIGN.md "Time is a model, not a string").
 *
 *   `[86412.301290] …`                      → { monotonic: 86412.30129 }
 *   `2026-11-27T10:15:02.123456+00:00 …`    → { utcMs: 1795774502123.456 }
 *   `Nov 27 10:15:02 worker-3 kernel: …`    → { local: { year: null, month: 11, day: 27, … } }
 *   `[Fri Nov 27 10:15:02 2026] …`          → { local: { year: 2026, … } } (local zone, approximate)
 *   journal export entry                    → { utcMs, monotonic, bootId } (exact)
 */
export interface Stamp {
  /** The stamp as printed (or the journal fields it came from), for display and evidence. */
  text: string;
  /** Seconds since boot on the kernel's monotonic clock, when shown. */
  monotonic: number | null;
  /** Milliseconds since the epoch (UTC), only when the stamp carries both a year and a zone. */
  utcMs: number | null;
  /** Wall-clock fields when the stamp lacks a year or a zone (node-local time). */
  local: LocalTime | null;
  /** The boot the record belongs to, 32 lowercase hex without dashes, when known. */
  bootId: string | null;
}

export interface LocalTime {
  /** null when the stamp has no year (syslog, journal `short`, klog). */
  year: number | null;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction of the second in microseconds (0 when not shown). */
  micros: number;
}

export const NO_STAMP: Stamp = { text: '', monotonic: null, utcMs: null, local: null, bootId: null };

/** `0f3c2a1b-…` and `0f3c2a1b…` name the same boot: compare them in this form. */
export function normaliseBootId(id: string): string | null {
  const hex = id.trim().toLowerCase().replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(hex) ? hex : null;
}
