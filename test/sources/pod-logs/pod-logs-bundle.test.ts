import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, detectInput } from '../../../src/archive/index.js';
import { readBundle } from '../../../src/bundle/index.js';
import { IssueLog } from '../../../src/sources/index.js';
import { createContainerLinksReader, createPodLogsReader } from '../../../src/sources/pod-logs/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../../helpers/bundle.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}`;
const ID = '3b1f9c0d2e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** Reads a real bundle through the archive and bundle stages into the two readers. */
async function readThroughBundle(spec: BundleSpec, format: 'tar.gz' | 'zip' | 'dir') {
  const temp = await tempDir();
  cleanup = temp.remove;
  const path = await writeBundle(join(temp.path, format === 'dir' ? 'bundle' : `bundle.${format}`), spec, format, 'podmortem-worker-3-20261127T101502Z/');
  const podLogs = createPodLogsReader();
  const links = createContainerLinksReader();
  const issues = new IssueLog();
  await readBundle(await detectInput(path), DEFAULT_LIMITS, async (file) => {
    // Opened lazily, as SourceReading does: a symlink entry has no content to open.
    const content = (async function* () {
      yield* file.open();
    })();
    if (file.source === 'podLogs') await podLogs.read(file, content, issues);
    if (file.source === 'containerLinks') await links.read(file, content, issues);
  });
  return { podLogs: podLogs.result(), links: links.result(), issues: issues.issues };
}

const SPEC: BundleSpec = {
  [`${POD_DIR}/api/0.log.20261127-100000.gz`]: { gzip: '2026-11-27T09:55:00Z stdout F oldest, from a gzip member\n' },
  [`${POD_DIR}/api/0.log.20261127-100500`]: '2026-11-27T10:05:00Z stdout F newest rotated\n',
  [`${POD_DIR}/api/0.log`]: '2026-11-27T10:13:59Z stderr P OOM is near\n',
  [`${POD_DIR}/api/1.log`]: '2026-11-27T10:14:05Z stdout F restarted\n',
  'containers.txt': `checkout-7d9f8b6c5-x2x9q_shop_api-${ID}.log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}/api/1.log\n`,
};

describe('pod logs through a real bundle', () => {
  for (const format of ['tar.gz', 'zip', 'dir'] as const) {
    it(`reads rotated .gz files decompressed and the link table (${format})`, async () => {
      const { podLogs, links, issues } = await readThroughBundle(SPEC, format);
      expect(issues).toEqual([]);
      expect(podLogs.attempts.map((attempt) => [attempt.attempt, attempt.lines, attempt.unterminated])).toEqual([
        [0, 3, true],
        [1, 1, false],
      ]);
      expect(podLogs.attempts[0]?.tail.map((line) => line.text)).toEqual(['oldest, from a gzip member', 'newest rotated', 'OOM is near']);
      expect(links.links.map((link) => [link.containerId, link.targetUid, link.targetAttempt])).toEqual([[ID, UID, 1]]);
    });
  }

  it('takes symlink entries of a hand-made containers/ folder as link rows', async () => {
    const { links } = await readThroughBundle(
      { [`${POD_DIR}/api/0.log`]: '', [`containers/checkout-7d9f8b6c5-x2x9q_shop_api-${ID}.log`]: { symlink: `/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}/api/0.log` } },
      'tar.gz',
    );
    expect(links.links.map((link) => [link.container, link.containerId, link.targetAttempt])).toEqual([['api', ID, 0]]);
  });
});
