/**
 * The timeline: every event of every source merged, one section per boot, bounded. A node can log
 * millions of lines; the report keeps at most MAX_EVENTS_PER_BOOT events per boot (the most severe
 * first, the latest within a severity) and MAX_BOOTS boots (the latest), and counts what it left
 * out, so the page stays small whatever the bundle.
 */
import type { BootClock, NodeModel } from '../model/index.js';
import { SEVERITIES, type Severity } from '../rules/index.js';
import { byText } from './text.js';
import { collectTimelineEvents, type TimelineEvent } from './timeline-events.js';

export interface TimelineBoot {
  /** 32 hex; null for events whose boot and time are both unknown. */
  bootId: string | null;
  /** When the boot's clock read zero (UTC), and which anchor says so. */
  startedAt: string | null;
  clock: BootClock['source'] | null;
  /** The boot the collector ran in. */
  current: boolean;
  /** In time order (unknown times last). */
  events: TimelineEvent[];
  total: number;
  omitted: Record<Severity, number>;
}

export interface Timeline {
  boots: TimelineBoot[];
  /** Every event before bounding. */
  total: number;
  /** Boots beyond MAX_BOOTS (the oldest), with their event counts. */
  omittedBoots: { count: number; events: number };
}

export const MAX_EVENTS_PER_BOOT = 200;
export const MAX_BOOTS = 5;

export function buildTimeline(model: NodeModel): Timeline {
  const events = collectTimelineEvents(model);
  const groups = groupByBoot(events, model.boots);
  const sections = [...groups.entries()].map(([bootId, group]) => bootSection(bootId, group, model));
  // Newest boot first; the events with no known boot and time after them.
  const known = sections.filter((boot) => boot.bootId !== null).sort((a, b) => byText(b.startedAt ?? '', a.startedAt ?? '') || byText(a.bootId ?? '', b.bootId ?? ''));
  const dropped = known.slice(MAX_BOOTS);
  return {
    boots: [...known.slice(0, MAX_BOOTS), ...sections.filter((boot) => boot.bootId === null)],
    total: events.length,
    omittedBoots: { count: dropped.length, events: dropped.reduce((sum, boot) => sum + boot.total, 0) },
  };
}

/** An event's boot: the one it names, else the latest boot that started before it. */
function groupByBoot(events: TimelineEvent[], clocks: readonly BootClock[]): Map<string | null, TimelineEvent[]> {
  const groups = new Map<string | null, TimelineEvent[]>();
  for (const event of events) {
    const bootId = event.bootId ?? bootAt(event.time, clocks);
    const placed = bootId === event.bootId ? event : { ...event, bootId };
    // in place: a copy per event made this quadratic (GBs of garbage for a crash loop's 10,000s)
    const group = groups.get(bootId);
    if (group) group.push(placed);
    else groups.set(bootId, [placed]);
  }
  return groups;
}

function bootAt(time: string | null, clocks: readonly BootClock[]): string | null {
  if (time === null) return null;
  const ms = Date.parse(time);
  let found: string | null = null;
  for (const clock of clocks) if (clock.zeroUtcMs <= ms) found = clock.bootId;
  return found;
}

function bootSection(bootId: string | null, events: TimelineEvent[], model: NodeModel): TimelineBoot {
  const clock = model.boots.find((candidate) => candidate.bootId === bootId) ?? null;
  const kept = selectEvents(events, MAX_EVENTS_PER_BOOT);
  const omitted = { critical: 0, warning: 0, info: 0 };
  for (const event of events) omitted[event.severity] += 1;
  for (const event of kept) omitted[event.severity] -= 1;
  return {
    bootId,
    startedAt: clock ? new Date(clock.zeroUtcMs).toISOString() : null,
    clock: clock?.source ?? null,
    current: bootId !== null && bootId === model.node.bootId?.replace(/-/g, '').toLowerCase(),
    events: kept.sort(compareEvents),
    total: events.length,
    omitted,
  };
}

/** The `max` events that matter most: by severity, then the latest; ties broken by content. */
function selectEvents(events: TimelineEvent[], max: number): TimelineEvent[] {
  if (events.length <= max) return [...events];
  const rank = (event: TimelineEvent) => SEVERITIES.indexOf(event.severity);
  return [...events].sort((a, b) => rank(a) - rank(b) || compareEvents(b, a)).slice(0, max);
}

/** Time order, unknown times last; equal times by source, kind, text and place, so the order never depends on input order. */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return (
    byText(a.time ?? '\uffff', b.time ?? '\uffff') ||
    byText(a.source, b.source) ||
    byText(a.kind, b.kind) ||
    byText(a.text, b.text) ||
    byText(a.evidence?.path ?? '', b.evidence?.path ?? '') ||
    (a.evidence?.line ?? 0) - (b.evidence?.line ?? 0)
  );
}
