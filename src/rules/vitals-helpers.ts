/**
 * Shared by the node-vitals rules: which samples to judge, when a snapshot was taken, and who the
 * busiest processes are (named with their pod when the process table shows their cgroup).
 */
import { decodeCgroupPath, type NodeModel, type PodModel } from '../model/index.js';
import type { ProcessRow, TopProcess } from '../sources/index.js';
import type { Evidence } from './define-rule.js';

/**
 * vmstat's first row and iostat's first report are averages since boot (domain-facts §6): rates
 * are judged on the later samples when there are any, and a finding says which it used.
 */
export type SampleBasis = 'interval' | 'since-boot';

export function judgedSamples<T extends { sinceBoot: boolean }>(samples: readonly T[]): { samples: T[]; basis: SampleBasis } {
  const interval = samples.filter((sample) => !sample.sinceBoot);
  return interval.length > 0 ? { samples: interval, basis: 'interval' } : { samples: [...samples], basis: 'since-boot' };
}

/** Stat snapshots carry no resolved time of their own: they were taken during the collection. */
export function snapshotTime(model: NodeModel): string | null {
  return model.node.collectionStart;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function maxOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

/** The values that are known, for averaging columns a layout may lack. */
export function known(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

/** Online cores: /proc/stat's cpuN lines, else top's per-CPU lines, else iostat's `(4 CPU)`; null when unknown. */
export function coreCount(model: NodeModel): number | null {
  return model.node.cores || model.vitals.top?.perCpu.length || model.vitals.iostat?.system?.cpuCount || null;
}

export const kibToMib = (kib: number): number => Math.round(kib / 1024);

/** How many busy processes a finding names. */
export const TOP_PROCESSES = 5;

/** One process as a rule names it: `java (pid 21877, shop/ledger-7c9d)`. */
export interface NamedProcess {
  pid: number;
  name: string;
  /** `namespace/pod`, when its cgroup names a pod the bundle knows (or the pod UID otherwise). */
  pod: string | null;
  evidence: Evidence;
}

export interface BusyProcesses {
  /** `java (pid 21877, shop/ledger) 2356 MiB`, busiest first. */
  labels: string[];
  pids: number[];
  evidence: Evidence[];
}

/** Names processes from the process table, finding each one's pod through its cgroup path. */
export class ProcessNames {
  private readonly pods = new Map<string, PodModel>();
  private readonly rows = new Map<number, ProcessRow>();
  private readonly topCommands = new Map<number, string>();

  constructor(private readonly model: NodeModel) {
    for (const pod of model.pods) this.pods.set(pod.uid, pod);
    for (const row of model.vitals.ps?.processes ?? []) this.rows.set(row.pid, row);
    for (const row of model.vitals.top?.processes ?? []) this.topCommands.set(row.pid, row.command);
  }

  row(pid: number | null): ProcessRow | null {
    return pid === null ? null : (this.rows.get(pid) ?? null);
  }

  /** `kubelet`: the process table's short name, else the program of its command line or of top's. */
  nameOf(pid: number | null, fallback: string | null = null): string | null {
    const row = this.row(pid);
    return row?.comm ?? programOf(row?.args ?? null) ?? programOf(fallback) ?? programOf(pid === null ? null : (this.topCommands.get(pid) ?? null));
  }

  /** The pod whose cgroup holds the process: its model when the bundle knows it, else just its UID. */
  podModelOf(pid: number | null): Pick<PodModel, 'uid' | 'namespace' | 'name'> | null {
    const cgroup = this.row(pid)?.cgroup;
    const uid = cgroup ? decodeCgroupPath(cgroup).podUid : null;
    if (!uid) return null;
    return this.pods.get(uid) ?? { uid, namespace: null, name: null };
  }

  /** `shop/ledger-7c9d`, or `pod <uid>` for a pod the bundle does not name. */
  podOf(pid: number | null): string | null {
    const pod = this.podModelOf(pid);
    if (!pod) return null;
    return pod.name ? `${pod.namespace ?? '?'}/${pod.name}` : `pod ${pod.uid}`;
  }

  label(pid: number, fallback: string | null, suffix = ''): string {
    const pod = this.podOf(pid);
    return `${this.nameOf(pid, fallback) ?? '?'} (pid ${pid}${pod ? `, ${pod}` : ''})${suffix}`;
  }

  /** The largest resident sets: the process table's RSS, else top's RES. */
  topMemory(limit = TOP_PROCESSES): BusyProcesses {
    const ps = this.model.vitals.ps;
    const fromPs = (ps?.processes ?? []).filter((row) => row.rssKib !== null && row.rssKib > 0);
    if (ps && fromPs.length > 0) {
      const rows = fromPs.sort((a, b) => b.rssKib! - a.rssKib! || a.pid - b.pid).slice(0, limit);
      return this.busy(rows.map((row) => ({ pid: row.pid, fallback: row.args, amount: `${kibToMib(row.rssKib!)} MiB`, path: ps.file, line: row.line })));
    }
    const top = this.model.vitals.top;
    const fromTop = (top?.processes ?? []).filter((row) => row.resKib !== null && row.resKib > 0);
    const rows = fromTop.sort((a, b) => b.resKib! - a.resKib! || a.pid - b.pid).slice(0, limit);
    return this.busy(rows.map((row) => ({ pid: row.pid, fallback: row.command, amount: `${kibToMib(row.resKib!)} MiB`, path: top!.file, line: row.line })));
  }

  /** The largest CPU shares top showed (the collector's process table has no %CPU; `ps aux` has a lifetime one). */
  topCpu(limit = TOP_PROCESSES): BusyProcesses {
    const top = this.model.vitals.top;
    const ps = this.model.vitals.ps;
    const source: { file: string; rows: (TopProcess | ProcessRow)[] } | null =
      top && top.processes.length > 0 ? { file: top.file, rows: top.processes } : ps ? { file: ps.file, rows: ps.processes } : null;
    if (!source) return { labels: [], pids: [], evidence: [] };
    const rows = source.rows.filter((row) => row.cpuPercent !== null && row.cpuPercent > 0);
    rows.sort((a, b) => b.cpuPercent! - a.cpuPercent! || a.pid - b.pid);
    return this.busy(rows.slice(0, limit).map((row) => ({ pid: row.pid, fallback: 'command' in row ? row.command : row.args, amount: `${row.cpuPercent}% CPU`, path: source.file, line: row.line })));
  }

  private busy(items: { pid: number; fallback: string | null; amount: string; path: string; line: number }[]): BusyProcesses {
    return {
      labels: items.map((item) => this.label(item.pid, item.fallback, ` ${item.amount}`)),
      pids: items.map((item) => item.pid),
      evidence: items.map((item) => ({ path: item.path, line: item.line })),
    };
  }
}

/**
 * `/usr/bin/kubelet --config …` → `kubelet`. Only a path is cut to its last part: kernel threads
 * are named with slashes (`jbd2/nvme1n1p1-`, `kworker/0:1`).
 */
function programOf(command: string | null): string | null {
  const word = command?.trim().split(/\s+/)[0];
  if (!word) return null;
  return word.startsWith('/') && !word.endsWith('/') ? word.slice(word.lastIndexOf('/') + 1) : word;
}
