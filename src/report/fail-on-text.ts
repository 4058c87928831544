/**
 * What `--fail-on` found, for standard error when it makes the exit code 3: a CI log should say
 * which findings failed the run without opening the report. One line per finding, most severe
 * first (the report's order), capped so a noisy node cannot flood the log.
 */
import { oneLine } from '../errors.js';
import type { Finding, Severity } from '../rules/index.js';
import { visibleText } from './text.js';

export const FAIL_ON_LISTED = 10;

/** `  critical  container-memory-limit  shop/checkout container app was OOM-killed 3 times …` */
export function renderFailOnText(met: readonly Finding[], threshold: Severity): string {
  const noun = met.length === 1 ? 'finding' : 'findings';
  const lines = [`podmortem: --fail-on ${threshold}: ${met.length} ${noun} at or above ${threshold}:`];
  for (const finding of met.slice(0, FAIL_ON_LISTED)) {
    lines.push(`  ${finding.severity.padEnd(8)}  ${finding.ruleId}  ${oneLine(visibleText(finding.message), 160)}`);
  }
  if (met.length > FAIL_ON_LISTED) lines.push(`  … and ${met.length - FAIL_ON_LISTED} more`);
  return `${lines.join('\n')}\n`;
}
