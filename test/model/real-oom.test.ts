/**
 * Real kernel OOM kills, attributed end to end: memory cgroups named like a kubelet's, small
 * limits, a process whose output is written to /var/log/pods in CRI format as it allocates
 * past the limit, the real collector on this machine, then the analyzer's JSON.
 * Variant 1 hits the container's limit, variant 2 the pod's.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAndAnalyze } from '../helpers/collect-and-analyze.js';
import { layOutPodLog, removePodLog } from '../helpers/live-pod-log.js';
import { lockLiveMachine } from '../helpers/live-machine-lock.js';

const MEMORY_V1 = '/sys/fs/cgroup/memory';
const MiB = 1024 * 1024;
const skipReason = process.getuid?.() !== 0 ? 'not root' : !existsSync(join(MEMORY_V1, 'memory.limit_in_bytes')) ? 'no cgroup v1 memory controller at /sys/fs/cgroup/memory' : null;
if (skipReason) console.log(`real OOM test skipped: ${skipReason}`);

interface Victim {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  containerId: string;
  limitAt: 'container' | 'pod';
  pid: number | null;
  linesWritten: string[];
}

const created: string[] = [];

/** mkdir -p that remembers which cgroups it made, so cleanup removes only those, deepest first. */
async function makeCgroup(path: string): Promise<void> {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = join(MEMORY_V1, ...parts.slice(0, i));
    if (!existsSync(dir)) {
      await mkdir(dir);
      created.push(dir);
    }
  }
}

function victim(limitAt: Victim['limitAt']): Victim {
  const tag = randomBytes(3).toString('hex');
  return { namespace: 'podmortem-test', pod: `oom-${limitAt}-${tag}`, uid: randomUUID(), container: 'hog', containerId: randomBytes(32).toString('hex'), limitAt, pid: null, linesWritten: [] };
}

/** Runs a process that allocates until the kernel kills it, writing its stdout as CRI lines. */
async function provokeOom(v: Victim): Promise<void> {
  const pod = `kubepods/burstable/pod${v.uid}`;
  const container = `${pod}/${v.containerId}`;
  await makeCgroup(container);
  await writeFile(join(MEMORY_V1, v.limitAt === 'pod' ? pod : container, 'memory.limit_in_bytes'), String(64 * MiB));
  const log = await layOutPodLog(v);
  const allocate = "const b=[];for(let i=1;;i++){b.push(Buffer.alloc(4<<20,1));console.log('allocated '+(i*4)+' MiB');}";
  const script = `echo $$ > ${join(MEMORY_V1, container, 'cgroup.procs')} && echo 500 > /proc/$$/oom_score_adj && exec ${process.execPath} -e "${allocate}"`;
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  v.pid = child.pid ?? null;
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      v.linesWritten.push(line);
      // synchronous, so lines land in the order they were written (concurrent appends can reorder)
      appendFileSync(log, `${new Date().toISOString()} stdout F ${line}\n`);
    }
  });
  // 'close' comes after stdout has ended, so every line the process wrote is in the log
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
  expect(signal, 'the kernel killed the process').toBe('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe.skipIf(skipReason !== null)('real OOM kills in kubelet-named cgroups, collected and analyzed', () => {
  const victims = [victim('container'), victim('pod')];
  let report: { oomKills: Record<string, unknown>[]; oomKillDetails: Record<string, unknown>[] };
  let remove: () => Promise<void> = async () => undefined;

  let unlock: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    unlock = await lockLiveMachine();
    for (const v of victims) await provokeOom(v);
    ({ report, remove } = await collectAndAnalyze('real-oom'));
  }, 180_000);

  afterAll(async () => {
    for (const v of victims) {
      await removePodLog(v);
    }
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
    await remove();
    await unlock();
  });

  it.each([0, 1])('attributes kill %i to its pod, container and QoS class, with its last words', (index) => {
    const v = victims[index] as Victim;
    const at = report.oomKills.findIndex((kill) => kill.pid === v.pid);
    expect(at, `a kill with pid ${v.pid}`).toBeGreaterThanOrEqual(0);
    const kill = report.oomKills[at] as Record<string, any>;
    expect(kill).toMatchObject({
      pid: v.pid,
      process: 'node',
      scope: 'memcg',
      limitLevel: v.limitAt,
      podUid: v.uid,
      containerId: v.containerId,
      namespace: v.namespace,
      pod: v.pod,
      container: v.container,
      qosClass: 'Burstable',
      qosEvidence: 'cgroup-path+oom-score-adj',
      oomScoreAdj: 500,
      memoryLimitKb: 64 * 1024,
    });
    // derived from dmesg's seconds since boot, or exact when a running journald also recorded the kill
    expect(['derived', 'exact']).toContain(kill.timeQuality);
    expect(kill.oomMemcg).toBe(v.limitAt === 'pod' ? `/kubepods/burstable/pod${v.uid}` : `/kubepods/burstable/pod${v.uid}/${v.containerId}`);
    expect(kill.taskMemcg).toBe(`/kubepods/burstable/pod${v.uid}/${v.containerId}`);
    expect(kill.corroboratedBy).toEqual(expect.arrayContaining(['kernel', 'cgroup-oom-counter']));
    const logged = (kill.logBefore as { text: string }[]).map((line) => line.text);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.at(-1)).toBe(v.linesWritten.at(-1));
    expect(v.linesWritten.slice(-logged.length)).toEqual(logged);
  });
});
