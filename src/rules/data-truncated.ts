/**
 * Evidence that is in the bundle only in part: the collector cut it (budget, file cap, timeout),
 * the analyzer stopped reading at a limit, or archive entries were cut or refused.
 */
import type { CoverageRow } from '../model/index.js';
import { defineRule } from './define-rule.js';

export const dataTruncated = defineRule({
  id: 'data-truncated',
  title: 'Evidence cut short',
  severity: 'warning',
  requires: [],
  messages: {
    collector: 'The collector cut {count} sources ({sources}): the oldest part of that evidence is missing',
    stopped: 'The analyzer stopped reading the archive early: {reason}; everything after that point is missing',
    entries: '{rejected} archive entries were refused and {cut} cut while reading; see the data coverage section',
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
  },
});
