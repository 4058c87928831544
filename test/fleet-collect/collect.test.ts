/**
 * `podmortem collect` end to end: the real CLI as a child process, the fake kubectl on PATH
 * (./fake-kubectl/kubectl) running the real collector script it gets on stdin against copies of
 * samples/roots/, and the real analyzer (its pipeline, in this process) on what lands in the bundle
 * folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runPodmortem } from '../helpers/cli.js';
import { reportOf } from '../report/helpers/report-of.js';
import { bundleFiles, deletedPods, kubectlCalls, kubectlEvents, livePods, makeFakeCluster, startCollect, type FakeCluster } from './fake-cluster.js';

const IMAGE = 'busybox:1.36';
let cluster: FakeCluster | null = null;
afterEach(async () => {
  await cluster?.remove();
  cluster = null;
});

function debugCall(node: string, ...collectorArgs: string[]): string[] {
  return ['debug', `node/${node}`, '--profile=sysadmin', `--image=${IMAGE}`, '-i', '--', 'sh', '-s', '--', '--stdout', '--node', node, ...collectorArgs];
}

function deleteCall(pod: string): string[] {
  return ['delete', 'pod', pod, '--ignore-not-found', '--wait=false'];
}

/** The largest number of nodes running at once, from the fake's start/end lines. */
function mostAtOnce(events: string[]): number {
  let running = 0;
  let most = 0;
  for (const event of events) {
    if (event.startsWith('start ')) most = Math.max(most, ++running);
    if (event.startsWith('end ')) running -= 1;
  }
  return most;
}

describe('podmortem collect through kubectl debug node', () => {
  it('collects three nodes two at a time: one bundle per node, each analyzable, every debug pod deleted', async () => {
    cluster = await makeFakeCluster([
      { name: 'worker-1', root: 'oom-burstable-containerd', behaviour: 'ok' },
      { name: 'worker-2', root: 'node-pressure-cgroupfs', behaviour: 'ok' },
      { name: 'worker-3', root: 'debug-pod-minimal', behaviour: 'ok' },
    ]);
    const run = await startCollect(cluster, ['worker-1', 'worker-2', 'worker-3', '--parallel', '2', '--since', '48h', '--budget', '64M', '-o', 'bundles']).done;
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^podmortem collect: 3 of 3 nodes gave a bundle$/m);
    expect(await bundleFiles(cluster)).toEqual(['worker-1.tar.gz', 'worker-2.tar.gz', 'worker-3.tar.gz']);
    // Owner-only, as the collector writes its archive on the node: a bundle holds the node's logs.
    for (const file of await bundleFiles(cluster)) expect((await stat(join(cluster.output, file))).mode & 0o777).toBe(0o600);

    const calls = await kubectlCalls(cluster);
    const pods = deletedPods(calls);
    expect(pods).toHaveLength(3);
    pods.forEach((pod, index) => expect(pod).toMatch(new RegExp(`^node-debugger-worker-${index + 1}-[0-9a-f]{5}$`)));
    expect(calls).toEqual(
      [
        ['get', 'nodes', 'worker-1', 'worker-2', 'worker-3', '-o', 'name'],
        ...['worker-1', 'worker-2', 'worker-3'].map((node) => debugCall(node, '--since', '48h', '--budget', '64M')),
        ...pods.map(deleteCall),
      ].sort((a, b) => a.join(' ').localeCompare(b.join(' '))),
    );
    expect(await livePods(cluster)).toEqual([]);

    const events = await kubectlEvents(cluster);
    expect(mostAtOnce(events)).toBe(2);
    // The third node starts only once one of the first two has ended.
    const starts = events.flatMap((event, index) => (event.startsWith('start ') ? [index] : []));
    expect(events.slice(0, starts[2]).some((event) => event.startsWith('end '))).toBe(true);
    // Each pod is deleted after its node's run ended.
    for (const pod of pods) {
      const node = /^node-debugger-(.+)-[0-9a-f]{5}$/.exec(pod)![1];
      expect(events.indexOf(`delete ${pod}`)).toBeGreaterThan(events.indexOf(`end ${node}`));
    }

    // The analyzer's report of the committed sample, kept equal to it by test/report/golden.test.ts.
    const sample = JSON.parse(await readFile(join(REPO_ROOT, 'test/report/golden/oom-burstable-containerd.json'), 'utf8')) as { oomKills: unknown[] };
    expect(sample.oomKills.length).toBeGreaterThan(0);
    // The real pipeline in this process: the CLI's wiring of analyze is test/cli's.
    for (const node of ['worker-1', 'worker-2', 'worker-3']) {
      const report = await reportOf(join(cluster.output, `${node}.tar.gz`));
      expect(report.node.name).toBe(node);
      if (node === 'worker-1') expect(report.oomKills).toHaveLength(sample.oomKills.length);
    }
  });

  it('selects nodes by label (collector run by busybox sh) and runs them one at a time with --parallel 1', async () => {
    cluster = await makeFakeCluster([
      { name: 'pool-a-1', root: 'debug-pod-minimal', behaviour: 'ok', labels: { pool: 'a', zone: 'z1' } },
      { name: 'pool-a-2', root: 'debug-pod-minimal', behaviour: 'ok', labels: { pool: 'a', zone: 'z2' } },
      { name: 'pool-b-1', root: 'debug-pod-minimal', behaviour: 'ok', labels: { pool: 'b', zone: 'z1' } },
    ]);
    const run = await startCollect(cluster, ['-l', 'pool=a', '--parallel', '1', '-o', 'bundles', '--context', 'prod', '-n', 'debug'], ['busybox', 'sh']).done;
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await bundleFiles(cluster)).toEqual(['pool-a-1.tar.gz', 'pool-a-2.tar.gz']);
    const calls = await kubectlCalls(cluster);
    const pods = deletedPods(calls.map((call) => call.slice(4)));
    expect(calls).toEqual(
      [
        ['--context', 'prod', 'get', 'nodes', '-l', 'pool=a', '-o', 'name'],
        ...['pool-a-1', 'pool-a-2'].map((node) => ['--context', 'prod', '--namespace', 'debug', ...debugCall(node)]),
        ...pods.map((pod) => ['--context', 'prod', '--namespace', 'debug', ...deleteCall(pod)]),
      ].sort((a, b) => a.join(' ').localeCompare(b.join(' '))),
    );
    const events = await kubectlEvents(cluster);
    expect(events.filter((event) => !event.startsWith('delete '))).toEqual(['start pool-a-1', 'end pool-a-1', 'start pool-a-2', 'end pool-a-2']);
    expect(await livePods(cluster)).toEqual([]);
  });

  it('lists a node whose debug pod hangs as timed out, deletes its pod and leaves no file', async () => {
    cluster = await makeFakeCluster([{ name: 'stuck', root: 'debug-pod-minimal', behaviour: 'hang' }]);
    const run = await startCollect(cluster, ['stuck', '--timeout', '2s', '-o', 'bundles']).done;
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/^podmortem collect: 0 of 1 nodes gave a bundle$/m);
    expect(run.stdout).toMatch(/^ {2}failed {2}stuck +timed out after 2 s$/m);
    const calls = await kubectlCalls(cluster);
    const pods = deletedPods(calls);
    expect(pods).toEqual([expect.stringMatching(/^node-debugger-stuck-[0-9a-f]{5}$/)]);
    expect(calls).toContainEqual(deleteCall(pods[0]!));
    expect(await livePods(cluster)).toEqual([]);
    expect(await bundleFiles(cluster)).toEqual([]);
  });

  it('gives the reason of a node whose stream is cut (kubectl exit 1) and one whose collector refuses, with no partial file, and still writes the good node', async () => {
    cluster = await makeFakeCluster([
      { name: 'cut-off', root: 'debug-pod-minimal', behaviour: 'cut' },
      { name: 'good', root: 'debug-pod-minimal', behaviour: 'ok' },
      { name: 'no-tmp', root: 'debug-pod-minimal', behaviour: 'ok', noTmp: true },
    ]);
    const run = await startCollect(cluster, ['cut-off', 'good', 'no-tmp', '-o', 'bundles']).done;
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/^podmortem collect: 1 of 3 nodes gave a bundle$/m);
    expect(run.stdout).toMatch(/^ {2}failed {2}cut-off +kubectl exited with 1: error: container debugger terminated: exit code 7$/m);
    // The collector's own refusal (exit 2), passed on through kubectl's stderr.
    expect(run.stdout).toMatch(/^ {2}failed {2}no-tmp +kubectl exited with 2: .*output folder does not exist/m);
    expect(await bundleFiles(cluster)).toEqual(['good.tar.gz']);
    expect(await livePods(cluster)).toEqual([]);
    expect(deletedPods(await kubectlCalls(cluster))).toHaveLength(3);
  });

  it('refuses with exit 2 when a named node does not exist, before any debug pod', async () => {
    cluster = await makeFakeCluster([{ name: 'real', root: 'debug-pod-minimal', behaviour: 'ok' }]);
    const run = await startCollect(cluster, ['real', 'ghost', '-o', 'bundles']).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^podmortem: error: kubectl get nodes failed: Error from server \(NotFound\): nodes "ghost" not found$/m);
    expect(await kubectlCalls(cluster)).toEqual([['get', 'nodes', 'real', 'ghost', '-o', 'name']]);
    expect(await bundleFiles(cluster)).toEqual([]);
  });

  it('refuses with exit 2 when kubectl is not on PATH', async () => {
    const run = await runPodmortem(['collect', 'node-1', '-o', '/nonexistent-podmortem'], { env: { PATH: '/nonexistent' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^podmortem: error: kubectl not found on PATH/m);
  });
});
