import { describe, it } from 'vitest';
import { createCrictlReader, crictlContainer, crictlExit, crictlSandbox, crictlStamp, parseJsonDocuments } from '../../../src/sources/crictl/index.js';
import { expectIssuesLocated, feedReader, fixture } from '../pod-logs/feed-reader.js';
import { SeededRandom, mutations } from '../../helpers/seeded-random.js';

const SEEDS = [1, 2, 3, 42, 20261127];
const FIXTURES = [
  'crictl-ps-containerd.json',
  'crictl-pods-containerd.json',
  'crictl-inspect-oomkilled.json',
  'crictl-inspect-cri-o-completed.json',
  'crictl-inspect-2017-ns-timestamps.json',
  'crictl-inspect-multiple-ids.json',
  'crictl-inspect-back-to-back.json',
];

/** Replaces random leaves of a JSON value with values of other types. */
function scramble(random: SeededRandom, value: unknown, depth = 0): unknown {
  const odd = [null, 0, -1, 1e300, '', 'x', [], {}, true, '9'.repeat(40)];
  if (random.int(8) === 0 || depth > 12) return random.pick(odd);
  if (Array.isArray(value)) return value.map((item) => scramble(random, item, depth + 1));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scramble(random, item, depth + 1)]));
  return value;
}

describe('crictl fuzz', () => {
  for (const seed of SEEDS) {
    it(`the crictl reader survives random, mutated and re-typed JSON (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      for (const name of FIXTURES) {
        const real = await fixture('crictl', name);
        const json = parseJsonDocuments(real.toString('utf8'), () => {});
        const inputs = [...mutations(random, real, 10), ...json.map((document) => Buffer.from(JSON.stringify(scramble(random, document))))];
        for (const content of inputs) {
          const path = `runtime/inspect/${name}`;
          const { issues } = await feedReader(createCrictlReader(), 'crictl', { [path]: content }, 1 + random.int(4096));
          expectIssuesLocated(issues, [path]);
        }
        for (const document of json) {
          const scrambled = scramble(random, document);
          crictlContainer(scrambled, 'f');
          crictlSandbox(scrambled, 'f');
          crictlExit(scrambled, 'f');
        }
      }
      for (let i = 0; i < 500; i += 1) crictlStamp(random.bytes(random.int(40)).toString('latin1'));
    });
  }
});
