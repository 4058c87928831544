/**
 * Two anchors of the same boot put its start at different wall times: the node's clock was
 * stepped (NTP correction, manual change) or the kernel's clock drifted from wall time, or the
 * node was suspended (the uptime counts suspend, dmesg's clock does not). Times derived from dmesg
 * stamps are then off by about that much, and `dmesg -T` is wrong too.
 */
import type { BootClockSource } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { fixed } from './node-command-helpers.js';

const SOURCE_NAMES: Record<BootClockSource, string> = {
  'journal-kernel': 'journal kernel records',
  journal: 'journal entries',
  'manifest-uptime': 'the collection uptime',
  'manifest-btime': 'btime',
  'procstat-btime': 'btime of /proc/stat',
  'collection-uptime': "the collector's date and uptime",
  'syslog-monotonic': 'syslog copies of kernel lines',
  'journal-text': 'journal text copies of kernel lines',
  'dmesg-ctime': 'dmesg -T',
};

export const clockAnomalies = defineRule({
  id: 'clock-anomalies',
  title: 'Clocks disagree: derived times may be off',
  severity: 'warning',
  severities: {
    warning: 'clocks disagree',
  },
  requires: [],
  messages: {
    disagree: 'For boot {bootId}, {chosen} and {other} disagree by {seconds} s: times derived from kernel stamps may be off by that much',
  },
  commands() {
    return [
      fixed("the clock's state and whether it is synchronised", 'timedatectl'),
      fixed("chrony's offset and drift (if chrony keeps the time)", 'chronyc tracking'),
      fixed('clock steps this boot', "journalctl -b --no-pager | grep -iE 'time (has been )?changed|clock' | tail -20"),
    ];
  },
  check(model, report) {
    for (const disagreement of model.clockDisagreements) {
      report({
        messageId: 'disagree',
        data: {
          bootId: disagreement.bootId,
          chosen: SOURCE_NAMES[disagreement.chosen.source],
          other: SOURCE_NAMES[disagreement.other.source],
          seconds: Math.round(disagreement.differenceMs / 100) / 10,
          differenceMs: Math.round(disagreement.differenceMs),
        },
      });
    }
  },
});
