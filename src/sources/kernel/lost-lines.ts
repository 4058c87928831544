/**
 * Lines that were lost on the way into the bundle, as the kernel and journald say themselves.
 * A kill near such a marker may lack its header, its kill line or its corroboration. Real lines:
 *
 *   oom_kill_process: 18 callbacks suppressed          (printk rate limit of the OOM header, `oom_rs`)
 *     → { kind: 'callbacks-suppressed', count: 18, name: 'oom_kill_process' }
 *   printk: 61 messages suppressed.                    (2.6/3.x printk_ratelimit)
 *   printk: systemd-journal: 41 output lines suppressed due to ratelimiting   (≥ 4.15, writes to /dev/kmsg)
 *     → { kind: 'printk-suppressed', count: 61 | 41, name: null | 'systemd-journal' }
 *   systemd-journal[27521]: Suppressed 23 messages from /system.slice/kubelet.service   (journald ≤ 235)
 *   systemd-journald[789]: Suppressed 5140 messages from kubelet.service                 (journald ≥ 236)
 *     → { kind: 'journald-suppressed', count: 5140, name: 'kubelet.service' }
 *   systemd-journald[412]: Missed 37 kernel messages   (journald read /dev/kmsg too late)
 *     → { kind: 'journald-missed-kernel', count: 37, name: null }
 */
import type { Stamp } from '../stamp.js';

export type LostLinesKind = 'printk-suppressed' | 'callbacks-suppressed' | 'journald-suppressed' | 'journald-missed-kernel';

export interface LostLinesMarker {
  kind: LostLinesKind;
  /** How many lines (or rate-limited calls) were dropped. */
  count: number;
  /** The rate-limited kernel function, the program whose /dev/kmsg lines were dropped, or the journald unit. */
  name: string | null;
  stamp: Stamp;
  file: string;
  line: number;
}

const CALLBACKS = /^([\w.:-]{1,64}): (\d{1,10}) callbacks suppressed\s*$/;
const PRINTK = /^printk: (?:([\w.@:-]{1,64}): )?(\d{1,10}) (?:messages|output lines) (?:suppressed|dropped)/;
const CONSOLE_DROPPED = /^\*\* (\d{1,10}) printk messages dropped \*\*/;
const JOURNALD_SUPPRESSED = /^Suppressed (\d{1,10}) messages from (\S{1,256})\s*$/;
const JOURNALD_MISSED = /^Missed (\d{1,10}) kernel messages\s*$/;
/** Rate limits whose suppressed calls are OOM report lines (`oom_rs` in oom_kill_process, its older callers). */
const OOM_CALLBACKS = /oom|out_of_memory|dump_header|mem_cgroup/;

type MarkerFields = Pick<LostLinesMarker, 'kind' | 'count' | 'name'>;

/** A kernel message that says kernel lines were dropped. */
export function parseKernelLostLines(text: string): MarkerFields | null {
  if (text.endsWith('suppressed') || text.endsWith('suppressed ')) {
    const callbacks = CALLBACKS.exec(text);
    if (callbacks) return { kind: 'callbacks-suppressed', count: Number(callbacks[2]), name: callbacks[1]! };
  }
  if (text.startsWith('printk: ')) {
    const printk = PRINTK.exec(text);
    if (printk) return { kind: 'printk-suppressed', count: Number(printk[2]), name: printk[1] ?? null };
  }
  const dropped = text.startsWith('** ') ? CONSOLE_DROPPED.exec(text) : null;
  return dropped ? { kind: 'printk-suppressed', count: Number(dropped[1]), name: null } : null;
}

/** A journald message (identifier `systemd-journald`, or `systemd-journal` cut to 15 characters) about lost lines. */
export function parseJournaldLostLines(identifier: string | null, message: string): MarkerFields | null {
  if (identifier === null || !identifier.startsWith('systemd-journal')) return null;
  const suppressed = JOURNALD_SUPPRESSED.exec(message);
  if (suppressed) return { kind: 'journald-suppressed', count: Number(suppressed[1]), name: suppressed[2]! };
  const missed = JOURNALD_MISSED.exec(message);
  return missed ? { kind: 'journald-missed-kernel', count: Number(missed[1]), name: null } : null;
}

/**
 * Whether the marker means OOM report lines may be missing: kernel messages dropped by printk
 * or by journald, or the OOM header's own rate limit. Other functions' `callbacks suppressed`
 * (`blk_update_request`), a program's writes to /dev/kmsg and services' lines do not touch the
 * kernel's OOM report.
 */
export function losesOomLines(marker: Pick<LostLinesMarker, 'kind' | 'name'>): boolean {
  switch (marker.kind) {
    case 'callbacks-suppressed':
      return OOM_CALLBACKS.test(marker.name ?? '');
    case 'printk-suppressed':
      return marker.name === null;
    case 'journald-missed-kernel':
      return true;
    case 'journald-suppressed':
      return false;
  }
}
