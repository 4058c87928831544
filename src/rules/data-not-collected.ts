/**
 * Sources the bundle does not hold, and why (the collector's manifest): so that "no finding" is
 * never mistaken for "no problem". Missing kernel messages, journal or pod logs blind whole parts
 * of the analysis and make this a warning.
 */
import type { SourceId } from '../bundle/index.js';
import type { CoverageState } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { fixed } from './node-command-helpers.js';

/** Without these, OOM kills, kubelet events and last words cannot be seen at all. */
const ESSENTIAL: readonly SourceId[] = ['kernel', 'journal', 'podLogs'];
const NOT_THERE: readonly CoverageState[] = ['missing', 'failed', 'lost', 'skipped', 'absent'];

export const dataNotCollected = defineRule({
  id: 'data-not-collected',
  title: 'Evidence the bundle does not hold',
  severity: 'info',
  severities: {
    warning: 'kernel messages, the journal or pod logs are missing',
    info: 'other evidence is missing',
  },
  requires: [],
  messages: {
    essential: '{count:source} not in the bundle, among them {essentialTitles}: what they would show cannot be judged',
    other: '{count:source} not in the bundle ({sourceTitles}): their findings cannot be judged',
  },
  commands() {
    return [
      fixed('which of the tools the collector uses the node has', 'command -v journalctl crictl iostat ss netstat'),
      fixed('run the collector again (its options include a larger budget)', 'sh podmortem-collect.sh --help'),
    ];
  },
  check(model, report) {
    const absent = model.coverage.filter((row) => NOT_THERE.includes(row.state));
    if (absent.length === 0) return;
    const essential = absent.filter((row) => ESSENTIAL.includes(row.source)).map((row) => row.source);
    const byState = (state: CoverageState) => absent.filter((row) => row.state === state).map((row) => row.source);
    report({
      messageId: essential.length > 0 ? 'essential' : 'other',
      severity: essential.length > 0 ? 'warning' : 'info',
      data: {
        count: absent.length,
        essential,
        sources: absent.map((row) => row.source),
        // The message names sources by title: ids like `dfInodes` mean nothing to a reader.
        essentialTitles: absent.filter((row) => ESSENTIAL.includes(row.source)).map((row) => row.title),
        sourceTitles: absent.map((row) => row.title),
        missingOnNode: byState('missing'),
        failed: byState('failed'),
        skipped: byState('skipped'),
        lost: byState('lost'),
        notRecorded: byState('absent'),
      },
    });
  },
});
