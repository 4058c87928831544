/**
 * A real filesystem running out of inodes, judged from `df -P -i`: the disk may have space left,
 * yet no file can be created. Nodes get there through millions of small files (container layers,
 * a log or cache directory that is never pruned). On nodefs the kubelet's default hard eviction
 * threshold is `nodefs.inodesFree<5%`.
 */
import { defineRule } from './define-rule.js';
import { fullFilesystemFindings } from './filesystem-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { imageStore, nodeConditions } from './node-command-helpers.js';
import { aboutPod } from './pod-command-helpers.js';

/** The same levels as for space: 85 % used leaves room for one burst of small files. */
const WARNING_PERCENT = 85;
/** At 95 % used a single image unpack can take the rest. */
const CRITICAL_PERCENT = 95;

export const inodesNearlyFull = defineRule({
  id: 'inodes-nearly-full',
  title: 'Filesystem nearly out of inodes',
  severity: 'warning',
  severities: {
    critical: '95% of inodes used or more, or below a kubelet eviction threshold',
    warning: '85% of inodes used or more',
  },
  requires: ['dfInodes'],
  messages: {
    'nearly-full': '{mountedOn} ({filesystem}) has used {usePercent}% of its inodes: {freeInodes} free of {inodes}',
    'kubelet-fs-nearly-full': "{mountedOn} ({filesystem}), the kubelet's {roles}, has used {usePercent}% of its inodes: {freeInodes} free of {inodes}",
    'below-eviction': "{mountedOn} ({filesystem}), the kubelet's {roles}, has {freePercent}% of its inodes free, below the hard eviction threshold {evictionSignals}: DiskPressure and pod eviction",
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const mount = typeof finding.data.mountedOn === 'string' ? finding.data.mountedOn : null;
    const du = sh`du --inodes -x --max-depth=3 ${mount}`;
    return [
      suggest(`the inodes of ${mount ?? 'the filesystem'} now`, sh`df -i ${mount}`),
      suggest(`the folders with the most entries on ${mount ?? 'the filesystem'}`, du === null ? null : `${du} 2>/dev/null | sort -n | tail -20`),
      ...aboutPod(facts, finding.subject, finding.time),
      imageStore(facts),
      nodeConditions(facts),
    ];
  },
  check(model, report) {
    const df = model.vitals.dfInodes;
    if (!df) return;
    const rows = df.rows.map((row) => ({ ...row, capacity: row.inodes, free: row.free }));
    const limits = { warningPercent: WARNING_PERCENT, criticalPercent: CRITICAL_PERCENT, signal: 'inodesFree', unitBytes: 1 } as const;
    const amounts = (row: { capacity: number | null; free: number | null }) => ({ inodes: row.capacity, freeInodes: row.free });
    for (const finding of fullFilesystemFindings(model, df.file, rows, limits, amounts)) report(finding);
  },
});
