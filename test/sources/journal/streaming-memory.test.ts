/**
 * A journal far larger than memory should allow: ≥ 300 MB of export, generated block by block
 * (never held whole), through createJournalReader. Peak RSS must grow far less than the input,
 * and the counts must be exact.
 *
 * The generator itself must not allocate per block, or its own garbage would be what the test
 * measures: one block of 2,000 entries is laid out once, and for each next block only its stamps,
 * cursors and container ids are rewritten in place (the reader is done with a chunk when it asks
 * for the next one, as the SourceReader contract says).
 */
import { describe, expect, it } from 'vitest';
import { createJournalReader } from '../../../src/sources/journal/journal-reader.js';
import { IssueLog } from '../../../src/sources/source-reader.js';
import { binaryField, sourceFile } from './read-journal.js';

const BOOT = 'e66375b30f6145f2a3df737bac559bc9';
const TARGET_BYTES = 320 * 1024 * 1024;
const ENTRIES_PER_BLOCK = 2000;
/** Every PERIOD entries, the same mix (see entryOf): a busy node's journal is mostly chatter. */
const PERIOD = 500;
const FIRST_REALTIME = 1_795_839_000_000_000;
/** The boot began 10^12 µs (11.6 days) before the first entry, so monotonic stamps keep 13 digits. */
const BOOT_WALL_US = FIRST_REALTIME - 1_000_000_000_000;

const KUBELET = ['_TRANSPORT=stdout', 'SYSLOG_IDENTIFIER=kubelet', '_SYSTEMD_UNIT=kubelet.service', '_PID=4052', 'PRIORITY=6'];
const CONTAINERD = ['_TRANSPORT=stdout', 'SYSLOG_IDENTIFIER=containerd', '_SYSTEMD_UNIT=containerd.service', '_PID=1472', 'PRIORITY=6'];
const KERNEL = ['_TRANSPORT=kernel', 'SYSLOG_IDENTIFIER=kernel', 'PRIORITY=3', '_SOURCE_MONOTONIC_TIMESTAMP=SSSSSSSSSSSSS'];
const PROBE_FIELD = binaryField(
  'MESSAGE',
  'I0516 18:34:44.887534    4052 prober.go:107] "Probe failed" probeType="Readiness" pod="default/web-0" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="web" probeResult="failure" output="HTTP probe failed with statuscode: 500\r"',
).toString('latin1');

/** Everyday lines of a real node that no rule is about (most of any journal). */
const CHATTER = [
  'I0516 18:34:04.558677    4052 kubelet.go:2407] "SyncLoop ADD" source="api" pods=["default/liveness-exec"]',
  'I0212 16:04:12.926951   12104 scope.go:117] "RemoveContainer" containerID="a6e080d62a9da0ecdb12f7cd0930a2e024b611a843529f66c285eda5d6f6368f"',
  'I0618 00:01:36.680540  391617 util.go:48] "No ready sandbox for pod can be found. Need to start a new one" pod="image-converter/image-converter-backend-8bc77f4c4-v8w7m"',
  'I0516 18:34:06.965438    4052 pod_startup_latency_tracker.go:104] "Observed pod startup duration" pod="default/liveness-exec" podStartSLOduration=2.066691337 podStartE2EDuration="2.965419007s"',
];

/** An entry with placeholders: R realtime (16 digits), M monotonic and S printk time (13), C cursor (16 hex), I container id (64 hex). */
function entryText(fields: string[], message: string): string {
  const head = [
    '__CURSOR=s=33b02901e90a4b07895de16473a89cee;i=CCCCCCCCCCCCCCCC;b=' + BOOT,
    '__REALTIME_TIMESTAMP=RRRRRRRRRRRRRRRR',
    '__MONOTONIC_TIMESTAMP=MMMMMMMMMMMMM',
    `_BOOT_ID=${BOOT}`,
    '_MACHINE_ID=3d1219c7c4c5404aaa1f6d2a48adfda4',
    '_HOSTNAME=worker-3',
    ...fields,
  ];
  return `${head.join('\n')}\n${message.startsWith('MESSAGE\n') ? message : `MESSAGE=${message}\n`}\n`;
}

/** Per 500 entries: 1 TaskOOM, 1 kernel OOM kill, 1 probe failure (binary MESSAGE), 5 PLEG starts, 492 lines of chatter. */
function entryOf(kind: number): string {
  if (kind === 0) return entryText(CONTAINERD, 'time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\\"' + 'I'.repeat(64) + '\\""');
  if (kind === 1)
    return entryText(KERNEL, 'Memory cgroup out of memory: Killed process 6519 (python3) total-vm:43292kB, anon-rss:32512kB, file-rss:6616kB, shmem-rss:0kB, UID:0 pgtables:128kB oom_score_adj:500');
  if (kind === 2) return entryText(KUBELET, PROBE_FIELD);
  if (kind < 8)
    return entryText(
      KUBELET,
      'I0516 18:34:06.951598    4052 kubelet.go:2439] "SyncLoop (PLEG): event for pod" pod="default/liveness-exec" event={"ID":"93e17ecc-ab55-461a-b526-29248d2554ad","Type":"ContainerStarted","Data":"05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707"}',
    );
  return entryText(KUBELET, CHATTER[kind % CHATTER.length] as string);
}

/** Where a number sits in the block: written digit by digit, in base 10 or 16, zero-padded to `width`. */
interface Slot {
  at: number;
  width: number;
  base: 10 | 16;
  value(block: number): number;
}

class BlockGenerator {
  readonly block: Buffer;
  private readonly slots: Slot[] = [];

  constructor() {
    const texts = Array.from({ length: ENTRIES_PER_BLOCK }, (_, i) => entryOf(i % PERIOD));
    this.block = Buffer.from(texts.join(''), 'latin1');
    let offset = 0;
    texts.forEach((text, entry) => {
      const realtime = (block: number) => FIRST_REALTIME + (block * ENTRIES_PER_BLOCK + entry) * 1000;
      this.slot(text, offset, 'RRRRRRRRRRRRRRRR', 10, realtime);
      this.slot(text, offset, 'MMMMMMMMMMMMM', 10, (block) => realtime(block) - BOOT_WALL_US);
      this.slot(text, offset, 'SSSSSSSSSSSSS', 10, (block) => realtime(block) - BOOT_WALL_US - 200);
      this.slot(text, offset, 'CCCCCCCCCCCCCCCC', 16, realtime);
      this.slot(text, offset, 'I'.repeat(64), 16, (block) => block * ENTRIES_PER_BLOCK + entry);
      offset += Buffer.byteLength(text, 'latin1');
    });
  }

  /** Rewrites the block's numbers for block number `block`, in place and without allocating. */
  fill(block: number): Buffer {
    for (const slot of this.slots) {
      let value = slot.value(block);
      for (let i = slot.width - 1; i >= 0; i -= 1) {
        const digit = value % slot.base;
        this.block[slot.at + i] = digit < 10 ? 0x30 + digit : 0x57 + digit;
        value = Math.floor(value / slot.base);
      }
    }
    return this.block;
  }

  private slot(text: string, offset: number, placeholder: string, base: 10 | 16, value: (block: number) => number): void {
    const at = text.indexOf(placeholder);
    if (at !== -1) this.slots.push({ at: offset + at, width: placeholder.length, base, value });
  }
}

async function* generatedExport(stats: { bytes: number; blocks: number }): AsyncGenerator<Buffer> {
  const generator = new BlockGenerator();
  while (stats.bytes < TARGET_BYTES) {
    const bytes = generator.fill(stats.blocks++);
    stats.bytes += bytes.length;
    for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20));
  }
}

describe('journal reader memory', () => {
  it('reads ≥ 300 MB of export with bounded memory and exact counts', { timeout: 600_000 }, async () => {
    const kernelRecords = { count: 0 };
    const reader = createJournalReader({ kernel: () => ({ push: () => void (kernelRecords.count += 1), end: () => undefined }) });
    const issues = new IssueLog();
    const stats = { bytes: 0, blocks: 0 };
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    await reader.read(sourceFile('journal/kubelet.export'), generatedExport(stats), issues);
    const data = reader.result();
    const growth = process.resourceUsage().maxRSS * 1024 - rssBefore;
    console.log(`journal memory test: ${(stats.bytes / 2 ** 20).toFixed(0)} MiB, peak RSS growth ${(growth / 2 ** 20).toFixed(1)} MiB`);

    const entries = stats.blocks * ENTRIES_PER_BLOCK;
    const perKind = entries / PERIOD;
    expect(stats.bytes).toBeGreaterThanOrEqual(300 * 1024 * 1024);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
    expect(issues.issues).toEqual([]);
    expect(data.files).toEqual([{ path: 'journal/kubelet.export', formats: ['export'], entries, kernelEntries: perKind, cutMessages: 0 }]);
    expect(kernelRecords.count).toBe(perKind);
    expect(data.eventTotals).toEqual({ 'task-oom': { seen: perKind, kept: 1000 }, 'probe-failed': { seen: perKind, kept: 1000 }, 'container-started': { seen: perKind * 5, kept: 1000 } });
    expect(data.events).toHaveLength(3000);
    const lastOom = data.events.filter((event) => event.kind === 'task-oom').at(-1);
    expect(lastOom).toMatchObject({ containerId: (entries - PERIOD).toString(16).padStart(64, '0') });
    expect(data.counts.map((count) => [count.name, count.lines])).toEqual([
      ['kubelet.service', perKind * (PERIOD - 2)],
      ['containerd.service', perKind],
      ['kernel', perKind],
    ]);
    expect(data.boots).toMatchObject([{ bootId: BOOT, entries, wallMinusMonotonicMs: BOOT_WALL_US / 1000, kernelWallMinusPrintkMs: BOOT_WALL_US / 1000 + 0.2, kernelLiveSamples: perKind }]);
  });
});
