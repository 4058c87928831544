/**
 * The budget: items are taken in priority order until the byte budget is used; pod logs in rounds
 * (OOM victims, then the end of every current log, then the rest); long logs keep their end,
 * .gz files are whole or skipped, files older than the window are skipped, and every cut is in
 * the manifest.
 */
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchSource } from '../../src/bundle/index.js';
import { archiveIn, copySampleRoot, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm, type CollectedBundle } from './helpers/collector.js';
import { seededBytes } from './helpers/prng.js';

const BUDGET = 160 * 1024;
const MAX_FILE = 16 * 1024;
const BIG = 'var/log/pods/shop_big-5f7c9d8e6-k2j4h_1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/app';

/** Extra pod logs, newest first: a long live log, a .gz too big to keep, a small .gz, a stale log. */
const EXTRA_LOGS: { path: string; data: Buffer; age: number }[] = [
  { path: `${BIG}/0.log`, data: Buffer.from('2026-11-27T10:14:00.000000417Z stdout F line of a chatty app\n'.repeat(1000)), age: 100 },
  { path: `${BIG}/0.log.20261127-090000.gz`, data: gzipSync(seededBytes(7, 30_000)), age: 200 },
  { path: `${BIG}/0.log.20261127-080000.gz`, data: gzipSync('2026-11-27T08:00:00.000000417Z stdout F small rotated file\n'.repeat(100)), age: 300 },
  { path: `${BIG}/0.log.20261124-080000.gz`, data: gzipSync('2026-11-24T08:00:00.000000417Z stdout F three days ago\n'), age: 72 * 3600 },
];

/** Collection priority of a bundle path: lower is collected first. */
function priority(path: string): number {
  const source = matchSource(path)?.source;
  if (path.startsWith('system/journal-')) return 5;
  if (path.startsWith('system/')) return 0;
  const group = source ? ['kernel', 'cgroup', 'runtime', 'stats', 'journal', 'pods'].indexOf(groupOf(path)) : -1;
  return group + 1;
}

function groupOf(path: string): string {
  if (path === 'containers.txt') return 'pods';
  return path.split('/')[0] ?? '';
}

describe.each(SHELLS)('collector budget under $name', ({ name, available }) => {
  let bundle: CollectedBundle;
  let root: string;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    if (!available) return;
    const tmp = await scratch(`budget-${name}`);
    remove = tmp.remove;
    root = await copySampleRoot('oom-burstable-containerd', join(tmp.dir, 'root'));
    for (const file of EXTRA_LOGS) {
      await mkdir(dirname(join(root, file.path)), { recursive: true });
      await writeFile(join(root, file.path), file.data);
      const time = new Date((NOW - file.age) * 1000);
      await utimes(join(root, file.path), time, time);
    }
    const tools = await toolFarm(join(tmp.dir, 'bin'), name, { fakeDirs: [join(root, '.tools')] });
    const out = join(tmp.dir, 'out');
    await mkdir(out);
    const args = ['--root', root, '--output-dir', out, '--budget', '160K', '--max-file-size', '16K', '--max-journal-size', '16K'];
    const run = await runCollector({ shell: name, path: tools, args, env: { PODMORTEM_NOW: String(NOW) } });
    if (run.code !== 0) throw new Error(`collector exited ${run.code}: ${run.stderr}`);
    bundle = await openBundle(await readFile(await archiveIn(out)));
  });
  afterAll(async () => remove?.());

  it.skipIf(!available)('holds the budget: the files add up to usedBytes, at most budgetBytes', () => {
    const { manifest, files } = bundle;
    expect(manifest.collection.budgetBytes).toBe(BUDGET);
    const stored = [...files].filter(([path]) => path !== 'manifest.json').reduce((sum, [, data]) => sum + data.length, 0);
    expect(manifest.collection.usedBytes).toBe(stored);
    expect(stored).toBeLessThanOrEqual(BUDGET);
    expect(stored).toBeGreaterThan(BUDGET - MAX_FILE);
  });

  it.skipIf(!available)('fills the budget in priority order and cuts only the lowest priorities', () => {
    const order = bundle.manifest.items.map((entry) => priority(entry.path));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const cut = bundle.manifest.items.filter((entry) => entry.status === 'skipped-budget');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((entry) => entry.path.startsWith('pods/'))).toBe(true);
    const kernelJournal = bundle.manifest.items.find((entry) => entry.path === 'journal/kernel.export')!;
    expect(kernelJournal).toMatchObject({ status: 'truncated' });
    expect(kernelJournal.bytes).toBeLessThanOrEqual(MAX_FILE);
  });

  it.skipIf(!available)("takes the OOM victims first, then the end of every container's current log", async () => {
    const pods = bundle.manifest.items.filter((entry) => entry.path.startsWith('pods/'));
    const victims = bundle.manifest.podLogs.filter((c) => c.round === 'oom-victim').map((c) => `${c.container}/`);
    // The sample's kernel log names the worker and the checkout api as OOM victims.
    expect(victims.length).toBe(2);
    expect(victims.some((folder) => pods[0]!.path.startsWith(folder))).toBe(true);
    expect(bundle.manifest.podLogs.every((c) => c.keptBytes! > 0)).toBe(true);
    const big = bundle.manifest.podLogs.find((c) => c.container === `pods/${BIG.slice('var/log/pods/'.length)}`)!;
    // A 160K budget leaves it less than 64 KiB; its file from three days ago is out of the window.
    expect(big).toMatchObject({ round: 'tail', files: 3, note: 'share of the budget below 65536 bytes; 1 older than the window, not counted' });
    const current = pods.find((entry) => entry.path === `${big.container}/0.log`)!;
    expect(current).toMatchObject({ status: 'truncated', note: `kept the last ${current.bytes} of ${EXTRA_LOGS[0]!.data.length} bytes` });
    for (const entry of pods.filter((p) => p.status === 'truncated')) {
      const source = await readFile(join(root, 'var/log', entry.path));
      expect(bundle.files.get(entry.path)?.equals(source.subarray(source.length - entry.bytes!))).toBe(true);
    }
  });

  it.skipIf(!available)('keeps a .gz file whole or skips it, never cuts it', async () => {
    const gz = bundle.manifest.items.filter((entry) => entry.path.startsWith('pods/') && entry.path.endsWith('.gz'));
    expect(gz.length).toBe(4);
    for (const entry of gz) {
      expect(['ok', 'skipped-budget', 'skipped-window']).toContain(entry.status);
      if (entry.status === 'ok') expect(bundle.files.get(entry.path)?.equals(await readFile(join(root, 'var/log', entry.path)))).toBe(true);
      else expect(bundle.files.has(entry.path)).toBe(false);
    }
    const tooBig = gz.find((entry) => entry.path.endsWith('0.log.20261127-090000.gz'))!;
    expect(tooBig.status).toBe('skipped-budget');
    expect(tooBig.note).toMatch(/over --max-file-size/);
  });

  it.skipIf(!available)('skips files last written before the window, saying so', () => {
    const stale = bundle.manifest.items.find((entry) => entry.path.endsWith('0.log.20261124-080000.gz'))!;
    expect(stale).toMatchObject({ status: 'skipped-window', bytes: 0, note: 'older than the window (--since 48h): last written 2026-11-24T10:15:02Z' });
  });
});
