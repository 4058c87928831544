/**
 * Real kernel OOM kills on this machine, for the live model tests: memory cgroups named like a
 * kubelet's (cgroupfs driver on cgroup v1, systemd driver on v2), a small limit, and a process
 * whose stdout is written to its pod's log in CRI format as it comes. `cleanUp` removes the
 * cgroups made here (deepest first) and the pod logs.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { layOutPodLog, removePodLog, type LivePod } from './live-pod-log.js';

const CGROUP = '/sys/fs/cgroup';
const MEMORY_V1 = join(CGROUP, 'memory');
const MiB = 1024 * 1024;
/** The limit every victim runs into. */
export const LIMIT_BYTES = 64 * MiB;
/** What the victims allocate with, in 4 MiB steps, saying so on stdout. */
const ALLOCATE = "const b=[];for(let i=1;;i++){b.push(Buffer.alloc(4<<20,1));console.log('allocated '+(i*4)+' MiB');}";

export type CgroupVersion = 'v1' | 'v2';

/** v1 when the memory controller has its own hierarchy, v2 when the unified one has it, else null. */
export function cgroupVersion(): CgroupVersion | null {
  if (existsSync(join(MEMORY_V1, 'memory.limit_in_bytes'))) return 'v1';
  const controllers = existsSync(join(CGROUP, 'cgroup.controllers')) ? readFileSync(join(CGROUP, 'cgroup.controllers'), 'utf8') : '';
  return controllers.split(/\s+/).includes('memory') ? 'v2' : null;
}

export interface Victim extends LivePod {
  /** The lines the process wrote, in order (each also in its pod log). */
  linesWritten: string[];
}

export function victim(pod: string, container: string): Victim {
  return { namespace: 'podmortem-test', pod: `${pod}-${randomBytes(3).toString('hex')}`, uid: randomUUID(), container, containerId: randomBytes(32).toString('hex'), linesWritten: [] };
}

/** The cgroups and pod logs made so far, so that cleanUp removes only those. */
const made: { cgroups: string[]; pods: LivePod[] } = { cgroups: [], pods: [] };

/** mkdir -p under /sys/fs/cgroup that remembers what it made; on v2 each level hands the memory controller down. */
async function makeCgroup(version: CgroupVersion, parts: string[]): Promise<string> {
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = join(CGROUP, ...parts.slice(0, i));
    if (version === 'v2') await writeFile(join(dir, '..', 'cgroup.subtree_control'), '+memory').catch(() => undefined);
    // Victims are prepared side by side and share the upper levels: the one whose mkdir made a
    // level removes it; EEXIST means another got there first (existsSync alone races).
    if (!existsSync(dir) && (await mkdir(dir).then(() => true, ignoreExisting))) made.cgroups.push(dir);
  }
  return join(CGROUP, ...parts);
}

function ignoreExisting(error: NodeJS.ErrnoException): false {
  if (error.code === 'EEXIST') return false;
  throw error;
}

/** The pod's and the container's cgroups as the kubelet names them, from the hierarchy's root. */
function kubeletCgroups(version: CgroupVersion, v: LivePod): { pod: string[]; container: string[] } {
  if (version === 'v1') {
    const pod = ['memory', 'kubepods', 'burstable', `pod${v.uid}`];
    return { pod, container: [...pod, v.containerId] };
  }
  const pod = ['kubepods.slice', 'kubepods-burstable.slice', `kubepods-burstable-pod${v.uid.replace(/-/g, '_')}.slice`];
  return { pod, container: [...pod, `cri-containerd-${v.containerId}.scope`] };
}

export function limitFile(version: CgroupVersion): string {
  return version === 'v1' ? 'memory.limit_in_bytes' : 'memory.max';
}

/**
 * Makes the victim's cgroups with LIMIT_BYTES on the pod's or the container's level and its pod
 * log; returns the container's cgroup folder and the log.
 */
export async function prepareVictim(version: CgroupVersion, v: Victim, limitAt: 'pod' | 'container'): Promise<{ cgroup: string; log: string }> {
  const levels = kubeletCgroups(version, v);
  const cgroup = await makeCgroup(version, levels.container);
  await writeFile(join(CGROUP, ...levels[limitAt], limitFile(version)), String(LIMIT_BYTES));
  made.pods.push(v);
  return { cgroup, log: await layOutPodLog(v) };
}

/** The shell line that allocates until the kernel kills it. */
export function allocateCommand(): string {
  return `${process.execPath} -e "${ALLOCATE}"`;
}

/**
 * Runs SCRIPT with `sh -c`, appending each stdout line to LOG as a CRI line as it comes (and to
 * v.linesWritten); resolves with the shell's exit code and signal once its stdout has ended.
 */
export function runLogged(v: Victim, log: string, script: string): Promise<{ pid: number | null; code: number | null; signal: NodeJS.Signals | null }> {
  const shell = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let pending = '';
  shell.stdout.on('data', (chunk: Buffer) => {
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
  return new Promise((resolve) => shell.on('close', (code, signal) => resolve({ pid: shell.pid ?? null, code, signal })));
}

export async function cleanUp(): Promise<void> {
  for (const pod of made.pods.splice(0)) await removePodLog(pod);
  for (const dir of made.cgroups.splice(0).reverse()) await rmdir(dir).catch(() => undefined);
}
