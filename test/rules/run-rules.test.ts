import { describe, expect, it } from 'vitest';
import { defineRule, fillMessage, meetsFailOn, runRules } from '../../src/rules/index.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';

const reporting = (id: string, severity: 'critical' | 'warning' | 'info', times: (string | null)[]) =>
  defineRule({
    id,
    title: id,
    severity,
    severities: { critical: 'always', warning: 'always', info: 'always' },
    requires: ['manifest'],
    messages: { seen: '{what} seen' },
    check: (_model, report) => times.forEach((time, i) => report({ messageId: 'seen', data: { what: `${id}#${i}` }, time })),
  });

describe('runRules', () => {
  it('records every run: ran with its count, skipped with the missing sources, errored with the message', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST });
    const broken = defineRule({
      id: 'broken',
      title: 'broken',
      severity: 'info',
      severities: { info: 'always' },
      requires: [],
      messages: { x: 'x' },
      check: () => {
        throw new Error('boom');
      },
    });
    const needy = defineRule({
      id: 'needy',
      title: 'needy',
      severity: 'info',
      severities: { info: 'always' },
      requires: ['manifest', ['vmstat', 'procVmstat'], 'iostat'],
      messages: { x: 'x' },
      check: () => undefined,
    });
    const { runs, findings } = runRules(model, [broken, needy, reporting('fine', 'info', [null])]);
    expect(runs).toEqual([
      { ruleId: 'broken', status: 'errored', message: 'boom' },
      { ruleId: 'needy', status: 'skipped', missing: [['vmstat', 'procVmstat'], ['iostat']] },
      { ruleId: 'fine', status: 'ran', findings: 1 },
    ]);
    expect(findings.map((f) => f.message)).toEqual(['fine#0 seen']);
  });

  it('skips a rule whose evidence check says the bundle cannot show what it looks for', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST });
    const picky = defineRule({
      id: 'picky',
      title: 'picky',
      severity: 'info',
      severities: { info: 'always' },
      requires: ['manifest'],
      lacks: () => 'no kubelet lines',
      messages: { x: 'x' },
      check: () => {
        throw new Error('must not run');
      },
    });
    expect(runRules(model, [picky]).runs).toEqual([{ ruleId: 'picky', status: 'skipped', missing: [], reason: 'no kubelet lines' }]);
  });

  it('orders findings by severity, then time (unknown last), then rule', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST });
    const { findings } = runRules(model, [
      reporting('b-info', 'info', ['2026-01-01T00:00:00Z']),
      reporting('a-warning', 'warning', [null, '2026-01-02T00:00:00Z']),
      reporting('c-critical', 'critical', ['2026-01-03T00:00:00Z']),
    ]);
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(['critical c-critical#0 seen', 'warning a-warning#1 seen', 'warning a-warning#0 seen', 'info b-info#0 seen']);
    expect(meetsFailOn(findings, 'critical')).toBe(true);
    expect(
      meetsFailOn(
        findings.filter((f) => f.severity === 'info'),
        'warning',
      ),
    ).toBe(false);
  });

  it('fills message placeholders, joining lists and naming nulls', () => {
    expect(fillMessage('{pod} on {ports} ({missing}) {notthere}', { pod: 'web', ports: [80, 443], missing: null })).toBe('web on 80, 443 (unknown) {notthere}');
  });

  it('reads a count marked |atLeast as a floor only when the data says it is one', () => {
    expect(fillMessage('failed {failures|atLeast} times, restarted {kills|atLeast}', { failures: 1000, kills: 2, countIsLowerBound: true })).toBe('failed at least 1000 times, restarted at least 2');
    expect(fillMessage('failed {failures|atLeast} times', { failures: 1000, countIsLowerBound: false })).toBe('failed 1000 times');
    expect(fillMessage('failed {failures|atLeast} times', { failures: 1000 })).toBe('failed 1000 times');
  });

  it('counts a noun marked {count:noun} in the right number, floor included', () => {
    expect(fillMessage('killed {kills:time}', { kills: 1 })).toBe('killed 1 time');
    expect(fillMessage('killed {kills:time}', { kills: 2 })).toBe('killed 2 times');
    expect(fillMessage('{rejected:entry} refused', { rejected: 1 })).toBe('1 entry refused');
    expect(fillMessage('{rejected:entry} refused', { rejected: 0 })).toBe('0 entries refused');
    expect(fillMessage('{n:process}', { n: 3 })).toBe('3 processes');
    expect(fillMessage('evicted {evictions|atLeast:pod}', { evictions: 1, countIsLowerBound: true })).toBe('evicted at least 1 pod');
    expect(fillMessage('evicted {evictions|atLeast:pod}', { evictions: 4, countIsLowerBound: false })).toBe('evicted 4 pods');
  });

  it('rejects an id that is not kebab-case', () => {
    expect(() => defineRule({ id: 'Not_Kebab', title: '', severity: 'info', severities: { info: 'always' }, requires: [], messages: { x: '' }, check: () => undefined })).toThrow(/kebab-case/);
  });
});
