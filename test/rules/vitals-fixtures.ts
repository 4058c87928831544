/**
 * Real-format stat snapshots for the node-vitals rule tests: the stats parsers' own fixtures
 * (test/sources/stats/fixtures/), and the node-pressure scenario's outputs (sysstat 12.6.1,
 * procps-ng 4.0.2, coreutils 9.1 layouts) with the numbers of a node in trouble.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

export function statsFixture(name: string): string {
  return readFileSync(join(REPO_ROOT, 'test/sources/stats/fixtures', name), 'utf8');
}

const IOSTAT_HEADER =
  'Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util';

/** One `iostat -x -t` report of sysstat 12.6.1: the avg-cpu block, then one row per device. */
export function iostatReport(stamp: string, iowait: string, devices: string[], steal = '0.00'): string {
  return [`${stamp}`, 'avg-cpu:  %user   %nice %system %iowait  %steal   %idle', `          10.41    0.02    5.12   ${iowait}    ${steal}   45.95`, '', IOSTAT_HEADER, ...devices, '', ''].join('\n');
}

export const IOSTAT_SYSTEM_LINE = 'Linux 5.15.0-1051-aws (worker-7) \t11/27/26 \t_x86_64_\t(2 CPU)\n\n';

/** Device rows: the quiet root disk, and the data disk saturated by a `dd` (1.2 s per write, 485 queued). */
export const NVME0_QUIET = 'nvme0n1          0.00      0.00     0.00   0.00    0.00     0.00    3.00    16.00     1.00  25.00    1.33     5.33    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    0.00   0.40';
export const NVME1_SATURATED = 'nvme1n1         12.00    768.00     0.00   0.00   98.41    64.00  402.00 50120.00   98.00  19.60 1204.12   124.68    0.00      0.00     0.00   0.00    0.00     0.00   10.00  812.00  485.12 100.00';
export const NVME1_QUIET = 'nvme1n1          1.00     16.00     0.00   0.00    0.98    16.00    2.00     8.00     0.00   0.00    1.50     4.00    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    0.00   0.20';
/** Busy but healthy: an NVMe disk serving 9000 reads a second at 0.9 ms. */
export const NVME1_BUSY_FAST = 'nvme1n1       9012.00 288384.00     0.00   0.00    0.91    32.00   12.00    96.00     0.00   0.00    0.50     8.00    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    8.21 100.00';

/** `vmstat -w -t 1 5` header of procps-ng 4.0.2 with the zone label, as on the node-pressure sample. */
export const VMSTAT_HEADER = [
  '--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- --------cpu-------- -----timestamp-----',
  ' r  b         swpd         free         buff        cache   si   so    bi    bo   in   cs us sy id wa st                 CET',
].join('\n');

/** A vmstat row: `r b swpd free buff cache si so bi bo in cs us sy id wa st` and the stamp. */
export function vmstatRow(values: { r?: number; b?: number; si?: number; so?: number; us?: number; wa?: number; st?: number; id?: number }, second: number): string {
  const { r = 1, b = 0, si = 0, so = 0, us = 10, wa = 0, st = 0 } = values;
  const id = values.id ?? Math.max(0, 100 - us - 6 - wa - st);
  const cells = [r, b, 1985104, 141204, 12044, 341204, si, so, 4120, 41204, 2012, 3120, us, 6, id, wa, st];
  const widths = [2, 2, 12, 12, 12, 12, 4, 4, 5, 5, 4, 4, 2, 2, 2, 2, 2];
  return `${cells.map((cell, index) => String(cell).padStart(widths[index]!)).join(' ')} 2026-11-27 11:15:0${second}`;
}

export function vmstat(rows: string[]): string {
  return `${VMSTAT_HEADER}\n${rows.join('\n')}\n`;
}

/** The collector's process table header (tab-separated, read from /proc). */
export const PS_HEADER = 'PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS';

export function ps(rows: string[][]): string {
  return `${[PS_HEADER, ...rows.map((row) => row.join('\t'))].join('\n')}\n`;
}
