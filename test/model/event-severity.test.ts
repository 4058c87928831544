/**
 * The one table of single-event severities (src/model/event-severity.ts): the values the rules
 * declare, read the same by the timeline; every event kind placed (the switch is exhaustive, so
 * a new kind does not compile until it is placed — here the values are pinned).
 */
import { describe, expect, it } from 'vitest';
import { kernelSignalSeverity, serviceEventSeverity, worstSeverity } from '../../src/model/index.js';
import type { KernelSignal, ServiceEvent } from '../../src/sources/index.js';

const signal = (fields: Record<string, unknown>) => ({ stamp: null, file: 'kernel/dmesg.txt', line: 1, excerpt: '', ...fields }) as unknown as KernelSignal;
const service = (fields: Record<string, unknown>) => fields as unknown as ServiceEvent;

describe('kernel signal severity', () => {
  it.each([
    [{ kind: 'io-error', device: 'sda1' }, 'critical'],
    [{ kind: 'io-error', device: 'nvme1n1p1' }, 'critical'],
    [{ kind: 'io-error', device: 'fd0' }, 'info'],
    [{ kind: 'io-error', device: 'loop3p1' }, 'info'],
    [{ kind: 'filesystem', problem: 'error', device: 'sda1' }, 'warning'],
    [{ kind: 'filesystem', problem: 'remount-read-only', device: 'sda1' }, 'critical'],
    [{ kind: 'filesystem', problem: 'corruption', device: 'sda1' }, 'critical'],
    [{ kind: 'hardware-error', corrected: true }, 'warning'],
    [{ kind: 'hardware-error', corrected: false }, 'critical'],
    [{ kind: 'lockup', type: 'soft' }, 'warning'],
    [{ kind: 'lockup', type: 'hard' }, 'critical'],
    [{ kind: 'hung-task' }, 'warning'],
    [{ kind: 'rcu-stall' }, 'warning'],
    [{ kind: 'nic-link', state: 'down' }, 'warning'],
    [{ kind: 'nic-link', state: 'up' }, 'info'],
    [{ kind: 'apparmor-denied' }, 'warning'],
    [{ kind: 'selinux-denied', permissive: false }, 'warning'],
    [{ kind: 'selinux-denied', permissive: true }, 'info'],
  ])('%o is %s', (fields, severity) => {
    expect(kernelSignalSeverity(signal(fields))).toBe(severity);
  });
});

describe('service event severity', () => {
  it.each([
    [{ kind: 'eviction-unable' }, 'critical'],
    [{ kind: 'eviction-pod', outcome: 'evicted' }, 'critical'],
    [{ kind: 'eviction-pod', outcome: 'evicting' }, 'warning'],
    [{ kind: 'unit-state', state: 'oom-killed' }, 'critical'],
    [{ kind: 'unit-state', state: 'started' }, 'info'],
    [{ kind: 'container-exited', exitCode: 137 }, 'warning'],
    [{ kind: 'container-exited', exitCode: 0 }, 'info'],
    [{ kind: 'node-condition', condition: 'MemoryPressure', status: true }, 'warning'],
    [{ kind: 'node-condition', condition: 'Ready', status: true }, 'info'],
    // Both fell to a silent default of info before the table was one.
    [{ kind: 'task-oom' }, 'warning'],
    [{ kind: 'system-oom' }, 'warning'],
    [{ kind: 'container-started' }, 'info'],
  ])('%o is %s', (fields, severity) => {
    expect(serviceEventSeverity(service(fields))).toBe(severity);
  });
});

describe('worstSeverity', () => {
  it('takes the worst, info for none', () => {
    expect(worstSeverity(['info', 'critical', 'warning'])).toBe('critical');
    expect(worstSeverity(['info', 'warning'])).toBe('warning');
    expect(worstSeverity([])).toBe('info');
  });
});
