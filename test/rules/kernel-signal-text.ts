/**
 * The same kernel messages in each form a bundle holds them, for the kernel-signal rule tests:
 * raw dmesg, rsyslog kern.log (with and without the inner `[seconds]`) and journal export entries
 * of the kernel transport. Times follow MANIFEST's anchor (test/helpers/model.ts: `utcAt`).
 */
import { utcAt } from '../helpers/model.js';

/** [monotonic seconds, message] */
export type KernelLine = readonly [number, string];

/** The boot of test/helpers/model.ts MANIFEST, as the journal writes it. */
export const BOOT_ID = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';

/** `[ 1500.000200] blk_update_request: I/O error, …` */
export function dmesg(lines: readonly KernelLine[]): string {
  return lines.map(([seconds, text]) => `[${seconds.toFixed(6).padStart(12)}] ${text}\n`).join('');
}

/** `Nov 26 09:40:02 worker-3 kernel: [ 1500.000200] blk_update_request: …` (the node's zone is UTC). */
export function kernLog(lines: readonly KernelLine[], options: { innerStamp?: boolean } = {}): string {
  const { innerStamp = true } = options;
  return lines
    .map(([seconds, text]) => {
      const wall = new Date(utcAt(seconds));
      const month = wall.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      const clock = wall.toISOString().slice(11, 19);
      const inner = innerStamp ? `[${seconds.toFixed(6).padStart(12)}] ` : '';
      return `${month} ${String(wall.getUTCDate()).padStart(2)} ${clock} worker-3 kernel: ${inner}${text}\n`;
    })
    .join('');
}

/** `journalctl -o export _TRANSPORT=kernel`: one entry per message, received 40 ms after it was printed. */
export function journalKernel(lines: readonly KernelLine[]): string {
  return lines
    .map(([seconds, text]) => {
      const micros = Math.round(seconds * 1e6);
      return [
        `__REALTIME_TIMESTAMP=${Date.parse(utcAt(seconds)) * 1000 + 40_000}`,
        `__MONOTONIC_TIMESTAMP=${micros + 40_000}`,
        `_BOOT_ID=${BOOT_ID}`,
        '_TRANSPORT=kernel',
        'PRIORITY=3',
        'SYSLOG_FACILITY=0',
        'SYSLOG_IDENTIFIER=kernel',
        `_SOURCE_MONOTONIC_TIMESTAMP=${micros}`,
        `MESSAGE=${text}`,
        '',
        '',
      ].join('\n');
    })
    .join('');
}

/** A process table in the collector's format (`stats/ps.txt`). */
export function psTable(rows: readonly { pid: number; comm: string; cgroup: string; state?: string }[]): string {
  const header = 'PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS\n';
  return header + rows.map((row) => `${row.pid}\t1\t${row.state ?? 'S'}\t0\t1024\t2048\t0\t${row.comm}\t${row.cgroup}\t${row.comm}\n`).join('');
}
