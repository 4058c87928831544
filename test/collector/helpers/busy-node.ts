/**
 * A busy node's host root, generated: N pods of one container each, every one with a long
 * current log and a rotated `.gz`, the `/var/log/containers` links, and a `kern.log` naming
 * some of them as OOM victims in the cgroup path forms of real kernels and drivers. The logs
 * share one block of text (a few big writes, so 600 MB takes seconds) and end in a line of
 * their own, so a test can tell whose last lines reached the bundle.
 */
import { createHash } from 'node:crypto';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from './prng.js';

/** How the kernel names the victim's cgroup (driver, cgroup version, runtime, prefix). */
export type VictimForm =
  | 'containerd-v2-systemd' // oom-kill: task_memcg=/kubepods.slice/…-pod<uid_>.slice/cri-containerd-<id>.scope (4.19+)
  | 'cgroupfs-v1-task-in' // Task in /kubepods/burstable/pod<uid>/<id> killed as a result of limit of … (before 5.x)
  | 'crio-v2-systemd' // task_memcg=…/kubepods-besteffort-pod<uid_>.slice/crio-<id>.scope
  | 'docker-v1-systemd' // Task in /kubepods.slice/…/docker-<id>.scope killed as …
  | 'kind-prefix'; // task_memcg=/docker/<node container>/kubepods/burstable/pod<uid>/<id> (kubelet in a container)

export interface BusyNodeOptions {
  containers: number;
  /** Bytes of every current log (its unique last line included). */
  currentBytes: number;
  /** Bytes of text gzipped into every rotated file. */
  rotatedTextBytes: number;
  victims: { index: number; form: VictimForm }[];
  /** Containers whose `/var/log/containers` link is gone (the kernel's container id cannot be mapped: the pod uid must do). */
  unlinked?: number[];
  /** Collection time (epoch seconds): mtimes are set before it. */
  now: number;
}

export interface BusyContainer {
  index: number;
  /** Bundle folder: `pods/<ns>_<pod>_<uid>/app`. */
  folder: string;
  uid: string;
  id: string;
  lastLine: string;
}

const CONTAINER = 'app';

export async function writeBusyNode(root: string, options: BusyNodeOptions): Promise<BusyContainer[]> {
  const random = seededRandom(13);
  const block = logBlock(random, options.currentBytes);
  const rotated = gzipSync(logBlock(random, options.rotatedTextBytes), { level: 1 });
  const containers: BusyContainer[] = [];
  const unlinked = new Set(options.unlinked ?? []);
  await mkdir(join(root, 'var/log/containers'), { recursive: true });
  for (let index = 0; index < options.containers; index += 1) {
    const uid = uuidOf(index);
    const id = createHash('sha256').update(`container ${index}`).digest('hex');
    const ns = `team${index % 12}`;
    const pod = `svc${index}-6d5c4b3a2-k${index.toString(36).padStart(4, '0')}`;
    const dir = `${ns}_${pod}_${uid}`;
    const lastLine = `2026-11-27T10:14:59.000000000Z stdout F last line of ${pod} before collection\n`;
    const folder = join(root, 'var/log/pods', dir, CONTAINER);
    await mkdir(folder, { recursive: true });
    const current = join(folder, '0.log');
    await writeFile(current, Buffer.concat([block.subarray(0, options.currentBytes - lastLine.length), Buffer.from(lastLine)]));
    const gz = join(folder, '0.log.20261127-091500.gz');
    await writeFile(gz, rotated);
    // Live logs written in the last minutes, rotated ones about an hour before.
    await setTime(current, options.now - 5 - (index % 240));
    await setTime(gz, options.now - 3600 - index * 7);
    if (!unlinked.has(index)) await symlink(`/var/log/pods/${dir}/${CONTAINER}/0.log`, join(root, 'var/log/containers', `${pod}_${ns}_${CONTAINER}-${id}.log`));
    containers.push({ index, folder: `pods/${dir}/${CONTAINER}`, uid, id, lastLine });
  }
  const kernLog = join(root, 'var/log/kern.log');
  await writeFile(kernLog, kernelLog(containers, options.victims));
  await setTime(kernLog, options.now - 30);
  return containers;
}

/** CRI log lines of about a line's length each, with some variety, `bytes` long. */
function logBlock(random: () => number, bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n += 1) {
    const line = `2026-11-27T10:${String(n % 60).padStart(2, '0')}:00.${String(n).padStart(9, '0')}Z stdout F GET /api/v1/items/${Math.floor(random() * 1e9).toString(16)} 200 ${Math.floor(random() * 900)}ms\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

function uuidOf(index: number): string {
  const hex = createHash('md5').update(`pod ${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function setTime(path: string, epoch: number): Promise<void> {
  const time = new Date(epoch * 1000);
  await utimes(path, time, time);
}

/**
 * A kern.log with each victim's kill in its form, and distractors that are not kills of the
 * containers they name: a memcg stats dump of a bystander (printed for the cgroup that hit its
 * limit, and its children).
 */
function kernelLog(containers: BusyContainer[], victims: BusyNodeOptions['victims']): string {
  const lines = ['Nov 27 09:12:01 worker-9 kernel: [80211.000001] Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045)'];
  const bystander = containers[(victims[0]?.index ?? 0) + 1] ?? containers[0]!;
  lines.push(`Nov 27 09:40:00 worker-9 kernel: [81890.100000] Memory cgroup stats for /kubepods/burstable/pod${bystander.uid}/${bystander.id}:`);
  victims.forEach(({ index, form }, n) => {
    const c = containers[index]!;
    const u = c.uid.replace(/-/g, '_');
    const stamp = `Nov 27 10:0${n}:1${n} worker-9 kernel: [8${2000 + n * 300}.30114${n}]`;
    const oomKill = (memcg: string) =>
      `${stamp} oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${memcg},task_memcg=${memcg},task=java,pid=${41000 + n},uid=1000`;
    const taskIn = (memcg: string) => `${stamp} Task in ${memcg} killed as a result of limit of ${memcg}`;
    lines.push(`${stamp} java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${900 + n}`);
    switch (form) {
      case 'containerd-v2-systemd':
        lines.push(oomKill(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${u}.slice/cri-containerd-${c.id}.scope`));
        break;
      case 'cgroupfs-v1-task-in':
        lines.push(taskIn(`/kubepods/burstable/pod${c.uid}/${c.id}`));
        break;
      case 'crio-v2-systemd':
        lines.push(oomKill(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${u}.slice/crio-${c.id}.scope`));
        break;
      case 'docker-v1-systemd':
        lines.push(taskIn(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${u}.slice/docker-${c.id}.scope`));
        break;
      case 'kind-prefix':
        lines.push(oomKill(`/docker/${'e'.repeat(64)}/kubepods/burstable/pod${c.uid}/${c.id}`));
        break;
    }
    lines.push(
      `${stamp} Memory cgroup out of memory: Killed process ${41000 + n} (java) total-vm:4511232kB, anon-rss:1048576kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2400kB oom_score_adj:${900 + n}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
