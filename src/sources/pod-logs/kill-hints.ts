/**
 * Kill times known before the pod logs are read. podmortem's collector writes `manifest.json`
 * first and `journal/` and `kernel/` before `pods/`, so by the time a pod log is read the kernel
 * lines naming its kills have passed by. This watches the kernel messages as they go to the
 * kernel collector and notes each `Killed process` line's time (and the pod uid the lines of the
 * same report named); the pod-logs reader keeps windows a little before those times, so the
 * second pass is not needed. These are hints: the model's own kill times decide, and a window
 * the hint missed is read again (kill-windows.ts). Sample:
 *
 *   `oom-kill:constraint=CONSTRAINT_MEMCG,…,task_memcg=/kubepods/burstable/pod6f1e2d3c-…/…,task=java,pid=4242,uid=0`
 *   `Memory cgroup out of memory: Killed process 4242 (java) total-vm:…`   (journal entry, exact)
 *     → { ms: 1795774502123, podUid: '6f1e2d3c…' }
 */
import type { KernelCollector, KernelStream } from '../kernel/index.js';
import type { KernelMessage } from '../kernel/kernel-message.js';
import type { BundleManifest } from '../manifest.js';
import { normaliseBootId, type Stamp } from '../stamp.js';

/**
 * Hints kept per pod: the latest, as the report shows the lines of the latest kills first
 * (oom-kill-priority.ts); a crash loop's older kills are left to the second pass.
 */
const MAX_HINTS_PER_POD = 256;
/** Pods with hints at most. */
const MAX_PODS = 4096;
const POD_UID = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32})/i;
const KILLED = /\bKilled process \d+/;
const REPORT_START = /\binvoked oom-killer\b/;

/** A pod uid in the form hints compare: `6F1E2D3C-4B5A-…` and `6f1e2d3c_4b5a_…` are the same. */
export function hintUid(uid: string): string {
  return uid.toLowerCase().replace(/[-_]/g, '');
}

export class KillHints {
  /** Per pod uid: kill times, sorted when `sorted` says so. */
  private readonly byPod = new Map<string, { times: number[]; sorted: boolean }>();

  constructor(private readonly manifest: () => BundleManifest | null) {}

  /** The collector, with every message seen on its way in. */
  watch(collector: KernelCollector): KernelCollector {
    return {
      stream: (file, report) => this.watchStream(collector.stream(file, report)),
      result: () => collector.result(),
      noteServiceMessage: (input) => collector.noteServiceMessage(input),
    };
  }

  /** The hints for a file of pod `uid` (any form), oldest first. */
  forPod(uid: string): readonly number[] {
    const pod = this.byPod.get(hintUid(uid));
    if (!pod) return [];
    // sorts in place the first time after new hints
    if (!pod.sorted) {
      pod.times = [...new Set(pod.times)].sort((a, b) => a - b).slice(-MAX_HINTS_PER_POD);
      pod.sorted = true;
    }
    return pod.times;
  }

  private watchStream(stream: KernelStream): KernelStream {
    let podUid: string | null = null;
    return {
      push: (message: KernelMessage) => {
        if (REPORT_START.test(message.text)) podUid = null;
        const uid = POD_UID.exec(message.text);
        if (uid) podUid = hintUid(uid[1] as string);
        if (KILLED.test(message.text)) this.note(message.stamp, podUid);
        stream.push(message);
      },
      skip: (kind, identifier) => stream.skip(kind, identifier),
      markCut: () => stream.markCut(),
      end: () => stream.end(),
    };
  }

  private note(stamp: Stamp, podUid: string | null): void {
    const ms = this.ms(stamp);
    if (ms === null || podUid === null) return;
    let pod = this.byPod.get(podUid);
    if (!pod) {
      if (this.byPod.size >= MAX_PODS) return;
      this.byPod.set(podUid, (pod = { times: [], sorted: true }));
    }
    pod.times.push(ms);
    pod.sorted = false;
    // bounded while the kernel lines stream: sorting keeps the latest
    if (pod.times.length >= 2 * MAX_HINTS_PER_POD) this.forPod(podUid);
  }

  /** A wall time from the stamp itself, or from a monotonic stamp and the manifest's anchors. */
  private ms(stamp: Stamp): number | null {
    if (stamp.utcMs !== null) return stamp.utcMs;
    const anchors = this.manifest()?.anchors;
    if (stamp.monotonic === null || !anchors?.wallClockUtc || anchors.uptimeSeconds === null) return null;
    const boot = anchors.bootId ? normaliseBootId(anchors.bootId) : null;
    if (stamp.bootId !== null && stamp.bootId !== boot) return null;
    const wall = Date.parse(anchors.wallClockUtc);
    return Number.isNaN(wall) ? null : wall - anchors.uptimeSeconds * 1000 + stamp.monotonic * 1000;
  }
}
