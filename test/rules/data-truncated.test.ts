import { describe, expect, it } from 'vitest';
import { dataTruncated } from '../../src/rules/data-truncated.js';
import { runRules } from '../../src/rules/index.js';
import { checkRule, modelFromSpec } from '../helpers/model.js';

const manifest = JSON.stringify({
  format: 'podmortem-bundle',
  formatVersion: 1,
  node: 'n',
  items: [{ path: 'pods/a_b_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/c/0.log', what: '/var/log/pods/…/0.log', status: 'truncated', exitCode: null, bytes: 16, durationMs: 0, note: 'kept the last 16 MiB' }],
});

describe('data-truncated', () => {
  it('reports sources the collector cut, with its notes', async () => {
    const { findings } = await checkRule(dataTruncated, { 'manifest.json': manifest, 'pods/a_b_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/c/0.log': 'x\n' });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'collector', severity: 'warning', data: expect.objectContaining({ count: 1, sources: ['podLogs'], notes: ['pods/a_b_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/c/0.log: kept the last 16 MiB'] }) })]);
  });

  it('reports an archive the analyzer stopped reading, and refused or cut entries', async () => {
    const model = await modelFromSpec({ 'kernel/dmesg.txt': '[ 1.0] x\n' });
    const stopped = { ...model, bundle: { stopped: { limit: 'max-bytes' as const, message: 'stopped reading after 1.0 GiB of content (--max-bytes)' }, rejectedEntries: 3, cutEntries: 1 } };
    const { findings } = runRules(stopped, [dataTruncated]);
    expect(findings.map((f) => [f.messageId, f.severity, f.data])).toEqual([
      ['stopped', 'critical', { reason: 'stopped reading after 1.0 GiB of content (--max-bytes)', limit: 'max-bytes' }],
      ['entries', 'info', { rejected: 2, cut: 1 }],
    ]);
  });

  it('stays silent for a complete bundle', async () => {
    expect((await checkRule(dataTruncated, { 'kernel/dmesg.txt': '[ 1.0] x\n' })).findings).toEqual([]);
  });
});
