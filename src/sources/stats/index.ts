/**
 * Stat snapshot readers (stats/ in the bundle): one `SourceReader` factory per SourceId. Each
 * reader's result is null when the bundle has no file for the source (pressure: null per resource).
 */
import type { SourceId } from '../../bundle/index.js';
import type { SourceReader } from '../source-reader.js';
import { createDfInodesReader, createDfReader } from './df.js';
import { createFreeReader } from './free.js';
import { createIostatReader } from './iostat.js';
import { createLoadavgReader } from './loadavg.js';
import { createMeminfoReader } from './meminfo.js';
import { createPressureReader } from './pressure.js';
import { createProcStatReader } from './proc-stat.js';
import { createProcVmstatReader } from './proc-vmstat.js';
import { createPsReader } from './ps.js';
import { createIpv6RoutesReader, createRoutesReader } from './routes.js';
import { createSocketsReader } from './sockets.js';
import { createTopReader } from './top.js';
import { createVmstatReader } from './vmstat.js';

export { createDfInodesReader, createDfReader, type DfInodesRow, type DfInodesSnapshot, type DfRow, type DfSnapshot } from './df.js';
export { createFreeReader, type FreeMemory, type FreeSnapshot, type FreeSwap } from './free.js';
export { createIostatReader, type IostatCpu, type IostatDevice, type IostatLayout, type IostatMetric, type IostatReport, type IostatSnapshot, type IostatSystem } from './iostat.js';
export { createLoadavgReader, type LoadAverage, type LoadavgSnapshot } from './loadavg.js';
export { createMeminfoReader, type MeminfoSnapshot } from './meminfo.js';
export { createPressureReader, PRESSURE_RESOURCES, type Pressure, type PressureLine, type PressureResource, type PressureSnapshot } from './pressure.js';
export { createProcStatReader, type CpuTimes, type ProcStatSnapshot } from './proc-stat.js';
export { createProcVmstatReader, type ProcVmstatSnapshot } from './proc-vmstat.js';
export { createPsReader, type ProcessRow, type ProcessTable } from './ps.js';
export { createIpv6RoutesReader, createRoutesReader, type Route, type RouteNexthop, type RouteTable } from './routes.js';
export { createSocketsReader, type Listener, type ListenerProcess, type SocketTable } from './sockets.js';
export { createTopReader, type TopCpu, type TopMemory, type TopProcess, type TopSnapshot, type TopSwap, type TopTasks } from './top.js';
export { createVmstatReader, type VmstatSample, type VmstatSnapshot } from './vmstat.js';

/** One fresh reader per stats source, for the sources stage to wire in. */
export function createStatsReaders() {
  return {
    vmstat: createVmstatReader(),
    iostat: createIostatReader(),
    top: createTopReader(),
    ps: createPsReader(),
    sockets: createSocketsReader(),
    routes: createRoutesReader(),
    ipv6Routes: createIpv6RoutesReader(),
    meminfo: createMeminfoReader(),
    procVmstat: createProcVmstatReader(),
    procStat: createProcStatReader(),
    loadavg: createLoadavgReader(),
    pressure: createPressureReader(),
    df: createDfReader(),
    dfInodes: createDfInodesReader(),
    free: createFreeReader(),
  } satisfies Partial<Record<SourceId, SourceReader<unknown>>>;
}

export type StatsReaders = ReturnType<typeof createStatsReaders>;
/** What the stats readers produced, by source. */
export type StatsData = { [K in keyof StatsReaders]: ReturnType<StatsReaders[K]['result']> };
