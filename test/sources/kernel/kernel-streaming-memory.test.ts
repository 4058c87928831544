/**
 * Memory must not grow with input size: several hundred MB of generated dmesg, with OOM reports,
 * rate-limited kills and hung tasks sprinkled in, stream through createKernelReader. The input
 * is generated chunk by chunk and never held whole; the reader keeps only bounded state.
 */
import { describe, expect, it } from 'vitest';
import { createKernelReader, KERNEL_LIMITS } from '../../../src/sources/kernel/index.js';
import { IssueLog } from '../../../src/sources/source-reader.js';
import { kernelFile } from './read-kernel.js';

const MiB = 1024 * 1024;
const INPUT_BYTES = 320 * MiB;
const CHUNK_BYTES = 256 * 1024;
const REPORT_EVERY_BYTES = MiB;
const HUNG_TASK_EVERY_BYTES = 64 * 1024;

const NOISE = [
  (_n: number) => `IPVS: rr: TCP 10.96.0.10:53 - no destination available`,
  (n: number) => `cni0: port ${n % 60}(veth${((n * 2654435761) >>> 0).toString(16).padStart(8, '0')}) entered forwarding state`,
  (n: number) =>
    `audit: type=1400 audit(1704112268.${String(n % 1000).padStart(3, '0')}:${n}): apparmor="STATUS" operation="profile_replace" profile="unconfined" name="cri-containerd.apparmor.d" pid=${n % 32768} comm="apparmor_parser"`,
  (n: number) => `eth0: renamed from veth${(n >>> 0).toString(16)}`,
  (_n: number) => `nf_conntrack: nf_conntrack: table full, dropping packet`,
  (n: number) => `EXT4-fs (nvme0n1p1): mounted filesystem ${n.toString(36)} r/w with ordered data mode. Quota mode: none.`,
];

/** One full cgroup v2 report and, a second later, a kill whose header was rate-limited: two events. */
function oomReport(pid: number, stamp: () => string): string {
  const scope = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${pid}.slice/cri-containerd-${String(pid).padStart(64, '0')}.scope`;
  const lines = [
    `java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=968`,
    `CPU: 1 PID: ${pid} Comm: java Not tainted 6.1.0-27-cloud-amd64 #1  Debian 6.1.115-1`,
    `memory: usage 524288kB, limit 524288kB, failcnt ${pid}`,
    `swap: usage 0kB, limit 9007199254740988kB, failcnt 0`,
    `Memory cgroup stats for ${scope}:`,
    `anon 530612224`,
    `file 1163264`,
    `Tasks state (memory values in pages):`,
    `[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name`,
    `[${String(pid).padStart(7)}]  1000 ${pid}   301020   131402  1224704        0           968 java`,
    `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${scope},task_memcg=${scope},task=java,pid=${pid},uid=1000`,
    `Memory cgroup out of memory: Killed process ${pid} (java) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:968`,
  ];
  return lines.map((line) => `${stamp()} ${line}\n`).join('');
}

interface Generated {
  chunks: AsyncIterable<Buffer>;
  totals: { bytes: number; reports: number; killOnly: number; hungTasks: number };
}

function generateDmesg(): Generated {
  const totals = { bytes: 0, reports: 0, killOnly: 0, hungTasks: 0 };
  let micros = 1_000_000;
  const stamp = (stepMicros = 37) => {
    micros += stepMicros;
    return `[${String(Math.floor(micros / 1e6)).padStart(5)}.${String(micros % 1e6).padStart(6, '0')}]`;
  };
  async function* chunks(): AsyncIterable<Buffer> {
    let line = 0;
    let nextReport = REPORT_EVERY_BYTES;
    let nextHung = HUNG_TASK_EVERY_BYTES;
    while (totals.bytes < INPUT_BYTES) {
      let text = '';
      while (text.length < CHUNK_BYTES) {
        line += 1;
        const at = totals.bytes + text.length;
        if (at >= nextReport) {
          nextReport += REPORT_EVERY_BYTES;
          totals.reports += 1;
          totals.killOnly += 1;
          text += oomReport(10_000 + totals.reports, stamp);
          text += `${stamp(1_000_000)} Memory cgroup out of memory: Killed process ${900_000 + totals.reports} (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:968\n`;
          stamp(40_000_000);
        } else if (at >= nextHung) {
          nextHung += HUNG_TASK_EVERY_BYTES;
          totals.hungTasks += 1;
          text += `${stamp()} INFO: task containerd:${totals.hungTasks} blocked for more than 122 seconds.\n`;
        } else {
          text += `${stamp()} ${NOISE[line % NOISE.length]!(line)}\n`;
        }
      }
      const chunk = Buffer.from(text);
      totals.bytes += chunk.length;
      yield chunk;
    }
  }
  return { chunks: chunks(), totals };
}

describe('a multi-hundred-MB dmesg through the kernel reader', () => {
  it(`keeps peak memory far below the input size and finds every event`, async () => {
    const reader = createKernelReader();
    const issues = new IssueLog();
    const generated = generateDmesg();
    const before = process.resourceUsage().maxRSS * 1024;
    await reader.read(kernelFile('kernel/dmesg.txt'), generated.chunks, issues);
    const data = reader.result();
    const growth = process.resourceUsage().maxRSS * 1024 - before;
    const { bytes, reports, killOnly, hungTasks } = generated.totals;
    console.log(
      `kernel streaming: ${(bytes / MiB).toFixed(0)} MiB, ${data.files[0]!.lines} lines; ` +
        `peak RSS ${(before / MiB).toFixed(0)} → ${((before + growth) / MiB).toFixed(0)} MiB (growth ${(growth / MiB).toFixed(1)} MiB); ` +
        `${data.counts.oomEvents} OOM events, ${data.signalCounts['hung-task']} hung tasks`,
    );
    expect(bytes).toBeGreaterThanOrEqual(300 * 1000 * 1000);
    expect(growth).toBeLessThan(100 * MiB);
    expect(data.counts.oomEvents).toBe(reports + killOnly);
    expect(data.oomEvents).toHaveLength(reports + killOnly);
    expect(data.oomEvents.filter((event) => event.trigger !== null)).toHaveLength(reports);
    expect(data.oomEvents.every((event) => event.victims.length === 1)).toBe(true);
    expect(data.counts.oomEventsWithoutDetails).toBe(reports + killOnly - KERNEL_LIMITS.detailedOomEvents);
    expect(data.signalCounts['hung-task']).toBe(hungTasks);
    expect(data.signals).toHaveLength(KERNEL_LIMITS.signalsPerKind);
    expect(issues.total).toBe(0);
  }, 600_000);
});
