/** The stats readers under fuzzing (fuzz.test.ts) and timing (test/bench/huge-lines.bench.ts), each with its real fixtures. */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStatsReaders } from '../../../src/sources/stats/index.js';
import type { FuzzTarget } from './fuzz-inputs.js';
import { fixture } from './helpers.js';

const fixtures = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name).split('/fixtures/')[1]!)
  .sort();
const samples = (...prefixes: string[]) => fixtures.filter((name) => prefixes.some((prefix) => name.startsWith(prefix))).map((name) => fixture(name));

type Stats = ReturnType<typeof createStatsReaders>;
const target = (source: keyof Stats, path: string, texts: string[]): FuzzTarget => ({ source, path, samples: texts, create: () => createStatsReaders()[source] });

/** Every fixture's text: the mixed-lines mutation draws from all of them. */
export const EVERY_SAMPLE: string[] = fixtures.map((name) => fixture(name));

export const STATS_TARGETS: FuzzTarget[] = [
  target('vmstat', 'stats/vmstat.txt', samples('vmstat-')),
  target('iostat', 'stats/iostat.txt', samples('iostat-')),
  target('top', 'stats/top.txt', samples('top-')),
  target('ps', 'stats/ps.txt', samples('ps-')),
  target('sockets', 'stats/ss.txt', samples('ss-', 'netstat-net-tools-2.10-tulpn', 'netstat-net-tools-2.10-real-hidden')),
  target('routes', 'stats/ip-route.txt', samples('ip-route-', 'netstat-net-tools-2.10-rn', 'route-', 'proc-net-route')),
  target('ipv6Routes', 'stats/ip6-route.txt', samples('ip6-route-', 'route-inet6-', 'proc-net-ipv6-route-')),
  target('meminfo', 'stats/meminfo.txt', samples('meminfo-')),
  target('procVmstat', 'stats/proc-vmstat.txt', samples('proc-vmstat-')),
  target('procStat', 'stats/proc-stat.txt', samples('proc-stat-')),
  target('loadavg', 'stats/loadavg.txt', samples('loadavg-')),
  target('pressure', 'stats/pressure/memory', samples('pressure-')),
  target(
    'df',
    'stats/df.txt',
    samples('df-').filter((text) => !/Inodes/.test(text)),
  ),
  target(
    'dfInodes',
    'stats/df-inodes.txt',
    samples('df-').filter((text) => /Inodes/.test(text)),
  ),
  target('free', 'stats/free.txt', samples('free-')),
];
