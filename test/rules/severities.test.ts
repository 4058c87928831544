/**
 * Severity you can predict: every finding's severity is one its rule declares (the catalog lists
 * them, with when each applies). Runs the real pipeline, every rule, on every sample podmortem
 * ships (its own bundles and the same node as other collectors pack it); every rule test's
 * fixture is checked the same way by `checkRule` (test/helpers/model.ts), over all rules.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/archive/index.js';
import { analyze } from '../../src/pipeline.js';
import { declaredSeverities, declaresSeverity, defineRule, RULES, runRules, SEVERITIES } from '../../src/rules/index.js';
import { renderCatalogText } from '../../src/report/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';

const SAMPLES = ['samples/bundles', 'samples/foreign'].flatMap((folder) => readdirSync(join(REPO_ROOT, folder)).map((file) => join(folder, file)));
const byId = new Map(RULES.map((rule) => [rule.id, rule]));

describe('every rule declares its severities', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: its default is declared, and each declared one says when', (_id, rule) => {
    expect(declaresSeverity(rule, rule.severity)).toBe(true);
    for (const severity of declaredSeverities(rule)) expect(rule.severities[severity]!.trim().length, severity).toBeGreaterThan(3);
    expect(Object.keys(rule.severities).every((key) => (SEVERITIES as readonly string[]).includes(key))).toBe(true);
  });

  it('`podmortem rules` prints each severity of each rule with when it applies', () => {
    const text = renderCatalogText(RULES);
    for (const rule of RULES) for (const severity of declaredSeverities(rule)) expect(text).toContain(`${severity.padEnd(8)}  ${rule.severities[severity]}`);
  });
});

describe('findings on every sample use only declared severities', () => {
  it('finds samples to check', () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(9);
  });

  it.each(SAMPLES)('%s', async (sample) => {
    const { report } = await analyze({ input: join(REPO_ROOT, sample), htmlPath: null, jsonPath: null, limits: DEFAULT_LIMITS, generatedAt: null, stdout: process.stdout, failOn: null });
    expect(report.ruleRuns.filter((run) => run.status === 'errored')).toEqual([]);
    const undeclared = report.findings.filter((finding) => !declaresSeverity(byId.get(finding.ruleId)!, finding.severity));
    expect(undeclared.map((finding) => `${finding.ruleId}: ${finding.severity}`)).toEqual([]);
  });
});

describe('an undeclared severity is a bug', () => {
  it('the rule run is recorded as errored and none of its findings reach the report', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST });
    const loose = defineRule({
      id: 'loose',
      title: 'loose',
      severity: 'warning',
      severities: { warning: 'always' },
      requires: [],
      messages: { seen: 'seen' },
      // The type forbids it; a cast stands for a rule whose severity comes from data.
      check: (_model, report) => report({ messageId: 'seen', data: {}, severity: 'critical' as 'warning' }),
    });
    const { runs, findings } = runRules(model, [loose]);
    expect(findings).toEqual([]);
    expect(runs).toEqual([{ ruleId: 'loose', status: 'errored', message: 'rule loose reported severity critical, which it does not declare (warning)' }]);
  });
});
