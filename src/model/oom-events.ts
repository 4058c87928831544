/**
 * One OOM event can reach the bundle several times: in dmesg, in kern.log / messages, in the
 * journal's kernel entries. The kernel reader keeps them per stream; here they are put on the
 * clock and merged, keeping the most complete report and the evidence of every copy.
 */
import type { OomEvent, OomVictim } from '../sources/index.js';
import type { EventTime, TimeModel } from './time-model.js';

export interface MergedOomEvent {
  /** The most complete copy of the report. */
  event: OomEvent;
  time: EventTime;
  /** Where every copy was found: `{ path, line }` of their first and kill lines. */
  evidence: { path: string; line: number }[];
  /** The files the event was seen in. */
  files: string[];
}

/** Two copies of a kill: same victim, printk times within this (dmesg vs journal carry the same value). */
const SAME_MONOTONIC_SECONDS = 0.5;
/** …or wall times within this (syslog stamps have whole seconds and their own clock). */
const SAME_WALL_MS = 3_000;

export function mergeOomEvents(events: readonly OomEvent[], time: TimeModel): MergedOomEvent[] {
  const merged: MergedOomEvent[] = [];
  for (const event of events) {
    const resolved = time.resolve(event.stamp);
    const copy = merged.find((candidate) => sameEvent(candidate, event, resolved));
    if (!copy) {
      merged.push({ event, time: resolved, evidence: evidenceOf(event), files: [event.file] });
      continue;
    }
    if (!copy.files.includes(event.file)) copy.files.push(event.file);
    for (const item of evidenceOf(event)) if (!copy.evidence.some((e) => e.path === item.path && e.line === item.line)) copy.evidence.push(item);
    if (richness(event, resolved) > richness(copy.event, copy.time)) {
      copy.event = event;
      copy.time = resolved;
    }
  }
  return merged.sort((a, b) => (a.time.utcMs ?? Infinity) - (b.time.utcMs ?? Infinity) || (a.event.stamp.monotonic ?? 0) - (b.event.stamp.monotonic ?? 0));
}

function sameEvent(candidate: MergedOomEvent, event: OomEvent, resolved: EventTime): boolean {
  if (!sameVictims(candidate.event.victims, event.victims)) return false;
  if (candidate.event.victims.length === 0 && (candidate.event.oomMemcg !== event.oomMemcg || candidate.event.trigger?.comm !== event.trigger?.comm)) return false;
  const a = candidate.event.stamp.monotonic;
  const b = event.stamp.monotonic;
  const sameBoot = candidate.time.bootId === null || resolved.bootId === null || candidate.time.bootId === resolved.bootId;
  if (a !== null && b !== null && sameBoot) return Math.abs(a - b) <= SAME_MONOTONIC_SECONDS;
  if (candidate.time.utcMs !== null && resolved.utcMs !== null) return Math.abs(candidate.time.utcMs - resolved.utcMs) <= SAME_WALL_MS;
  return false;
}

function sameVictims(a: readonly OomVictim[], b: readonly OomVictim[]): boolean {
  return a.length === b.length && a.every((victim, i) => victim.pid === b[i]?.pid && victim.comm === b[i]?.comm);
}

/** Prefer a better clock, then the copy with more of the report (a rate-limited copy lacks the header). */
function richness(event: OomEvent, time: EventTime): number {
  const clock = { exact: 3, derived: 2, approximate: 1, unknown: 0 }[time.quality];
  const parts = [event.trigger, event.taskMemcg, event.oomMemcg, event.memory, event.tasks, event.constraint].filter((part) => part !== null).length;
  return parts * 10 + clock;
}

function evidenceOf(event: OomEvent): { path: string; line: number }[] {
  const roles = new Set(['first', 'summary', 'kill', 'group']);
  const items = event.evidence.filter((item) => roles.has(item.role)).map((item) => ({ path: item.file, line: item.line }));
  return items.filter((item, i) => items.findIndex((other) => other.path === item.path && other.line === item.line) === i);
}
