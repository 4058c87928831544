/**
 * Real-format stat snapshots for the node-vitals rule tests: the stats parsers' own fixtures
 * (test/sources/stats/fixtures/), and the node-pressure scenario's outputs (sysstat 12.6.1,
 * procps-ng 4.0.2, coreutils 9.1 layouts) with the numbers of a node in trouble.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runRules, type Rule } from '../../src/rules/index.js';
import type { BundleSpec } from '../helpers/bundle.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';
import { seededRandom } from '../helpers/seeded-random.js';

export function statsFixture(name: string): string {
  return readFileSync(join(REPO_ROOT, 'test/sources/stats/fixtures', name), 'utf8');
}

const IOSTAT_HEADER =
  'Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util';

/** One `iostat -x -t` report of sysstat 12.6.1: the avg-cpu block, then one row per device. */
export function iostatReport(stamp: string, iowait: string, devices: string[], steal = '0.00'): string {
  return [stamp, 'avg-cpu:  %user   %nice %system %iowait  %steal   %idle', `          10.41    0.02    5.12   ${iowait}    ${steal}   45.95`, '', IOSTAT_HEADER, ...devices, '', ''].join('\n');
}

export const IOSTAT_SYSTEM_LINE = 'Linux 5.15.0-1051-aws (worker-7) \t11/27/26 \t_x86_64_\t(2 CPU)\n\n';

/** Device rows: the quiet root disk, and the data disk saturated by a `dd` (1.2 s per write, 485 queued). */
export const NVME0_QUIET =
  'nvme0n1          0.00      0.00     0.00   0.00    0.00     0.00    3.00    16.00     1.00  25.00    1.33     5.33    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    0.00   0.40';
export const NVME1_SATURATED =
  'nvme1n1         12.00    768.00     0.00   0.00   98.41    64.00  402.00 50120.00   98.00  19.60 1204.12   124.68    0.00      0.00     0.00   0.00    0.00     0.00   10.00  812.00  485.12 100.00';
export const NVME1_QUIET =
  'nvme1n1          1.00     16.00     0.00   0.00    0.98    16.00    2.00     8.00     0.00   0.00    1.50     4.00    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    0.00   0.20';
/** Busy but healthy: an NVMe disk serving 9000 reads a second at 0.9 ms. */
export const NVME1_BUSY_FAST =
  'nvme1n1       9012.00 288384.00     0.00   0.00    0.91    32.00   12.00    96.00     0.00   0.00    0.50     8.00    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    8.21 100.00';

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

/**
 * A troubled node's stat snapshots in real formats (fixtures, and the node-pressure scenario's
 * figures), so that mutations reach the rules' finding paths as well as their guards.
 */
const SNAPSHOT: Record<string, () => string> = {
  'stats/iostat.txt': () => statsFixture('iostat-sysstat-10.2-avgrq-sz.txt'),
  'stats/vmstat.txt': () => vmstat([vmstatRow({ b: 1 }, 3), vmstatRow({ r: 9, b: 8, si: 900, so: 2400, wa: 40, st: 14 }, 4), vmstatRow({ r: 8, b: 9, si: 700, so: 2000, wa: 45, st: 12 }, 5)]),
  'stats/top.txt': () => statsFixture('top-procps-4.0.5-d-sleep-per-cpu.txt').replace('0 zombie', '3 zombie'),
  'stats/ps.txt': () => statsFixture('ps-collector-cgroup-v2-kubepods.txt'),
  'stats/ss.txt': () =>
    `${statsFixture('ss-iproute2-6.1-process-header.txt')}tcp   LISTEN 0      4096      *:30080      *:*    users:(("kube-proxy",pid=2001,fd=14))\ntcp   LISTEN 0      4096      0.0.0.0:10250      *:*    users:(("python3",pid=8120,fd=3))\n`,
  'stats/ip-route.txt': () => statsFixture('ip-route-iproute2-6.1-real.txt'),
  'stats/df.txt': () =>
    'Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/root         20145724 18722044    960712      96% /\ntmpfs              4026220        0   4026220       0% /dev/shm\n/dev/nvme1n1p1    51290592 48641204   2012044      95% /var/lib/containerd\n',
  'stats/df-inodes.txt': () =>
    'Filesystem       Inodes   IUsed   IFree IUse% Mounted on\n/dev/root       2580480 2503066   77414   97% /\n/dev/nvme1n1p1  3276800 3112044  164756   95% /var/lib/containerd\n/dev/nvme0n1p15       0       0       0     - /boot/efi\n',
  'stats/meminfo.txt': () => 'MemTotal:        8052444 kB\nMemFree:          141204 kB\nMemAvailable:     402044 kB\nSwapTotal:       2097148 kB\nSwapFree:         112044 kB\n',
  'stats/loadavg.txt': () => '9.41 8.77 6.02 2/498 31877\n',
  'stats/proc-stat.txt': () => statsFixture('proc-stat-linux-6.18-2-cpus.txt'),
  'stats/pressure/memory': () => 'some avg10=41.20 avg60=38.77 avg300=21.04 total=912044120\nfull avg10=30.12 avg60=28.41 avg300=15.20 total=712044120\n',
  'stats/pressure/io': () => statsFixture('pressure-linux-6.18/io'),
  'stats/pressure/cpu': () => statsFixture('pressure-linux-6.18/cpu'),
  'system/kubelet-flags.txt': () => '/usr/bin/kubelet\n--eviction-hard=memory.available<200Mi,nodefs.available<1Gi,imagefs.available<10%\n',
  'stats/ip6-route.txt': () => statsFixture('ip6-route-iproute2-eks-ipv6-ra-default.txt'),
};
const EXTREMES = ['0', '-1', '99999999999999', '100.00', '0.00', '7', '-', '1e3', ''];

/** Numbers swapped for extremes, lines cut or dropped, bytes flipped: text the parsers still half-read. */
function mutate(random: () => number, text: string): string {
  const lines = text.split('\n').filter(() => random() > 0.1);
  const mutated = lines.map((line) => {
    let out = line.replace(/-?\d+(?:[.,]\d+)?/g, (number) => (random() < 0.3 ? EXTREMES[Math.floor(random() * EXTREMES.length)]! : number));
    if (random() < 0.1) out = out.slice(0, Math.floor(random() * out.length));
    if (random() < 0.05 && out.length > 0) {
      const at = Math.floor(random() * out.length);
      out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + out.slice(at + 1);
    }
    return out;
  });
  return mutated.join('\n');
}

/** Runs the rule on seeded mutations of real snapshots: it must run, never error. */
export async function expectRunsOnMutatedSnapshots(rule: Rule, seeds = 10): Promise<void> {
  for (let seed = 1; seed <= seeds; seed += 1) {
    const random = seededRandom(seed);
    const spec: BundleSpec = { 'manifest.json': MANIFEST, 'pods/shop_cart-6d5c4b3a2-hg7fd_8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d/cart/0.log': '' };
    for (const [path, text] of Object.entries(SNAPSHOT)) spec[path] = mutate(random, text());
    const { runs } = runRules(await modelFromSpec(spec), [rule]);
    expect(runs[0], `${rule.id}, seed ${seed}`).toEqual({ ruleId: rule.id, status: 'ran', findings: expect.any(Number) });
  }
}
