/**
 * One journal entry, whatever form it was read from, reduced to the fields podmortem uses.
 * From `journalctl -o export` / `-o json` (exact):
 *
 *   __REALTIME_TIMESTAMP=1795839379640094  __MONOTONIC_TIMESTAMP=1120621955  _BOOT_ID=e66375b3…
 *   _TRANSPORT=stdout  SYSLOG_IDENTIFIER=kubelet  _PID=8830  PRIORITY=6  MESSAGE=I0527 09:00:05.110852 …
 *   → { stamp: { utcMs: 1795839379640.094, monotonic: 1120.621955, bootId: 'e66375b3…' },
 *       transport: 'stdout', identifier: 'kubelet', pid: 8830, priority: 6, message: 'I0527 …' }
 *
 * From text forms (`short*`) only what the line shows: the stamp as printed, host, identifier, pid.
 */
import type { Stamp } from '../stamp.js';

export interface JournalEntry {
  /** Receipt time: utcMs from __REALTIME_TIMESTAMP, monotonic from __MONOTONIC_TIMESTAMP, bootId from _BOOT_ID. */
  stamp: Stamp;
  /** Kernel records: _SOURCE_MONOTONIC_TIMESTAMP in seconds (the printk time, as dmesg shows it). */
  sourceMonotonic: number | null;
  /** _TRANSPORT: `kernel`, `stdout`, `journal`, `syslog`, `audit`, `driver`; null when not shown. */
  transport: string | null;
  /** _SYSTEMD_UNIT, or UNIT for messages from PID 1 (the unit systemd talks about). */
  unit: string | null;
  /** SYSLOG_IDENTIFIER. */
  identifier: string | null;
  pid: number | null;
  /** PRIORITY 0–7. */
  priority: number | null;
  message: string;
  /** MESSAGE was longer than kept, or journalctl printed it as null (JSON, > 4096 bytes). */
  messageCut: boolean;
  file: string;
  /** 1-based line of the entry's first line in the file. */
  line: number;
}

/** A kernel record found in the journal, handed to the kernel message parser. */
export interface JournalKernelEntry {
  /**
   * monotonic = the printk time (_SOURCE_MONOTONIC_TIMESTAMP, the dmesg stamp); utcMs = the
   * receipt time moved back by the ingestion delay measured on the same boot's monotonic clock
   * (early-boot records are read in bulk when journald starts).
   */
  stamp: Stamp;
  /** Kernel log level (PRIORITY), or null when not shown. */
  level: number | null;
  text: string;
  line: number;
}

export type JournalFormat =
  'export' | 'json' | 'json-seq' | 'json-pretty' | 'short' | 'short-precise' | 'short-iso' | 'short-iso-precise' | 'short-monotonic' | 'short-unix' | 'short-full' | 'klog' | 'logrus' | 'empty';

/** Kernel records are routed to the kernel parser; everything else to the service classifier. */
export function isKernelEntry(entry: JournalEntry): boolean {
  return entry.transport === 'kernel' || (entry.transport === null && entry.identifier === 'kernel');
}

export function kernelEntryOf(entry: JournalEntry): JournalKernelEntry {
  const { stamp, sourceMonotonic } = entry;
  let utcMs = stamp.utcMs;
  if (utcMs !== null && stamp.monotonic !== null && sourceMonotonic !== null) utcMs -= (stamp.monotonic - sourceMonotonic) * 1000;
  return {
    stamp: { ...stamp, monotonic: sourceMonotonic ?? stamp.monotonic, utcMs },
    level: entry.priority,
    text: entry.message,
    line: entry.line,
  };
}
