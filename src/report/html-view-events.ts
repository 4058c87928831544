/** Template rows for the timeline and the per-pod view. */
import { formatClock, formatTime } from './format.js';
import type { PodsView } from './pod-view.js';
import { byText } from './text.js';
import type { Timeline } from './timeline.js';
import type { TimelineEvent } from './timeline-events.js';

const SOURCE_LABELS: Record<string, string> = { 'pod-log': 'pod log', unknown: 'service' };

/** Which anchor set a boot's clock (BootClockSource), in words: the page shows no internal ids. */
const CLOCK_LABELS: Record<string, string> = {
  'journal-kernel': 'kernel lines in the journal',
  journal: 'the journal',
  'manifest-uptime': "the collector's uptime reading",
  'manifest-btime': "the collector's boot time reading",
  'procstat-btime': 'the boot time in /proc/stat',
  'collection-uptime': 'the uptime at collection',
  'dmesg-ctime': 'dmesg -T times',
  'syslog-monotonic': 'syslog lines with kernel stamps',
  'journal-text': 'journalctl text lines',
};

export function timelineView(timeline: Timeline) {
  const pods = new Set<string>();
  const boots = timeline.boots.map((boot, index) => {
    let previousDate: string | null = null;
    const events = boot.events.map((event) => {
      const pod = podOf(event);
      if (pod) pods.add(pod);
      const date = event.time ? event.time.slice(0, 10) : null;
      const newDate = date !== previousDate;
      previousDate = date;
      return {
        ...event,
        pod,
        subjectLabel: subjectLabel(event),
        sourceLabel: SOURCE_LABELS[event.source] ?? event.source,
        date,
        newDate,
        clock: event.time ? formatClock(event.time) : null,
      };
    });
    const omitted = boot.omitted.critical + boot.omitted.warning + boot.omitted.info;
    return {
      ...boot,
      events,
      shortId: boot.bootId ? boot.bootId.slice(0, 8) : null,
      started: boot.startedAt ? formatTime(boot.startedAt) : null,
      clockLabel: boot.clock ? (CLOCK_LABELS[boot.clock] ?? boot.clock) : null,
      open: index === 0 || boot.current,
      omittedTotal: omitted,
    };
  });
  return { boots, pods: [...pods].sort(byText), total: timeline.total, omittedBoots: timeline.omittedBoots };
}

/** `namespace/pod`, the key the pod filter uses. */
function podOf(event: TimelineEvent): string | null {
  const subject = event.subject;
  if (!subject?.pod) return null;
  return subject.namespace ? `${subject.namespace}/${subject.pod}` : subject.pod;
}

function subjectLabel(event: TimelineEvent): string | null {
  const pod = podOf(event);
  const container = event.subject?.container;
  if (pod && container) return `${pod} · ${container}`;
  return pod ?? container ?? null;
}

export function podsView(pods: PodsView) {
  return {
    total: pods.total,
    more: Math.max(0, pods.total - pods.shown.length),
    shown: pods.shown.map((pod) => ({
      ...pod,
      label: pod.name ? `${pod.namespace ?? '?'}/${pod.name}` : `pod ${pod.uid}`,
      open: pod.oomKills > 0,
      trouble: pod.oomKills > 0 ? 'critical' : pod.findings > 0 || pod.restarts > 0 ? 'warning' : 'ok',
      containers: pod.containers.map((container) => ({
        ...container,
        lastKill: container.lastOomKill ? formatTime(container.lastOomKill) : null,
        attempts: container.attempts.map((attempt) => ({
          ...attempt,
          first: attempt.firstTime ? formatTime(attempt.firstTime) : null,
          last: attempt.lastTime ? formatTime(attempt.lastTime) : null,
          ended: attempt.exit ? `exit ${attempt.exit.exitCode ?? '?'}${attempt.exit.reason ? ` · ${attempt.exit.reason}` : ''}` : null,
          tail: attempt.tail.map((line) => ({ ...line, clock: formatClock(line.time) })),
        })),
      })),
    })),
  };
}
