/**
 * A real filesystem (not tmpfs, overlay or a snap) that is nearly full, judged from `df -P`. The
 * filesystems the kubelet watches matter most: nodefs (the one holding /var/lib/kubelet, and
 * usually /var/log) and imagefs (the runtime's root). Below the kubelet's hard eviction threshold
 * the node reports DiskPressure, garbage-collects images and evicts pods.
 */
import { defineRule } from './define-rule.js';
import { fullFilesystemFindings } from './filesystem-helpers.js';
import { kibToMib } from './vitals-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { fixed, imageStore, nodeConditions } from './node-command-helpers.js';
import { aboutPod } from './pod-command-helpers.js';

/** The kubelet's own image GC starts at 85 % used (imageGCHighThresholdPercent). */
const WARNING_PERCENT = 85;
/** At 95 % a log burst or an image pull fills the rest; writes then fail with ENOSPC. */
const CRITICAL_PERCENT = 95;

export const filesystemNearlyFull = defineRule({
  id: 'filesystem-nearly-full',
  title: 'Filesystem nearly full',
  severity: 'warning',
  severities: {
    critical: '95% used or more, or below a kubelet eviction threshold',
    warning: '85% used or more',
  },
  requires: ['df'],
  messages: {
    'nearly-full': '{mountedOn} ({filesystem}) is {usePercent}% full: {freeMib} MiB free of {sizeMib} MiB',
    'kubelet-fs-nearly-full': "{mountedOn} ({filesystem}), the kubelet's {roles}, is {usePercent}% full: {freeMib} MiB free of {sizeMib} MiB",
    'below-eviction': "{mountedOn} ({filesystem}), the kubelet's {roles}, has {freePercent}% free, below the hard eviction threshold {evictionSignals}: DiskPressure and pod eviction",
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const mount = typeof finding.data.mountedOn === 'string' ? finding.data.mountedOn : null;
    const roles = Array.isArray(finding.data.roles) ? finding.data.roles.map(String) : [];
    const du = sh`du -xh --max-depth=2 ${mount}`;
    return [
      suggest(`how full ${mount ?? 'the filesystem'} is now`, sh`df -hT ${mount}`),
      suggest(`the largest folders on ${mount ?? 'the filesystem'}`, du === null ? null : `${du} 2>/dev/null | sort -h | tail -20`),
      ...aboutPod(facts, finding.subject, finding.time),
      roles.includes('imagefs') || roles.includes('nodefs') ? imageStore(facts) : null,
      roles.includes('logs') ? fixed('how much the journal holds', 'journalctl --disk-usage') : null,
      nodeConditions(facts),
    ];
  },
  check(model, report) {
    const df = model.vitals.df;
    if (!df) return;
    const rows = df.rows.map((row) => ({ ...row, capacity: row.sizeKib, free: row.availableKib }));
    const limits = { warningPercent: WARNING_PERCENT, criticalPercent: CRITICAL_PERCENT, signal: 'available', unitBytes: 1024 } as const;
    const amounts = (row: { capacity: number | null; free: number | null }) => ({
      sizeMib: kibToMib(row.capacity!),
      freeMib: row.free === null ? null : kibToMib(row.free),
      humanReadable: df.humanReadable,
    });
    for (const finding of fullFilesystemFindings(model, df.file, rows, limits, amounts)) report(finding);
  },
});
