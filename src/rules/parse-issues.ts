/**
 * Lines or files of the bundle a parser could not read. A few odd lines are normal (a log cut
 * mid-line, a binary blob); many mean a format podmortem does not know, and findings from that
 * source may be incomplete.
 */
import { defineRule } from './define-rule.js';
import { fixed } from './node-command-helpers.js';

/** Above this many unreadable lines in one source, its findings may be incomplete. */
const MANY = 100;

export const parseIssues = defineRule({
  id: 'parse-issues',
  title: 'Evidence that could not be parsed',
  severity: 'info',
  severities: {
    warning: 'more than 100 issues in one source',
    info: 'fewer',
  },
  requires: [],
  messages: {
    issues: 'Lines or files that could not be read: {total} ({bySource}); see the parse issues section',
  },
  commands() {
    return [fixed("the node's locale (a tool's output in another language reads differently)", 'locale')];
  },
  check(model, report) {
    const rows = model.coverage.filter((row) => row.parseIssues > 0);
    if (rows.length === 0) return;
    const total = rows.reduce((sum, row) => sum + row.parseIssues, 0);
    report({
      messageId: 'issues',
      severity: rows.some((row) => row.parseIssues > MANY) ? 'warning' : 'info',
      data: { total, bySource: rows.map((row) => `${row.source}: ${row.parseIssues}`), sources: rows.map((row) => row.source) },
    });
  },
});
