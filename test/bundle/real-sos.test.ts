/**
 * A real sos report of a real kernel OOM kill: a process in a memory cgroup named like a kubelet's
 * (`kubepods/burstable/pod<uid>/<container-id>`, cgroup v1) allocates past a small limit until the
 * kernel kills it; Debian's `sos report` (the sosreport package, installed by .ci/run) then packs
 * this machine with only local plugins, and the analyzer reads its `.tar.xz`. The kill comes out
 * once, attributed from the memcg path alone: sos holds no pod logs here, so no names are invented.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPodmortem } from '../helpers/cli.js';
import { commandPath, hasCommand, scratch } from '../collector/helpers/collector.js';
import { lockLiveMachine } from '../helpers/live-machine-lock.js';

const MEMORY_V1 = '/sys/fs/cgroup/memory';
const MiB = 1024 * 1024;
/** Local plugins only (no network, no cluster API): kernel ring buffer, logs, memory, processes, cgroups. */
const PLUGINS = 'kernel,logs,memory,process,cgroups';
const SOS_TIMEOUT_MS = 120_000;
/** Other live tests may hold the machine first (live-machine-lock.ts: stale after 10 min). */
const LOCK_WAIT_MS = 600_000;

const skipReason =
  process.getuid?.() !== 0
    ? 'not root'
    : !hasCommand('sos')
      ? 'no sos command (Debian package sosreport)'
      : !existsSync(join(MEMORY_V1, 'memory.limit_in_bytes'))
        ? 'no cgroup v1 memory controller at /sys/fs/cgroup/memory'
        : null;
if (skipReason) console.log(`real sos report test skipped: ${skipReason}`);

const uid = randomUUID();
const containerId = randomBytes(32).toString('hex');
const podCgroup = `kubepods/burstable/pod${uid}`;
const containerCgroup = `${podCgroup}/${containerId}`;
const created: string[] = [];

async function makeCgroup(path: string): Promise<void> {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = join(MEMORY_V1, ...parts.slice(0, i));
    if (!existsSync(dir)) {
      await mkdir(dir);
      created.push(dir);
    }
  }
}

/** Runs node allocating 4 MiB at a time in the container's cgroup until the kernel kills it; its pid. */
async function provokeOom(): Promise<number> {
  await makeCgroup(containerCgroup);
  await writeFile(join(MEMORY_V1, containerCgroup, 'memory.limit_in_bytes'), String(48 * MiB));
  const allocate = 'const b=[];for(;;)b.push(Buffer.alloc(4<<20,1));';
  const script = `echo $$ > ${join(MEMORY_V1, containerCgroup, 'cgroup.procs')} && echo 700 > /proc/$$/oom_score_adj && exec ${process.execPath} -e "${allocate}"`;
  const child = spawn('sh', ['-c', script], { stdio: 'ignore' });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
  if (signal !== 'SIGKILL') throw new Error(`the allocating process ended with ${signal}, not the kernel's SIGKILL`);
  return child.pid as number;
}

/** `sos report` with only local plugins, bounded by a timeout; the path of its .tar.xz. */
async function runSos(dir: string): Promise<string> {
  const args = ['report', '--batch', '--quiet', '--tmp-dir', dir, '--label', 'podmortem', '-o', PLUGINS, '--no-report', '-z', 'xz', '--plugin-timeout', '60'];
  const child = spawn(commandPath('sos'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), SOS_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`sos report exited ${code}: ${output}`);
  const archives = (await readdir(dir)).filter((name) => /^sosreport-.*\.tar\.xz$/.test(name));
  if (archives.length !== 1) throw new Error(`expected one sosreport-*.tar.xz in ${dir}, found ${archives.join(', ') || 'none'}: ${output}`);
  return join(dir, archives[0] as string);
}

describe.skipIf(skipReason !== null)('a real sos report of a real OOM kill', () => {
  let pid = 0;
  let report: { input: { format: string; kind: string }; oomKills: Record<string, unknown>[]; coverage: { source: string; state: string; paths?: string[] }[] };
  let remove: () => Promise<void> = async () => undefined;
  let unlock: () => Promise<void> = async () => undefined;

  beforeAll(
    async () => {
      unlock = await lockLiveMachine();
      pid = await provokeOom();
      const work = await scratch('real-sos');
      remove = work.remove;
      const archive = await runSos(work.dir);
      const analyzed = await runPodmortem(['analyze', archive, '-o', join(work.dir, 'r.html'), '--json', '-', '--quiet']);
      if (analyzed.code !== 0) throw new Error(`analyzer exited ${analyzed.code}: ${analyzed.stderr}`);
      report = JSON.parse(analyzed.stdout);
    },
    LOCK_WAIT_MS + SOS_TIMEOUT_MS + 60_000,
  );

  afterAll(async () => {
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
    await remove();
    await unlock();
  });

  it('is recognised as a sos report read from .tar.xz, its dmesg feeding the kernel source', () => {
    expect(report.input).toMatchObject({ format: 'sos', kind: 'tar.xz' });
    const kernel = report.coverage.find((row) => row.source === 'kernel');
    expect(kernel?.state).toBe('ok');
    expect(kernel?.paths).toContain('sos_commands/kernel/dmesg');
  });

  it('finds the kill once, with pid, process, memcg, pod uid, container id and QoS class', () => {
    const kills = report.oomKills.filter((kill) => kill.podUid === uid);
    expect(kills.map((kill) => kill.pid)).toEqual([pid]);
    expect(kills[0]).toMatchObject({
      pid,
      process: 'node',
      scope: 'memcg',
      limitLevel: 'container',
      oomMemcg: `/${containerCgroup}`,
      taskMemcg: `/${containerCgroup}`,
      podUid: uid,
      containerId,
      qosClass: 'Burstable',
      oomScoreAdj: 700,
      memoryLimitKb: 48 * 1024,
    });
    // sos holds no /var/log/pods here (no container_log plugin): nothing names the pod.
    expect(kills[0]).toMatchObject({ namespace: null, pod: null, container: null });
  });
});
