import { describe, expect, it } from 'vitest';
import { diskSaturation } from '../../src/rules/disk-saturation.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, IOSTAT_SYSTEM_LINE, iostatReport, NVME0_QUIET, NVME1_BUSY_FAST, NVME1_QUIET, NVME1_SATURATED, statsFixture, vmstat, vmstatRow } from './vitals-fixtures.js';

const iostat = (...reports: string[]) => IOSTAT_SYSTEM_LINE + reports.join('\n');
const at = (second: number) => `11/27/26 11:15:0${second}`;

describe('disk-saturation', () => {
  it('reports a device saturated in the interval samples, with the node iowait, as critical at second-long waits', async () => {
    const text = iostat(
      iostatReport(at(3), '38.50', [NVME0_QUIET, NVME1_SATURATED]),
      iostatReport(at(4), '68.84', [NVME0_QUIET, NVME1_SATURATED]),
      iostatReport(at(5), '66.83', [NVME0_QUIET, NVME1_SATURATED]),
    );
    const { findings } = await checkRule(diskSaturation, {
      'manifest.json': MANIFEST,
      'stats/iostat.txt': text,
      'stats/pressure/io': 'some avg10=62.11 avg60=58.03 avg300=40.77 total=1204412044\nfull avg10=55.40 avg60=51.12 avg300=35.09 total=1012044120\n',
    });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'device-saturated',
        severity: 'critical',
        subject: { device: 'nvme1n1' },
        time: '2026-11-27T10:15:02Z',
        data: expect.objectContaining({
          device: 'nvme1n1',
          saturatedSamples: 2,
          samples: 2,
          basis: 'interval',
          utilPercent: 100,
          awaitMs: 1204.1,
          queueLength: 485.1,
          iowaitPercent: 67.8,
          ioPressureFullAvg60: 51.12,
        }),
      }),
    ]);
    expect(findings[0]!.evidence[0]).toEqual({ path: 'stats/iostat.txt', line: 18 });
  });

  it('reads the sysstat 10.2 layout (await column, device names with a colon header) as a warning at 100 ms', async () => {
    const { findings } = await checkRule(diskSaturation, { 'manifest.json': MANIFEST, 'stats/iostat.txt': statsFixture('iostat-sysstat-10.2-avgrq-sz.txt') });
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.data.device, finding.data.awaitMs, finding.data.basis])).toEqual([
      ['device-saturated', 'warning', 'dm-0', 101.9, 'interval'],
      ['device-saturated', 'warning', 'sda', 100.8, 'interval'],
    ]);
  });

  it('does not fire for a disk that is busy but fast, nor for one saturated only in the since-boot report', async () => {
    const busyFast = iostat(iostatReport(at(3), '0.50', [NVME1_BUSY_FAST]), iostatReport(at(4), '0.40', [NVME1_BUSY_FAST]));
    const sinceBootOnly = iostat(iostatReport(at(3), '1.00', [NVME1_SATURATED]), iostatReport(at(4), '0.40', [NVME1_QUIET]), iostatReport(at(5), '0.40', [NVME1_QUIET]));
    for (const text of [busyFast, sinceBootOnly]) {
      const { run, findings } = await checkRule(diskSaturation, { 'manifest.json': MANIFEST, 'stats/iostat.txt': text });
      expect(run).toEqual({ ruleId: 'disk-saturation', status: 'ran', findings: 0 });
      expect(findings).toEqual([]);
    }
  });

  it('judges a single since-boot report when it is all there is, and says so', async () => {
    const { findings } = await checkRule(diskSaturation, { 'manifest.json': MANIFEST, 'stats/iostat.txt': iostat(iostatReport(at(3), '38.50', [NVME1_SATURATED])) });
    expect(findings.map((finding) => finding.data)).toEqual([expect.objectContaining({ device: 'nvme1n1', samples: 1, basis: 'since-boot', iowaitPercent: 38.5 })]);
  });

  it('reports high iowait from vmstat when no device is named, skipping the since-boot row', async () => {
    const rows = [vmstatRow({ b: 1, wa: 2 }, 3), vmstatRow({ b: 8, wa: 69 }, 4), vmstatRow({ b: 7, wa: 67 }, 5), vmstatRow({ b: 9, wa: 72 }, 6), vmstatRow({ b: 8, wa: 71 }, 7)];
    const { findings } = await checkRule(diskSaturation, { 'manifest.json': MANIFEST, 'stats/vmstat.txt': vmstat(rows) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'iowait-high',
        severity: 'warning',
        data: expect.objectContaining({ iowaitPercent: 69.8, maxIowaitPercent: 72, iowaitFrom: 'vmstat', samples: 4, basis: 'interval', blockedTasks: 8 }),
      }),
    ]);
    expect(findings[0]!.evidence).toEqual([3, 4, 5, 6].map((line) => ({ path: 'stats/vmstat.txt', line: line + 1 })));
  });

  it('does not fire on a quiet node (procps-ng 4.0.2 vmstat)', async () => {
    const { findings } = await checkRule(diskSaturation, { 'manifest.json': MANIFEST, 'stats/vmstat.txt': statsFixture('vmstat-procps-4.0.2-wide-timestamp-utc.txt') });
    expect(findings).toEqual([]);
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(diskSaturation);
  });
});
