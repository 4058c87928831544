/**
 * Generates a realistic bundle (format v1) of about `targetBytes` uncompressed straight into a
 * `.tar.gz`, deterministically from `seed`: the same seed and size give the same bytes. Order
 * of entries: kernel, journal, pods, containers.txt, cgroup, runtime, stats, system, and the
 * manifest last (a collector finishes it after collecting).
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { SeededRandom } from '../../helpers/seeded-random.js';
import { planBundle, type BundlePlan, type PodPlan } from './bundle-plan.js';
import { cgroupFiles } from './cgroup-files.js';
import { writeDmesg } from './dmesg-file.js';
import { writeKernelExport, writeKubeletExport, writeRuntimeExport } from './journal-files.js';
import { manifestFile } from './manifest-file.js';
import { podLogFile } from './pod-log-file.js';
import { containersTable, runtimeFiles } from './runtime-files.js';
import { statsFiles, systemFiles } from './stats-files.js';
import { TarGzSink, type BundleEntry, type ProgressListener } from './tar-gz-sink.js';

const gzip = promisify(gzipCallback);

export interface GenerateOptions {
  seed: number;
  targetBytes: number;
  /** The `.tar.gz` to write. */
  path: string;
  onProgress?: ProgressListener;
}

/** What was generated: enough to check an analyzer's report against it, and to print. */
export interface BundleFacts {
  seed: number;
  targetBytes: number;
  /** The top folder: `podmortem-<node>-<stamp>/`. */
  root: string;
  /** Every entry in archive order, folders included. */
  entries: BundleEntry[];
  /** Bytes of all files as stored (a `.gz` file counts compressed). */
  storedBytes: number;
  /** Bytes of all files once every `.gz` is decompressed: what an analyzer reads. */
  contentBytes: number;
  files: number;
  podLogFiles: number;
  gzFiles: number;
  pods: number;
  containers: number;
  restartedContainers: number;
  oomKills: number;
  evictedPod: string | null;
  /** `ns/pod` of each OOM-killed container, with its container name. */
  oomVictims: { pod: string; uid: string; container: string; containerId: string }[];
}

export async function generateBundle(options: GenerateOptions): Promise<BundleFacts> {
  const plan = planBundle(options.seed, options.targetBytes);
  const random = new SeededRandom(options.seed).fork('content');
  const root = `podmortem-${plan.node.name}-${stampOf(plan.node.collectedMs)}/`;
  const sink = new TarGzSink(options.path, root, options.onProgress);
  let gzContent = 0;

  await sink.sized('kernel/dmesg.txt', plan.budgets.dmesg, (out) => writeDmesg(out, plan, random.fork('dmesg')));
  await sink.sized('journal/kubelet.export', plan.budgets.kubeletJournal, (out) => writeKubeletExport(out, plan, random.fork('kubelet')));
  await sink.sized('journal/runtime.export', plan.budgets.runtimeJournal, (out) => writeRuntimeExport(out, plan, random.fork('runtime')));
  await sink.sized('journal/kernel.export', plan.budgets.kernelJournal, (out) => writeKernelExport(out, plan, random.fork('kernel')));
  for (const pod of plan.pods) gzContent += await writePodLogs(sink, pod, random.fork(pod.uid));
  const small = [containersTable(plan), ...cgroupFiles(plan, random.fork('cgroup')), ...runtimeFiles(plan), ...statsFiles(plan, random.fork('stats')), ...systemFiles(plan)];
  for (const file of small) await sink.file(file.path, Buffer.from(file.content));
  await sink.file('manifest.json', Buffer.from(manifestFile(plan, sink.entries)));
  await sink.finish();
  return factsOf(plan, root, sink, gzContent);
}

/** Writes a pod's log files; returns the uncompressed bytes of its `.gz` files. */
async function writePodLogs(sink: TarGzSink, pod: PodPlan, random: SeededRandom): Promise<number> {
  let gzContent = 0;
  for (const container of pod.containers) {
    const files = container.attempts.flatMap((attempt) => attempt.files.map((file, index) => ({ attempt, file, last: index === attempt.files.length - 1 })));
    files.sort((a, b) => (a.file.name < b.file.name ? -1 : 1));
    for (const { attempt, file, last } of files) {
      const path = `pods/${pod.namespace}_${pod.name}_${pod.uid}/${container.name}/${file.name}`;
      const text = podLogFile({ file, pod, style: container.style, criStyle: pod.criStyle, random, last: last && attempt.end === 'oom-killed' });
      if (!file.gz) {
        await sink.file(path, text.chunks);
        continue;
      }
      gzContent += text.bytes;
      await sink.file(path, await gzip(Buffer.concat(text.chunks), { level: 6 }));
    }
  }
  return gzContent;
}

function stampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
}

function factsOf(plan: BundlePlan, root: string, sink: TarGzSink, gzContent: number): BundleFacts {
  const files = sink.entries.filter((entry) => !entry.path.endsWith('/'));
  const gzFiles = files.filter((entry) => entry.path.endsWith('.gz'));
  const containers = plan.pods.flatMap((pod) => pod.containers);
  return {
    seed: plan.seed,
    targetBytes: plan.targetBytes,
    root,
    entries: sink.entries,
    storedBytes: sink.contentBytes,
    contentBytes: sink.contentBytes - gzFiles.reduce((sum, entry) => sum + entry.bytes, 0) + gzContent,
    files: files.length,
    podLogFiles: files.filter((entry) => entry.path.startsWith('pods/')).length,
    gzFiles: gzFiles.length,
    pods: plan.pods.length,
    containers: containers.length,
    restartedContainers: containers.filter((container) => container.attempts.length > 1).length,
    oomKills: plan.ooms.length,
    evictedPod: plan.eviction ? `${plan.eviction.pod.namespace}/${plan.eviction.pod.name}` : null,
    oomVictims: plan.ooms.map((oom) => ({ pod: `${oom.pod.namespace}/${oom.pod.name}`, uid: oom.pod.uid, container: oom.container.name, containerId: oom.attempt.containerId })),
  };
}
