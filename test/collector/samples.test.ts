/**
 * The sample bundles are honest: regenerating them with the real collector from the fake
 * roots in samples/roots gives the committed archives byte for byte, and the analyzer opens them.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { reportOf } from '../report/helpers/report-of.js';
import { openBundle, scratch } from './helpers/collector.js';

const SCENARIOS = ['oom-burstable-containerd', 'node-pressure-cgroupfs', 'debug-pod-minimal', 'memory-pressure-eviction-oom'];
/** samples/foreign.sh: the first scenario's node as other collectors pack it. */
const FOREIGN = [
  'dmesg-oom-burstable-containerd.txt',
  'eks-oom-burstable-containerd.tar.gz',
  'journal-oom-burstable-containerd.export',
  'rancher-oom-burstable-containerd.tar.gz',
  'sos-oom-burstable-containerd.tar.xz',
  'var-log-oom-burstable-containerd.tar.gz',
];
const gnuTar = spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU tar') ?? false;

describe('samples', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await scratch('samples'));
  });
  afterAll(async () => remove?.());

  it.skipIf(!gnuTar)('regenerate byte for byte from samples/roots (npm run samples)', async () => {
    const result = spawnSync('sh', [join(REPO_ROOT, 'samples/regenerate.sh'), dir], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const scenario of SCENARIOS) {
      const fresh = await readFile(join(dir, `${scenario}.tar.gz`));
      const committed = await readFile(join(REPO_ROOT, 'samples/bundles', `${scenario}.tar.gz`));
      expect({ scenario, same: fresh.equals(committed) }).toEqual({ scenario, same: true });
    }
    expect((await readdir(join(dir, 'foreign'))).sort()).toEqual(FOREIGN);
    expect((await readdir(join(REPO_ROOT, 'samples/foreign'))).sort()).toEqual(FOREIGN);
    for (const sample of FOREIGN) {
      const fresh = await readFile(join(dir, 'foreign', sample));
      const committed = await readFile(join(REPO_ROOT, 'samples/foreign', sample));
      expect({ sample, same: fresh.equals(committed) }).toEqual({ sample, same: true });
    }
  });

  it.each(FOREIGN)('foreign sample %s stays small (tens of KiB)', async (sample) => {
    expect((await stat(join(REPO_ROOT, 'samples/foreign', sample))).size).toBeLessThan(96 * 1024);
  });

  it.each(SCENARIOS)('%s stays small and is opened by the analyzer', async (scenario) => {
    const archive = join(REPO_ROOT, 'samples/bundles', `${scenario}.tar.gz`);
    expect((await stat(archive)).size).toBeLessThan(1024 * 1024);
    // The real pipeline in this process: the CLI's wiring of it is test/cli's, and golden.test.ts
    // renders these same reports to HTML and JSON.
    const report = await reportOf(archive);
    const state = Object.fromEntries(report.coverage.map((row) => [row.source, row.state]));
    expect(state.manifest).toBe('ok');
    // node-pressure-cgroupfs has kern.log files older than the window: out of scope, not a cut.
    expect(state.kernel).toBe('ok');
    expect(state.podLogs).toBe('ok');
    expect(state.cgroup).toBe('ok');
    expect(state.journal).toBe(scenario === 'debug-pod-minimal' ? 'missing' : 'ok');
    expect(state.crictl).toBe(scenario === 'debug-pod-minimal' ? 'missing' : 'ok');
    expect(report.parseIssues.total).toBe(0);
  });

  it('node-pressure-cgroupfs keeps its history: kern.log of today and yesterday, none older than the window', async () => {
    const bundle = await openBundle(await readFile(join(REPO_ROOT, 'samples/bundles/node-pressure-cgroupfs.tar.gz')));
    const kernel = [...bundle.files.keys()].filter((path) => path.startsWith('kernel/')).sort();
    expect(kernel).toEqual(['kernel/dmesg.txt', 'kernel/kern.log', 'kernel/kern.log.1']);
    expect(bundle.manifest.anchors).toMatchObject({ timezone: 'Europe/Berlin', utcOffset: '+0100' });
    expect(bundle.files.has('cgroup/kubepods/besteffort/pod7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928/memory.oom_control')).toBe(true);
  });
});
