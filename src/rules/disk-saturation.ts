/**
 * A disk that is busy all the time AND slow to answer (iostat -x), or CPUs idling on I/O
 * (iostat avg-cpu, vmstat `wa`): the precursors of DiskPressure, slow image pulls, probe
 * timeouts and a kubelet that falls behind. Judged on the interval samples, not the first
 * since-boot one, whenever the tool printed more than one.
 */
import type { NodeModel } from '../model/index.js';
import type { IostatDevice } from '../sources/index.js';
import { defineRule, type Evidence } from './define-rule.js';
import { judgedSamples, known, maxOf, mean, round, snapshotTime, type SampleBasis } from './vitals-helpers.js';
import { sh, suggest } from './command-helpers.js';
import { fixed } from './node-command-helpers.js';

/** %util: the device had a request in flight nearly all of every interval. */
const UTIL_PERCENT = 90;
/**
 * Average wait per request: five times an HDD's seek and rotation, fifty times an SSD's. A busy
 * NVMe disk at 100 %util with 1 ms waits is working, not saturated; waits like this mean queuing.
 */
const AWAIT_MS = 50;
/** A second per request: the kubelet's, the runtime's and the logs' writes stall; probes time out. */
const CRITICAL_AWAIT_MS = 1000;
/** Layouts without an await column: eight requests queued on average. */
const QUEUE_LENGTH = 8;
/** A fifth of all CPU time idle, waiting on I/O. */
const IOWAIT_PERCENT = 20;
/** Devices that are no disks of the node's: loop mounts (snaps), RAM disks, optical drives. */
const NOT_A_DISK = /^(?:loop|ram|sr|zram)\d*$/;

export const diskSaturation = defineRule({
  id: 'disk-saturation',
  title: 'Disk saturated or CPUs waiting on I/O',
  severity: 'warning',
  severities: {
    critical: 'a disk whose average wait reached 1000 ms',
    warning: 'a disk busy 90% or more, waits over 50 ms, a long queue, or CPUs waiting on I/O 20% of the time',
  },
  requires: [['iostat', 'vmstat']],
  messages: {
    'device-saturated':
      '{device} is saturated: {utilPercent}% busy with {awaitMs} ms per request (queue {queueLength}) in {saturatedSamples} of {samples:sample} ({basis}); CPU iowait {iowaitPercent}%',
    'iowait-high': 'CPUs spent {iowaitPercent}% of their time waiting on I/O ({iowaitFrom}, {basis}: {samples:sample}), peak {maxIowaitPercent}%',
  },
  commands(finding) {
    const device = finding.subject?.device;
    return [
      device
        ? suggest(`the extended statistics of ${device} now (skip the first report: since boot)`, sh`iostat -x -t ${device} 1 5`)
        : fixed('the extended statistics of every disk now (skip the first report)', 'iostat -x -t 1 5'),
      fixed('which processes read and write the most', 'pidstat -d 1 5'),
      fixed("CPU time waiting on I/O ('wa') and blocked tasks ('b')", 'vmstat 1 5'),
      fixed('I/O pressure: how long tasks stalled on I/O', 'cat /proc/pressure/io'),
    ];
  },
  check(model, report) {
    const iowait = nodeIowait(model);
    const pressure = model.vitals.pressure.io;
    const ioPressure = { ioPressureSomeAvg60: pressure?.some?.avg60 ?? null, ioPressureFullAvg60: pressure?.full?.avg60 ?? null };
    const devices = saturatedDevices(model);
    for (const device of devices) {
      report({
        messageId: 'device-saturated',
        severity: device.awaitMs !== null && device.awaitMs >= CRITICAL_AWAIT_MS ? 'critical' : 'warning',
        data: { ...device.data, awaitMs: device.awaitMs, iowaitPercent: iowait?.percent ?? null, ...ioPressure },
        subject: { device: device.data.device as string },
        time: snapshotTime(model),
        evidence: [...device.evidence, ...(iowait?.evidence.slice(0, 2) ?? [])],
      });
    }
    if (devices.length > 0 || iowait === null || iowait.percent < IOWAIT_PERCENT) return;
    report({
      messageId: 'iowait-high',
      data: { iowaitPercent: iowait.percent, maxIowaitPercent: iowait.max, iowaitFrom: iowait.from, samples: iowait.samples, basis: iowait.basis, blockedTasks: blockedTasks(model), ...ioPressure },
      time: snapshotTime(model),
      evidence: iowait.evidence,
    });
  },
});

interface DeviceVerdict {
  data: Record<string, string | number | null>;
  awaitMs: number | null;
  evidence: Evidence[];
}

/** Devices saturated in at least half the judged reports: a sustained state, not one burst. */
function saturatedDevices(model: NodeModel): DeviceVerdict[] {
  const iostat = model.vitals.iostat;
  if (!iostat) return [];
  const { samples: reports, basis } = judgedSamples(iostat.reports);
  const hits = new Map<string, IostatDevice[]>();
  for (const device of reports.flatMap((report) => report.devices)) {
    if (NOT_A_DISK.test(device.name) || !isSaturated(device)) continue;
    hits.set(device.name, [...(hits.get(device.name) ?? []), device]);
  }
  const verdicts: DeviceVerdict[] = [];
  for (const [name, rows] of hits) {
    if (rows.length * 2 < reports.length) continue;
    verdicts.push(verdictOf(name, rows, reports.length, basis, iostat.file));
  }
  return verdicts.sort((a, b) => String(a.data.device).localeCompare(String(b.data.device)));
}

function verdictOf(name: string, rows: IostatDevice[], samples: number, basis: SampleBasis, file: string): DeviceVerdict {
  const awaitMs = maxOf(known(rows.map(awaitOf)));
  return {
    awaitMs: awaitMs === null ? null : round(awaitMs),
    data: {
      device: name,
      saturatedSamples: rows.length,
      samples,
      basis,
      utilPercent: round(maxOf(known(rows.map((row) => row.utilPercent)))!),
      queueLength: nullableRound(maxOf(known(rows.map((row) => row.queueLength)))),
      readKibPerSec: nullableRound(mean(known(rows.map((row) => row.readKibPerSec)))),
      writeKibPerSec: nullableRound(mean(known(rows.map((row) => row.writeKibPerSec)))),
    },
    evidence: rows.map((row) => ({ path: file, line: row.line })),
  };
}

function isSaturated(device: IostatDevice): boolean {
  if (device.utilPercent === undefined || device.utilPercent < UTIL_PERCENT) return false;
  const wait = awaitOf(device);
  if (wait !== null) return wait >= AWAIT_MS;
  return device.queueLength !== undefined && device.queueLength >= QUEUE_LENGTH;
}

/** The slower of reads and writes (flush and discard waits are not what applications wait for). */
function awaitOf(device: IostatDevice): number | null {
  return maxOf(known([device.awaitMs, device.readAwaitMs, device.writeAwaitMs]));
}

function nullableRound(value: number | null): number | null {
  return value === null ? null : round(value);
}

interface Iowait {
  percent: number;
  max: number;
  from: 'iostat' | 'vmstat';
  samples: number;
  basis: SampleBasis;
  evidence: Evidence[];
}

/** CPU iowait over the judged samples: iostat's avg-cpu, else vmstat's `wa`. */
export function nodeIowait(model: NodeModel): Iowait | null {
  const { iostat, vmstat } = model.vitals;
  if (iostat) {
    const { samples, basis } = judgedSamples(iostat.reports.filter((report) => report.cpu?.iowaitPercent != null));
    const values = samples.map((report) => report.cpu!.iowaitPercent!);
    if (values.length > 0)
      return iowaitOf(
        values,
        'iostat',
        basis,
        samples.map((report) => ({ path: iostat.file, line: report.line })),
      );
  }
  if (vmstat) {
    const { samples, basis } = judgedSamples(vmstat.samples.filter((sample) => sample.cpuIowaitPercent !== null));
    const values = samples.map((sample) => sample.cpuIowaitPercent!);
    if (values.length > 0)
      return iowaitOf(
        values,
        'vmstat',
        basis,
        samples.map((sample) => ({ path: vmstat.file, line: sample.line })),
      );
  }
  return null;
}

function iowaitOf(values: number[], from: Iowait['from'], basis: SampleBasis, evidence: Evidence[]): Iowait {
  return { percent: round(mean(values)!), max: round(maxOf(values)!), from, samples: values.length, basis, evidence };
}

/** Tasks in uninterruptible sleep (vmstat `b`, /proc/stat procs_blocked): who is waiting on the disk. */
function blockedTasks(model: NodeModel): number | null {
  const { samples } = judgedSamples(model.vitals.vmstat?.samples ?? []);
  const blocked = mean(known(samples.map((sample) => sample.blocked)));
  return blocked !== null ? round(blocked) : (model.vitals.procStat?.procsBlocked ?? null);
}
