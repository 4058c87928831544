/**
 * The collector for real, as root on this machine: real dmesg, real /proc, a real
 * systemd-journald (started here when none runs), and the analyzer opens the result.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPodmortem } from '../helpers/cli.js';
import { lockLiveMachine } from '../helpers/live-machine-lock.js';
import { archiveIn, openBundle, runCollector, scratch, type CollectedBundle } from './helpers/collector.js';
import { ensureJournald, journalLine, liveCollectorSkipReason, writeKernelLine } from './helpers/live-journal.js';
import { notKubernetesWarning } from './helpers/node-check.js';

const skipReason = liveCollectorSkipReason();
if (skipReason) console.log(`live collector test skipped: ${skipReason}`);

const MARKER = `podmortem-live-${process.pid}-${Date.now()}`;

describe.skipIf(skipReason !== null)('collector on this machine, as root', () => {
  let stopJournald: () => Promise<void> = async () => undefined;
  let bundle: CollectedBundle;
  let archive: string;
  let dir: string;
  let remove: () => Promise<void>;
  let stderr: string;
  /** /proc/uptime just before the collector ran: its anchor lies between this and the reading after. */
  let uptimeBefore: number;

  let unlock: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    unlock = await lockLiveMachine();
    stopJournald = await ensureJournald();
    writeKernelLine(`${MARKER} kernel line`);
    // More kubelet lines than the journal cap holds, so the newest-first cut is exercised.
    spawnSync('sh', ['-c', 'i=0; while [ $i -lt 400 ]; do echo "I1127 09:59:00.000000 1 filler.go:1] filler line $i"; i=$((i + 1)); done | systemd-cat -t kubelet']);
    await journalLine('kubelet', `I1127 10:00:00.000000 1 kubelet.go:1] ${MARKER}`);
    ({ dir, remove } = await scratch('live'));
    uptimeBefore = await readUptime();
    const run = await runCollector({
      shell: 'dash',
      path: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      args: ['--output-dir', dir, '--budget', '64M', '--max-journal-size', '16K', '--since', '1h', '--timeout', '20'],
    });
    if (run.code !== 0) throw new Error(`collector exited ${run.code}: ${run.stderr}`);
    stderr = run.stderr;
    archive = await archiveIn(dir);
    bundle = await openBundle(await readFile(archive));
  }, 120_000);

  afterAll(async () => {
    await stopJournald();
    await remove?.();
    await unlock();
  });

  it('runs in host mode and anchors the clock to this boot', async () => {
    const { manifest } = bundle;
    // A laptop or CI machine is no Kubernetes node: then, and only then, one warning line says so.
    const warning = notKubernetesWarning('', '/proc');
    expect(stderr).toBe(warning ? `podmortem-collect: warning: ${warning}\n` : '');
    expect(manifest.collection).toMatchObject({ mode: 'host', root: '/', redact: true });
    expect(manifest.anchors.bootId).toBe((await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim());
    // Bounded by readings taken before and after the run, not by how long the run took.
    expect(manifest.anchors.uptimeSeconds).toBeGreaterThanOrEqual(Math.floor(uptimeBefore));
    expect(manifest.anchors.uptimeSeconds).toBeLessThanOrEqual(await readUptime());
    expect(manifest.anchors.wallClockUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{9})?Z$/);
  });

  it('collects the raw kernel ring buffer and the journal of the window', () => {
    const dmesg = bundle.files.get('kernel/dmesg.txt')!.toString();
    expect(dmesg).toMatch(/^\[ *\d+\.\d{6}\] /);
    expect(dmesg).toContain(MARKER);
    const kubelet = bundle.files.get('journal/kubelet.export')!.toString('latin1');
    expect(kubelet).toContain(MARKER);
    expect(kubelet).toContain('SYSLOG_IDENTIFIER=kubelet\n');
    expect(kubelet).toMatch(/^__CURSOR=/);
    expect(bundle.files.get('journal/kernel.export')!.toString('latin1')).toContain(`MESSAGE=${MARKER} kernel line`);
  });

  it('keeps the newest journal entries, in order, when a journal is over its cap', () => {
    const entry = bundle.manifest.items.find((item) => item.path === 'journal/kubelet.export')!;
    expect(entry.status).toBe('truncated');
    expect(entry.note).toMatch(/^kept the newest entries that fit 16384 bytes \(from cursor s=[0-9a-f]+;i=/);
    const text = bundle.files.get('journal/kubelet.export')!.toString('latin1');
    expect(text.length).toBeLessThanOrEqual(16384);
    expect(text).toMatch(/^__CURSOR=/);
    expect(text).toContain(MARKER);
    expect(text).not.toContain('filler line 0\n');
    const stamps = [...text.matchAll(/^__REALTIME_TIMESTAMP=(\d+)$/gm)].map((match) => Number(match[1]));
    expect(stamps.length).toBeGreaterThan(10);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });

  it('reads the process table from /proc, this test runner included', () => {
    const rows = bundle.files.get('stats/ps.txt')!.toString().split('\n');
    const own = rows.find((row) => row.startsWith(`${process.pid}\t`));
    expect(own?.split('\t')[7]).toBe('node');
  });

  it('writes a bundle the analyzer opens, with its sources covered', async () => {
    const result = await runPodmortem(['analyze', archive, '-o', join(dir, 'report.html'), '--json', '-']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { coverage: { source: string; state: string }[] };
    const state = Object.fromEntries(report.coverage.map((row) => [row.source, row.state]));
    for (const source of ['manifest', 'kernel', 'journalBoots', 'meminfo', 'procVmstat', 'procStat', 'loadavg', 'pressure', 'ps', 'top', 'routes', 'df', 'dfInodes', 'free', 'osRelease', 'uname']) {
      expect({ source, state: state[source] }).toEqual({ source, state: 'ok' });
    }
    // The kubelet journal was cut to its cap: said, not hidden.
    expect(state.journal).toBe('partial');
    // Pod logs and kubepods cgroups exist on a Kubernetes node (or while another test made some):
    // what the bundle holds decides, and the analyzer must agree with it.
    const names = [...bundle.files.keys()];
    expect(state.podLogs === 'missing').toBe(!names.some((name) => name.startsWith('pods/')));
    expect(state.cgroup === 'missing').toBe(!names.some((name) => name.startsWith('cgroup/')));
  });
});

async function readUptime(): Promise<number> {
  return Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
}
