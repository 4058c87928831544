import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { createSystemReaders } from '../../../src/sources/system/index.js';
import { badLineIsReported, fuzzReader, sweepHugeLines, type FuzzTarget } from '../stats/fuzz.js';
import { fixture } from '../stats/helpers.js';

const fixtures = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures')).sort();
const samples = (prefix: string) => fixtures.filter((name) => name.startsWith(prefix)).map((name) => fixture(name, 'system'));
const everySample = fixtures.map((name) => fixture(name, 'system'));

type System = ReturnType<typeof createSystemReaders>;
const targets: (Omit<FuzzTarget, 'create'> & { source: keyof System })[] = [
  { source: 'osRelease', path: 'system/os-release', samples: samples('os-release-') },
  { source: 'uname', path: 'system/uname.txt', samples: samples('uname-') },
  { source: 'kubeletFlags', path: 'system/kubelet-flags.txt', samples: samples('kubelet-flags-') },
  { source: 'journalDiskUsage', path: 'system/journal-disk-usage.txt', samples: samples('journal-disk-usage-') },
];

const withReader = (target: (typeof targets)[number]): FuzzTarget => ({ ...target, create: () => createSystemReaders()[target.source] });
const cases = targets.map((target) => [target.source, target] as const);

describe('system readers under random and mutated input', () => {
  it.each(cases)('%s: never throws or hangs, issues name file and line', async (_name, target) => {
    const seed = [...target.source].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 17);
    await fuzzReader(withReader(target), seed, 120, everySample);
  });

  it.each(cases)('%s: a bad line after a real sample becomes an issue on its line', async (_name, target) => {
    await badLineIsReported(withReader(target));
  });

  it.each(cases)('%s: stays fast on 64 KiB lines made to make regular expressions backtrack', async (_name, target) => {
    await sweepHugeLines(withReader(target));
  });
});
