/**
 * CPU steal: time the hypervisor ran someone else while this VM had work to do. Pods get less
 * CPU than their requests promise, latencies rise and CFS throttling looks worse than it is;
 * nothing on the node can fix it. Judged on interval samples when the bundle has them.
 */
import type { NodeModel } from '../model/index.js';
import { defineRule, type Evidence } from './define-rule.js';
import { coreCount, judgedSamples, maxOf, mean, round, snapshotTime } from './vitals-helpers.js';
import { fixed } from './node-command-helpers.js';

/** A tenth of the CPU taken by the hypervisor: the level cloud providers' own guides call a problem. */
const STEAL_PERCENT = 10;

type Basis = 'interval' | 'since-boot' | 'snapshot';

interface StealReading {
  from: 'vmstat' | 'iostat' | 'top' | 'proc-stat';
  basis: Basis;
  values: number[];
  evidence: Evidence[];
}

export const cpuSteal = defineRule({
  id: 'cpu-steal',
  title: 'CPU stolen by the hypervisor',
  severity: 'warning',
  severities: {
    warning: 'the hypervisor took 10% of the CPU time or more',
  },
  requires: [['vmstat', 'iostat', 'top', 'procStat']],
  messages: {
    steal: 'The hypervisor took {stealPercent}% of the CPU ({stealFrom}, {basis}: {samples:sample}, peak {maxStealPercent}%): pods get less CPU than they were promised',
  },
  commands() {
    return [fixed("CPU stolen by the hypervisor ('st'; skip the first line: since boot)", 'vmstat 1 5'), fixed('steal per CPU', 'mpstat -P ALL 1 3')];
  },
  check(model, report) {
    const reading = stealReading(model);
    if (!reading) return;
    const average = mean(reading.values)!;
    if (average < STEAL_PERCENT) return;
    report({
      messageId: 'steal',
      data: { stealPercent: round(average), maxStealPercent: round(maxOf(reading.values)!), stealFrom: reading.from, samples: reading.values.length, basis: reading.basis, cores: coreCount(model) },
      time: snapshotTime(model),
      evidence: reading.evidence,
    });
  },
});

/** The best reading the bundle has: interval samples first, then top's snapshot, then since-boot figures. */
function stealReading(model: NodeModel): StealReading | null {
  const { vmstat, iostat, top, procStat } = model.vitals;
  const vm = judgedSamples((vmstat?.samples ?? []).filter((sample) => sample.cpuStealPercent !== null));
  const io = judgedSamples((iostat?.reports ?? []).filter((report) => report.cpu?.stealPercent != null));
  const vmReading: StealReading = { from: 'vmstat', basis: vm.basis, values: vm.samples.map((s) => s.cpuStealPercent!), evidence: vm.samples.map((s) => ({ path: vmstat!.file, line: s.line })) };
  const ioReading: StealReading = { from: 'iostat', basis: io.basis, values: io.samples.map((r) => r.cpu!.stealPercent!), evidence: io.samples.map((r) => ({ path: iostat!.file, line: r.line })) };
  const topSteal = top?.cpu?.stealPercent ?? null;
  const topReading: StealReading | null = topSteal === null ? null : { from: 'top', basis: 'snapshot', values: [topSteal], evidence: [{ path: top!.file, line: null }] };
  const candidates = [vmReading, ioReading].filter((reading) => reading.values.length > 0);
  const ordered = [...candidates.filter((reading) => reading.basis === 'interval'), ...(topReading ? [topReading] : []), ...candidates.filter((reading) => reading.basis === 'since-boot')];
  return ordered[0] ?? procStatSteal(procStat);
}

/** /proc/stat `cpu` ticks: the share of steal since boot (guest time is already counted in user). */
function procStatSteal(procStat: NodeModel['vitals']['procStat']): StealReading | null {
  const cpu = procStat?.cpu;
  if (!cpu || cpu.steal === null) return null;
  const total = [cpu.user, cpu.nice, cpu.system, cpu.idle, cpu.iowait, cpu.irq, cpu.softirq, cpu.steal].reduce<number>((sum, ticks) => sum + (ticks ?? 0), 0);
  if (total === 0) return null;
  return { from: 'proc-stat', basis: 'since-boot', values: [(cpu.steal / total) * 100], evidence: [{ path: procStat.file, line: null }] };
}
