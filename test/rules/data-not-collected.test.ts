import { describe, expect, it } from 'vitest';
import { dataNotCollected } from '../../src/rules/data-not-collected.js';
import { checkRule } from '../helpers/model.js';
import { LAYOUT, SOURCE_IDS } from '../../src/bundle/layout.js';

const manifest = (items: { path: string; status: string; note?: string }[]) =>
  JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node: 'n', items: items.map((item) => ({ what: item.path, exitCode: null, bytes: 0, durationMs: 0, note: null, ...item })) });

describe('data-not-collected', () => {
  it('warns when an essential source is missing, sorting sources by why', async () => {
    const spec = {
      'manifest.json': manifest([
        { path: 'journal/kubelet.export', status: 'missing', note: 'journalctl not found' },
        { path: 'stats/iostat.txt', status: 'failed' },
      ]),
      'kernel/dmesg.txt': '[    1.000000] Linux version 6.1.0\n',
    };
    const { findings } = await checkRule(dataNotCollected, spec);
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'essential', severity: 'warning', data: expect.objectContaining({ essential: ['journal', 'podLogs'], missingOnNode: ['journal'], failed: ['iostat'] }) }),
    ]);
  });

  it('stays silent when every source is in the bundle', async () => {
    // A file at each source's first candidate path (`*` and `**` filled in).
    // A source with no path of its own in podmortem's bundle (collectionClock: other collectors' `date`) is not expected.
    const spec = Object.fromEntries(SOURCE_IDS.filter((id) => LAYOUT[id].candidates.length > 0).map((id) => [LAYOUT[id].candidates[0]!.replace('**', 'a/b').replace('*', 'a'), 'x\n']));
    const { run, findings } = await checkRule(dataNotCollected, { ...spec, 'manifest.json': manifest([]) });
    expect(run).toEqual({ ruleId: 'data-not-collected', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });

  it('runs without any source (it reads the coverage)', async () => {
    expect((await checkRule(dataNotCollected, {})).run).toMatchObject({ status: 'ran', findings: 1 });
  });
});
