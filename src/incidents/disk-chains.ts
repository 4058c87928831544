/**
 * The disk stories. Full: a filesystem the kubelet uses fills up → DiskPressure → image garbage
 * collection fails, pods are evicted or refused, the runtime cannot write. Failing: a disk fails
 * I/O → its filesystem errors → tasks hang on it → the kubelet's PLEG goes unhealthy, the runtime
 * no longer answering in time.
 */
import type { Finding } from '../rules/index.js';
import { evictionMember, rejectedMember } from './memory-chains.js';
import { episodes, findingMember, stringList, stringOf, type Draft, type Member } from './members.js';

const NO_SPACE = /no space left on device|ENOSPC|disk quota exceeded/i;
const IO_FAILED = /input\/output error|\bEIO\b|read-only file system/i;

/** Episodes of a filling disk; each needs a sign of fullness, not only its consequences. */
export function diskFullDrafts(findings: readonly Finding[]): Draft[] {
  const members = findings.map(diskFullMember).filter((member): member is Member => member !== null);
  return episodes(members)
    .filter((group) => group.some((member) => member.step === 'filesystem-full' || member.step === 'disk-pressure' || member.step === 'image-gc-failed'))
    .map((group) => ({ kind: 'disk-full', members: group, data: { filesystems: filesystemsOf(group) } }));
}

function diskFullMember(finding: Finding): Member | null {
  const { data } = finding;
  switch (finding.ruleId) {
    case 'filesystem-nearly-full':
    case 'inodes-nearly-full':
      return findingMember(finding, 'filesystem-full', {
        snapshot: true,
        data: { mount: data.mountedOn ?? null, usePercent: data.usePercent ?? null, variant: finding.ruleId === 'inodes-nearly-full' ? 'inodes' : null },
      });
    case 'node-pressure':
      return data.condition === 'DiskPressure' ? findingMember(finding, 'disk-pressure') : null;
    case 'image-disk-pressure':
      return finding.messageId === 'gc-failed'
        ? findingMember(finding, 'image-gc-failed', { data: { failures: data.failures ?? null, toFree: data.toFree ?? null } })
        : findingMember(finding, 'filesystem-full', { data: { threshold: data.highThresholdPercent ?? null, variant: 'image' } });
    case 'pod-evictions':
      if (finding.messageId === 'admission-rejected') return stringOf(data.conditions)?.includes('DiskPressure') ? rejectedMember(finding) : null;
      return data.resource !== 'memory' && data.resource !== 'pids' ? evictionMember(finding) : null;
    case 'runtime-errors':
      return errorsMatch(finding, NO_SPACE) ? findingMember(finding, 'pod-start-failed', { data: { operation: data.operation ?? 'a runtime call', variant: 'no-space' } }) : null;
    default:
      return null;
  }
}

/** Episodes of a failing disk; each needs the failure itself (I/O errors or hung tasks), not only slowness. */
export function diskIoDrafts(findings: readonly Finding[]): Draft[] {
  const members = findings.map(diskIoMember).filter((member): member is Member => member !== null);
  return episodes(members)
    .filter((group) => group.some((member) => member.step === 'io-errors' || member.step === 'hung-tasks'))
    .map((group) => ({ kind: 'disk-io-failure', members: group, data: { devices: devicesOf(group) } }));
}

function diskIoMember(finding: Finding): Member | null {
  const { data } = finding;
  const device = finding.subject?.device ?? stringOf(data.device);
  switch (finding.ruleId) {
    case 'disk-io-errors':
      return finding.messageId === 'minor-device' ? null : findingMember(finding, 'io-errors', { data: { device, errors: data.errors ?? null } });
    case 'filesystem-errors':
      return findingMember(finding, 'filesystem-errors', { data: { device } });
    case 'disk-saturation':
      return findingMember(finding, 'disk-saturated', { snapshot: true, data: { device: device ?? 'the node', variant: device ? null : 'iowait' } });
    case 'hung-tasks': {
      const tied = stringList(data.ioErrorDevices).length > 0;
      return findingMember(finding, 'hung-tasks', {
        byTimeOnly: !tied,
        data: { process: data.process ?? data.processes ?? null, seconds: data.longestBlockedSeconds ?? null, variant: finding.messageId === 'more' ? 'more' : null },
      });
    }
    case 'load-above-cores':
      return finding.messageId === 'load-io' ? findingMember(finding, 'load-blocked', { snapshot: true, data: { blocked: data.blocked ?? null } }) : null;
    case 'pleg-unhealthy':
      return findingMember(finding, 'pleg-unhealthy', { byTimeOnly: true, data: { reports: data.reports ?? null } });
    case 'runtime-errors':
      return errorsMatch(finding, IO_FAILED) ? findingMember(finding, 'pod-start-failed', { byTimeOnly: true, data: { operation: data.operation ?? 'a runtime call', variant: 'io' } }) : null;
    default:
      return null;
  }
}

function errorsMatch(finding: Finding, pattern: RegExp): boolean {
  return [stringOf(finding.data.lastError), ...stringList(finding.data.errorSamples)].some((text) => text !== null && pattern.test(text));
}

function filesystemsOf(members: readonly Member[]): string[] {
  const mounts = members.flatMap((member) => (member.step === 'filesystem-full' && typeof member.data.mount === 'string' ? [member.data.mount] : []));
  return [...new Set(mounts)].sort();
}

function devicesOf(members: readonly Member[]): string[] {
  const devices = members.flatMap((member) => (member.step === 'io-errors' && typeof member.data.device === 'string' ? [member.data.device] : []));
  return [...new Set(devices)].sort();
}
