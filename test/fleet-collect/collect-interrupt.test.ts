/**
 * Ctrl-C (SIGINT) or SIGTERM to the real `podmortem collect` process mid-run: kubectl is
 * stopped, every debug pod the run created is deleted, no node starts after it, and no
 * partial or temporary file is left in the bundle folder. The summary says which nodes were
 * stopped; the process then dies of the signal.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleFiles, deletedPods, kubectlCalls, kubectlEvents, livePods, makeFakeCluster, startCollect, type FakeCluster } from './fake-cluster.js';

let cluster: FakeCluster | null = null;
afterEach(async () => {
  await cluster?.remove();
  cluster = null;
});

/** Polls (bounded: 600 × 50 ms) until `ready` holds. */
async function waitFor(ready: () => Promise<boolean>, what: string): Promise<void> {
  for (let round = 0; round < 600; round += 1) {
    if (await ready()) return;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('podmortem collect stopped by a signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s while a collector streams and a pod hangs: every started debug pod deleted, no partial file', async (signal) => {
    cluster = await makeFakeCluster([
      { name: 'streaming', root: 'oom-burstable-containerd', behaviour: 'ok' },
      { name: 'stuck', root: 'debug-pod-minimal', behaviour: 'hang' },
      { name: 'waiting', root: 'debug-pod-minimal', behaviour: 'hang' },
    ]);
    const run = startCollect(cluster, ['streaming', 'stuck', 'waiting', '--parallel', '2', '-o', 'bundles']);
    const current = cluster;
    await waitFor(async () => (await livePods(current)).length >= 2 && (await bundleFiles(current)).length >= 2, 'two debug pods and their temporary files');
    run.child.kill(signal);
    const result = await run.done;
    expect(result.signal, result.stderr).toBe(signal);

    const events = await kubectlEvents(cluster);
    const started = events.filter((event) => event.startsWith('start ')).map((event) => event.slice('start '.length));
    const calls = await kubectlCalls(cluster);
    expect(await livePods(cluster)).toEqual([]);
    expect(
      deletedPods(calls)
        .map((pod) => /^node-debugger-(.+)-[0-9a-f]{5}$/.exec(pod)![1])
        .sort(),
    ).toEqual([...started].sort());
    // Only nodes that started got a debug pod; the hanging one was among them.
    expect(
      calls
        .filter((call) => call[0] === 'debug')
        .map((call) => call[1])
        .sort(),
    ).toEqual(started.map((node) => `node/${node}`).sort());
    expect(started).toContain('stuck');
    // A node that finished before the signal keeps its bundle; nothing else is there, no temporary file.
    const files = await bundleFiles(cluster);
    expect(files.filter((file) => file !== 'streaming.tar.gz')).toEqual([]);

    // The summary is written before podmortem dies: every node, each stopped one with the reason.
    const kept = files.includes('streaming.tar.gz') ? 1 : 0;
    expect(result.stdout).toMatch(new RegExp(`^podmortem collect: ${kept} of 3 nodes gave a bundle$`, 'm'));
    expect(result.stdout).toMatch(/^ {2}failed {2}stuck +stopped before it finished \(the run was interrupted\)$/m);
    const waiting = started.includes('waiting') ? 'stopped before it finished \\(the run was interrupted\\)' : 'not started: the run was interrupted';
    expect(result.stdout).toMatch(new RegExp(`^ {2}failed {2}waiting +${waiting}$`, 'm'));
    expect(result.stdout).toMatch(kept ? /^ {2}ok {6}streaming +bundles\/streaming\.tar\.gz /m : /^ {2}failed {2}streaming +stopped before it finished/m);
  });
});
