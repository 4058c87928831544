import type { Stamp } from '../stamp.js';

/**
 * How a kernel line showed its time; recognised from the line itself, never from the file name.
 *
 *   dmesg            `[  931.472465] msg` (raw monotonic; also after `<4>` and `kern  :warn  : `)
 *   kmsg             `4,426,931472465,-;msg` (a /dev/kmsg record)
 *   dmesg-ctime      `[Sat Nov 28 04:13:10 2026] msg` (`dmesg -T`, node locale, local zone)
 *   dmesg-iso        `2026-11-28T04:13:10,472465+00:00 msg` (`dmesg --time-format iso`)
 *   syslog           `Nov 28 04:13:10 node-1 kernel: [  931.472465] msg` (kern.log, messages)
 *   syslog-rfc3339   `2026-11-28T04:13:10.472465+00:00 node-1 kernel: msg` (rsyslog high precision)
 *   talos            `10.0.0.2: kern:    info: [2021-11-10T10:09:37.662764956Z]: msg`
 *   audit            `type=AVC msg=audit(1704110400.123:456): avc:  denied …` (audit.log)
 *   journal          a journal entry with `_TRANSPORT=kernel` (set by the journal reader)
 *   continuation     an indented line that continues the previous record (keeps its stamp)
 *   none             no stamp at all (`dmesg -t`)
 */
export type KernelLineFormat = 'dmesg' | 'kmsg' | 'dmesg-ctime' | 'dmesg-iso' | 'syslog' | 'syslog-rfc3339' | 'talos' | 'audit' | 'journal' | 'continuation' | 'none';

/** One kernel log record, whatever file or journal it came from. */
export interface KernelMessage {
  stamp: Stamp;
  /** Syslog level 0 (emerg) – 7 (debug) when the line shows it (`<4>`, `kern  :warn  :`, kmsg). */
  level: number | null;
  /** Syslog facility (0 = kernel) when shown; user space can write to /dev/kmsg too. */
  facility: number | null;
  /** The message without stamp or prefixes. */
  text: string;
  format: KernelLineFormat;
  file: string;
  /** 1-based line of the file (or entry number of a journal). */
  line: number;
}

/** A syslog-file line written by another program (kubelet, containerd, …), not by the kernel. */
export interface ServiceLine {
  stamp: Stamp;
  /** The syslog tag: `kubelet` in `kubelet[1234]:`; null when the line has no tag. */
  identifier: string | null;
  pid: number | null;
  host: string | null;
  message: string;
  file: string;
  line: number;
}

/** Why a line of a kernel file produced no kernel message. */
export type SkippedLineKind = 'blank' | 'dictionary' | 'binary' | 'service';
