/**
 * The fleet sample: node bundles made by the real collector (dash) from copies of the fake node
 * roots in samples/roots under other node names (the same workloads on several nodes, as a
 * Deployment spread over a node pool), the committed samples/bundles, a bundle cut short and one
 * file that is not a bundle. The clock is frozen as in samples/regenerate.sh, so every run gives the same bundles.
 */
import { copyFile, readFile, lutimes, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/cli.js';
import { archiveIn, copySampleRoot, NOW, runCollector, SAMPLE_ROOTS, SHELLS, toolFarm } from '../../collector/helpers/collector.js';
import { mkdir } from 'node:fs/promises';

/** Collected node → the sample root it is collected from. */
export const COLLECTED_NODES: Record<string, string> = {
  'pool-a-1': 'oom-burstable-containerd',
  'pool-a-2': 'oom-burstable-containerd',
  'pool-b-1': 'node-pressure-cgroupfs',
};
export const SAMPLE_BUNDLES = ['debug-pod-minimal', 'node-pressure-cgroupfs', 'oom-burstable-containerd'];
/** Not an archive at all: the analyzer refuses it (exit 2 alone), the fleet lists it. */
export const BAD_BUNDLE = 'not-a-bundle.tar.gz';
/** A real bundle cut short: analyzed as far as it goes, its node named after the file. */
export const CUT_BUNDLE = 'cut-short-node.tar.gz';

/** Why the sample cannot be built here, or null. */
export function fleetSampleMissing(): string | null {
  return SHELLS.find((shell) => shell.name === 'dash')?.available ? null : 'dash is not installed: the real collector cannot run';
}

/** Builds the sample bundles into `<dir>/bundles` and returns their paths in a fixed order. */
export async function buildFleetSample(dir: string): Promise<string[]> {
  const bundles = join(dir, 'bundles');
  await mkdir(bundles, { recursive: true });
  for (const [node, scenario] of Object.entries(COLLECTED_NODES)) {
    const root = await copySampleRoot(scenario, join(dir, 'roots', node));
    await applyScenarioAges(scenario, root);
    const farm = await toolFarm(join(dir, 'farms', node), 'dash', { fakeDirs: [join(root, '.tools')] });
    const out = join(dir, 'out', node);
    await mkdir(out, { recursive: true });
    const run = await runCollector({ shell: 'dash', path: farm, args: ['--root', root, '--node', node, '--output-dir', out, '--timeout', '10'], env: { PODMORTEM_NOW: String(NOW) } });
    if (run.code !== 0) throw new Error(`collector for ${node} exited ${run.code}: ${run.stderr}`);
    const archive = await archiveIn(out);
    await copyFile(archive, join(bundles, archive.slice(out.length + 1)));
  }
  for (const sample of SAMPLE_BUNDLES) await copyFile(join(REPO_ROOT, 'samples/bundles', `${sample}.tar.gz`), join(bundles, `${sample}.tar.gz`));
  // The first 300 bytes of a real bundle: what a copy cut short by a full disk leaves.
  const whole = await readFile(join(REPO_ROOT, 'samples/bundles/debug-pod-minimal.tar.gz'));
  await writeFile(join(bundles, CUT_BUNDLE), whole.subarray(0, 300));
  await writeFile(join(bundles, BAD_BUNDLE), 'this is not a bundle\n');
  return (await readdir(bundles)).sort().map((name) => join(bundles, name));
}

/** samples/regenerate.sh's `.mtimes`: files the scenario says are older than the rest. */
async function applyScenarioAges(scenario: string, root: string): Promise<void> {
  const list = await readFile(join(SAMPLE_ROOTS, scenario, '.mtimes'), 'utf8').catch(() => '');
  for (const line of list.split('\n')) {
    const match = /^(\d+)\s+(\S+)$/.exec(line.trim());
    if (!match) continue;
    const time = new Date((NOW - Number(match[1])) * 1000);
    await lutimes(join(root, match[2] as string), time, time);
  }
}
