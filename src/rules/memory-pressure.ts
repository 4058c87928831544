/**
 * The node as a whole is short of memory: little MemAvailable left, tasks stalling on memory
 * (PSI), or pages moving to and from swap. One finding for the node, naming which signals fired
 * and the largest resident processes, since those are what the kubelet evicts or the kernel kills.
 */
import type { NodeModel } from '../model/index.js';
import { defineRule, type Evidence, type Severity } from './define-rule.js';
import { judgedSamples, kibToMib, known, maxOf, mean, ProcessNames, round, snapshotTime, type SampleBasis } from './vitals-helpers.js';
import { remedyFacts } from './command-helpers.js';
import { kubepodsCounters } from './memory-command-helpers.js';
import { fixed, nodeConditions } from './node-command-helpers.js';

/** MemAvailable below a tenth of MemTotal: page cache is nearly gone, reclaim is under way. */
const AVAILABLE_WARNING_PERCENT = 10;
/** Below a twentieth: the next allocation burst means eviction or the OOM killer. */
const AVAILABLE_CRITICAL_PERCENT = 5;
/** PSI `some` (recent: max of avg10 and avg60): some task waited on memory a tenth of the time. */
const PSI_SOME_PERCENT = 10;
/** PSI `full`: every non-idle task stalled on memory at once; at 5 % work visibly slows. */
const PSI_FULL_PERCENT = 5;
/** At a fifth of the time the node is thrashing. */
const PSI_FULL_CRITICAL_PERCENT = 20;
/** vmstat si + so: 100 KiB/s sustained (≈25 pages a second) is steady swapping, not a stray page. */
const SWAP_KIB_PER_SEC = 100;

type Signal = 'low-available' | 'psi-some' | 'psi-full' | 'swap-activity';

interface Reading {
  signals: Signal[];
  severity: Severity;
  data: Record<string, string | number | null>;
  evidence: Evidence[];
}

export const memoryPressure = defineRule({
  id: 'memory-pressure',
  title: 'Node under memory pressure',
  severity: 'warning',
  severities: {
    critical: 'available memory under 5% or PSI full at or above 20%',
    warning: 'available memory under 10%, PSI above its thresholds, or swap traffic',
  },
  requires: [['meminfo', 'free', 'top', 'pressure', 'vmstat']],
  messages: {
    pressure: 'Node memory under pressure ({signals}): {availableMib} MiB of {totalMib} MiB available ({availablePercent}%); largest processes: {topProcesses}',
    'pressure-total-unknown': 'Node memory under pressure ({signals}); largest processes: {topProcesses}',
  },
  commands(_finding, model) {
    const facts = remedyFacts(model);
    return [
      fixed('memory available and swap now', "grep -E 'MemTotal|MemAvailable|Swap' /proc/meminfo"),
      fixed('memory pressure: how long tasks stalled on memory', 'cat /proc/pressure/memory'),
      fixed('the largest memory users on the node now', 'ps -eo pid,rss,comm --sort=-rss | head -15'),
      nodeConditions(facts),
      kubepodsCounters(facts),
      fixed("swap-in and swap-out ('si', 'so')", 'vmstat 1 5'),
    ];
  },
  check(model, report) {
    const readings = [availableMemory(model), memoryStall(model), swapActivity(model)].filter((reading): reading is Reading => reading !== null);
    const fired = readings.filter((reading) => reading.signals.length > 0);
    if (fired.length === 0) return;
    const largest = new ProcessNames(model).topMemory();
    const data = Object.assign({}, ...readings.map((reading) => reading.data)) as Record<string, string | number | null>;
    report({
      messageId: data.availableMib === undefined ? 'pressure-total-unknown' : 'pressure',
      severity: fired.some((reading) => reading.severity === 'critical') ? 'critical' : 'warning',
      data: { signals: fired.flatMap((reading) => reading.signals), ...data, topProcesses: largest.labels, topPids: largest.pids },
      time: snapshotTime(model),
      evidence: [...fired.flatMap((reading) => reading.evidence), ...largest.evidence],
    });
  },
});

/** MemAvailable from /proc/meminfo, else `free`'s available, else top's `avail Mem`. */
function availableMemory(model: NodeModel): Reading | null {
  const { meminfo, free, top } = model.vitals;
  const sources = [
    { from: 'meminfo', file: meminfo?.file, total: meminfo?.memTotalKib, available: meminfo?.memAvailableKib },
    { from: 'free', file: free?.file, total: free?.memory?.totalKib, available: free?.memory?.availableKib },
    { from: 'top', file: top?.file, total: top?.memory?.totalKib, available: top?.memory?.availableKib },
  ];
  const source = sources.find((candidate) => candidate.file && candidate.total && candidate.available != null);
  if (!source) return null;
  const percent = (source.available! / source.total!) * 100;
  const data = { availableMib: kibToMib(source.available!), totalMib: kibToMib(source.total!), availablePercent: round(percent, 2), availableFrom: source.from };
  const severity: Severity = percent < AVAILABLE_CRITICAL_PERCENT ? 'critical' : 'warning';
  const fired = percent < AVAILABLE_WARNING_PERCENT;
  return { signals: fired ? ['low-available'] : [], severity, data, evidence: fired ? [{ path: source.file!, line: null }] : [] };
}

/** /proc/pressure/memory: the share of recent wall time tasks spent waiting on memory. */
function memoryStall(model: NodeModel): Reading | null {
  const memory = model.vitals.pressure.memory;
  if (!memory?.some) return null;
  const some = Math.max(memory.some.avg10, memory.some.avg60);
  const full = memory.full ? Math.max(memory.full.avg10, memory.full.avg60) : null;
  const signals: Signal[] = [];
  if (some >= PSI_SOME_PERCENT) signals.push('psi-some');
  if (full !== null && full >= PSI_FULL_PERCENT) signals.push('psi-full');
  return {
    signals,
    severity: full !== null && full >= PSI_FULL_CRITICAL_PERCENT ? 'critical' : 'warning',
    data: {
      psiSomeAvg10: memory.some.avg10,
      psiSomeAvg60: memory.some.avg60,
      psiSomeAvg300: memory.some.avg300,
      psiFullAvg10: memory.full?.avg10 ?? null,
      psiFullAvg60: memory.full?.avg60 ?? null,
      psiFullAvg300: memory.full?.avg300 ?? null,
    },
    evidence: signals.length > 0 ? [{ path: memory.file, line: null }] : [],
  };
}

/** vmstat si/so: swap traffic over the interval samples (the since-boot row only when alone). */
function swapActivity(model: NodeModel): Reading | null {
  const vmstat = model.vitals.vmstat;
  if (!vmstat) return null;
  const { samples, basis } = judgedSamples(vmstat.samples.filter((sample) => sample.swapInKibPerSec !== null && sample.swapOutKibPerSec !== null));
  if (samples.length === 0) return null;
  const traffic = samples.map((sample) => sample.swapInKibPerSec! + sample.swapOutKibPerSec!);
  const average = mean(traffic)!;
  const fired = average >= SWAP_KIB_PER_SEC;
  const swapUsedKib = maxOf(known(samples.map((sample) => sample.swapUsedKib)));
  return {
    signals: fired ? ['swap-activity'] : [],
    severity: 'warning',
    data: {
      swapInKibPerSec: round(mean(samples.map((sample) => sample.swapInKibPerSec!))!),
      swapOutKibPerSec: round(mean(samples.map((sample) => sample.swapOutKibPerSec!))!),
      swapUsedMib: swapUsedKib === null ? null : kibToMib(swapUsedKib),
      swapSamples: samples.length,
      swapBasis: basis satisfies SampleBasis,
    },
    evidence: fired ? samples.map((sample) => ({ path: vmstat.file, line: sample.line })) : [],
  };
}
