import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSystemReaders } from '../../../src/sources/system/index.js';
import { fuzzSuite, type FuzzTarget } from '../stats/fuzz.js';
import { fixture } from '../stats/helpers.js';

const fixtures = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures')).sort();
const samples = (prefix: string) => fixtures.filter((name) => name.startsWith(prefix)).map((name) => fixture(name, 'system'));

type System = ReturnType<typeof createSystemReaders>;
const target = (source: keyof System, path: string, texts: string[]): FuzzTarget => ({ source, path, samples: texts, create: () => createSystemReaders()[source] });

fuzzSuite(
  'system readers under random and mutated input',
  [
    target('osRelease', 'system/os-release', samples('os-release-')),
    target('uname', 'system/uname.txt', samples('uname-')),
    target('kubeletFlags', 'system/kubelet-flags.txt', samples('kubelet-flags-')),
    target('kubeletConfig', 'runtime/kubelet-config.yaml', samples('kubelet-config-')),
    target('journalDiskUsage', 'system/journal-disk-usage.txt', samples('journal-disk-usage-')),
  ],
  fixtures.map((name) => fixture(name, 'system')),
);
