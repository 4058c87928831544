/**
 * Evidence that is in the bundle only in part: the collector cut it (budget, file cap, timeout),
 * the analyzer stopped reading at a limit, or archive entries were cut or refused. Also service
 * events the journal reader read but did not keep (it keeps the first and last part of each kind):
 * the rules counting them say so per finding, this says which kinds lost how many.
 */
import type { CoverageRow, NodeModel } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { fixed } from './node-command-helpers.js';

export const dataTruncated = defineRule({
  id: 'data-truncated',
  title: 'Evidence cut short',
  severity: 'warning',
  severities: {
    critical: 'reading stopped at a limit: the report covers only part of the bundle',
    warning: 'evidence cut short',
    info: 'archive entries rejected or cut, or events not kept',
  },
  requires: [],
  messages: {
    collector: 'The collector cut {count:source} ({sources}): the oldest part of that evidence is missing',
    stopped: 'The analyzer stopped reading the archive early: {reason}; everything after that point is missing',
    entries: '{rejected:archive entry} refused and {cut} cut while reading; see the data coverage section',
    'events-not-kept': '{eventsNotKept:service event} read but not kept ({byKind}): the analyzer keeps {keptPerKind} of each kind, the first and the last, so counts built on them are lower bounds',
  },
  commands() {
    return [fixed('how much the pod logs and the journal hold on the node', 'du -sh /var/log/pods /var/log/journal'), fixed("the journal's disk use", 'journalctl --disk-usage')];
  },
  check(model, report) {
    const partial = model.coverage.filter((row: CoverageRow) => row.state === 'partial');
    if (partial.length > 0) {
      report({ messageId: 'collector', data: { count: partial.length, sources: partial.map((row) => row.source), notes: partial.flatMap((row) => row.notes).slice(0, 10) } });
    }
    if (model.bundle.stopped) {
      report({ messageId: 'stopped', severity: 'critical', data: { reason: model.bundle.stopped.message, limit: model.bundle.stopped.limit } });
    }
    if (model.bundle.rejectedEntries > 0) {
      report({ messageId: 'entries', severity: 'info', data: { rejected: model.bundle.rejectedEntries - model.bundle.cutEntries, cut: model.bundle.cutEntries } });
    }
    const notKept = serviceEventsNotKept(model);
    if (notKept.length > 0) {
      report({
        messageId: 'events-not-kept',
        severity: 'info',
        data: {
          eventsNotKept: notKept.reduce((sum, kind) => sum + kind.notKept, 0),
          kinds: notKept.map((kind) => kind.kind),
          byKind: notKept.map((kind) => `${kind.kind}: ${kind.notKept} of ${kind.seen}`),
          keptPerKind: Math.max(...notKept.map((kind) => kind.kept)),
        },
      });
    }
  },
});

/** Kinds of service event the reader did not keep in full, most lost first. */
function serviceEventsNotKept(model: NodeModel): { kind: string; seen: number; kept: number; notKept: number }[] {
  return Object.entries(model.serviceEventTotals)
    .map(([kind, total]) => ({ kind, seen: total.seen, kept: total.kept, notKept: total.seen - total.kept }))
    .filter((kind) => kind.notKept > 0)
    .sort((a, b) => b.notKept - a.notKept || a.kind.localeCompare(b.kind));
}
