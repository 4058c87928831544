import { describe, expect, it } from 'vitest';
import { cpuSteal } from '../../src/rules/cpu-steal.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, IOSTAT_SYSTEM_LINE, iostatReport, NVME0_QUIET, statsFixture, vmstat, vmstatRow } from './vitals-fixtures.js';

describe('cpu-steal', () => {
  it('reports steal from the vmstat interval samples, leaving out the since-boot row', async () => {
    const text = vmstat([vmstatRow({ st: 2 }, 3), vmstatRow({ st: 22 }, 4), vmstatRow({ st: 31 }, 5), vmstatRow({ st: 18 }, 6)]);
    const { findings } = await checkRule(cpuSteal, { 'manifest.json': MANIFEST, 'stats/vmstat.txt': text, 'stats/proc-stat.txt': statsFixture('proc-stat-linux-6.18-2-cpus.txt') });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'steal', severity: 'warning', data: { stealPercent: 23.7, maxStealPercent: 31, stealFrom: 'vmstat', samples: 3, basis: 'interval', cores: 2 } }),
    ]);
    expect(findings[0]!.evidence).toEqual([4, 5, 6].map((line) => ({ path: 'stats/vmstat.txt', line })));
  });

  it('reads iostat avg-cpu %steal when there is no vmstat', async () => {
    const text = IOSTAT_SYSTEM_LINE + [iostatReport('11/27/26 11:15:03', '0.10', [NVME0_QUIET], '3.00'), iostatReport('11/27/26 11:15:04', '0.10', [NVME0_QUIET], '14.50')].join('\n');
    const { findings } = await checkRule(cpuSteal, { 'manifest.json': MANIFEST, 'stats/iostat.txt': text });
    expect(findings.map((finding) => finding.data)).toEqual([expect.objectContaining({ stealPercent: 14.5, stealFrom: 'iostat', samples: 1, basis: 'interval', cores: 2 })]);
  });

  it("uses top's snapshot, then /proc/stat since boot, when no interval sample exists", async () => {
    const top = statsFixture('top-procps-4.0.2-mib-mem.txt').replace('0.0 si,  0.0 st', '0.0 si, 17.5 st');
    const viaTop = await checkRule(cpuSteal, { 'manifest.json': MANIFEST, 'stats/top.txt': top });
    expect(viaTop.findings.map((finding) => finding.data)).toEqual([expect.objectContaining({ stealPercent: 17.5, stealFrom: 'top', basis: 'snapshot' })]);
    const procStat = 'cpu  7863 0 1308 17866 135 0 87 4000 0 0\ncpu0 3931 0 654 8933 67 0 43 2000 0 0\ncpu1 3932 0 654 8933 68 0 44 2000 0 0\nbtime 1795838259\n';
    const viaProcStat = await checkRule(cpuSteal, { 'manifest.json': MANIFEST, 'stats/proc-stat.txt': procStat });
    expect(viaProcStat.findings.map((finding) => finding.data)).toEqual([expect.objectContaining({ stealPercent: 12.8, stealFrom: 'proc-stat', basis: 'since-boot', samples: 1, cores: 2 })]);
  });

  it('does not fire for steal in the since-boot row only, nor on a quiet node', async () => {
    const sinceBoot = vmstat([vmstatRow({ st: 40 }, 3), vmstatRow({ st: 1 }, 4), vmstatRow({ st: 0 }, 5)]);
    for (const text of [sinceBoot, statsFixture('vmstat-procps-4.0.2-wide-timestamp-utc.txt')]) {
      const { run } = await checkRule(cpuSteal, { 'manifest.json': MANIFEST, 'stats/vmstat.txt': text });
      expect(run).toEqual({ ruleId: 'cpu-steal', status: 'ran', findings: 0 });
    }
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(cpuSteal);
  });
});
