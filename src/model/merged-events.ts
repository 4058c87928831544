/**
 * Kernel signals and service events as the model gives them to rules and the report: one record
 * per event, its copies (dmesg, kern.log, the journal, a journalctl text copy …) merged by the
 * policy of event-copies.ts, the best-timed copy standing for it.
 */
import type { KernelSignal, ServiceEvent } from '../sources/index.js';
import { betterClock, mergeCopies, placesOf, type EventCopy, type Place } from './event-copies.js';
import type { EventTime, TimeModel } from './time-model.js';

export type Timed<T> = T & { time: EventTime };

/** One thing the kernel said (hung task, I/O error, denial …), however many files printed it. */
export interface KernelSignalEvent<S extends Timed<KernelSignal> = Timed<KernelSignal>> {
  /** The copy with the best time (journal exact, raw dmesg derived, syslog approximate). */
  signal: S;
  time: EventTime;
  /** Every file line that printed it, the best copy's included. */
  seenIn: Place[];
}

/** One kubelet / runtime / systemd event: the best-timed copy, and every file line that logged it. */
export type ServiceEventRecord = Timed<ServiceEvent> & { seenIn: Place[] };

/**
 * Audit records carry an id shared by the dmesg and audit.log copies; other messages are their
 * kind and text, spaces evened out (rsyslog drops the trailing space some drivers print: `… MORE DNR `).
 */
export function mergeKernelSignals(signals: readonly KernelSignal[], time: TimeModel): KernelSignalEvent[] {
  const copies = signals.map((signal): EventCopy<Timed<KernelSignal>> => {
    const timed = { ...signal, time: time.resolve(signal.stamp) };
    const auditId = 'auditId' in signal ? signal.auditId : null;
    const identity = auditId ? `${signal.kind}\0audit\0${auditId}` : `${signal.kind}\0${evened(signal.excerpt)}`;
    return { record: timed, place: { file: signal.file, line: signal.line }, identity, ownMoment: auditId !== null, monotonic: signal.stamp.monotonic, time: timed.time };
  });
  return mergeCopies(copies, betterClock).map((event) => ({ signal: event.best.record, time: event.best.time, seenIn: placesOf(event) }));
}

/**
 * A kubelet or runtime line that prints its own sub-second stamp (klog `I1127 10:38:18.554102`,
 * logrus `time="…"`) carries its moment in its text: copied by journald, by rsyslog into
 * /var/log/messages and by `journalctl` into a text file, it is the same line.
 */
const OWN_STAMP = /^(?:[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s|time=")/;

export function mergeServiceEvents(events: readonly ServiceEvent[], time: TimeModel): ServiceEventRecord[] {
  const copies = events.map((event): EventCopy<Timed<ServiceEvent>> => {
    const timed = { ...event, time: time.resolve(event.stamp) };
    const ownMoment = OWN_STAMP.test(event.text);
    return { record: timed, place: event.evidence, identity: `${event.kind}\0${evened(event.text)}`, ownMoment, monotonic: event.stamp.monotonic, time: timed.time };
  });
  return mergeCopies(copies, betterClock).map((event) => ({ ...event.best.record, seenIn: placesOf(event) }));
}

function evened(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
