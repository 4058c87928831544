/**
 * Real kernel OOM kills, attributed end to end: memory cgroups named like a kubelet's, small
 * limits, processes whose output is written to /var/log/pods in CRI format as it comes, then one
 * run of the real collector on this machine and the analyzer's JSON. Three victims, provoked side
 * by side before that one collection:
 * - (cgroup v1) a process that hits its container's limit, and one that hits its pod's;
 * - (v1 or v2) a child process killed in a container that lives on: a shell (the container's
 *   main process) writes a few lines, runs a child that allocates past the limit and is killed,
 *   says so, waits, and then writes thousands of lines more. The kill's `logBefore` must be the
 *   lines written just before the kill (not the last lines of the file, thousands of lines
 *   later), and `logAfter` the first ones after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAndAnalyze, type LiveReport } from '../helpers/collect-and-analyze.js';
import { LIVE_RUNS_WAIT_MS } from '../collector/helpers/live-run.js';
import { lockLiveMachine } from '../helpers/live-machine-lock.js';
import { allocateCommand, cgroupVersion, cleanUp, LIMIT_BYTES, limitFile, prepareVictim, runLogged, victim, type Victim } from '../helpers/live-oom.js';

const MiB = 1024 * 1024;
/** Lines the container writes after the kill: far more than any file keeps as its tail. */
const LINES_AFTER = 5000;
/** The model counts lines up to 2 s after the kill as before it, and a container that logs 5 s after it as still running: it waits longer. */
const QUIET_AFTER_KILL_S = 6;

const version = process.getuid?.() === 0 ? cgroupVersion() : null;
const skipReason = process.getuid?.() !== 0 ? 'not root' : version === null ? 'no cgroup v1 memory controller at /sys/fs/cgroup/memory and no cgroup v2 memory controller at /sys/fs/cgroup' : null;
if (skipReason) console.log(`real OOM tests skipped: ${skipReason}`);
const v1SkipReason = skipReason ?? (version === 'v1' ? null : 'no cgroup v1 memory controller at /sys/fs/cgroup/memory');
if (!skipReason && v1SkipReason) console.log(`real OOM kills at the container's and the pod's limit skipped: ${v1SkipReason}`);

/** A process that allocates until the kernel kills it at the limit of its container or its pod (v1 paths). */
async function provokeOom(v: Victim, limitAt: 'container' | 'pod'): Promise<number | null> {
  const { cgroup, log } = await prepareVictim('v1', v, limitAt);
  const script = `echo $$ > ${cgroup}/cgroup.procs && echo 500 > /proc/$$/oom_score_adj && exec ${allocateCommand()}`;
  const { pid, signal } = await runLogged(v, log, script);
  expect(signal, 'the kernel killed the process').toBe('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 200));
  return pid;
}

/** The container: a shell that outlives its child, which the kernel kills at the cgroup's limit. */
async function runContainer(v: Victim): Promise<void> {
  const { cgroup, log } = await prepareVictim(version!, v, 'container');
  const script = [
    `echo $$ > ${cgroup}/cgroup.procs && echo 500 > /proc/$$/oom_score_adj || exit 1`,
    'i=0; while [ $i -lt 30 ]; do echo "working before the kill $i"; i=$((i+1)); done',
    allocateCommand(),
    'echo "child exited with status $?"',
    // The child's page cache (node's binary) stays charged to the cgroup, at its limit: writes to
    // the stdout pipe then fail (EIO). The kill is over; the container gets room to log on.
    `echo ${1024 * MiB} > ${cgroup}/${limitFile(version!)}`,
    `sleep ${QUIET_AFTER_KILL_S}`,
    // node, not a shell loop: the stdout pipe is a non-blocking socket, and a shell that outruns
    // this reader gets EAGAIN ("echo: I/O error") and loses lines; node waits for room.
    `${process.execPath} -e "for (let i = 0; i < ${LINES_AFTER}; i++) console.log('still running after the kill ' + i)"`,
  ].join('\n');
  const { code } = await runLogged(v, log, script);
  expect(code, 'the container shell ran to its end').toBe(0);
  expect(v.linesWritten, 'the kernel killed the child (exit status 128 + 9)').toContain('child exited with status 137');
}

describe.skipIf(skipReason !== null)('real OOM kills in kubelet-named cgroups, collected and analyzed', () => {
  const limited = { container: victim('oom-container', 'hog'), pod: victim('oom-pod', 'hog') };
  const pids = { container: null as number | null, pod: null as number | null };
  const child = victim('oom-child', 'worker');
  let report: LiveReport;
  let remove: () => Promise<void> = async () => undefined;
  let unlock: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    unlock = await lockLiveMachine();
    // The container waits QUIET_AFTER_KILL_S after its child's kill: the v1 kills happen meanwhile.
    const v1Kills = async () => {
      if (v1SkipReason) return;
      pids.container = await provokeOom(limited.container, 'container');
      pids.pod = await provokeOom(limited.pod, 'pod');
    };
    await Promise.all([runContainer(child), v1Kills()]);
    ({ report, remove } = await collectAndAnalyze('real-oom'));
  }, LIVE_RUNS_WAIT_MS);

  afterAll(async () => {
    await cleanUp();
    await remove();
    await unlock();
  });

  describe.skipIf(v1SkipReason !== null)('at the limit of the container and of the pod (cgroup v1)', () => {
    it.each(['container', 'pod'] as const)('attributes the kill at the %s limit to its pod, container and QoS class, with its last words', (limitAt) => {
      const v = limited[limitAt];
      const at = report.oomKills.findIndex((kill) => kill.pid === pids[limitAt]);
      expect(at, `a kill with pid ${pids[limitAt]}`).toBeGreaterThanOrEqual(0);
      const kill = report.oomKills[at]!;
      expect(kill).toMatchObject({
        pid: pids[limitAt],
        process: 'node',
        scope: 'memcg',
        limitLevel: limitAt,
        podUid: v.uid,
        containerId: v.containerId,
        namespace: v.namespace,
        pod: v.pod,
        container: v.container,
        qosClass: 'Burstable',
        qosEvidence: 'cgroup-path+oom-score-adj',
        oomScoreAdj: 500,
        memoryLimitKb: LIMIT_BYTES / 1024,
      });
      // derived from dmesg's seconds since boot, or exact when a running journald also recorded the kill
      expect(['derived', 'exact']).toContain(kill.timeQuality);
      expect(kill.oomMemcg).toBe(limitAt === 'pod' ? `/kubepods/burstable/pod${v.uid}` : `/kubepods/burstable/pod${v.uid}/${v.containerId}`);
      expect(kill.taskMemcg).toBe(`/kubepods/burstable/pod${v.uid}/${v.containerId}`);
      expect(kill.corroboratedBy).toEqual(expect.arrayContaining(['kernel', 'cgroup-oom-counter']));
      const logged = (kill.logBefore as { text: string }[]).map((line) => line.text);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.at(-1)).toBe(v.linesWritten.at(-1));
      expect(v.linesWritten.slice(-logged.length)).toEqual(logged);
    });
  });

  describe(`of a child in a container that kept logging (cgroup ${version ?? 'none'})`, () => {
    it('keeps the lines written just before the kill, not the last lines of the log', () => {
      const at = report.oomKills.findIndex((kill) => kill.podUid === child.uid);
      expect(at, `a kill in pod ${child.uid}`).toBeGreaterThanOrEqual(0);
      const kill = report.oomKills[at]!;
      const detail = report.oomKillDetails[at]!;
      expect(kill).toMatchObject({ process: 'node', podUid: child.uid, containerId: child.containerId, container: child.container, namespace: child.namespace, pod: child.pod });
      expect(detail.outcome).toBe('container-kept-running');

      const written = child.linesWritten;
      const firstAfter = written.indexOf('still running after the kill 0');
      expect(written.length - firstAfter, 'the log goes on for thousands of lines after the kill').toBe(LINES_AFTER);
      const logged = (kill.logBefore as { text: string }[]).map((line) => line.text);
      expect(logged.length, 'lines before the kill').toBeGreaterThan(0);
      expect(logged.at(-1)).toBe('child exited with status 137');
      expect(logged).toEqual(written.slice(0, firstAfter).slice(-logged.length));
      const after = (detail.logAfter as { text: string }[]).map((line) => line.text);
      expect(after[0]).toBe('still running after the kill 0');
      expect(after).toEqual(written.slice(firstAfter, firstAfter + after.length));
    });
  });
});
