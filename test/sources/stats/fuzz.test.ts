import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { createStatsReaders } from '../../../src/sources/stats/index.js';
import { badLineIsReported, fuzzReader, sweepHugeLines, type FuzzTarget } from './fuzz.js';
import { fixture } from './helpers.js';

const fixtures = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name).split('/fixtures/')[1]!);
const samples = (prefix: string) => fixtures.filter((name) => name.startsWith(prefix)).sort().map((name) => fixture(name));
const everySample = fixtures.map((name) => fixture(name));

type Stats = ReturnType<typeof createStatsReaders>;
const targets: (Omit<FuzzTarget, 'create'> & { source: keyof Stats })[] = [
  { source: 'vmstat', path: 'stats/vmstat.txt', samples: samples('vmstat-') },
  { source: 'iostat', path: 'stats/iostat.txt', samples: samples('iostat-') },
  { source: 'top', path: 'stats/top.txt', samples: samples('top-') },
  { source: 'ps', path: 'stats/ps.txt', samples: samples('ps-') },
  { source: 'sockets', path: 'stats/ss.txt', samples: [...samples('ss-'), ...samples('netstat-net-tools-2.10-tulpn'), ...samples('netstat-net-tools-2.10-real-hidden')] },
  { source: 'routes', path: 'stats/ip-route.txt', samples: [...samples('ip-route-'), ...samples('netstat-net-tools-2.10-rn'), ...samples('route-'), ...samples('proc-net-route')] },
  { source: 'meminfo', path: 'stats/meminfo.txt', samples: samples('meminfo-') },
  { source: 'procVmstat', path: 'stats/proc-vmstat.txt', samples: samples('proc-vmstat-') },
  { source: 'procStat', path: 'stats/proc-stat.txt', samples: samples('proc-stat-') },
  { source: 'loadavg', path: 'stats/loadavg.txt', samples: samples('loadavg-') },
  { source: 'pressure', path: 'stats/pressure/memory', samples: samples('pressure-') },
  { source: 'df', path: 'stats/df.txt', samples: samples('df-').filter((text) => !/Inodes/.test(text)) },
  { source: 'dfInodes', path: 'stats/df-inodes.txt', samples: samples('df-').filter((text) => /Inodes/.test(text)) },
  { source: 'free', path: 'stats/free.txt', samples: samples('free-') },
];

const withReader = (target: (typeof targets)[number]): FuzzTarget => ({ ...target, create: () => createStatsReaders()[target.source] });
const cases = targets.map((target) => [target.source, target] as const);

describe('stats readers under random and mutated input', () => {
  it.each(cases)('%s: never throws or hangs, issues name file and line', async (_name, target) => {
    if (target.samples.length === 0) throw new Error(`no fixtures for ${target.source}`);
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
