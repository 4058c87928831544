/**
 * `kernel/dmesg.txt` as `dmesg` prints it, from boot to collection, of an exact planned size:
 *
 *   [86412.301290] Memory cgroup out of memory: Killed process 41234 (java) total-vm:1204080kB, …
 *
 * The lines after the first of a multi-line record (the memcg stats block) are indented to the
 * text column, as util-linux does.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { BundlePlan } from './bundle-plan.js';
import { bootRecords, kernelNoise, oomReport, type KernelRecord } from './kernel-messages.js';
import type { SizedText } from './tar-gz-sink.js';
import { writeTimeline } from './timeline.js';

export function dmesgLine(record: KernelRecord): string {
  const seconds = Math.floor(record.us / 1_000_000);
  const prefix = `[${String(seconds).padStart(5)}.${String(record.us % 1_000_000).padStart(6, '0')}] `;
  if (!record.text.includes('\n')) return `${prefix}${record.text}\n`;
  return `${prefix}${record.text.replaceAll('\n', `\n${' '.repeat(prefix.length)}`)}\n`;
}

export async function writeDmesg(out: SizedText, plan: BundlePlan, random: SeededRandom): Promise<void> {
  const { node } = plan;
  const usOf = (ms: number) => Math.round((ms - node.bootMs) * 1000);
  const noise = kernelNoise(random.fork('noise'), plan.pods);
  const reports = [bootRecords(node), ...plan.ooms.map((oom) => oomReport(oom))];
  const fillerBase = 'IPVS: rr: TCP 10.96.0.10:443 - no destination available ';
  const filler = (ms: number, text: string) => dmesgLine({ us: usOf(ms), level: 6, text });
  await writeTimeline(out, {
    fromMs: node.bootMs + 10_000,
    toMs: node.collectedMs,
    scheduled: reports.map((records) => ({ atMs: node.bootMs + (records[0]?.us ?? 0) / 1000, text: records.map(dmesgLine).join('') })),
    noise: (ms) => noise(usOf(ms)).map(dmesgLine).join(''),
    filler: (ms, bytes) => filler(ms, fillerBase + 'x'.repeat(bytes - filler(ms, fillerBase).length)),
    minFiller: filler(node.collectedMs, fillerBase).length + 8,
  });
}
