/**
 * `npm run bench:kills`: how the analyzer scales with the number of OOM kills. It generates
 * crash-loop bundles (one container killed and restarted N times: N kernel OOM reports and N
 * attempt logs of long lines, the worst case for the kept log text) as directories and measures
 * `podmortem analyze` on each: wall time, time per kill, peak RSS, and the JSON report's size.
 * Time per kill should stay flat as N grows, and memory and JSON should not follow N.
 *
 *   npm run bench:kills                     # 500, 1000, 2000 and 4000 kills
 *   npm run bench:kills -- 1000 8000        # these counts
 */
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

async function generate(dir: string, kills: number): Promise<void> {
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

async function main(argv: readonly string[]): Promise<number> {
  const counts = argv.length > 0 ? argv.map(Number) : [500, 1000, 2000, 4000];
  if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
    process.stderr.write('usage: npm run bench:kills -- [kill counts…]\n');
    return 2;
  }
  const work = await mkdtemp(join(tmpdir(), 'podmortem-kills-bench-'));
  process.stdout.write(`OOM kill scaling: a crash loop of N kills, ${LINES_PER_ATTEMPT} lines of ${LINE_CHARS} characters per attempt log; ${measuringTool()}\n\n`);
  process.stdout.write('| kills | bundle | wall | per kill | peak RSS | JSON | kills with log lines |\n|---:|---:|---:|---:|---:|---:|---:|\n');
  const perKill: number[] = [];
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
      const rss = run.maxRssBytes === null ? 'n/a' : `${(run.maxRssBytes / MiB).toFixed(0)} MiB`;
      process.stdout.write(`| ${kills} | ${(bytes / MiB).toFixed(0)} MiB | ${(run.wallMs / 1000).toFixed(2)} s | ${(run.wallMs / kills).toFixed(2)} ms | ${rss} | ${((await stat(json)).size / MiB).toFixed(1)} MiB | ${withLines} of ${report.oomKills.length} |\n`);
      await rm(bundle, { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const growth = (perKill.at(-1) ?? 0) / (perKill[0] ?? 1);
  process.stdout.write(`\ntime per kill at ${counts.at(-1)} kills is ${growth.toFixed(2)}× that at ${counts[0]} (flat is linear; fixed start-up cost makes small counts look dearer)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench:kills failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
