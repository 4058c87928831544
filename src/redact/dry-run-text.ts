/**
 * What `redact --dry-run` shows on the sender's screen: by rule, the files and counts, with a few
 * examples from the original (secrets shortened to their first characters). Never written to a file.
 */
import type { RedactResult } from './redact-bundle.js';
import type { RedactionRule, RuleTally } from './redaction-engine.js';
import { SECRET_RULES } from './secret-rules.js';

const FILES_SHOWN = 5;

export function renderDryRun(result: RedactResult): string {
  const byRule = new Map<RedactionRule, [string, RuleTally][]>();
  for (const [path, tally] of result.tallies) {
    for (const [rule, entry] of tally) {
      const files = byRule.get(rule) ?? [];
      files.push([path, entry]);
      byRule.set(rule, files);
    }
  }
  const lines = ['dry run: nothing written; this is what redact would replace (examples are from the original: keep them to yourself)'];
  for (const rule of [...byRule.keys()].sort()) {
    const files = byRule.get(rule)!.sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    const total = files.reduce((sum, [, entry]) => sum + entry.count, 0);
    const kind = SECRET_RULES.includes(rule) ? 'secret, replaced' : 'pseudonymized';
    lines.push(`${rule} (${kind}): ${total} in ${files.length} ${files.length === 1 ? 'file' : 'files'}`);
    for (const [path, entry] of files.slice(0, FILES_SHOWN)) lines.push(`  ${path}: ${entry.count}  e.g. ${entry.examples.join(' · ')}`);
    if (files.length > FILES_SHOWN) lines.push(`  … and ${files.length - FILES_SHOWN} more files`);
  }
  if (byRule.size === 0) lines.push('nothing to replace');
  const { dropped, skipped } = result.record;
  for (const file of dropped) lines.push(`dropped: ${file.path}: ${file.reason}`);
  for (const file of skipped) lines.push(`skipped: ${file.path}: ${file.reason}`);
  return `${lines.join('\n')}\n`;
}
