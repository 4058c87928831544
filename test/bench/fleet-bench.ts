/**
 * The fleet part of `npm run bench` (issue 16): 200 generated bundles analyzed as one fleet with
 * `--jobs 1` and `--jobs 2` (throughput in bundles per second, peak RSS of the whole process, its
 * worker threads included), and the fleet page for 1,000 nodes made from synthetic node
 * summaries: its size, and how long Chromium takes to load it when Chromium is installed.
 * Beside them, the machine's own ceiling for this work: two `--jobs 1` processes side by side,
 * each over half the bundles, share nothing (no heap, no pool, no main thread), so `--jobs 2`
 * cannot be expected to beat their throughput on the same cores.
 */
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SeededRandom } from '../helpers/seeded-random.js';
import { generateBundle } from './generator/generate-bundle.js';
import { measure, type Measurement } from './measure-command.js';
import type { Progress } from './progress.js';
import { ANALYZER_CLI, REPO_ROOT } from './repo-paths.js';

export const FLEET_BUNDLES = 200;
export const FLEET_PAGE_NODES = 1000;
/** Each generated node bundle's uncompressed size: a small node's evidence (the generator's least). */
const BUNDLE_BYTES = 4 * 1024 * 1024;
/** Bundles generated from their own seeds; the rest are copies under other names (generating takes ~2 s each). */
const DISTINCT_BUNDLES = 20;
const CHROMIUM = '/usr/bin/chromium';

export interface FleetBenchResult {
  bundles: number;
  /** The machine's 1-minute load average before the analyzer runs: other work skews the figures. */
  loadBefore: number;
  runs: { jobs: number; measurement: Measurement; bundlesPerSecond: number }[];
  /** Two `--jobs 1` processes started together, each over half the bundles: wall is the later end. */
  sideBySide: { measurements: Measurement[]; wallMs: number; bundlesPerSecond: number };
  pageNodes: number;
  pageBytes: number;
  /** Chromium's load of the page from file://, or why it was not measured. */
  pageLoadMs: number | string;
}

export async function runFleetBench(options: { seed: number; dir: string; progress: Progress }): Promise<FleetBenchResult> {
  await mkdir(options.dir, { recursive: true });
  const scratch = await mkdtemp(join(options.dir, 'podmortem-bench-fleet-'));
  try {
    const bundles = join(scratch, 'bundles');
    await mkdir(bundles);
    const name = (index: number) => join(bundles, `node-${String(index).padStart(3, '0')}.tar.gz`);
    for (let index = 0; index < FLEET_BUNDLES; index += 1) {
      options.progress.update(`fleet: generating bundle ${index + 1}/${FLEET_BUNDLES}`);
      if (index < DISTINCT_BUNDLES) await generateBundle({ seed: options.seed * 1000 + index, targetBytes: BUNDLE_BYTES, path: name(index) });
      else await copyFile(name(index % DISTINCT_BUNDLES), name(index));
    }
    const loadBefore = loadavg()[0] ?? 0;
    const runs: FleetBenchResult['runs'] = [];
    for (const jobs of [1, 2]) {
      options.progress.update(`fleet: analyzing ${FLEET_BUNDLES} bundles with --jobs ${jobs}`);
      const measurement = await measure(process.execPath, [ANALYZER_CLI, 'analyze', bundles, '-o', join(scratch, `fleet-${jobs}`), '--jobs', String(jobs), '--quiet']);
      runs.push({ jobs, measurement, bundlesPerSecond: FLEET_BUNDLES / (measurement.wallMs / 1000) });
    }
    options.progress.update(`fleet: two --jobs 1 processes side by side over ${FLEET_BUNDLES / 2} bundles each`);
    const sideBySide = await analyzeHalvesSideBySide(scratch, bundles);
    options.progress.update(`fleet: the page for ${FLEET_PAGE_NODES} nodes`);
    const page = await syntheticFleetPage(scratch, options.seed);
    const pageLoadMs = await chromiumLoadMs(page);
    options.progress.done();
    return { bundles: FLEET_BUNDLES, loadBefore, runs, sideBySide, pageNodes: FLEET_PAGE_NODES, pageBytes: (await stat(page)).size, pageLoadMs };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function describeFleet(result: FleetBenchResult): string {
  const [one, two] = result.runs;
  const mib = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1024 ** 2).toFixed(0)} MiB`);
  const lines = [
    `fleet: ${result.bundles} bundles of ${BUNDLE_BYTES / 1024 ** 2} MiB (${DISTINCT_BUNDLES} generated, the rest copies of them), one run per --jobs, ${cpus().length} cores, load average ${result.loadBefore.toFixed(1)} before`,
  ];
  for (const run of result.runs) {
    lines.push(
      `  --jobs ${run.jobs}: ${(run.measurement.wallMs / 1000).toFixed(1)} s wall, ${(run.measurement.cpuMs / 1000).toFixed(1)} s CPU (${(run.measurement.cpuMs / run.measurement.wallMs).toFixed(2)} cores busy), ${run.bundlesPerSecond.toFixed(2)} bundles/s, peak RSS ${mib(run.measurement.maxRssBytes)} (target ≤ ${run.jobs * 256 + 128} MiB), exit ${run.measurement.exitCode}`,
    );
  }
  if (one && two) lines.push(`  --jobs 2 / --jobs 1 throughput: ${(two.bundlesPerSecond / one.bundlesPerSecond).toFixed(2)}× (target ≥ 1.7×)`);
  const halves = result.sideBySide;
  const cpuMs = halves.measurements.reduce((sum, run) => sum + run.cpuMs, 0);
  lines.push(
    `  two --jobs 1 processes side by side, ${result.bundles / 2} bundles each (nothing shared: this machine's ceiling for the work): ${(halves.wallMs / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU, ${halves.bundlesPerSecond.toFixed(2)} bundles/s${one ? `, ${(halves.bundlesPerSecond / one.bundlesPerSecond).toFixed(2)}× --jobs 1` : ''}${two ? `; --jobs 2 reaches ${((100 * two.bundlesPerSecond) / halves.bundlesPerSecond).toFixed(0)}% of it` : ''}`,
  );
  const load = typeof result.pageLoadMs === 'number' ? `${result.pageLoadMs} ms to load in Chromium (target < 1 s)` : `not loaded in Chromium: ${result.pageLoadMs}`;
  lines.push(`  fleet page for ${result.pageNodes} synthetic nodes: ${(result.pageBytes / 1024 ** 2).toFixed(2)} MiB (target ≤ 2 MB), ${load}`);
  return lines.join('\n');
}

/** Half the bundles in each of two folders (hard links), analyzed by two processes started together. */
async function analyzeHalvesSideBySide(scratch: string, bundles: string): Promise<FleetBenchResult['sideBySide']> {
  const halves = [join(scratch, 'half-a'), join(scratch, 'half-b')];
  for (const half of halves) await mkdir(half);
  for (let index = 0; index < FLEET_BUNDLES; index += 1) {
    const file = `node-${String(index).padStart(3, '0')}.tar.gz`;
    await link(join(bundles, file), join(halves[index % 2]!, file));
  }
  const measurements = await Promise.all(halves.map((half, n) => measure(process.execPath, [ANALYZER_CLI, 'analyze', half, '-o', join(scratch, `half-out-${n}`), '--jobs', '1', '--quiet'])));
  const wallMs = Math.max(...measurements.map((run) => run.wallMs));
  return { measurements, wallMs, bundlesPerSecond: FLEET_BUNDLES / (wallMs / 1000) };
}

/** 1,000 nodes, each with the most the fleet page takes from a node (kills, evictions, 50 events). */
export async function syntheticFleetPage(scratch: string, seed: number): Promise<string> {
  const random = new SeededRandom(seed).fork('fleet');
  const nodes = Array.from({ length: FLEET_PAGE_NODES }, (_, index) => syntheticNode(random, index));
  const input = join(scratch, 'nodes.json');
  const output = join(scratch, 'page');
  await mkdir(output);
  await writeFile(input, JSON.stringify(nodes));
  // The built fleet stage renders it, as `analyze` would after the workers are done.
  const script = `import { readFileSync, writeFileSync } from 'node:fs';
const { buildFleet, renderFleetHtml } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist/fleet/index.js')).href)});
const fleet = buildFleet(JSON.parse(readFileSync(process.argv[1], 'utf8')), [], null);
writeFileSync(process.argv[2], renderFleetHtml(fleet));`;
  const run = await measure(process.execPath, ['--input-type=module', '-e', script, input, join(output, 'index.html')]);
  if (run.exitCode !== 0) throw new Error(`rendering the synthetic fleet failed: ${run.stderr}`);
  return join(output, 'index.html');
}

function syntheticNode(random: SeededRandom, index: number): Record<string, unknown> {
  const node = `pool-${index % 7}-node-${String(index).padStart(4, '0')}`;
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute % 60, random.int(60))).toISOString();
  const kills = Array.from({ length: random.int(6) }, () => {
    const workload = `app-${random.int(80)}`;
    return { time: at(random.int(60)), namespace: `team-${random.int(12)}`, pod: `${workload}-7d9f8b6c5d-x2x7q`, container: 'main', process: 'java' };
  });
  const evictions = random.int(10) === 0 ? [{ time: at(30), namespace: 'batch', pod: `import-${random.int(40)}-6c9f7d8b5-qw2er`, resource: 'memory' }] : [];
  const events = Array.from({ length: 50 }, (_, n) => ({
    time: at(n),
    severity: n % 5 === 0 ? 'critical' : 'warning',
    kind: n % 5 === 0 ? 'oom-kill' : 'probe-failed',
    text: `Readiness probe failed: Get "http://10.0.${index % 250}.${n}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  }));
  const critical = random.int(4);
  return {
    node,
    input: `podmortem-${node}-20261127T101502Z.tar.gz`,
    report: `nodes/podmortem-${node}-20261127T101502Z.html`,
    json: `nodes/podmortem-${node}-20261127T101502Z.json`,
    worst: critical > 0 ? 'critical' : 'warning',
    counts: { incidents: random.int(4), oomKills: kills.length, critical, warning: random.int(8), info: random.int(5), evidenceGaps: random.int(3) },
    topIncident: kills.length > 0 ? `the kernel killed ${kills.length} processes of team-1/app-1 at its own memory limit` : null,
    window: { from: '2026-11-27T09:15:02Z', to: '2026-11-27T10:15:02Z' },
    kernelRelease: '6.1.0-27-amd64',
    oomKills: kills,
    evictions,
    events,
    failOn: [],
  };
}

export async function chromiumLoadMs(page: string): Promise<number | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found`;
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'podmortem-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const tab = await context.newPage();
    // A first load warms the browser; the second is the one measured.
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const started = performance.now();
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    return Math.round(performance.now() - started);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
