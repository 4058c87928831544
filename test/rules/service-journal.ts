/**
 * Journal text for the kubelet and runtime rule tests, in the format the collector writes
 * (`journalctl -o export`): one entry per message, its wall clock in __REALTIME_TIMESTAMP.
 * Each entry takes 6 lines, so entry n (from 0) is at line 6n + 1 of its file.
 */
const BOOT = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';

export interface JournalEntry {
  /** ISO UTC wall time of the entry. */
  at: string;
  message: string;
}

/** The fields naming who logged an entry (two lines). */
type Origin = string;

const KUBELET: Origin = '_SYSTEMD_UNIT=kubelet.service\nSYSLOG_IDENTIFIER=kubelet';
const CONTAINERD: Origin = '_SYSTEMD_UNIT=containerd.service\nSYSLOG_IDENTIFIER=containerd';

function exportOf(entries: readonly JournalEntry[], origin: Origin): string {
  return entries.map(({ at, message }) => `__REALTIME_TIMESTAMP=${Date.parse(at) * 1000}\n_BOOT_ID=${BOOT}\n${origin}\nMESSAGE=${message}\n\n`).join('');
}

/** `journal/kubelet.export` content. */
export function kubeletJournal(entries: readonly JournalEntry[]): string {
  return exportOf(entries, KUBELET);
}

/** `journal/runtime.export` content for containerd. */
export function containerdJournal(entries: readonly JournalEntry[]): string {
  return exportOf(entries, CONTAINERD);
}

/** systemd (PID 1) talking about `unit`, as `journalctl UNIT=kubelet.service` exports it. */
export function systemdJournal(unit: string, entries: readonly JournalEntry[]): string {
  return exportOf(entries, `UNIT=${unit}\nSYSLOG_IDENTIFIER=systemd`);
}

/** Line (1-based) of entry `index` in a file written by these helpers. */
export function entryLine(index: number): number {
  return index * 6 + 1;
}

/** Pairs real klog/logrus lines with journal times, one second apart from `start`. */
export function at(start: string, messages: readonly string[], stepSeconds = 1): JournalEntry[] {
  const base = Date.parse(start);
  return messages.map((message, i) => ({ at: new Date(base + i * stepSeconds * 1000).toISOString(), message }));
}

/** klog's header time for an ISO UTC instant: `2026-11-27T09:00:05.000Z` → `1127 09:00:05.000000`. */
export function klogTime(iso: string): string {
  return `${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000`;
}

/**
 * `count` entries of one real line, `stepSeconds` apart from `start`, each with its own time:
 * what a noisy node logs when one thing keeps failing (`line` gets the klog header time and the
 * ISO time, for logrus' `time="…"`).
 */
export function repeated(start: string, count: number, stepSeconds: number, line: (klog: string, iso: string) => string): JournalEntry[] {
  const base = Date.parse(start);
  return Array.from({ length: count }, (_, i) => {
    const when = new Date(base + i * stepSeconds * 1000).toISOString();
    return { at: when, message: line(klogTime(when), when) };
  });
}

/** How many service events of one kind the journal reader keeps (the first and the last 500). */
export const KEPT_PER_KIND = 1000;
