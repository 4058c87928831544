/**
 * A real kernel OOM kill of a child process in a container that lives on: a shell (the
 * container's main process) in a memory cgroup named like a kubelet's writes a few lines, runs a
 * child that allocates past the limit and is killed, says so, waits, and then writes thousands of
 * lines more. Its output goes to /var/log/pods in CRI format as it comes. The real collector runs
 * on this machine, then the analyzer: the kill's `logBefore` must be the lines written just
 * before the kill (not the last lines of the file, thousands of lines later), and `logAfter`
 * the first ones after it. cgroup v1 (`/sys/fs/cgroup/memory/kubepods/…`) or v2
 * (`/sys/fs/cgroup/kubepods.slice/…`), whichever the machine has.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAndAnalyze, type LiveReport } from '../helpers/collect-and-analyze.js';
import { layOutPodLog, removePodLog } from '../helpers/live-pod-log.js';
import { lockLiveMachine } from '../helpers/live-machine-lock.js';

const CGROUP = '/sys/fs/cgroup';
const MEMORY_V1 = join(CGROUP, 'memory');
const MiB = 1024 * 1024;
/** Lines the container writes after the kill: far more than any file keeps as its tail. */
const LINES_AFTER = 5000;
/** The model counts lines up to 2 s after the kill as before it, and a container that logs 5 s after it as still running: it waits longer. */
const QUIET_AFTER_KILL_S = 6;

function cgroupVersion(): 'v1' | 'v2' | null {
  if (existsSync(join(MEMORY_V1, 'memory.limit_in_bytes'))) return 'v1';
  const controllers = existsSync(join(CGROUP, 'cgroup.controllers')) ? readFileSync(join(CGROUP, 'cgroup.controllers'), 'utf8') : '';
  return controllers.split(/\s+/).includes('memory') ? 'v2' : null;
}

const version = process.getuid?.() === 0 ? cgroupVersion() : null;
const skipReason = process.getuid?.() !== 0 ? 'not root' : version === null ? 'no cgroup v1 memory controller at /sys/fs/cgroup/memory and no cgroup v2 memory controller at /sys/fs/cgroup' : null;
if (skipReason) console.log(`real OOM child-kill test skipped: ${skipReason}`);

const tag = randomBytes(3).toString('hex');
const v = { namespace: 'podmortem-test', pod: `oom-child-${tag}`, uid: randomUUID(), container: 'worker', containerId: randomBytes(32).toString('hex') };
const linesWritten: string[] = [];
const created: string[] = [];

/** The container's cgroup as the kubelet names it (cgroupfs driver on v1, systemd driver on v2), from the hierarchy's root. */
function containerCgroup(): string[] {
  if (version === 'v1') return ['memory', 'kubepods', 'burstable', `pod${v.uid}`, v.containerId];
  const uid = v.uid.replace(/-/g, '_');
  return ['kubepods.slice', 'kubepods-burstable.slice', `kubepods-burstable-pod${uid}.slice`, `cri-containerd-${v.containerId}.scope`];
}

/** mkdir -p that remembers which cgroups it made; on v2 each level hands the memory controller down. */
async function makeCgroup(parts: string[]): Promise<string> {
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = join(CGROUP, ...parts.slice(0, i));
    if (version === 'v2') await writeFile(join(dir, '..', 'cgroup.subtree_control'), '+memory').catch(() => undefined);
    if (!existsSync(dir)) {
      await mkdir(dir);
      created.push(dir);
    }
  }
  return join(CGROUP, ...parts);
}

/** The container: a shell that outlives its child, which the kernel kills at the cgroup's limit. */
async function runContainer(): Promise<void> {
  const cgroup = await makeCgroup(containerCgroup());
  const limitFile = version === 'v1' ? 'memory.limit_in_bytes' : 'memory.max';
  await writeFile(join(cgroup, limitFile), String(64 * MiB));
  const log = await layOutPodLog(v);
  const allocate = "const b=[];for(let i=1;;i++){b.push(Buffer.alloc(4<<20,1));console.log('allocated '+(i*4)+' MiB');}";
  const script = [
    `echo $$ > ${join(cgroup, 'cgroup.procs')} && echo 500 > /proc/$$/oom_score_adj || exit 1`,
    'i=0; while [ $i -lt 30 ]; do echo "working before the kill $i"; i=$((i+1)); done',
    `${process.execPath} -e "${allocate}"`,
    'echo "child exited with status $?"',
    // The child's page cache (node's binary) stays charged to the cgroup, at its limit: writes to
    // the stdout pipe then fail (EIO). The kill is over; the container gets room to log on.
    `echo ${1024 * MiB} > ${join(cgroup, limitFile)}`,
    `sleep ${QUIET_AFTER_KILL_S}`,
    // node, not a shell loop: the stdout pipe is a non-blocking socket, and a shell that outruns
    // this reader gets EAGAIN ("echo: I/O error") and loses lines; node waits for room.
    `${process.execPath} -e "for (let i = 0; i < ${LINES_AFTER}; i++) console.log('still running after the kill ' + i)"`,
  ].join('\n');
  const shell = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let pending = '';
  shell.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      linesWritten.push(line);
      // synchronous, so lines land in the order they were written
      appendFileSync(log, `${new Date().toISOString()} stdout F ${line}\n`);
    }
  });
  const code = await new Promise<number | null>((resolve) => shell.on('close', (exitCode) => resolve(exitCode)));
  expect(code, 'the container shell ran to its end').toBe(0);
  expect(linesWritten, 'the kernel killed the child (exit status 128 + 9)').toContain('child exited with status 137');
}

describe.skipIf(skipReason !== null)('a real OOM kill of a child in a container that kept logging', () => {
  let report: LiveReport;
  let remove: () => Promise<void> = async () => undefined;
  let unlock: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    unlock = await lockLiveMachine();
    await runContainer();
    ({ report, remove } = await collectAndAnalyze('real-oom-child'));
  }, 180_000);

  afterAll(async () => {
    await removePodLog(v);
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
    await remove();
    await unlock();
  });

  it('keeps the lines written just before the kill, not the last lines of the log', () => {
    const at = report.oomKills.findIndex((kill) => kill.podUid === v.uid);
    expect(at, `a kill in pod ${v.uid}`).toBeGreaterThanOrEqual(0);
    const kill = report.oomKills[at] as Record<string, any>;
    const detail = report.oomKillDetails[at] as Record<string, any>;
    expect(kill).toMatchObject({ process: 'node', podUid: v.uid, containerId: v.containerId, container: v.container, namespace: v.namespace, pod: v.pod });
    expect(detail.outcome).toBe('container-kept-running');

    const firstAfter = linesWritten.indexOf('still running after the kill 0');
    expect(linesWritten.length - firstAfter, 'the log goes on for thousands of lines after the kill').toBe(LINES_AFTER);
    const logged = (kill.logBefore as { text: string }[]).map((line) => line.text);
    expect(logged.length, 'lines before the kill').toBeGreaterThan(0);
    expect(logged.at(-1)).toBe('child exited with status 137');
    expect(logged).toEqual(linesWritten.slice(0, firstAfter).slice(-logged.length));
    const after = (detail.logAfter as { text: string }[]).map((line) => line.text);
    expect(after[0]).toBe('still running after the kill 0');
    expect(after).toEqual(linesWritten.slice(firstAfter, firstAfter + after.length));
  });
});
