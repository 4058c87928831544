/** Template rows for the vital signs (with their small charts) and the network tables. */
import { formatKib } from './format.js';
import type { NetworkView } from './network-view.js';
import { barWidth, sparkline } from './svg-chart.js';
import type { Vitals } from './vitals.js';

const PSI_BAR = 120;
const USE_BAR = 100;

export function vitalsView(vitals: Vitals) {
  const memory = vitals.memory;
  const availablePercent = memory?.totalKib && memory.availableKib !== null ? percent(memory.availableKib, memory.totalKib) : null;
  const swapPercent = memory?.swapTotalKib && memory.swapUsedKib !== null ? percent(memory.swapUsedKib, memory.swapTotalKib) : null;
  return {
    ...vitals,
    memoryFacts: memory ? { ...memory, availablePercent, swapPercent, lowMemory: availablePercent !== null && availablePercent < 10 } : null,
    loadPerCore: vitals.load?.cores ? Math.round((vitals.load.one / vitals.load.cores) * 100) / 100 : null,
    charts: charts(vitals),
    pressure: vitals.pressure.map((row) => ({
      ...row,
      lines: (['some', 'full'] as const).flatMap((kind) => {
        const line = row[kind];
        return line ? [{ kind, ...line, bar10: barWidth(line.avg10, PSI_BAR), bar60: barWidth(line.avg60, PSI_BAR), bar300: barWidth(line.avg300, PSI_BAR), high: line.avg60 >= 20 }] : [];
      }),
    })),
    psiBar: PSI_BAR,
    filesystems: {
      ...vitals.filesystems,
      more: vitals.filesystems.total - vitals.filesystems.shown.length,
      shown: vitals.filesystems.shown.map((row) => ({
        ...row,
        bar: barWidth(row.usedPercent, USE_BAR),
        inodeBar: barWidth(row.inodesUsedPercent, USE_BAR),
        full: (row.usedPercent ?? 0) >= 90 || (row.inodesUsedPercent ?? 0) >= 90,
      })),
    },
    useBar: USE_BAR,
    devices: { ...vitals.devices, more: vitals.devices.total - vitals.devices.shown.length },
    processes: { ...vitals.processes, more: vitals.processes.total - vitals.processes.shown.length },
  };
}

function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 1000) / 10;
}

/** Memory in use, swap used and I/O wait over vmstat's samples. */
function charts(vitals: Vitals) {
  const samples = vitals.samples;
  if (!samples) return [];
  const total = vitals.memory?.totalKib ?? null;
  const used = samples.freeKib.map((free, i) => (total && free !== null ? total - free - (samples.cacheKib[i] ?? 0) : null));
  const list = [
    total
      ? chart(
          'Memory in use',
          'without page cache',
          used.map((kib) => (kib === null ? null : (kib / total) * 100)),
          { floor: 0, ceiling: 100 },
          (v) => `${v.toFixed(0)}%`,
        )
      : chart('Free memory', 'vmstat free', samples.freeKib, {}, formatKib),
    chart('Swap used', 'vmstat swpd', samples.swapUsedKib, {}, formatKib),
    chart('I/O wait', 'share of CPU time', samples.iowaitPercent, { floor: 0, ceiling: 100 }, (v) => `${v.toFixed(0)}%`),
    chart('Blocked tasks', 'uninterruptible sleep (b)', samples.blocked, {}, (v) => v.toFixed(0)),
  ];
  return list.filter((item) => item.line.last !== null);
}

function chart(title: string, note: string, values: (number | null)[], bounds: { floor?: number; ceiling?: number }, format: (value: number) => string) {
  const line = sparkline(values, { width: 220, height: 44, ...bounds });
  return { title, note, line, last: line.last === null ? '—' : format(line.last), min: line.min === null ? '—' : format(line.min), max: line.max === null ? '—' : format(line.max) };
}

export function networkView(network: NetworkView) {
  return {
    ...network,
    listeners: {
      ...network.listeners,
      more: network.listeners.total - network.listeners.shown.length,
      shown: network.listeners.shown.map((listener) => ({
        ...listener,
        endpoint: `${listener.address.includes(':') ? `[${listener.address}]` : listener.address}:${listener.port ?? '*'}${listener.interface ? `%${listener.interface}` : ''}`,
        exposed: listener.address === '0.0.0.0' || listener.address === '*' || listener.address === '::',
      })),
    },
    routes: { ...network.routes, more: network.routes.total - network.routes.shown.length },
    ipv6Routes: { ...network.ipv6Routes, more: network.ipv6Routes.total - network.ipv6Routes.shown.length },
  };
}
