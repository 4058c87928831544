/**
 * Bundles without podmortem's manifest (sos, EKS, Rancher, a /var/log copy, lone files given as a
 * folder) through the real pipeline: a real-looking OOM kill in raw dmesg gets a wall-clock time
 * from whatever anchor the layout holds — a `/proc/stat` copy's btime, `dmesg -T` or syslog copies
 * of the same lines — with the quality that anchor allows; year-less syslog stamps get their year
 * from the newest evidence, or the report says nothing tells it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { oomReport } from '../helpers/kernel-text.js';
import { modelFromSpec } from '../helpers/model.js';
import { asRfc3339Syslog, asSyslog, REAL_DMESG, REAL_DMESG_T, REAL_KILL } from '../helpers/lone-file-text.js';
import { reportOf } from '../report/helpers/report-of.js';
import type { Report } from '../../src/report/index.js';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (work = await tempDir('podmortem-foreign-time-')));
afterAll(async () => work.remove());

let count = 0;
async function analyzeSpec(spec: BundleSpec, wrapper = '', format: 'dir' | 'tar.gz' = 'tar.gz'): Promise<Report> {
  count += 1;
  return reportOf(await writeBundle(join(work.path, `input-${count}${format === 'dir' ? '' : '.tar.gz'}`), spec, format, wrapper));
}

/** Boot at 2026-11-27T09:56:30Z (btime 1795773390): the kill at 931.472465 s is 10:12:01.472 UTC. */
const BTIME = 1_795_773_390;
const KILL_AT = 931.472465;
const KILL_UTC = '2026-11-27T10:12:01.472Z';
const PROC_STAT = `cpu  100 0 100 1000 0 0 0 0 0 0\ncpu0 100 0 100 1000 0 0 0 0 0 0\nbtime ${BTIME}\n`;
/** Lines the kernel printed before the kill, so copies of the log share more than one line. */
const BOOT_LINES = [
  [12.503211, 'EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Quota mode: none.'],
  [14.10022, 'ena 0000:00:05.0 eth0: Link is up'],
  [301.914872, 'IPv6: ADDRCONF(NETDEV_CHANGE): eni7c1d2e3f: link becomes ready'],
] as const;
const RAW = BOOT_LINES.map(([at, text]) => `[${at.toFixed(6).padStart(12)}] ${text}\n`).join('') + oomReport(KILL_AT);

/** `dmesg -T`: boot time + printk stamp, to the second, in the node's zone (`offsetHours` east of UTC). */
function dmesgT(raw: string, offsetHours: number): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return raw.replace(/^\[ *([\d.]+)\]/gm, (_, seconds: string) => {
    const d = new Date(Math.floor(((BTIME + Number(seconds)) * 1000) / 1000) * 1000 + offsetHours * 3_600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    return `[${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}]`;
  });
}

/** rsyslog's default file format (`Nov 27 11:12:01 host kernel: [  931.472465] …`), a little after printk, in the node's zone. */
function classicSyslog(raw: string, offsetHours: number): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return raw
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const seconds = Number(/^\[ *([\d.]+)\]/.exec(line)![1]);
      const d = new Date((BTIME + seconds + 0.004) * 1000 + offsetHours * 3_600_000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} worker-3 kernel: ${line}\n`;
    })
    .join('');
}

function killOf(report: Report) {
  expect(report.oomKills).toHaveLength(1);
  return report.oomKills[0]!;
}

describe('raw dmesg in a bundle without a podmortem manifest gets a wall-clock time', () => {
  it('sos: from proc/stat btime (derived); the zone from date against date --utc, the collection from date --utc', async () => {
    const report = await analyzeSpec(
      {
        'sos_commands/kernel/dmesg': RAW,
        'proc/stat': PROC_STAT,
        'var/log/messages': classicSyslog(RAW, 1),
        'sos_commands/date/date': 'Fri Nov 27 11:15:02 CET 2026\n',
        'sos_commands/date/date_--utc': 'Fri Nov 27 10:15:02 UTC 2026\n',
        'sos_commands/host/uptime': ' 11:15:02 up 18 min,  1 user,  load average: 0.00, 0.01, 0.05\n',
        'sos_reports/manifest.json': '{\n    "version": "4.7.2",\n    "cmdline": "sos report --batch",\n    "start_time": "2026-11-27 11:14:31.402112",\n    "end_time": ""\n}\n',
        'version.txt': 'sosreport: 4.7.2\n',
      },
      'sosreport-worker-3-2026-11-27-xkqbzrt/',
    );
    expect(report.input.format).toBe('sos');
    expect(killOf(report)).toMatchObject({ time: KILL_UTC, timeQuality: 'derived' });
    expect(report.node.collectionStart).toBe('2026-11-27T10:15:02.000Z');
    expect(report.timeline.boots.find((boot) => boot.startedAt === '2026-11-27T09:56:30.000Z')?.clock).toBe('procstat-btime');
  });

  it('EKS: from system/procstat.txt btime; the --ctime copy tells the zone (UTC here) and pairs as a second, approximate anchor', async () => {
    const spec = {
      'kernel/dmesg.current': RAW,
      'kernel/dmesg.human.current': dmesgT(RAW, 0),
      'kernel/uname.txt': 'Linux ip-10-0-0-31.ec2.internal 6.1.112-124.190.amzn2023.x86_64 #1 SMP Fri Nov 1 2026 x86_64 GNU/Linux\n',
      'system/procstat.txt': PROC_STAT,
      'ipamd/ipam.json': '{}\n',
    };
    const report = await analyzeSpec(spec);
    expect(report.input.format).toBe('eks');
    expect(killOf(report)).toMatchObject({ time: KILL_UTC, timeQuality: 'derived' });
    const model = await modelFromSpec(spec);
    expect(model.boots).toEqual([{ bootId: null, zeroUtcMs: BTIME * 1000, source: 'procstat-btime', quality: 'derived' }]);
    expect(model.timeBasis).toMatchObject({ zoneFrom: 'inferred', utcOffsetMinutes: 0 });
  });

  it('EKS without procstat: from the --ctime copy of the same lines (approximate, and the report says -T drifts after suspend)', async () => {
    const report = await analyzeSpec({ 'kernel/dmesg.current': RAW, 'kernel/dmesg.human.current': dmesgT(RAW, 0), 'ipamd/ipam.json': '{}\n' });
    const kill = killOf(report);
    expect(kill.timeQuality).toBe('approximate');
    // -T prints whole seconds: the boot's zero is known to within one.
    expect(Math.abs(Date.parse(kill.time!) - Date.parse(KILL_UTC))).toBeLessThan(1000);
    expect(report.node.notes.join(' ')).toMatch(/dmesg -T .*suspend/);
    expect(report.node.notes.join(' ')).toMatch(/time zone is not recorded/);
  });

  it('var-log: dmesg and a classic kern.log, with btime-free evidence: the kern.log copy anchors raw dmesg; pod logs give the year', async () => {
    const report = await analyzeSpec(
      {
        dmesg: RAW,
        'kern.log': classicSyslog(RAW, 0),
        'pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log': '2026-11-27T10:12:00.900000000Z stdout F cache size 498 MiB\n',
      },
      'log/',
    );
    expect(report.input.format).toBe('var-log');
    const kill = killOf(report);
    expect(kill.timeQuality).toBe('approximate');
    expect(Math.abs(Date.parse(kill.time!) - Date.parse(KILL_UTC))).toBeLessThan(1000);
    expect(report.node.notes.join(' ')).toMatch(/put in 2026 .*newest dated record/);
  });
});

describe('lone files given together as a folder', () => {
  it('raw dmesg + an RFC 3339 kern.log (zone and year printed): raw dmesg is derived, to the millisecond', async () => {
    const spec = { dmesg: REAL_DMESG, 'kern.log': asRfc3339Syslog() };
    const report = await analyzeSpec(spec, '', 'dir');
    // The kern.log copy of the kill is itself exact; the copies are one kill at one time.
    expect(killOf(report)).toMatchObject({ pid: REAL_KILL.pid, time: REAL_KILL.utc });
    const model = await modelFromSpec(spec);
    expect(model.boots).toEqual([{ bootId: null, zeroUtcMs: expect.closeTo(Date.parse('2026-11-28T03:57:39Z'), 0), source: 'syslog-monotonic', quality: 'derived' }]);
    // Without the kern.log's copy of the kill, the kill is raw dmesg's alone, on that clock.
    const withoutKill = asRfc3339Syslog()
      .split('\n')
      .filter((line) => !line.includes('Killed process'))
      .join('\n');
    const rawOnly = await analyzeSpec({ dmesg: REAL_DMESG, 'kern.log': withoutKill }, '', 'dir');
    expect(rawOnly.oomKills.find((kill) => kill.pid === REAL_KILL.pid)).toMatchObject({ time: REAL_KILL.utc, timeQuality: 'derived' });
  });

  it('raw dmesg + dmesg -T: approximate, within the second -T prints', async () => {
    const report = await analyzeSpec({ 'dmesg.txt': REAL_DMESG, 'dmesg-T.txt': REAL_DMESG_T }, '', 'dir');
    const kill = killOf(report);
    expect(kill.timeQuality).toBe('approximate');
    expect(Math.abs(Date.parse(kill.time!) - Date.parse(REAL_KILL.utc))).toBeLessThan(1000);
  });

  it('raw dmesg + a classic kern.log and nothing dated: no year anywhere, and the report says so', async () => {
    const report = await analyzeSpec({ dmesg: REAL_DMESG, 'kern.log': asSyslog() }, '', 'dir');
    expect(killOf(report)).toMatchObject({ time: null, timeQuality: 'unknown' });
    expect(report.node.notes.join(' ')).toMatch(/nothing in the bundle tells the year/);
  });
});

describe('the year of syslog stamps', () => {
  it('a syslog-only bundle with no year source leaves times unknown and says why', async () => {
    const report = await analyzeSpec({ 'kern.log': classicSyslog(RAW, 0), 'syslog.1': 'Nov 27 09:56:40 worker-3 systemd[1]: Started kubelet.service.\n' }, 'log/');
    expect(report.input.format).toBe('var-log');
    expect(killOf(report)).toMatchObject({ time: null, timeQuality: 'unknown' });
    expect(report.node.notes.join(' ')).toMatch(/could not be placed: nothing in the bundle tells the year/);
  });

  it('a December line in a bundle collected in January is put in the year before', async () => {
    const december = oomReport(KILL_AT)
      .split('\n')
      .filter(Boolean)
      .map((line) => `Dec 31 23:59:58 worker-3 kernel: ${line}\n`)
      .join('');
    const report = await analyzeSpec(
      { 'systeminfo/dmesg': '', 'systemlogs/kern.log': december, 'systeminfo/date': 'Sat Jan  2 08:00:00 UTC 2027\n', 'systeminfo/hostname': 'worker-3\n' },
      'worker-3-2027-01-02_08_00_00/',
    );
    expect(report.input.format).toBe('rancher');
    expect(killOf(report)).toMatchObject({ time: '2026-12-31T23:59:58.000Z', timeQuality: 'approximate' });
    expect(report.node.collectionStart).toBe('2027-01-02T08:00:00.000Z');
  });
});
