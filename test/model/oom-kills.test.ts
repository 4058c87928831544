/**
 * OOM attribution rules, through the real readers: each case is a small bundle spec whose
 * kernel, journal, crictl and pod-log text is in the real formats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { detectInput, DEFAULT_LIMITS } from '../../src/archive/index.js';
import { readAgain, readBundle } from '../../src/bundle/index.js';
import { buildNodeModel, EXCERPT_KILLS, type NodeModel } from '../../src/model/index.js';
import { CandidateReadings } from '../../src/sources/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const ID = 'cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9';
const OTHER_ID = '7702d083a2e7e693c46dc2360709b3f22e2248fedfc07cd7edf2273eddb5b22e';
const BOOT = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';
const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}`;
const V2_PATH = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice/cri-containerd-${ID}.scope`;
// Collected 2026-11-27T10:15:02Z after 90000 s of uptime: monotonic 0 = 2026-11-26T09:15:02Z.
const MANIFEST = JSON.stringify({
  format: 'podmortem-bundle',
  formatVersion: 1,
  node: 'worker-3',
  anchors: { wallClockUtc: '2026-11-27T10:15:02Z', uptimeSeconds: 90000, bootId: '3b5d0c1e-7a2f-4c8e-9d10-5e6f7a8b9c0d', utcOffset: '+0000' },
  items: [],
});
const T = (monotonic: number) => new Date(Date.parse('2026-11-26T09:15:02Z') + monotonic * 1000).toISOString();

/** A cgroup v2 memcg OOM report (kernel ≥ 5.4), as dmesg prints it. */
function v2Report(monotonic: number, opts: { pid?: number; comm?: string; adj?: number; path?: string; kill?: boolean } = {}): string {
  const { pid = 41234, comm = 'java', adj = 984, path = V2_PATH, kill = true } = opts;
  const s = (dt: number) => `[${(monotonic + dt).toFixed(6).padStart(12)}]`;
  return (
    [
      `${s(0)} ${comm} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${adj}`,
      `${s(0.0001)} memory: usage 524288kB, limit 524288kB, failcnt 5402`,
      `${s(0.0002)} oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${path},task_memcg=${path},task=${comm},pid=${pid},uid=1000`,
      kill
        ? `${s(0.0003)} Memory cgroup out of memory: Killed process ${pid} (${comm}) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:${adj}`
        : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n'
  );
}

const cri = (iso: string, text: string, stream = 'stdout') => `${iso} ${stream} F ${text}\n`;

/** The model as the pipeline builds it: the bundle read, then the kills' log files read again when the first pass did not keep their lines. */
async function model(spec: BundleSpec, dir: string, name: string): Promise<NodeModel> {
  const input = await detectInput(await writeBundle(join(dir, name), spec, 'dir'));
  const reading = new CandidateReadings();
  const { inventory: bundleInventory } = await readBundle(input, DEFAULT_LIMITS, (file) => reading.read(file));
  const sources = reading.finish(bundleInventory);
  const built = buildNodeModel(sources, bundleInventory);
  const { windows } = sources.podLogs;
  const paths = new Set(windows.pendingReads().keys());
  if (paths.size > 0) await readAgain(input, DEFAULT_LIMITS, bundleInventory.root, paths, (path, content) => windows.readAgain(path, content));
  windows.settle();
  return built;
}

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (work = await tempDir()));
afterAll(async () => work.remove());

describe('analyzeOomKills', () => {
  it('merges one kill seen in dmesg and in the journal, keeping the evidence of both', async () => {
    const journal = [
      `__REALTIME_TIMESTAMP=${Date.parse(T(86412.3003)) * 1000}`,
      '__MONOTONIC_TIMESTAMP=86412300300',
      `_BOOT_ID=${BOOT}`,
      '_TRANSPORT=kernel',
      'PRIORITY=3',
      '_SOURCE_MONOTONIC_TIMESTAMP=86412300300',
      'MESSAGE=Memory cgroup out of memory: Killed process 41234 (java) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:984',
      '',
      '',
    ].join('\n');
    const m = await model({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': v2Report(86412.3), 'journal/kernel.export': journal }, work.path, 'merge');
    expect(m.oomKills).toHaveLength(1);
    expect(m.oomKills[0]).toMatchObject({ pid: 41234, time: T(86412.3003), timeQuality: 'derived', podUid: UID, containerId: ID, limitLevel: 'container' });
    expect(m.oomKillDetails[0]?.seenIn.sort()).toEqual(['journal/kernel.export', 'kernel/dmesg.txt']);
    expect(m.oomKills[0]?.evidence.map((e) => e.path)).toEqual(expect.arrayContaining(['kernel/dmesg.txt', 'journal/kernel.export']));
  });

  it('names the container of a pre-5.0 global kill from crictl when the report names no cgroup', async () => {
    const dmesg = [
      '[86412.300000] Out of memory: Kill process 41234 (java) score 968 or sacrifice child',
      '[86412.300100] Killed process 41234 (java) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB',
      '',
    ].join('\n');
    const inspect = JSON.stringify({
      status: {
        id: ID,
        state: 'CONTAINER_EXITED',
        exitCode: 137,
        reason: 'OOMKilled',
        finishedAt: T(86412.9),
        startedAt: T(80000),
        metadata: { name: 'api', attempt: 1 },
        labels: { 'io.kubernetes.pod.name': 'checkout-7d9f8b6c5-x2x9q', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.pod.uid': UID, 'io.kubernetes.container.name': 'api' },
      },
    });
    const m = await model({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg, [`runtime/inspect/${ID}.json`]: inspect }, work.path, 'global-old');
    expect(m.oomKills[0]).toMatchObject({
      scope: 'global',
      limitLevel: null,
      taskMemcg: null,
      podUid: UID,
      containerId: ID,
      namespace: 'shop',
      container: 'api',
      qosClass: null,
      corroboratedBy: ['kernel', 'crictl-oomkilled'],
      confidence: 'low',
    });
    expect(m.oomKillDetails[0]).toMatchObject({ attribution: 'runtime-time-match', outcome: 'container-ended' });
  });

  it('tells a child-process kill (the same attempt keeps logging) from a kill that ended the container', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': v2Report(86412.3, { pid: 51000, comm: 'convert' }),
      'containers.txt': `checkout-7d9f8b6c5-x2x9q_shop_api-${ID}.log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}/api/0.log\n`,
      [`${POD_DIR}/api/0.log`]: cri(T(86400), 'converting batch 7') + cri(T(86412), 'convert: spawning worker') + cri(T(86430), 'worker died, retrying batch 7'),
    };
    const m = await model(spec, work.path, 'child');
    expect(m.oomKills[0]).toMatchObject({
      process: 'convert',
      container: 'api',
      logBefore: [expect.objectContaining({ text: 'converting batch 7' }), expect.objectContaining({ text: 'convert: spawning worker' })],
    });
    expect(m.oomKillDetails[0]).toMatchObject({ outcome: 'container-kept-running', restarted: false, containerNamedBy: 'container-links' });
  });

  it('names the container by its restart boundary when nothing else does, and shows the first lines after', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': v2Report(86412.3),
      [`${POD_DIR}/api/0.log`]: cri(T(86300), 'serving') + cri(T(86412.1), 'GC overhead limit exceeded', 'stderr'),
      [`${POD_DIR}/api/1.log`]: cri(T(86425), 'Started CheckoutApplication'),
      [`${POD_DIR}/sidecar/0.log`]: cri(T(86000), 'proxy up') + cri(T(86500), 'proxy still up'),
    };
    const m = await model(spec, work.path, 'boundary');
    expect(m.oomKills[0]).toMatchObject({ container: 'api', corroboratedBy: ['kernel', 'restart-boundary'], confidence: 'high' });
    expect(m.oomKills[0]?.logBefore.at(-1)).toEqual({ time: T(86412.1), stream: 'stderr', text: 'GC overhead limit exceeded' });
    expect(m.oomKillDetails[0]).toMatchObject({
      outcome: 'container-ended',
      restarted: true,
      attempt: 0,
      containerNamedBy: 'restart-boundary',
      logAfter: [expect.objectContaining({ text: 'Started CheckoutApplication' })],
    });
  });

  it('leaves the container unnamed when no source names it', async () => {
    const spec = { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': v2Report(86412.3), [`${POD_DIR}/api/0.log`]: cri(T(86300), 'serving'), [`${POD_DIR}/sidecar/0.log`]: cri(T(86300), 'proxy') };
    const m = await model(spec, work.path, 'unnamed');
    expect(m.oomKills[0]).toMatchObject({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: null, confidence: 'medium', logBefore: [] });
  });

  it(`keeps log lines for only ${EXCERPT_KILLS} kills, the latest of every container first`, async () => {
    const otherUid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const otherPath = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${otherUid.replace(/-/g, '_')}.slice/cri-containerd-${OTHER_ID}.scope`;
    // One kill of another pod first, then `api` in a crash loop: killed 260 times, restarted each
    // time with a new container id; the link table names the latest, restart boundaries the others.
    const loop = Array.from({ length: 260 }, (_, i) => 80000 + i * 10);
    const idOf = (i: number) => ID.slice(0, 56) + i.toString(16).padStart(8, '0');
    const spec: BundleSpec = {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': v2Report(79000, { pid: 7000, path: otherPath }) + loop.map((at, i) => v2Report(at + 5, { pid: 10000 + i, path: V2_PATH.replace(ID, idOf(i)) })).join(''),
      'containers.txt':
        [
          `cart-5c4b3a2d1-q8w7e_shop_cart-${OTHER_ID}.log\t/var/log/pods/shop_cart-5c4b3a2d1-q8w7e_${otherUid}/cart/0.log`,
          `checkout-7d9f8b6c5-x2x9q_shop_api-${idOf(259)}.log\t/var/log/${POD_DIR}/api/259.log`,
        ].join('\n') + '\n',
      [`pods/shop_cart-5c4b3a2d1-q8w7e_${otherUid}/cart/0.log`]: cri(T(78990), 'cart loading'),
      ...Object.fromEntries(loop.map((at, i) => [`${POD_DIR}/api/${i}.log`, cri(T(at - 2), `attempt ${i} up`) + cri(T(at), `attempt ${i} heap full`)])),
    };
    const m = await model(spec, work.path, 'many-kills');
    expect(m.oomKills).toHaveLength(261);
    const withLogs = m.oomKills.flatMap((kill, i) => (kill.logBefore.length > 0 ? [i] : []));
    expect(withLogs).toHaveLength(EXCERPT_KILLS);
    expect(m.oomKills[0]).toMatchObject({ pid: 7000, logBefore: [expect.objectContaining({ text: 'cart loading' })] });
    // the other pod's kill took one place, so the loop keeps its latest 199
    expect(withLogs.slice(1)).toEqual(Array.from({ length: 199 }, (_, i) => 62 + i));
    expect(m.oomKills.at(-1)?.logBefore.at(-1)?.text).toBe('attempt 259 heap full');
    expect(m.oomKillDetails[62]).toMatchObject({ logsOmitted: false, restarted: true });
    expect(m.oomKillDetails[62]?.logAfter[0]?.text).toBe('attempt 62 up');
    expect(m.oomKillDetails.map((detail) => detail.logsOmitted).filter(Boolean)).toHaveLength(61);
    // the kill keeps everything else: its attempt, restart and outcome
    expect(m.oomKillDetails[1]).toMatchObject({ logsOmitted: true, logAfter: [], attempt: 0, restarted: true, outcome: 'container-ended' });
  });

  it('records a kill named only by the oom-kill: summary, and says why it is less sure', async () => {
    const m = await model({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': v2Report(86412.3, { kill: false }) }, work.path, 'no-kill');
    expect(m.oomEventsWithoutKill).toEqual([]);
    expect(m.oomKills).toHaveLength(1);
    expect(m.oomKills[0]).toMatchObject({
      pid: 41234,
      process: 'java',
      uid: 1000,
      kernelOutcome: 'summary-only',
      time: T(86412.3002),
      scope: 'memcg',
      limitLevel: 'container',
      podUid: UID,
      containerId: ID,
      qosClass: 'Burstable',
      qosEvidence: 'cgroup-path',
      attributionSource: 'oom-kill-summary',
      confidence: 'medium',
      confidenceReasons: ['kill-line-missing', 'kernel-only'],
    });
    // the summary prints no score and no memory of the victim; the trigger's score is the allocating task's
    expect(m.oomKills[0]).toMatchObject({ oomScoreAdj: null, totalVmKb: null, anonRssKb: null, fileRssKb: null, shmemRssKb: null, memoryUsageKb: 524288, memoryLimitKb: 524288 });
  });

  it('keeps an OOM report without a kill line or summary as an event without a victim', async () => {
    const header = v2Report(86412.3, { kill: false })
      .split('\n')
      .filter((line) => !line.includes('oom-kill:'))
      .join('\n');
    const m = await model({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': header }, work.path, 'no-summary');
    expect(m.oomKills).toEqual([]);
    expect(m.oomEventsWithoutKill).toEqual([
      expect.objectContaining({ scope: 'memcg', limitLevel: null, podUid: null, process: 'java', outcome: 'none-seen', gaps: ['kill-line-missing'], time: T(86412.3) }),
    ]);
  });

  it('lists a QoS disagreement between the path and the score, but not a node-critical pod', async () => {
    const besteffortScore = await model({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': v2Report(86412.3, { adj: 1000 }) }, work.path, 'qos-conflict');
    expect(besteffortScore.oomKills[0]).toMatchObject({ qosClass: 'Burstable', qosEvidence: 'cgroup-path', confidence: 'medium' });
    expect(besteffortScore.oomKillDetails[0]?.contradictions).toEqual(['the cgroup path says Burstable, oom_score_adj 1000 says BestEffort']);
    const critical = await model({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': v2Report(86412.3, { adj: -997 }) }, work.path, 'qos-critical');
    expect(critical.oomKillDetails[0]?.contradictions).toEqual([]);
    expect(critical.oomKillDetails[0]?.qos).toMatchObject({ fromPath: 'Burstable', fromScore: 'Guaranteed' });
  });

  it('corroborates with containerd TaskOOM and cgroup counters', async () => {
    const runtime = `__REALTIME_TIMESTAMP=${Date.parse(T(86412.5)) * 1000}\n_BOOT_ID=${BOOT}\n_SYSTEMD_UNIT=containerd.service\nSYSLOG_IDENTIFIER=containerd\nMESSAGE=time="${T(86412.5)}" level=info msg="TaskOOM event container_id:\\"${ID}\\""\n\n`;
    const events = 'low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n';
    const cgroupDir = `cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;
    const m = await model(
      { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': v2Report(86412.3), 'journal/runtime.export': runtime, [`${cgroupDir}/memory.current`]: '1048576\n', [`${cgroupDir}/memory.events`]: events },
      work.path,
      'corroborated',
    );
    expect(m.oomKills[0]).toMatchObject({ corroboratedBy: ['kernel', 'containerd-task-oom', 'cgroup-oom-counter'], confidence: 'high' });
    // The counter's own file is the evidence, not the cgroup's first file by name (memory.current).
    expect(m.oomKills[0]?.evidence).toContainEqual({ path: `${cgroupDir}/memory.events`, line: null });
  });

  it('says a time is unknown rather than guessing without anchors', async () => {
    const m = await model({ 'kernel/dmesg.txt': v2Report(86412.3) }, work.path, 'no-anchor');
    expect(m.oomKills[0]).toMatchObject({ time: null, timeQuality: 'unknown', timeText: '[86412.300300]', podUid: UID });
  });
});
