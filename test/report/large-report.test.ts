/**
 * The page stays small whatever the bundle: a generated bundle far larger than any sample (300
 * pods, 1,500 OOM kills, 3,000 kernel warnings, 3,000 kubelet messages, logs with 3 KB lines)
 * gives an HTML report of a few MB at most, which Chromium opens cleanly. The times are printed
 * (a benchmark, not an assertion: CI machines vary); the sizes are asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml, renderJson, type Report } from '../../src/report/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { oomReport, v2ContainerPath } from '../helpers/kernel-text.js';
import { kubeletExportEntry, MANIFEST, utcAt } from '../helpers/model.js';
import { chromiumMissing, launchChromium, openReport } from './helpers/chromium.js';
import { reportOf, samplePath } from './helpers/report-of.js';

const PODS = 300;
const KILLS_PER_POD = 5;
const MAX_HTML_BYTES = 3 * 1024 * 1024;

const uidOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const idOf = (i: number) => i.toString(16).padStart(64, '0');
const long = (i: number) => `request ${i} ${'x'.repeat(3000)}`;

function largeBundle(): BundleSpec {
  const spec: BundleSpec = { 'manifest.json': MANIFEST };
  const dmesg: string[] = [];
  const journal: string[] = [];
  for (let pod = 0; pod < PODS; pod++) {
    for (let kill = 0; kill < KILLS_PER_POD; kill++) {
      const at = 1000 + pod * 200 + kill * 30;
      dmesg.push(oomReport(at, { pid: 10_000 + pod * 10 + kill, comm: 'java', taskMemcg: v2ContainerPath(uidOf(pod), idOf(pod)) }));
      dmesg.push(`[${(at + 1).toFixed(6)}] INFO: task java:${pod}${kill} blocked for more than 120 seconds.\n`);
      dmesg.push(`[${(at + 2).toFixed(6)}] INFO: task kworker:${pod}${kill} blocked for more than 120 seconds.\n`);
      for (const n of [0, 1]) {
        const message = `E1127 09:15:14.591290     812 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 10s restarting failed container=app pod=pod-${pod}_load(${uidOf(pod)})\\" ${long(n)}" pod="load/pod-${pod}" podUID="${uidOf(pod)}"`;
        journal.push(kubeletExportEntry(at + 3, message, n));
      }
    }
    for (let attempt = 0; attempt <= KILLS_PER_POD; attempt++) {
      const start = 1000 + pod * 200 + attempt * 30 - 25;
      const lines = Array.from({ length: 30 }, (_, n) => `${utcAt(start + n * 0.5)} stdout F ${long(n)}\n`).join('');
      spec[`pods/load_pod-${pod}_${uidOf(pod)}/app/${attempt}.log`] = lines;
    }
  }
  spec['kernel/dmesg.txt'] = dmesg.join('');
  spec['journal/kubelet.export'] = journal.join('');
  return spec;
}

const missing = chromiumMissing();

describe('a large bundle', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let report: Report;
  let html: string;
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    work = await tempDir('podmortem-large-');
    const bundle = await writeBundle(join(work.path, 'bundle'), largeBundle(), 'dir');
    report = await reportOf(bundle);
    html = renderHtml(report);
  }, 300_000);
  afterAll(async () => {
    console.log(`large bundle: ${JSON.stringify(figures)}`);
    await work?.remove();
  });

  it('keeps the HTML under 3 MiB while the JSON holds every kill', () => {
    figures.html = `${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MiB`;
    figures.json = `${(Buffer.byteLength(renderJson(report)) / 1024 / 1024).toFixed(2)} MiB`;
    expect(report.oomKills).toHaveLength(PODS * KILLS_PER_POD);
    expect(Buffer.byteLength(html)).toBeLessThan(MAX_HTML_BYTES);
    expect(html.match(/<tbody class="kill">/g)).toHaveLength(50);
    expect(html.match(/<tr class="event /g)?.length).toBeLessThanOrEqual(200 * 5);
    expect(report.pods).toMatchObject({ total: PODS });
    expect(report.pods.shown).toHaveLength(60);
    expect(report.timeline.total).toBeGreaterThan(4000);
  });

  it.skipIf(missing !== null)('opens in Chromium without errors', async () => {
    const file = join(work.path, 'large.html');
    await writeFile(file, html);
    const browser = await launchChromium();
    try {
      const watch = await openReport(browser.context, file);
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it.skipIf(missing !== null)('opens the largest sample in Chromium without errors', async () => {
    const file = join(work.path, 'sample.html');
    await writeFile(file, renderHtml(await reportOf(samplePath('oom-burstable-containerd'))));
    const browser = await launchChromium();
    try {
      const watch = await openReport(browser.context, file);
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('renders the largest sample under the page size cap', async () => {
    const page = renderHtml(await reportOf(samplePath('oom-burstable-containerd')));
    figures.sampleHtml = `${(Buffer.byteLength(page) / 1024).toFixed(0)} KiB`;
    expect(Buffer.byteLength(page)).toBeLessThan(MAX_HTML_BYTES);
  });
});
