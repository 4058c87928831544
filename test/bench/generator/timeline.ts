/**
 * Fills a log of an exact size over a time span: background messages whose time advances with
 * the bytes written, the planned events (an OOM report, a TaskOOM event) dropped in when their
 * time comes, and a last filler message that lands the file on its size.
 */
import type { SizedText } from './tar-gz-sink.js';

export interface ScheduledText {
  atMs: number;
  /** Rendered in advance: one or more complete lines or journal entries. */
  text: string;
}

export interface TimelineSpec {
  fromMs: number;
  toMs: number;
  /** Sorted by time. */
  scheduled: readonly ScheduledText[];
  /** A background message at `ms` (complete lines or entries). */
  noise: (ms: number) => string;
  /** Exactly `bytes` bytes of complete messages; `bytes` is at least `minFiller`. */
  filler: (ms: number, bytes: number) => string;
  minFiller: number;
}

export async function writeTimeline(out: SizedText, spec: TimelineSpec): Promise<void> {
  let reserved = spec.scheduled.reduce((sum, item) => sum + item.text.length, 0);
  if (reserved + spec.minFiller > out.size) throw new Error(`${out.path}: ${out.size} bytes cannot hold the ${reserved} bytes of planned events`);
  const usable = Math.max(1, out.size - reserved - spec.minFiller);
  const span = spec.toMs - spec.fromMs;
  let next = 0;
  let ms = spec.fromMs;
  for (;;) {
    ms = Math.max(ms, spec.fromMs + span * Math.min(1, (out.size - out.remaining) / usable));
    while (next < spec.scheduled.length && (spec.scheduled[next] as ScheduledText).atMs <= ms) {
      const item = spec.scheduled[next] as ScheduledText;
      await out.add(item.text);
      reserved -= item.text.length;
      next += 1;
    }
    const text = spec.noise(ms);
    if (out.remaining - text.length < reserved + spec.minFiller) break;
    await out.add(text);
  }
  for (; next < spec.scheduled.length; next += 1) {
    const item = spec.scheduled[next] as ScheduledText;
    ms = Math.max(ms, item.atMs);
    await out.add(item.text);
  }
  for (let text = spec.noise(ms); out.remaining - text.length >= spec.minFiller; text = spec.noise(ms)) await out.add(text);
  if (out.remaining > 0) await out.add(spec.filler(ms, out.remaining));
}
