/**
 * Every rule of the catalog is skipped, not run on nothing, when a bundle holds none of its
 * sources: the run names each missing requirement (a list where any one source would do), and no
 * finding comes out. One table over the catalog instead of one copy of this test per rule.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { checkRule, MANIFEST } from '../helpers/model.js';

describe('a rule without its sources', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s is skipped and names what it needs', async (id, rule) => {
    const { run, findings } = await checkRule(rule, { 'manifest.json': MANIFEST });
    const needed = rule.requires.filter((requirement) => requirement !== 'manifest');
    if (needed.length === 0) {
      expect(run.status, `${id} needs nothing but the manifest`).not.toBe('skipped');
      return;
    }
    expect(run).toEqual({ ruleId: id, status: 'skipped', missing: needed.map((requirement) => [requirement].flat()) });
    expect(findings).toEqual([]);
  });
});
