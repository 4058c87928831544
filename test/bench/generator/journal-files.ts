/**
 * The three journal exports of a bundle (`journal/kubelet.export`, `journal/runtime.export`,
 * `journal/kernel.export`), each of an exact planned size, covering the collection window.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { BundlePlan } from './bundle-plan.js';
import { JournalExport, kernelSource, serviceSource, type JournalSource } from './journal-export.js';
import { bootRecords, kernelNoise, oomReport, type KernelRecord } from './kernel-messages.js';
import { KlogLine, PRIORITY, kubeletEvents, kubeletNoise, type ServiceMessage } from './kubelet-messages.js';
import { LogrusLine, runtimeEvents, runtimeNoise } from './runtime-messages.js';
import type { SizedText } from './tar-gz-sink.js';
import { writeTimeline, type ScheduledText } from './timeline.js';

const FILLER_TEXT = 'log.go:245] http: TLS handshake error from 10.0.0.1:40000: remote error: tls: bad certificate ';

interface ServiceStream {
  source: JournalSource;
  events: ServiceMessage[];
  noise: (ms: number) => ServiceMessage;
  format: (message: ServiceMessage) => string;
}

function journalOf(plan: BundlePlan, random: SeededRandom): JournalExport {
  return new JournalExport(plan.node, random.fork('seqnum').hex(32));
}

async function writeServiceExport(out: SizedText, plan: BundlePlan, journal: JournalExport, stream: ServiceStream): Promise<void> {
  const { windowStartMs, collectedMs } = plan.node;
  const entry = (message: ServiceMessage) => journal.entry(stream.source, message.atMs, PRIORITY[message.severity], stream.format(message));
  const inWindow = stream.events.filter((event) => event.atMs >= windowStartMs && event.atMs < collectedMs);
  const base = (ms: number) => stream.format({ atMs: ms, severity: 'I', text: FILLER_TEXT });
  const minFiller = journal.overhead(stream.source, collectedMs, 6) + base(collectedMs).length + 16;
  await writeTimeline(out, {
    fromMs: windowStartMs,
    toMs: collectedMs,
    scheduled: inWindow.map((event): ScheduledText => ({ atMs: event.atMs, text: entry(event) })),
    noise: (ms) => entry(stream.noise(ms)),
    filler: (ms, bytes) => {
      const message = base(ms);
      return journal.entry(stream.source, ms, 6, message + 'x'.repeat(bytes - journal.overhead(stream.source, ms, 6) - message.length));
    },
    minFiller,
  });
}

export async function writeKubeletExport(out: SizedText, plan: BundlePlan, random: SeededRandom): Promise<void> {
  const { node } = plan;
  const args = `--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=${node.ip}`;
  const source = serviceSource(node, { name: 'kubelet.service', exe: '/usr/bin/kubelet', args, pid: node.kubeletPid }, random);
  const klog = new KlogLine(node.kubeletPid);
  const stream = { source, events: kubeletEvents(random.fork('events'), plan), noise: kubeletNoise(random.fork('noise'), plan), format: (m: ServiceMessage) => klog.format(m) };
  await writeServiceExport(out, plan, journalOf(plan, random), stream);
}

export async function writeRuntimeExport(out: SizedText, plan: BundlePlan, random: SeededRandom): Promise<void> {
  const source = serviceSource(plan.node, { name: 'containerd.service', exe: '/usr/bin/containerd', args: '', pid: plan.node.containerdPid }, random);
  const logrus = new LogrusLine();
  const stream = { source, events: runtimeEvents(random.fork('events'), plan), noise: runtimeNoise(random.fork('noise'), plan), format: (m: ServiceMessage) => logrus.format(m) };
  await writeServiceExport(out, plan, journalOf(plan, random), stream);
}

/** Kernel messages as journald stores them: `_SOURCE_MONOTONIC_TIMESTAMP` is the dmesg time. */
export async function writeKernelExport(out: SizedText, plan: BundlePlan, random: SeededRandom): Promise<void> {
  const { node } = plan;
  const journal = journalOf(plan, random);
  const source = kernelSource(node);
  const entry = (record: KernelRecord) => journal.entry(source, node.bootMs + record.us / 1000, record.level, record.text, `_SOURCE_MONOTONIC_TIMESTAMP=${record.us}\n`);
  const noise = kernelNoise(random.fork('noise'), plan.pods);
  const usOf = (ms: number) => Math.round((ms - node.bootMs) * 1000);
  const scheduled = [...(node.windowStartMs <= node.bootMs + 10_000 ? [bootRecords(node)] : []), ...plan.ooms.map((oom) => oomReport(oom))];
  const fillerBase = 'IPVS: rr: TCP 10.96.0.10:443 - no destination available ';
  const fillerEntry = (ms: number, text: string) => entry({ us: usOf(ms), level: 6, text });
  await writeTimeline(out, {
    fromMs: node.windowStartMs,
    toMs: node.collectedMs,
    scheduled: scheduled.map((records) => ({ atMs: node.bootMs + (records[0]?.us ?? 0) / 1000, text: records.map(entry).join('') })),
    noise: (ms) => noise(usOf(ms)).map(entry).join(''),
    filler: (ms, bytes) => fillerEntry(ms, fillerBase + 'x'.repeat(bytes - fillerEntry(ms, fillerBase).length)),
    minFiller: fillerEntry(node.collectedMs, fillerBase).length + 16,
  });
}
