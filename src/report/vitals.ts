/**
 * The node's vital signs at collection time, from the stat snapshots: memory and swap, load,
 * CPU shares, pressure stall information, the vmstat samples (for the small charts), counters
 * since boot, the fullest filesystems, the busiest disks and the largest processes. Every value
 * names the snapshot it came from; nothing is averaged across tools. Lists are bounded.
 */
import { decodeCgroupPath, type NodeModel } from '../model/index.js';
import { excerpt } from '../rules/index.js';
import type { PressureLine, PressureResource, VmstatSample } from '../sources/index.js';
import { PRESSURE_RESOURCES } from '../sources/stats/index.js';
import { byText } from './text.js';

export interface Vitals {
  memory: { totalKib: number | null; availableKib: number | null; freeKib: number | null; swapTotalKib: number | null; swapUsedKib: number | null; from: 'meminfo' | 'free' | 'top' } | null;
  load: { one: number; five: number; fifteen: number; cores: number | null; from: 'loadavg' | 'top' } | null;
  cpu: { userPercent: number | null; systemPercent: number | null; iowaitPercent: number | null; stealPercent: number | null; idlePercent: number | null; from: 'top' | 'vmstat' | 'iostat' } | null;
  pressure: { resource: PressureResource; some: PressureAverages | null; full: PressureAverages | null }[];
  samples: VitalSamples | null;
  /** /proc/vmstat counters since boot. */
  sinceBoot: { oomKills: number | null; swapInPages: number | null; swapOutPages: number | null; allocStalls: number | null; majorFaults: number | null } | null;
  filesystems: { total: number; shown: FilesystemUse[] };
  devices: { total: number; shown: DeviceLoad[] };
  processes: { total: number; from: 'ps' | 'top' | null; shown: ProcessUse[] };
}

export type PressureAverages = Pick<PressureLine, 'avg10' | 'avg60' | 'avg300'>;

/** vmstat's interval samples (the since-boot first row left out), oldest first. */
export interface VitalSamples {
  file: string;
  /** Each sample's stamp as printed (`-t`), else null. */
  stamps: (string | null)[];
  freeKib: (number | null)[];
  /** Buffers + page cache. */
  cacheKib: (number | null)[];
  swapUsedKib: (number | null)[];
  swapInKibPerSec: (number | null)[];
  swapOutKibPerSec: (number | null)[];
  iowaitPercent: (number | null)[];
  /** Tasks in uninterruptible sleep (`b`). */
  blocked: (number | null)[];
}

export interface FilesystemUse {
  mountedOn: string;
  filesystem: string;
  sizeKib: number | null;
  usedPercent: number | null;
  inodesUsedPercent: number | null;
}

export interface DeviceLoad {
  name: string;
  utilPercent: number | null;
  readKibPerSec: number | null;
  writeKibPerSec: number | null;
  awaitMs: number | null;
  queueLength: number | null;
}

export interface ProcessUse {
  pid: number;
  command: string;
  rssKib: number | null;
  oomScoreAdj: number | null;
  /** `namespace/pod` when the process's cgroup names a known pod. */
  pod: string | null;
}

export const MAX_SAMPLES = 120;
export const MAX_FILESYSTEMS = 12;
export const MAX_DEVICES = 8;
export const MAX_PROCESSES = 10;
const COMMAND_CHARS = 120;

export function buildVitals(model: Pick<NodeModel, 'vitals' | 'node' | 'pods'>): Vitals {
  const { vitals } = model;
  return {
    memory: memoryNow(vitals),
    load: loadNow(vitals, model.node.cores),
    cpu: cpuNow(vitals),
    pressure: PRESSURE_RESOURCES.flatMap((resource) => {
      const pressure = vitals.pressure[resource];
      return pressure ? [{ resource, some: averages(pressure.some), full: averages(pressure.full) }] : [];
    }),
    samples: vmstatSamples(vitals.vmstat),
    sinceBoot: vitals.procVmstat
      ? {
          oomKills: vitals.procVmstat.oomKill,
          swapInPages: vitals.procVmstat.pswpin,
          swapOutPages: vitals.procVmstat.pswpout,
          allocStalls: vitals.procVmstat.allocstall,
          majorFaults: vitals.procVmstat.pgmajfault,
        }
      : null,
    filesystems: filesystems(vitals),
    devices: devices(vitals),
    processes: processes(vitals, model.pods),
  };
}

type Snapshots = NodeModel['vitals'];

const kib = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : Math.round(value));

function memoryNow({ meminfo, free, top }: Snapshots): Vitals['memory'] {
  if (meminfo?.memTotalKib) {
    const swapUsed = meminfo.swapTotalKib !== null && meminfo.swapFreeKib !== null ? meminfo.swapTotalKib - meminfo.swapFreeKib : null;
    return { totalKib: meminfo.memTotalKib, availableKib: meminfo.memAvailableKib, freeKib: meminfo.memFreeKib, swapTotalKib: meminfo.swapTotalKib, swapUsedKib: swapUsed, from: 'meminfo' };
  }
  if (free?.memory) return memoryOfTool(free.memory, free.swap, 'free');
  if (top?.memory) return memoryOfTool(top.memory, top.swap, 'top');
  return null;
}

/** `free` and `top` print the same memory and swap figures (KiB, possibly fractional). */
function memoryOfTool(
  memory: { totalKib: number | null; availableKib?: number | null; freeKib: number | null },
  swap: { totalKib: number | null; usedKib: number | null } | null | undefined,
  from: 'free' | 'top',
): Vitals['memory'] {
  return { totalKib: kib(memory.totalKib), availableKib: kib(memory.availableKib), freeKib: kib(memory.freeKib), swapTotalKib: kib(swap?.totalKib), swapUsedKib: kib(swap?.usedKib), from };
}

function loadNow({ loadavg, top }: Snapshots, cores: number | null): Vitals['load'] {
  if (loadavg) return { one: loadavg.one, five: loadavg.five, fifteen: loadavg.fifteen, cores, from: 'loadavg' };
  return top?.loadAverage ? { ...top.loadAverage, cores, from: 'top' } : null;
}

function cpuNow({ top, vmstat, iostat }: Snapshots): Vitals['cpu'] {
  if (top?.cpu) return { ...pickCpu(top.cpu), from: 'top' };
  const sample = vmstat?.samples.filter((candidate) => !candidate.sinceBoot).at(-1);
  if (sample) {
    return {
      userPercent: sample.cpuUserPercent,
      systemPercent: sample.cpuSystemPercent,
      iowaitPercent: sample.cpuIowaitPercent,
      stealPercent: sample.cpuStealPercent,
      idlePercent: sample.cpuIdlePercent,
      from: 'vmstat',
    };
  }
  const report = iostat?.reports.filter((candidate) => !candidate.sinceBoot && candidate.cpu).at(-1);
  return report?.cpu ? { ...pickCpu(report.cpu), from: 'iostat' } : null;
}

function pickCpu(cpu: { userPercent: number | null; systemPercent: number | null; iowaitPercent: number | null; stealPercent: number | null; idlePercent: number | null }) {
  return { userPercent: cpu.userPercent, systemPercent: cpu.systemPercent, iowaitPercent: cpu.iowaitPercent, stealPercent: cpu.stealPercent, idlePercent: cpu.idlePercent };
}

function averages(line: PressureLine | null): PressureAverages | null {
  return line ? { avg10: line.avg10, avg60: line.avg60, avg300: line.avg300 } : null;
}

function vmstatSamples(vmstat: Snapshots['vmstat']): VitalSamples | null {
  if (!vmstat) return null;
  const interval = vmstat.samples.filter((sample) => !sample.sinceBoot);
  // With a single row there is nothing but the since-boot averages to show.
  const samples = (interval.length > 0 ? interval : vmstat.samples).slice(-MAX_SAMPLES);
  if (samples.length === 0) return null;
  const series = (read: (sample: VmstatSample) => number | null) => samples.map(read);
  return {
    file: vmstat.file,
    stamps: samples.map((sample) => sample.stamp?.text ?? null),
    freeKib: series((sample) => sample.freeKib),
    cacheKib: series((sample) => (sample.cacheKib === null && sample.buffersKib === null ? null : (sample.cacheKib ?? 0) + (sample.buffersKib ?? 0))),
    swapUsedKib: series((sample) => sample.swapUsedKib),
    swapInKibPerSec: series((sample) => sample.swapInKibPerSec),
    swapOutKibPerSec: series((sample) => sample.swapOutKibPerSec),
    iowaitPercent: series((sample) => sample.cpuIowaitPercent),
    blocked: series((sample) => sample.blocked),
  };
}

function filesystems({ df, dfInodes }: Snapshots): Vitals['filesystems'] {
  const inodes = new Map((dfInodes?.rows ?? []).map((row) => [row.mountedOn, row.usePercent]));
  const rows: FilesystemUse[] = (df?.rows ?? []).map((row) => ({
    mountedOn: row.mountedOn,
    filesystem: row.filesystem,
    sizeKib: row.sizeKib,
    usedPercent: row.usePercent,
    inodesUsedPercent: inodes.get(row.mountedOn) ?? null,
  }));
  const fullest = (row: FilesystemUse) => Math.max(row.usedPercent ?? -1, row.inodesUsedPercent ?? -1);
  rows.sort((a, b) => fullest(b) - fullest(a) || byText(a.mountedOn, b.mountedOn));
  return { total: rows.length, shown: rows.slice(0, MAX_FILESYSTEMS) };
}

function devices({ iostat }: Snapshots): Vitals['devices'] {
  const reports = iostat?.reports ?? [];
  const report = reports.filter((candidate) => !candidate.sinceBoot).at(-1) ?? reports.at(-1);
  const rows: DeviceLoad[] = (report?.devices ?? []).map((device) => ({
    name: device.name,
    utilPercent: device.utilPercent ?? null,
    readKibPerSec: device.readKibPerSec ?? null,
    writeKibPerSec: device.writeKibPerSec ?? null,
    awaitMs: device.awaitMs ?? device.writeAwaitMs ?? device.readAwaitMs ?? null,
    queueLength: device.queueLength ?? null,
  }));
  rows.sort((a, b) => (b.utilPercent ?? -1) - (a.utilPercent ?? -1) || byText(a.name, b.name));
  return { total: rows.length, shown: rows.slice(0, MAX_DEVICES) };
}

function processes({ ps, top }: Snapshots, pods: NodeModel['pods']): Vitals['processes'] {
  const podNames = new Map(pods.map((pod) => [pod.uid, pod.namespace && pod.name ? `${pod.namespace}/${pod.name}` : null]));
  const podOf = (cgroup: string | null) => {
    const uid = cgroup ? decodeCgroupPath(cgroup).podUid : null;
    return uid ? (podNames.get(uid) ?? null) : null;
  };
  let rows: ProcessUse[];
  let from: Vitals['processes']['from'] = null;
  if (ps && ps.processes.length > 0) {
    from = 'ps';
    rows = ps.processes.map((row) => ({ pid: row.pid, command: excerpt(row.comm ?? row.args ?? '', COMMAND_CHARS), rssKib: row.rssKib, oomScoreAdj: row.oomScoreAdj, pod: podOf(row.cgroup) }));
  } else {
    from = top && top.processes.length > 0 ? 'top' : null;
    rows = (top?.processes ?? []).map((row) => ({ pid: row.pid, command: excerpt(row.command, COMMAND_CHARS), rssKib: kib(row.resKib), oomScoreAdj: null, pod: null }));
  }
  rows.sort((a, b) => (b.rssKib ?? -1) - (a.rssKib ?? -1) || a.pid - b.pid);
  return { total: rows.length, from, shown: rows.slice(0, MAX_PROCESSES) };
}
