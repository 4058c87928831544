/**
 * A file of podmortem's own folders is read under one root only: `X/kernel/dmesg.txt` is the
 * kernel log of the bundle at `X/`, not also the `dmesg` of a `/var/log` copy rooted at
 * `X/kernel/` (which parsed the largest kernel files twice). The same for EKS's `kernel/` folder.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DEFAULT_LIMITS, detectInput } from '../../src/archive/index.js';
import { readBundle } from '../../src/bundle/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { FORMAT_FIXTURES } from './format-fixtures.js';

async function readingsOf(spec: BundleSpec, wrapper: string): Promise<{ root: string; handed: string[] }> {
  const dir = await tempDir('podmortem-read-once-');
  try {
    const path = await writeBundle(join(dir.path, 'bundle.tar.gz'), spec, 'tar.gz', wrapper);
    const handed: string[] = [];
    const { inventory } = await readBundle(await detectInput(path), DEFAULT_LIMITS, async (file) => {
      handed.push(`${file.root ?? ''}|${file.path}`);
      for await (const _chunk of file.open());
    });
    return { root: inventory.root, handed: handed.sort() };
  } finally {
    await dir.remove();
  }
}

describe('files of a collector folder', () => {
  it('are read under the bundle root only (podmortem, wrapped)', async () => {
    const spec = { 'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0\n', 'stats/ps.txt': 'PID COMMAND\n1 init\n', 'system/os-release': 'ID=debian\n' };
    const { root, handed } = await readingsOf(spec, 'podmortem-worker-3-20261127T101502Z/');
    expect(root).toBe('podmortem-worker-3-20261127T101502Z/');
    expect(handed.filter((name) => name.endsWith('dmesg.txt'))).toEqual(['podmortem-worker-3-20261127T101502Z/|kernel/dmesg.txt']);
    expect(
      handed.every((name) => name.startsWith(`${root}|`)),
      handed.join(', '),
    ).toBe(true);
  });

  it('are read under the bundle root only (EKS kernel/)', async () => {
    const { root, handed } = await readingsOf(FORMAT_FIXTURES.eks.spec, '');
    expect(root).toBe('');
    expect(handed.filter((name) => name.includes('dmesg')).sort()).toEqual(['|kernel/dmesg.current', '|kernel/dmesg.human.current']);
  });
});
