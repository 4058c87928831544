/**
 * `skipped-unsafe` items (a path the collector refused: a link leaving the host root, a link
 * loop, a name with a newline) are read from the manifest and shown in data coverage as skipped,
 * or as partly collected when other files of the source are there.
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/sources/index.js';
import { modelFromSpec } from '../helpers/model.js';

const POD = 'shop_api-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4968-8776-0123456789ab';
const REFUSED = {
  path: `pods/${POD}`,
  what: `/var/log/pods/${POD}`,
  status: 'skipped-unsafe',
  exitCode: null,
  bytes: 0,
  durationMs: 0,
  note: 'link -> ../../../../outside climbs out of the root /host: not followed',
};

function manifest(items: object[]): string {
  return JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node: 'n', items });
}

describe('coverage of refused paths', () => {
  it('parses a skipped-unsafe item without a warning', () => {
    const warnings: string[] = [];
    const parsed = parseManifest(manifest([REFUSED]), (message) => warnings.push(message));
    expect(parsed?.items).toEqual([expect.objectContaining({ status: 'skipped-unsafe', note: REFUSED.note })]);
    expect(warnings).toEqual([]);
  });

  it('reads skipped-unsafe and calls the source skipped when nothing else was collected', async () => {
    const model = await modelFromSpec({ 'manifest.json': manifest([REFUSED]) });
    expect(model.coverage.find((row) => row.source === 'podLogs')).toMatchObject({ state: 'skipped', collected: 'skipped-unsafe', notes: [`pods/${POD}: ${REFUSED.note}`] });
  });

  it('calls the source partial when other files of it were collected', async () => {
    const other = `pods/shop_web-5c4b3a291-abcde_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/web/0.log`;
    const spec = {
      'manifest.json': manifest([{ ...REFUSED }, { path: other, what: `/var/log/${other}`, status: 'ok', exitCode: 0, bytes: 61, durationMs: 0, note: null }]),
      [other]: '2026-11-27T10:14:00.000000417Z stdout F listening on :8080\n',
    };
    const model = await modelFromSpec(spec);
    expect(model.coverage.find((row) => row.source === 'podLogs')).toMatchObject({ state: 'partial', collected: 'skipped-unsafe', files: 1 });
  });
});
