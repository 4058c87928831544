/**
 * `npm run bench:kills`: how the analyzer scales with the number of OOM kills. It generates
 * crash-loop bundles (one container killed and restarted N times: N kernel OOM reports and N
 * attempt logs of long lines, the worst case for the kept log text) as directories and measures
 * `podmortem analyze` on each: wall time, time per kill, peak RSS, and the JSON report's size.
 * Time per kill should stay flat as N grows, and memory and JSON should not follow N.
 *
 * Then the cost of the second pass (the log lines around kills, kill-windows.ts): the same bundle
 * packed as a tar.gz with `kernel/` before `pods/` (as the collector writes it: the kill times
 * are known when the pod logs are read, one pass) and with `pods/` first (the files of the kills
 * the report shows are read again: the archive is decompressed a second time).
 *
 *   npm run bench:kills                     # 500, 1000, 2000 and 4000 kills
 *   npm run bench:kills -- 1000 8000        # these counts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oomReport, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { measure, measuringTool } from './measure-command.js';
import { ANALYZER_CLI } from './repo-paths.js';

const UID = POD_UID;
const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}/api`;
const LINES_PER_ATTEMPT = 30;
const LINE_CHARS = 1000;
/** Monotonic seconds at collection; kills are spread before it. */
const UPTIME = 400_000;
const COLLECTED_MS = Date.parse('2026-11-27T10:15:02Z');
const MiB = 1024 * 1024;

const containerId = (i: number) => `cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d${i.toString(16).padStart(8, '0')}`;
const wall = (monotonic: number) => new Date(COLLECTED_MS - (UPTIME - monotonic) * 1000).toISOString().replace('Z', '000000Z');

export async function generate(dir: string, kills: number): Promise<void> {
  await mkdir(join(dir, 'kernel'), { recursive: true });
  await mkdir(join(dir, POD_DIR), { recursive: true });
  const anchors = { wallClockUtc: new Date(COLLECTED_MS).toISOString(), uptimeSeconds: UPTIME, bootId: '3b5d0c1e-7a2f-4c8e-9d10-5e6f7a8b9c0d', utcOffset: '+0000' };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node: 'worker-3', anchors, items: [] }));
  const dmesg: string[] = [];
  const pad = 'y'.repeat(LINE_CHARS);
  for (let i = 0; i < kills; i += 1) {
    const at = 1000 + i * 60;
    dmesg.push(oomReport(at + 5, { pid: 10_000 + i, taskMemcg: v2ContainerPath(UID, containerId(i)) }));
    const lines = Array.from({ length: LINES_PER_ATTEMPT }, (_, j) => `${wall(at - 3 + j * 0.05)} stdout F attempt ${i} line ${j} ${pad}\n`);
    await writeFile(join(dir, POD_DIR, `${i}.log`), lines.join(''));
  }
  await writeFile(join(dir, 'kernel/dmesg.txt'), dmesg.join(''));
  const last = kills - 1;
  await writeFile(join(dir, 'containers.txt'), `checkout-7d9f8b6c5-x2x9q_shop_api-${containerId(last)}.log\t/var/log/${POD_DIR}/${last}.log\n`);
}

/**
 * The bundle as a tar.gz in two entry orders, measured; one table row. Their JSON must be the
 * directory's (order never matters), or the bench fails.
 */
async function secondPassCost(work: string, bundle: string, kills: number, dirJson: string, peaks: Peak[]): Promise<string> {
  const orders = { kernelFirst: ['manifest.json', 'kernel', 'containers.txt', 'pods'], podsFirst: ['pods', 'containers.txt', 'kernel', 'manifest.json'] };
  const runs: Record<string, { wallMs: number; cpuMs: number; rss: string; bytes: number }> = {};
  for (const [name, order] of Object.entries(orders)) {
    const archive = join(work, `kills-${kills}-${name}.tar.gz`);
    // GNU and busybox tar both keep the order of the names given
    execFileSync('tar', ['-czf', archive, '-C', bundle, ...order]);
    const json = join(work, `kills-${kills}-${name}.json`);
    const run = await measure('node', [ANALYZER_CLI, 'analyze', archive, '-o', join(work, `kills-${kills}-${name}.html`), '--json', json, '--quiet']);
    if (run.exitCode !== 0) throw new Error(`analyze exited ${run.exitCode}: ${run.stderr}`);
    if (killsOf(await readFile(json, 'utf8')) !== killsOf(dirJson)) throw new Error(`the kills of ${name} differ from the directory's`);
    peaks.push({ kills, input: `tar.gz, ${name === 'kernelFirst' ? 'kernel/ first' : 'pods/ first'}`, bytes: run.maxRssBytes });
    runs[name] = { wallMs: run.wallMs, cpuMs: run.cpuMs, rss: run.maxRssBytes === null ? 'n/a' : `${(run.maxRssBytes / MiB).toFixed(0)} MiB`, bytes: (await stat(archive)).size };
    await rm(archive, { force: true });
  }
  const one = runs.kernelFirst as { wallMs: number; cpuMs: number; rss: string; bytes: number };
  const two = runs.podsFirst as { wallMs: number; cpuMs: number; rss: string; bytes: number };
  // CPU time holds on a loaded machine, where wall time does not: the cost is given in both
  const extra = two.wallMs - one.wallMs;
  const extraCpu = two.cpuMs - one.cpuMs;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `| ${kills} | ${(one.bytes / MiB).toFixed(1)} MiB | ${seconds(one.wallMs)} | ${seconds(one.cpuMs)} | ${one.rss} | ${seconds(two.wallMs)} | ${seconds(two.cpuMs)} | ${two.rss} | ${seconds(extra)} (${((extra / one.wallMs) * 100).toFixed(0)}%) | ${seconds(extraCpu)} (${((extraCpu / one.cpuMs) * 100).toFixed(0)}%) | yes |\n`;
}

/** Issue 13: peak RSS at most 256 MiB at 4,000 attempt logs, in every input form measured up to that count. */
const RSS_TARGET_BYTES = 256 * MiB;
const TARGET_KILLS = 4000;

interface Peak {
  kills: number;
  input: string;
  bytes: number | null;
}

function memoryVerdict(peaks: readonly Peak[]): string {
  const rows = peaks.filter((peak) => peak.kills <= TARGET_KILLS);
  const head = `peak RSS ≤ 256 MiB up to ${TARGET_KILLS} kills (directory and both tar.gz orders)`;
  if (rows.length === 0 || rows.some((row) => row.bytes === null)) return `${head}: not measured (no peak RSS, or no count up to ${TARGET_KILLS})`;
  const worst = rows.reduce((a, b) => ((b.bytes as number) > (a.bytes as number) ? b : a));
  const met = (worst.bytes as number) <= RSS_TARGET_BYTES;
  return `${head}: ${met ? 'met' : 'NOT met'} (highest ${((worst.bytes as number) / MiB).toFixed(0)} MiB: ${worst.kills} kills, ${worst.input})`;
}

/** The kills with their lines, as JSON text: what must not depend on entry order. */
function killsOf(json: string): string {
  const report = JSON.parse(json) as { oomKills: unknown; oomKillDetails: unknown };
  return JSON.stringify([report.oomKills, report.oomKillDetails]);
}

async function main(argv: readonly string[]): Promise<number> {
  const counts = argv.length > 0 ? argv.map(Number) : [500, 1000, 2000, 4000];
  if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
    process.stderr.write('usage: npm run bench:kills -- [kill counts…]\n');
    return 2;
  }
  const work = await mkdtemp(join(tmpdir(), 'podmortem-kills-bench-'));
  process.stdout.write(`OOM kill scaling: a crash loop of N kills, ${LINES_PER_ATTEMPT} lines of ${LINE_CHARS} characters per attempt log; ${measuringTool()}\n\n`);
  process.stdout.write('| kills | bundle | wall | CPU | per kill | peak RSS | JSON | kills with log lines |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  const perKill: number[] = [];
  const peaks: Peak[] = [];
  const passes: string[] = [];
  try {
    for (const kills of counts) {
      const bundle = join(work, `kills-${kills}`);
      await generate(bundle, kills);
      const json = join(work, `kills-${kills}.json`);
      const run = await measure('node', [ANALYZER_CLI, 'analyze', bundle, '-o', join(work, `kills-${kills}.html`), '--json', json, '--quiet']);
      if (run.exitCode !== 0) throw new Error(`analyze exited ${run.exitCode}: ${run.stderr}`);
      const report = JSON.parse(await readFile(json, 'utf8')) as { oomKills: { logBefore: unknown[] }[] };
      const withLines = report.oomKills.filter((kill) => kill.logBefore.length > 0).length;
      const bytes = LINES_PER_ATTEMPT * (LINE_CHARS + 60) * kills;
      perKill.push(run.wallMs / kills);
      peaks.push({ kills, input: 'directory', bytes: run.maxRssBytes });
      const rss = run.maxRssBytes === null ? 'n/a' : `${(run.maxRssBytes / MiB).toFixed(0)} MiB`;
      process.stdout.write(
        `| ${kills} | ${(bytes / MiB).toFixed(0)} MiB | ${(run.wallMs / 1000).toFixed(2)} s | ${(run.cpuMs / 1000).toFixed(2)} s | ${(run.wallMs / kills).toFixed(2)} ms | ${rss} | ${((await stat(json)).size / MiB).toFixed(1)} MiB | ${withLines} of ${report.oomKills.length} |\n`,
      );
      passes.push(await secondPassCost(work, bundle, kills, await readFile(json, 'utf8'), peaks));
      await rm(bundle, { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write("\nThe second pass: the same bundle as a tar.gz, kernel/ first (one pass) and pods/ first (the shown kills' files read again)\n\n");
  process.stdout.write(
    '| kills | tar.gz | kernel first: wall | CPU | peak RSS | pods first: wall | CPU | peak RSS | second pass costs: wall | CPU | same JSON |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n',
  );
  for (const row of passes) process.stdout.write(row);
  const growth = (perKill.at(-1) ?? 0) / (perKill[0] ?? 1);
  process.stdout.write(`\n${memoryVerdict(peaks)}\n`);
  process.stdout.write(`\ntime per kill at ${counts.at(-1)} kills is ${growth.toFixed(2)}× that at ${counts[0]} (flat is linear; fixed start-up cost makes small counts look dearer)\n`);
  return 0;
}

// run when started, not when imported (to generate a bundle for a closer look)
if (process.argv[1]?.endsWith('run-kills-bench.js'))
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`bench:kills failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
