/**
 * One real kernel OOM kill (util-linux dmesg on kernel 6.18, a real memory cgroup named like a
 * kubelet's: test/sources/kernel/fixtures/oom-kill-cgroup-v1-kernel-6.18-real*.txt), written out
 * in every form a support engineer may be handed alone: the forms keep each line's text and
 * place its stamp the way that tool prints it (syslog, rsyslog RFC 3339, journalctl export, json
 * and short), on the boot whose printk clock read zero at 2026-11-28T03:57:39Z (the capture's
 * own `dmesg -T` says so).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../sources/kernel/fixtures/', import.meta.url));
export const REAL_DMESG = readFileSync(`${FIXTURES}oom-kill-cgroup-v1-kernel-6.18-real.txt`, 'utf8');
export const REAL_DMESG_T = readFileSync(`${FIXTURES}oom-kill-cgroup-v1-kernel-6.18-real-dmesg-T.txt`, 'utf8');

/** What the capture shows of the kill; the QoS class comes from the memcg path (`/kubepods/burstable/…`). */
export const REAL_KILL = {
  pid: 6519,
  process: 'python3',
  podUid: 'f9244834-dd20-44da-88e6-92d5af4a304c',
  containerId: 'af00aecef6480fc0ba0eba99a95b26f47a13ec4aa9c4098a166f70e3475a5174',
  qosClass: 'Burstable',
  /** Boot zero + the kill line's 931.472618 s. */
  utc: '2026-11-28T04:13:10.472Z',
} as const;

const BOOT_ZERO_MS = Date.UTC(2026, 10, 28, 3, 57, 39);
const BOOT_ID = '5c1a9c3e0b7d4f2a8e6b1d0c9f8a7e6d';
const HOST = 'worker-3';
/** journald reads kernel records a little after printk wrote them. */
const INGEST_DELAY_US = 2_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface KernelRecord {
  /** printk time in microseconds since boot. */
  monotonicUs: number;
  raw: string;
  text: string;
}

export function kernelRecords(dmesg = REAL_DMESG): KernelRecord[] {
  return dmesg
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^\[ *(\d+)\.(\d{6})\] ?(.*)$/.exec(line);
      if (!match) throw new Error(`not a raw dmesg line: ${line}`);
      return { monotonicUs: Number(match[1]) * 1_000_000 + Number(match[2]), raw: line, text: match[3]! };
    });
}

const wall = (record: KernelRecord) => new Date(BOOT_ZERO_MS + Math.floor(record.monotonicUs / 1000));
const two = (n: number) => String(n).padStart(2, '0');
const classic = (date: Date) => `${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;

/** rsyslog's default file format, the kernel's own stamp kept in the message (Debian kern.log). */
export function asSyslog(): string {
  return kernelRecords()
    .map((record) => `${classic(wall(record))} ${HOST} kernel: ${record.raw}\n`)
    .join('');
}

/** RSYSLOG_FileFormat: RFC 3339 with microseconds and zone. */
export function asRfc3339Syslog(): string {
  return kernelRecords()
    .map((record) => `${wall(record).toISOString().slice(0, 19)}.${String(record.monotonicUs % 1_000_000).padStart(6, '0')}+00:00 ${HOST} kernel: ${record.text}\n`)
    .join('');
}

function journalFields(record: KernelRecord, index: number): [string, string][] {
  const sourceUs = record.monotonicUs;
  const receivedUs = sourceUs + INGEST_DELAY_US;
  return [
    ['__CURSOR', `s=0f3b5c7d9e1a4b6c8d0e2f4a6b8c0d1e;i=${index + 1};b=${BOOT_ID};m=${receivedUs.toString(16)}`],
    ['__REALTIME_TIMESTAMP', String(BOOT_ZERO_MS * 1000 + receivedUs)],
    ['__MONOTONIC_TIMESTAMP', String(receivedUs)],
    ['_BOOT_ID', BOOT_ID],
    ['_TRANSPORT', 'kernel'],
    ['PRIORITY', record.text.includes('Killed process') ? '3' : '4'],
    ['SYSLOG_FACILITY', '0'],
    ['SYSLOG_IDENTIFIER', 'kernel'],
    ['_SOURCE_MONOTONIC_TIMESTAMP', String(sourceUs)],
    ['_HOSTNAME', HOST],
    ['MESSAGE', record.text],
  ];
}

/** `journalctl -k -o export`: one `NAME=value` line per field, a blank line after each entry. */
export function asJournalExport(): string {
  return kernelRecords()
    .map(
      (record, index) =>
        `${journalFields(record, index)
          .map(([name, value]) => `${name}=${value}`)
          .join('\n')}\n\n`,
    )
    .join('');
}

/** `journalctl -k -o json`: one object per line, every value a string. */
export function asJournalJson(): string {
  return kernelRecords()
    .map((record, index) => `${JSON.stringify(Object.fromEntries(journalFields(record, index)))}\n`)
    .join('');
}

/** `journalctl -k -o short` (or `short-iso`), with the header line journalctl prints first. */
export function asJournalShort(form: 'short' | 'short-iso' = 'short'): string {
  const header = '-- Journal begins at Sat 2026-11-28 03:57:39 UTC, ends at Sat 2026-11-28 04:20:01 UTC. --\n';
  const stamp = (date: Date) => (form === 'short' ? classic(date) : `${date.toISOString().slice(0, 19)}+0000`);
  return (
    header +
    kernelRecords()
      .map((record) => `${stamp(wall(record))} ${HOST} kernel: ${record.text}\n`)
      .join('')
  );
}

const APP_LINES = ['starting worker', 'allocating 16 MiB', 'allocating 32 MiB', 'allocating 48 MiB'];

/** The container's own log in the CRI format the kubelet writes (`<RFC3339Nano> <stream> <P|F> <text>`). */
export function criLog(): string {
  return APP_LINES.map((text, index) => `2026-11-28T04:13:0${index}.100000000Z stdout F ${text}\n`).join('');
}

/** Docker's json-file driver. */
export function dockerJsonLog(): string {
  return APP_LINES.map((text, index) => `${JSON.stringify({ log: `${text}\n`, stream: 'stdout', time: `2026-11-28T04:13:0${index}.1Z` })}\n`).join('');
}
