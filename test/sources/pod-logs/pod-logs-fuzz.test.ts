import { describe, expect, it } from 'vitest';
import {
  MAX_TEXT_CHARS,
  createContainerLinksReader,
  createPodLogsReader,
  detectLogFormat,
  parseContainerLinkLine,
  parseContainerLinkName,
  parseCriLine,
  parseDockerJsonLine,
  parsePodLogPath,
  parsePodLogTarget,
  parseUntaggedCriLine,
  rfc3339Stamp,
  type PodLogData,
} from '../../../src/sources/pod-logs/index.js';
import { expectIssuesLocated, feedReader, fixture } from './feed-reader.js';
import { SeededRandom, mutations } from '../../helpers/seeded-random.js';

const SEEDS = [1, 2, 3, 42, 20261127];
const FIXTURES = [
  'cri-containerd-partial-lines.log',
  'cri-o-conmon-9-digit-offset.log',
  'docker-json-file-split-line.log',
  'cri-pre-1.9-untagged.log',
  'plain-text-no-timestamps.log',
  'cri-containerd-cut-at-start.log',
];
const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const PATHS = [`pods/shop_checkout_${UID}/api/0.log`, `pods/shop_checkout_${UID}/api/0.log.20261127-100000.gz`, `pods/shop_checkout_${UID}/api/0.log.20261127-100500`, `pods/${UID}/api_1.log`];

function expectBounded(data: PodLogData): void {
  for (const attempt of data.attempts) {
    expect(attempt.head.length).toBeLessThanOrEqual(20);
    expect(attempt.tail.length).toBeLessThanOrEqual(50);
    expect(attempt.lines).toBe(attempt.files.reduce((sum, file) => sum + file.lines, 0));
    for (const line of [...attempt.head, ...attempt.tail]) expect(line.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  }
}

describe('pod logs fuzz', () => {
  for (const seed of SEEDS) {
    it(`line parsers never throw on random and mutated lines (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const real = await Promise.all(FIXTURES.map((name) => fixture('pod-logs', name)));
      const lines = real.flatMap((content) => mutations(random, content, 20)).flatMap((content) => content.toString('utf8').split('\n'));
      for (const line of lines) {
        parseCriLine(line);
        parseUntaggedCriLine(line);
        parseDockerJsonLine(line);
        detectLogFormat(line);
        rfc3339Stamp(line.slice(0, 40));
        parsePodLogPath(line.slice(0, 300));
        parsePodLogTarget(line.slice(0, 300));
        parseContainerLinkName(line.slice(0, 300));
        parseContainerLinkLine(line.slice(0, 600));
      }
      expect(lines.length).toBeGreaterThan(100);
    });

    it(`the pod logs reader survives random and mutated files in random chunks (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      for (const name of FIXTURES) {
        const inputs = mutations(random, await fixture('pod-logs', name), 12);
        const files = Object.fromEntries(inputs.slice(0, PATHS.length).map((content, i) => [PATHS[i] as string, content]));
        const { data, issues } = await feedReader(createPodLogsReader(), 'podLogs', files, 1 + random.int(9000));
        expectIssuesLocated(issues, Object.keys(files));
        expectBounded(data);
      }
    });

    it(`the container links reader survives mutated tables (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const id = 'a'.repeat(64);
      const table = Buffer.from(
        `total 8\napi-0_shop_api-${id}.log\t/var/log/pods/shop_api-0_${UID}/api/0.log\nlrwxrwxrwx 1 root root 98 Nov 27 10:00 web_shop_web-${id}.log -> /var/log/pods/shop_web_${UID}/web/3.log\n`,
      );
      for (const content of mutations(random, table, 30)) {
        const { issues } = await feedReader(createContainerLinksReader(), 'containerLinks', { 'containers.txt': content }, 1 + random.int(64));
        expectIssuesLocated(issues, ['containers.txt']);
      }
    });
  }
});
