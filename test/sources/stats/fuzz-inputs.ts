/**
 * Inputs of the stats readers' robustness tests (fuzz.ts) and of their timing (test/bench/huge-lines.bench.ts):
 * lines made to send a backtracking regular expression into quadratic time.
 */
import type { SourceId } from '../../../src/bundle/index.js';
import type { SourceReader } from '../../../src/sources/source-reader.js';
import { SeededRandom } from '../../helpers/seeded-random.js';

export interface FuzzTarget {
  source: SourceId;
  path: string;
  create: () => SourceReader<unknown>;
  samples: string[];
}

/** Words that make a parser take its slow paths (summary regexes, address splitting, value pairs). */
export const TRIGGERS = [
  '',
  'Mem: ',
  'KiB Mem : ',
  'top - 01:02:03 up ',
  'Tasks: ',
  '%Cpu(s): ',
  '%Cpu0 : ',
  'CPU: ',
  'Load average: ',
  'Linux ',
  'take up ',
  'users:((',
  'Device ',
  'avg-cpu: ',
  'some avg10=',
  'default via ',
  'nexthop via ',
  '--flag=',
  'ID="',
  'PID ',
  'Filesystem ',
  'tcp 0 0 ',
  'r b ',
  'MemTotal: ',
  'cpu ',
  'Iface ',
];
export const BODIES: ((random: SeededRandom, length: number) => string)[] = [
  (_random, length) => '1'.repeat(length),
  (_random, length) => ' '.repeat(length) + 'x',
  (_random, length) => '1 '.repeat(length / 2),
  (_random, length) => '("a",pid=1,fd=1)'.repeat(length / 16),
  (_random, length) => '1.5 us,'.repeat(length / 7),
  (_random, length) => ':'.repeat(length),
  (random, length) => Array.from({ length }, () => String.fromCharCode(32 + random.int(95))).join(''),
];

/** Bodies that make a backtracking regular expression quadratic when a parser lets one see them. */
const SLOW_BODIES = [BODIES[0]!, BODIES[1]!, BODIES[2]!, BODIES[4]!];

/** Every trigger word followed by every slow body (66,000 characters), first and last in a real sample. */
export function* hugeLineCases(target: FuzzTarget): Generator<{ label: string; input: string }> {
  const sample = target.samples[0]!;
  for (const trigger of TRIGGERS) {
    for (const [index, body] of SLOW_BODIES.entries()) {
      const line = trigger + body(new SeededRandom(0), 66_000);
      yield { label: `"${trigger}" + body ${index} first`, input: `${line}\n${sample}` };
      yield { label: `"${trigger}" + body ${index} last`, input: `${sample}\n${line}\n` };
    }
  }
}
