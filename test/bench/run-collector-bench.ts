/**
 * `npm run bench:collector`: the collector on a busy node over its budget (issue 13: 300
 * containers, every current log's last lines kept, the OOM victims' logs whole, in under 60 s).
 * The node is generated as budget-busy-node.test.ts generates it (that test checks what is kept
 * and prints the time; timing belongs here), then the built collector runs under dash with
 * `--root` and the test's budget, measured (wall, CPU of it and its children, peak RSS).
 *
 *   npm run bench:collector            # 300 containers, 3 runs
 *   npm run bench:collector -- 600 1   # 600 containers, 1 run
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBusyNode, type VictimForm } from '../collector/helpers/busy-node.js';
import { measure, measuringTool } from './measure-command.js';
import { REPO_ROOT } from './repo-paths.js';

const COLLECTOR = join(REPO_ROOT, 'dist/collector/podmortem-collect.sh');
/** The collection time the busy node's files are dated before (the tests' frozen clock). */
const NOW = 1_795_774_502;
const TARGET_SECONDS = 60;
const VICTIMS: { index: number; form: VictimForm }[] = [
  { index: 17, form: 'containerd-v2-systemd' },
  { index: 23, form: 'cgroupfs-v1-task-in' },
  { index: 33, form: 'crio-v2-systemd' },
];

async function main(): Promise<number> {
  const containers = Number(process.argv[2] ?? 300);
  const runs = Number(process.argv[3] ?? 3);
  if (!Number.isInteger(containers) || containers < 40 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('usage: npm run bench:collector -- [containers ≥ 40] [runs]\n');
    return 2;
  }
  if (spawnSync('sh', ['-c', 'command -v dash'], { stdio: 'ignore' }).status !== 0) {
    process.stderr.write('bench:collector needs dash (the collector runs under it)\n');
    return 2;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'podmortem-bench-collector-'));
  try {
    const root = join(scratch, 'root');
    await writeBusyNode(root, { containers, currentBytes: 1_700_000, rotatedTextBytes: 1_800_000, victims: VICTIMS, unlinked: [33], now: NOW });
    const podBytes = Number(spawnSync('du', ['-sb', join(root, 'var/log/pods')], { encoding: 'utf8' }).stdout.split('\t')[0]);
    console.log(`collector on a busy node: ${containers} containers, ${(podBytes / 1e6).toFixed(0)} MB of pod logs, --budget 256M, dash; ${measuringTool()}`);
    console.log('');
    console.log('| run | wall | CPU | peak RSS | bundle | exit |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    const walls: number[] = [];
    let failed = false;
    for (let run = 1; run <= runs; run += 1) {
      const out = join(scratch, `out-${run}`);
      await mkdir(out);
      const result = await measure('env', [`PODMORTEM_NOW=${NOW}`, 'dash', COLLECTOR, '--root', root, '--output-dir', out, '--budget', '256M']);
      const archive = (await readdir(out)).find((name) => name.endsWith('.tar.gz'));
      const bundleBytes = archive ? Number(spawnSync('stat', ['-c', '%s', join(out, archive)], { encoding: 'utf8' }).stdout) : 0;
      failed ||= result.exitCode !== 0 || !archive;
      walls.push(result.wallMs);
      const rss = result.maxRssBytes === null ? '—' : `${(result.maxRssBytes / 2 ** 20).toFixed(0)} MiB`;
      console.log(`| ${run} | ${(result.wallMs / 1000).toFixed(1)} s | ${(result.cpuMs / 1000).toFixed(1)} s | ${rss} | ${(bundleBytes / 2 ** 20).toFixed(0)} MiB | ${result.exitCode} |`);
      await rm(out, { recursive: true, force: true });
    }
    const worst = Math.max(...walls) / 1000;
    console.log('');
    console.log(
      `collector wall time ≤ ${TARGET_SECONDS} s on ${containers} containers over the budget: ${!failed && worst <= TARGET_SECONDS ? 'met' : 'NOT met'} (slowest ${worst.toFixed(1)} s${failed ? ', a run failed' : ''})`,
    );
    return failed ? 1 : 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
