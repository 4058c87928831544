/**
 * One OOM event can reach the bundle several times: in dmesg, in kern.log / messages, in the
 * journal's kernel entries. The kernel reader keeps them per stream; here they are put on the
 * clock and merged by the policy of event-copies.ts, keeping the most complete report and the
 * evidence of every copy.
 */
import type { OomEvent } from '../sources/index.js';
import { mergeCopies, type EventCopy } from './event-copies.js';
import type { EventTime, TimeModel } from './time-model.js';

/** The summary and kill lines of one report are printed microseconds to milliseconds apart. */
const KILL_WINDOW_SECONDS = 1;

export interface MergedOomEvent {
  /** The most complete copy of the report. */
  event: OomEvent;
  time: EventTime;
  /** Where every copy was found: `{ path, line }` of their first and kill lines. */
  evidence: { path: string; line: number }[];
  /** The files the event was seen in. */
  files: string[];
}

interface OomCopy {
  event: OomEvent;
  /** The time of the report's first line, which the event is shown at. */
  firstLine: EventTime;
}

export function mergeOomEvents(events: readonly OomEvent[], time: TimeModel): MergedOomEvent[] {
  const copies = events.map((event) => copyOf(event, time));
  const merged = mergeCopies(copies, (a, b) => richness(a.record) > richness(b.record)).map(({ best, copies: all }): MergedOomEvent => {
    const evidence: MergedOomEvent['evidence'] = [];
    for (const item of all.flatMap((copy) => evidenceOf(copy.record.event))) if (!evidence.some((e) => e.path === item.path && e.line === item.line)) evidence.push(item);
    return { event: best.record.event, time: best.record.firstLine, evidence, files: [...new Set(all.map((copy) => copy.place.file))] };
  });
  return merged.sort((a, b) => (a.time.utcMs ?? Infinity) - (b.time.utcMs ?? Infinity) || (a.event.stamp.monotonic ?? 0) - (b.event.stamp.monotonic ?? 0));
}

/**
 * A report is the same one when it kills the same tasks (or, without a kill, hits the same cgroup
 * from the same task); copies are compared at the first kill line, which every copy that names a
 * victim holds even when a rate limit or a wrapped ring buffer cut the header. A copy that lost
 * its kill line is stamped at its `oom-kill:` summary, printed just before: a kernel kills a pid
 * once, so copies naming the same victims within KILL_WINDOW_SECONDS of each other are one kill.
 */
function copyOf(event: OomEvent, time: TimeModel): EventCopy<OomCopy> {
  const firstLine = time.resolve(event.stamp);
  const victims = event.victims.map((victim) => `${victim.pid}:${victim.comm}`).join(',');
  const identity = victims ? `kill\0${victims}` : `no-kill\0${event.oomMemcg ?? ''}\0${event.trigger?.comm ?? ''}`;
  const stamp = event.victims[0]?.stamp ?? event.stamp;
  const line = event.evidence.find((item) => item.role === (event.victims.length > 0 ? 'kill' : 'first'))?.line ?? event.evidence[0]?.line ?? 0;
  return {
    record: { event, firstLine },
    place: { file: event.file, line },
    identity,
    ownMoment: false,
    monotonic: stamp.monotonic,
    time: time.resolve(stamp),
    withinSeconds: victims ? KILL_WINDOW_SECONDS : undefined,
  };
}

/**
 * Prefer the copy whose victims kept their kill line (it alone has RSS and oom_score_adj), then
 * the one with more of the report, then the better clock.
 */
function richness({ event, firstLine }: OomCopy): number {
  const clock = { exact: 3, derived: 2, approximate: 1, unknown: 0 }[firstLine.quality];
  const parts = [event.trigger, event.taskMemcg, event.oomMemcg, event.memory, event.tasks, event.constraint].filter((part) => part !== null).length;
  const killLines = event.victims.filter((victim) => victim.killLine).length;
  return killLines * 1000 + parts * 10 + clock;
}

function evidenceOf(event: OomEvent): { path: string; line: number }[] {
  const roles = new Set(['first', 'summary', 'kill', 'group']);
  const items = event.evidence.filter((item) => roles.has(item.role)).map((item) => ({ path: item.file, line: item.line }));
  return items.filter((item, i) => items.findIndex((other) => other.path === item.path && other.line === item.line) === i);
}
