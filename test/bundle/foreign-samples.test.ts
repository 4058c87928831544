/**
 * The foreign samples (samples/foreign/, built by samples/foreign.sh from the node tree of
 * podmortem's own oom-burstable-containerd sample) give the facts podmortem's own bundle of that
 * node gives, through the real CLI: each of the node's three kernel OOM kills once, with the same
 * pid, process, memcg, pod uid, container id and QoS class; wall time where the format has an
 * anchor; names and last log lines where the format holds the pod's logs or link names; and
 * nothing (null, no lines) where it cannot know. The CLI runs in this process (runCli, see
 * cli-in-process.ts): a node process per sample was most of this file's CPU.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { scratch } from '../collector/helpers/collector.js';

type Fact = 'once' | 'identity' | 'time' | 'names' | 'logs';
/** full: namespace, pod and container as podmortem's own bundle says; pod: namespace and pod. */
type Naming = 'full' | 'pod' | 'none';

interface ForeignSample {
  file: string;
  format: string;
  kind: string;
  /** exact: the journal's realtime stamp; second: to the second (`dmesg -T`, syslog, btime); none. */
  time: 'exact' | 'second' | 'none';
  /** By victim pid; a pid not listed may be named as podmortem's bundle names it, or not at all. */
  names: Record<number, Naming>;
  /** Victim pids whose pod log the sample holds: their last lines before the kill are known. */
  logs: number[];
}

const JAVA_0 = 41234; // shop/checkout api, attempt 0 (exited container, no /var/log/containers link)
const CONVERT = 52210; // batch/report-worker worker
const JAVA_1 = 51877; // shop/checkout api, attempt 1
const NONE = { [JAVA_0]: 'none', [CONVERT]: 'none', [JAVA_1]: 'none' } as const;

const SAMPLES: ForeignSample[] = [
  {
    // dmesg, both journalctl texts (whole journal, this boot), cgroups, container links and their targets
    file: 'sos-oom-burstable-containerd.tar.xz',
    format: 'sos',
    kind: 'tar.xz',
    time: 'second',
    names: { [JAVA_0]: 'pod', [CONVERT]: 'full', [JAVA_1]: 'full' },
    logs: [CONVERT, JAVA_1],
  },
  {
    // raw and --ctime dmesg, kubelet and containerd text, kube-system pod logs only, /proc/stat
    file: 'eks-oom-burstable-containerd.tar.gz',
    format: 'eks',
    kind: 'tar.gz',
    time: 'second',
    names: {},
    logs: [],
  },
  {
    // dmesg -T, journald/<unit> text, kube-system pod logs, every container link name
    file: 'rancher-oom-burstable-containerd.tar.gz',
    format: 'rancher',
    kind: 'tar.gz',
    time: 'second',
    names: { [CONVERT]: 'full', [JAVA_1]: 'full' },
    logs: [],
  },
  {
    // kern.log (syslog stamps), every pod log, every container link name
    file: 'var-log-oom-burstable-containerd.tar.gz',
    format: 'var-log',
    kind: 'tar.gz',
    time: 'second',
    names: { [JAVA_0]: 'full', [CONVERT]: 'full', [JAVA_1]: 'full' },
    logs: [JAVA_0, CONVERT, JAVA_1],
  },
  { file: 'dmesg-oom-burstable-containerd.txt', format: 'lone-file', kind: 'file', time: 'none', names: NONE, logs: [] },
  { file: 'journal-oom-burstable-containerd.export', format: 'lone-file', kind: 'file', time: 'exact', names: NONE, logs: [] },
];

interface Kill {
  pid: number;
  time: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  logBefore: { text: string }[];
  [field: string]: unknown;
}
interface Analysis {
  input: { format: string; kind: string };
  oomKills: Kill[];
}

const IDENTITY = ['pid', 'process', 'uid', 'scope', 'limitLevel', 'oomMemcg', 'taskMemcg', 'podUid', 'containerId', 'qosClass', 'oomScoreAdj', 'memoryLimitKb', 'anonRssKb'];

async function analyze(path: string): Promise<Analysis> {
  const { dir, remove } = await scratch('foreign-sample');
  try {
    const result = await runPodmortemInProcess(['analyze', path, '-o', join(dir, 'report.html'), '--json', '-', '--quiet']);
    if (result.code !== 0) throw new Error(`podmortem analyze ${path} exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as Analysis;
  } finally {
    await remove();
  }
}

function pick(kill: Kill, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, kill[field] ?? null]));
}

const CHECKS: Record<Fact, (sample: ForeignSample, own: Kill, found: Kill[]) => void> = {
  once: (_sample, own, found) => expect(found.length, `kills with pid ${own.pid}`).toBe(1),
  identity: (_sample, own, found) => {
    expect(found.length, `kills with pid ${own.pid}`).toBeGreaterThan(0);
    for (const kill of found) expect(pick(kill, IDENTITY)).toEqual(pick(own, IDENTITY));
  },
  time: (sample, own, found) => {
    for (const kill of found) {
      if (sample.time === 'none') expect(kill.time).toBeNull();
      else if (sample.time === 'exact') expect(kill.time).toBe(own.time);
      else expect(Math.abs(Date.parse(kill.time ?? '') - Date.parse(own.time ?? '')), `${kill.time} within 2 s of ${own.time}`).toBeLessThan(2000);
    }
  },
  names: (sample, own, found) => {
    const naming = sample.names[own.pid];
    const fields = naming === 'pod' ? ['namespace', 'pod'] : ['namespace', 'pod', 'container'];
    for (const kill of found) {
      if (naming === 'none') expect(pick(kill, fields)).toEqual({ namespace: null, pod: null, container: null });
      else if (naming) expect(pick(kill, fields)).toEqual(pick(own, fields));
      // Never a name podmortem's own bundle does not give.
      for (const field of ['namespace', 'pod', 'container']) expect([own[field], null]).toContainEqual(kill[field] ?? null);
    }
  },
  logs: (sample, own, found) => {
    for (const kill of found) {
      if (!sample.logs.includes(own.pid)) expect(kill.logBefore).toEqual([]);
      else expect(kill.logBefore.at(-1)?.text ?? null).toBe(own.logBefore.at(-1)?.text);
    }
  },
};

describe("foreign samples give the facts of podmortem's own bundle of the same node", () => {
  let own: Analysis;
  const analyses = new Map<string, Analysis>();

  beforeAll(async () => {
    own = await analyze(join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz'));
    for (const sample of SAMPLES) analyses.set(sample.file, await analyze(join(REPO_ROOT, 'samples/foreign', sample.file)));
  }, 120_000);

  it('own bundle: three kills of Burstable containers, each with the log lines before it', () => {
    // convert is a child killed while its container kept running: its lines are found mid-log
    expect(own.oomKills.map((kill) => [kill.pid, kill.qosClass, kill.logBefore.length > 0])).toEqual([
      [JAVA_0, 'Burstable', true],
      [CONVERT, 'Burstable', true],
      [JAVA_1, 'Burstable', true],
    ]);
  });

  describe.each(SAMPLES)('$file', (sample) => {
    it(`is read as ${sample.format} from ${sample.kind}`, () => {
      expect(analyses.get(sample.file)?.input).toMatchObject({ format: sample.format, kind: sample.kind });
    });

    for (const fact of Object.keys(CHECKS) as Fact[]) {
      it(fact, () => {
        const kills = (analyses.get(sample.file) as Analysis).oomKills;
        for (const ownKill of own.oomKills)
          CHECKS[fact](
            sample,
            ownKill,
            kills.filter((kill) => kill.pid === ownKill.pid),
          );
      });
    }
  });
});
