/**
 * The one table of how bad a single event is, by kind: the timeline colours each event by it and
 * the rules that judge kernel signals one by one take a finding's severity as the worst of its
 * events'. Both switches are exhaustive — a new event kind does not compile until it is placed
 * here — so no kind falls silently to `info`. Rules that judge episodes (an eviction cycle, a
 * crash loop) weigh more than one event and say so in their declared severities.
 */
import type { KernelSignal, ServiceEvent } from '../sources/index.js';
import type { Severity } from './severity.js';

/**
 * Devices whose I/O errors are routine: an empty floppy or CD drive probed at boot (`I/O error,
 * dev fd0, sector 0` on many cloud images), loop devices of snaps: worth listing, not an alarm.
 */
export const MINOR_DEVICE = /^(?:fd\d+|sr\d+|loop\d+)$/;

/**
 * The disk a block device name belongs to: `sda1` → `sda`, `nvme0n1p2` → `nvme0n1`,
 * `mmcblk0p1` → `mmcblk0`, `xvda1` → `xvda`. Names of other shapes (`dm-0`, `md127`, `nvme0`) stay.
 */
export function diskOf(device: string): string {
  const partitioned = /^((?:nvme\d+n\d+|mmcblk\d+|nbd\d+|loop\d+))p\d+$/.exec(device);
  if (partitioned) return partitioned[1]!;
  const lettered = /^((?:s|xv|v|h)d[a-z]{1,4})\d+$/.exec(device);
  return lettered ? lettered[1]! : device;
}

export function kernelSignalSeverity(signal: KernelSignal): Severity {
  switch (signal.kind) {
    case 'io-error':
      return MINOR_DEVICE.test(diskOf(signal.device)) ? 'info' : 'critical';
    case 'filesystem':
      // The filesystem stopped taking writes or saw corruption; an error or warning it survived is less.
      return signal.problem === 'error' || signal.problem === 'warning' ? 'warning' : 'critical';
    case 'hardware-error':
      return signal.corrected ? 'warning' : 'critical';
    case 'lockup':
      return signal.type === 'hard' ? 'critical' : 'warning';
    case 'hung-task':
    case 'rcu-stall':
      return 'warning';
    case 'nic-link':
      return signal.state === 'down' ? 'warning' : 'info';
    case 'apparmor-denied':
      return 'warning';
    case 'selinux-denied':
      return signal.permissive === true ? 'info' : 'warning';
  }
}

export function serviceEventSeverity(event: ServiceEvent): Severity {
  switch (event.kind) {
    case 'eviction-unable':
      return 'critical';
    case 'eviction-pod':
      return event.outcome === 'evicting' ? 'warning' : 'critical';
    case 'unit-state':
      return event.state === 'failed' || event.state === 'oom-killed' || event.state === 'start-limit-hit' ? 'critical' : 'info';
    case 'container-exited':
      return event.exitCode === 0 ? 'info' : 'warning';
    case 'node-condition':
      return event.status === true && event.condition !== 'Ready' ? 'warning' : 'info';
    case 'eviction-reclaim':
    case 'eviction-must-evict':
    case 'eviction-critical-pod':
    case 'eviction-no-pods':
    case 'admission-rejected':
    case 'crash-loop-back-off':
    case 'container-died':
    case 'probe-failed':
    case 'pleg-unhealthy':
    case 'image-gc-failed':
    case 'image-fs-over-threshold':
    case 'runtime-error':
    case 'task-oom':
    case 'system-oom':
      return 'warning';
    case 'eviction-reclaimed-without-evicting':
    case 'eviction-pods-ranked':
    case 'container-started':
    case 'container-killing':
    case 'container-created':
    case 'sandbox-created':
      return 'info';
  }
}
