/**
 * No `{key}` can reach a page: a finding whose message names data it does not provide makes its
 * rule run errored (run-rules.ts), so this fails on every sample (severities.test.ts asserts no
 * errored run there) and on every rule test's fixture (checkRule runs all rules). Here: that the
 * check itself works, and that each message's placeholders are keys some finding of the rule can
 * carry on the samples.
 */
import { describe, expect, it } from 'vitest';
import { defineRule, RULES, runRules } from '../../src/rules/index.js';
import { placeholderKeys } from '../../src/rules/run-rules.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';

describe('a message naming data its finding lacks', () => {
  it('errors the rule run, names the keys, and no finding of it reaches the report', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST });
    const careless = defineRule({
      id: 'careless',
      title: 'careless',
      severity: 'warning',
      severities: { warning: 'always' },
      requires: [],
      messages: { seen: '{pod} used {bytes:byte} of {limit}' },
      check: (_model, report) => report({ messageId: 'seen', data: { pod: 'web-1' } }),
    });
    const { runs, findings } = runRules(model, [careless]);
    expect(findings).toEqual([]);
    expect(runs).toEqual([{ ruleId: 'careless', status: 'errored', message: "rule careless message seen names {bytes}, {limit}, which its finding's data does not provide" }]);
  });

  it('is fine when the data holds the key, even as null (read as "unknown")', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST });
    const careful = defineRule({
      id: 'careful',
      title: 'careful',
      severity: 'warning',
      severities: { warning: 'always' },
      requires: [],
      messages: { seen: '{pod} hit {limit}' },
      check: (_model, report) => report({ messageId: 'seen', data: { pod: 'web-1', limit: null } }),
    });
    expect(runRules(model, [careful]).findings.map((finding) => finding.message)).toEqual(['web-1 hit unknown']);
  });
});

describe('placeholders of the catalog', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: every placeholder is a plain data key', (_id, rule) => {
    for (const [id, template] of Object.entries(rule.messages)) {
      // Anything in braces that is not a well-formed placeholder would be printed as written.
      const braces = [...template.matchAll(/\{[^}]*\}/g)].length;
      expect(placeholderKeys(template).length, `${rule.id} ${id}: ${template}`).toBe(braces);
    }
  });
});
