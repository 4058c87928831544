import { describe, expect, it } from 'vitest';
import { MEMORY_INTERFACE_FILES, createCgroupMemoryReader, parseCgroupFilePath, parseLimit } from '../../../src/sources/cgroup/index.js';
import { expectIssuesLocated, feedReader, fixturePath, fixtureTree } from '../pod-logs/feed-reader.js';
import { SeededRandom, mutations } from '../../helpers/seeded-random.js';

const SEEDS = [1, 2, 3, 42, 20261127];
const FILES = Object.keys(MEMORY_INTERFACE_FILES);

describe('cgroup fuzz', () => {
  for (const seed of SEEDS) {
    it(`the cgroup reader survives random and mutated interface files (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const trees = [
        await fixtureTree(fixturePath('cgroup', 'cgroup-v2-systemd-burstable'), 'cgroup/'),
        await fixtureTree(fixturePath('cgroup', 'cgroup-v1-cgroupfs-besteffort'), 'sys/fs/cgroup/memory/'),
      ];
      for (const tree of trees) {
        const files: Record<string, Buffer> = {};
        for (const [path, content] of Object.entries(tree)) {
          const [mutated] = mutations(random, content, 1);
          // Put some contents under another interface file's name, so every parser gets every shape.
          const name = random.int(3) === 0 ? path.replace(/[^/]+$/, random.pick(FILES)) : path;
          files[name] = mutated as Buffer;
        }
        const { data, issues } = await feedReader(createCgroupMemoryReader(), 'cgroup', files, 1 + random.int(512));
        expectIssuesLocated(issues, Object.keys(files));
        for (const state of data.cgroups) expect(state.path.startsWith('/')).toBe(true);
      }
    });

    it(`path and value parsers never throw on random text (seed ${seed})`, () => {
      const random = new SeededRandom(seed);
      for (let i = 0; i < 2000; i += 1) {
        const text = random.bytes(random.int(80)).toString('utf8');
        parseCgroupFilePath(`cgroup/${text}`);
        parseLimit(text);
      }
    });
  }
});
