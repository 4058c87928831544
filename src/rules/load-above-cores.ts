/**
 * The load average above the number of cores: more tasks want to run (or are stuck in
 * uninterruptible sleep, which Linux also counts) than the node has CPUs. Whether the load is CPU
 * demand or tasks blocked on I/O decides what to look at, so the finding says which it is.
 */
import type { NodeModel } from '../model/index.js';
import { defineRule, type Evidence } from './define-rule.js';
import { coreCount, judgedSamples, known, mean, ProcessNames, round, snapshotTime } from './vitals-helpers.js';
import { fixed } from './node-command-helpers.js';

/** The 5-minute load per core above which tasks wait for a CPU: a sustained state, not a one-minute spike. */
const LOAD_PER_CORE = 1;
/** Twice as many tasks as cores for five minutes: every task waits as long as it runs. */
const CRITICAL_LOAD_PER_CORE = 2;
/** How many blocked (D state) processes a finding names. */
const BLOCKED_NAMED = 5;

export const loadAboveCores = defineRule({
  id: 'load-above-cores',
  title: 'Load average above the core count',
  severity: 'warning',
  severities: {
    critical: 'load average above twice the core count',
    warning: 'load average above the core count',
  },
  requires: [
    ['loadavg', 'top'],
    ['procStat', 'top', 'iostat'],
  ],
  messages: {
    'load-cpu': 'Load {load5} over 5 minutes on {cores:core} ({loadPerCore} per core, {runnable} runnable, {blocked} blocked); busiest: {topProcesses}',
    'load-io': 'Load {load5} over 5 minutes on {cores:core} ({loadPerCore} per core) is mostly {blocked:task} blocked on I/O, not CPU demand; blocked: {blockedProcesses}',
  },
  commands() {
    return [
      fixed('the load and the number of cores now', 'cat /proc/loadavg; nproc'),
      fixed("runnable ('r') and blocked ('b') tasks", 'vmstat 1 5'),
      fixed('tasks blocked on I/O now, and where they wait', "ps -eo pid,stat,wchan:32,comm | awk '$2 ~ /^D/'"),
      fixed('CPU pressure: how long tasks waited for a CPU', 'cat /proc/pressure/cpu'),
      fixed('the busiest processes', 'top -b -n 2 -d 1 | tail -n +8 | head -20'),
    ];
  },
  check(model, report) {
    const load = loadOf(model);
    const cores = coreCount(model);
    if (!load || cores === null) return;
    const perCore = load.five / cores;
    if (perCore <= LOAD_PER_CORE) return;
    const names = new ProcessNames(model);
    const busiest = names.topCpu();
    const blocked = blockedProcesses(model, names);
    const queue = runQueue(model);
    const ioBound = queue.blocked !== null && queue.runnable !== null && queue.blocked > queue.runnable;
    report({
      messageId: ioBound ? 'load-io' : 'load-cpu',
      severity: perCore > CRITICAL_LOAD_PER_CORE ? 'critical' : 'warning',
      data: {
        load1: load.one,
        load5: load.five,
        load15: load.fifteen,
        loadFrom: load.from,
        cores,
        loadPerCore: round(perCore, 2),
        ...queue,
        cause: ioBound ? 'io' : 'cpu',
        cpuPressureSomeAvg60: model.vitals.pressure.cpu?.some?.avg60 ?? null,
        topProcesses: busiest.labels,
        topPids: busiest.pids,
        blockedProcesses: blocked.labels,
        blockedPids: blocked.pids,
      },
      time: snapshotTime(model),
      evidence: [load.evidence, ...(ioBound ? blocked.evidence : busiest.evidence)],
    });
  },
});

function loadOf(model: NodeModel): { one: number; five: number; fifteen: number; from: string; evidence: Evidence } | null {
  const { loadavg, top } = model.vitals;
  if (loadavg) return { one: loadavg.one, five: loadavg.five, fifteen: loadavg.fifteen, from: 'loadavg', evidence: { path: loadavg.file, line: null } };
  if (top?.loadAverage) return { ...top.loadAverage, from: 'top', evidence: { path: top.file, line: null } };
  return null;
}

/** Runnable and blocked tasks: vmstat's `r` and `b` over its interval samples, else /proc/stat's counts. */
function runQueue(model: NodeModel): { runnable: number | null; blocked: number | null; queueFrom: string | null } {
  const vmstat = model.vitals.vmstat;
  if (vmstat && vmstat.samples.length > 0) {
    const { samples } = judgedSamples(vmstat.samples);
    const runnable = mean(known(samples.map((sample) => sample.runnable)));
    const blocked = mean(known(samples.map((sample) => sample.blocked)));
    if (runnable !== null && blocked !== null) return { runnable: round(runnable), blocked: round(blocked), queueFrom: 'vmstat' };
  }
  const procStat = model.vitals.procStat;
  if (procStat && procStat.procsRunning !== null && procStat.procsBlocked !== null) return { runnable: procStat.procsRunning, blocked: procStat.procsBlocked, queueFrom: 'proc-stat' };
  return { runnable: null, blocked: null, queueFrom: null };
}

/** Processes in uninterruptible sleep (state `D`) in the process table, else in top's. */
function blockedProcesses(model: NodeModel, names: ProcessNames): { labels: string[]; pids: number[]; evidence: Evidence[] } {
  const ps = model.vitals.ps;
  const top = model.vitals.top;
  const rows =
    ps && ps.processes.length > 0
      ? ps.processes.filter((row) => row.state?.startsWith('D')).map((row) => ({ pid: row.pid, fallback: row.args, path: ps.file, line: row.line }))
      : (top?.processes ?? []).filter((row) => row.state?.startsWith('D')).map((row) => ({ pid: row.pid, fallback: row.command, path: top!.file, line: row.line }));
  const named = rows.slice(0, BLOCKED_NAMED);
  return { labels: named.map((row) => names.label(row.pid, row.fallback)), pids: named.map((row) => row.pid), evidence: named.map((row) => ({ path: row.path, line: row.line })) };
}
