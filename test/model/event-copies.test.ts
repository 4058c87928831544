/**
 * One event, one record: the same OOM kill and the same kernel messages, as raw dmesg, `dmesg -T`,
 * kern.log and the journal's kernel entries print them, and the same kubelet and systemd lines
 * from a journal export and a `journalctl -o short-precise` copy, come out of the model once,
 * each listing every file that holds it.
 */
import { describe, expect, it } from 'vitest';
import { SAME_WALL_MS } from '../../src/model/index.js';
import { oomReport } from '../helpers/kernel-text.js';
import { MANIFEST, modelFromSpec, utcAt } from '../helpers/model.js';
import { dmesg, journalKernel, type KernelLine } from '../rules/kernel-signal-text.js';
import { kubeletJournal, systemdJournal } from '../rules/service-journal.js';

const KILL_AT = 1500.123456;
const SIGNALS: KernelLine[] = [
  [1600.234567, 'INFO: task containerd:918 blocked for more than 122 seconds.'],
  [1601.345678, 'blk_update_request: I/O error, dev sda, sector 2048 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0'],
];

/** Every kernel line of the scenario, as `[monotonic, message]`. */
function kernelLines(killAt = KILL_AT, signals = SIGNALS): KernelLine[] {
  const oom = oomReport(killAt)
    .split('\n')
    .filter(Boolean)
    .map((line): KernelLine => {
      const m = /^\[\s*([\d.]+)\] (.*)$/.exec(line)!;
      return [Number(m[1]), m[2]!];
    });
  return [...oom, ...signals];
}

const CTIME = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'UTC' });

/**
 * `dmesg -T`: the boot time dmesg computes at print time plus the monotonic stamp, in whole
 * seconds; `driftMs` is how far that boot time is off (the node's zone is UTC).
 */
function dmesgCtime(lines: readonly KernelLine[], driftMs = 700): string {
  return lines
    .map(([seconds, text]) => {
      const wall = new Date(Date.parse(utcAt(seconds)) + driftMs);
      const part = (type: string) => CTIME.formatToParts(wall).find((p) => p.type === type)!.value;
      return `[${part('weekday')} ${part('month')} ${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${wall.getUTCFullYear()}] ${text}\n`;
    })
    .join('');
}

/** rsyslog's kern.log: the time it received each line (40 ms after printk), whole seconds, no printk stamp. */
function syslog(lines: readonly KernelLine[]): string {
  return lines
    .map(([seconds, text]) => {
      const wall = new Date(Date.parse(utcAt(seconds)) + 40);
      const month = wall.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      return `${month} ${String(wall.getUTCDate()).padStart(2)} ${wall.toISOString().slice(11, 19)} worker-3 kernel: ${text}\n`;
    })
    .join('');
}

const COPIES = {
  'kernel/dmesg.txt': dmesg(kernelLines()),
  'kernel/dmesg-ctime.txt': dmesgCtime(kernelLines()),
  'kernel/kern.log': syslog(kernelLines()),
  'journal/kernel.export': journalKernel(kernelLines()),
};
const FILES = Object.keys(COPIES).sort();

describe('copies of one kernel event', () => {
  it('give one OOM kill and one record per kernel message, each listing every file', async () => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, ...COPIES });
    expect(model.oomKills).toHaveLength(1);
    expect(model.oomKills[0]).toMatchObject({ pid: 41234, process: 'java', timeQuality: 'exact' });
    expect([...model.oomKillDetails[0]!.seenIn].sort()).toEqual(FILES);
    expect([...new Set(model.oomKills[0]!.evidence.map((item) => item.path))].sort()).toEqual(FILES);
    expect(model.kernelSignals.map(({ signal, time, seenIn }) => [signal.kind, time.quality, seenIn.map((place) => place.file).sort()])).toEqual([
      ['hung-task', 'exact', FILES],
      ['io-error', 'exact', FILES],
    ]);
  });

  it('without any wall-clock anchor, pairs the copies by their order from the end of each file', async () => {
    // No manifest: raw dmesg has no wall time and kern.log no year; only `dmesg -T` has a date.
    const { 'journal/kernel.export': _, ...withoutJournal } = COPIES;
    const model = await modelFromSpec(withoutJournal);
    const files = Object.keys(withoutJournal).sort();
    expect(model.oomKills).toHaveLength(1);
    expect([...model.oomKillDetails[0]!.seenIn].sort()).toEqual(files);
    expect(model.kernelSignals.map(({ seenIn }) => seenIn.map((place) => place.file).sort())).toEqual([files, files]);
  });

  it('keeps the copy that holds the kill line, whichever file sorts first', async () => {
    // The journal lost the `Killed process` line (rate limit): only dmesg has RSS and oom_score_adj.
    const withoutKillLine = kernelLines().filter(([, text]) => !text.includes('Killed process'));
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'journal/kernel.export': journalKernel(withoutKillLine), 'kernel/dmesg.txt': dmesg(kernelLines()) });
    expect(model.oomKills).toHaveLength(1);
    expect(model.oomKills[0]).toMatchObject({ pid: 41234, kernelOutcome: 'killed' });
    expect(model.oomKills[0]!.anonRssKb).toBe(523012);
  });

  it('keeps a message repeated later, and a `dmesg -T` copy that drifted past the tolerance, apart', async () => {
    const repeat: KernelLine = [1722.234567, SIGNALS[0]![1]];
    const hung = [SIGNALS[0]!, repeat];
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': dmesg(hung),
      'kernel/kern.log': syslog(hung),
      'kernel/dmesg-ctime.txt': dmesgCtime([SIGNALS[0]!], SAME_WALL_MS + 2_000),
    });
    const rows = model.kernelSignals.map(({ time, seenIn }) => [time.utc, seenIn.map((place) => place.file).sort()] as const);
    expect(rows.sort(([a], [b]) => String(a).localeCompare(String(b)))).toEqual([
      [utcAt(SIGNALS[0]![0]), ['kernel/dmesg.txt', 'kernel/kern.log']],
      ['2026-11-26T09:41:46.000Z', ['kernel/dmesg-ctime.txt']],
      [utcAt(repeat[0]), ['kernel/dmesg.txt', 'kernel/kern.log']],
    ]);
  });
});

describe('copies of one service line', () => {
  // A real kubelet line (its klog header prints its own time) and a systemd line (it does not).
  const klog =
    'I1127 10:12:04.100000     812 event.go:389] "Event occurred" object="shop/checkout-7d9f8b6c5-x2x9q" fieldPath="spec.containers{api}" kind="Pod" apiVersion="v1" type="Warning" reason="BackOff" message="Back-off restarting failed container api in pod checkout-7d9f8b6c5-x2x9q_shop(6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d)"';
  const unit = "kubelet.service: Failed with result 'exit-code'.";

  it('give one service event from a journal export and a short-precise text copy', async () => {
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'journal/kubelet.export': kubeletJournal([{ at: '2026-11-27T10:12:04.100321Z', message: klog }]),
      'journal/systemd.export': systemdJournal('kubelet.service', [{ at: '2026-11-27T10:12:09.250123Z', message: unit }]),
      'journal/kubelet.txt': `Nov 27 10:12:04.100321 worker-3 kubelet[1234]: ${klog}\nNov 27 10:12:09.250123 worker-3 systemd[1]: ${unit}\n`,
    });
    const events = model.serviceEvents.filter((event) => event.kind === 'crash-loop-back-off' || event.kind === 'unit-state');
    expect(events.map((event) => [event.kind, event.time.quality, event.seenIn.map((place) => place.file).sort()])).toEqual([
      ['crash-loop-back-off', 'exact', ['journal/kubelet.export', 'journal/kubelet.txt']],
      ['unit-state', 'exact', ['journal/kubelet.txt', 'journal/systemd.export']],
    ]);
  });

  it('keeps the same text logged twice in one file as two events', async () => {
    const text = `Nov 27 10:12:09.250123 worker-3 systemd[1]: ${unit}\nNov 27 10:12:09.950123 worker-3 systemd[1]: ${unit}\n`;
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'journal/systemd.txt': text });
    expect(model.serviceEvents.filter((event) => event.kind === 'unit-state')).toHaveLength(2);
  });
});
