import { describe, expect, it } from 'vitest';
import { parseIssues } from '../../src/rules/parse-issues.js';
import { checkRule } from '../helpers/model.js';

describe('parse-issues', () => {
  it('reports unreadable input per source', async () => {
    const { findings } = await checkRule(parseIssues, { 'manifest.json': '{ not json', 'stats/loadavg.txt': 'garbage here\n' });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'issues', severity: 'info', data: expect.objectContaining({ sources: ['manifest', 'loadavg'] }) })]);
  });

  it('stays silent when everything parsed', async () => {
    expect((await checkRule(parseIssues, { 'stats/loadavg.txt': '0.15 0.10 0.05 1/234 5678\n' })).findings).toEqual([]);
  });
});
