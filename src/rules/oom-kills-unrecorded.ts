/**
 * The kernel's OOM counters count more kills than the bundle's kernel messages show: the kills
 * happened, the record of which process died is missing (rate-limited, rotated, a wrapped dmesg
 * ring). The comparison is the model's (`unrecordedOomKills`); this rule says it, per scope.
 */
import type { UnrecordedScope } from '../model/index.js';
import { defineRule, type Evidence } from './define-rule.js';
import { remedyFacts, suggest } from './command-helpers.js';
import { cgroupCounters } from './memory-command-helpers.js';
import { fixed } from './node-command-helpers.js';
import { aboutPod } from './pod-command-helpers.js';

export const oomKillsUnrecorded = defineRule({
  id: 'oom-kills-unrecorded',
  title: 'OOM kills counted with no kernel record in the bundle',
  severity: 'warning',
  severities: {
    warning: 'OOM kill counters exceed the kills found in kernel messages',
  },
  requires: [['procVmstat', 'cgroup']],
  messages: {
    node: 'The node counts {counted:OOM kill} since boot (/proc/vmstat oom_kill) but the bundle shows {recorded}: {unrecorded} without a kernel record',
    pod: '{namespace}/{pod} counts {counted:OOM kill} in its pod cgroup but the bundle shows {recorded}: {unrecorded} without a kernel record',
    container: '{namespace}/{pod} container {container} counts {counted:OOM kill} but the bundle shows {recorded}: {unrecorded} without a kernel record',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const cgroup = typeof finding.data.cgroup === 'string' ? finding.data.cgroup : null;
    return [
      finding.data.scope === 'node' ? fixed('the kernel-wide OOM kill counter since boot', 'grep oom_kill /proc/vmstat') : cgroupCounters(facts, cgroup),
      fixed('the kill lines the journal holds for this boot', "journalctl -k -b --no-pager | grep -c 'Killed process'"),
      fixed('the kill lines the kernel ring buffer still holds', "dmesg | grep -c 'Killed process'"),
      ...aboutPod(facts, finding.subject, finding.time),
      suggest('how much the journal keeps (a small journal loses kernel lines)', 'journalctl --disk-usage'),
    ];
  },
  check(model, report) {
    const { kernelFiles } = model.unrecordedOomKills;
    for (const found of model.unrecordedOomKills.scopes) {
      report({
        messageId: found.scope,
        data: {
          scope: found.scope,
          counted: found.counted,
          recorded: found.recorded,
          unrecorded: found.unrecorded,
          counterFile: found.counterFile,
          cgroup: found.cgroup,
          podUid: found.podUid,
          namespace: found.namespace,
          pod: found.pod ?? found.podUid,
          container: found.container ?? shortId(found),
          kernelFiles,
        },
        subject: found.scope === 'node' ? null : { namespace: found.namespace, pod: found.pod ?? found.podUid, container: found.container },
        evidence: evidenceOf(found, kernelFiles),
      });
    }
  },
});

function shortId(found: UnrecordedScope): string | null {
  const id = found.cgroup?.match(/[0-9a-f]{64}/)?.[0];
  return found.scope === 'container' && id ? id.slice(0, 12) : null;
}

/** The counter's file, then every kernel file that was searched for the kills. */
function evidenceOf(found: UnrecordedScope, kernelFiles: readonly string[]): Evidence[] {
  return [found.counterFile, ...kernelFiles].map((path) => ({ path, line: null }));
}
