import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { spawnSync } from 'node:child_process';
import { CLI, REPO_ROOT, runPodmortem } from '../helpers/cli.js';

const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

const SPEC: BundleSpec = {
  'manifest.json': JSON.stringify({
    format: 'podmortem-bundle',
    formatVersion: 1,
    node: 'worker-7',
    collector: { name: 'podmortem-collect', version: '0.1.0' },
    items: [
      { path: 'kernel/dmesg.txt', what: 'dmesg', status: 'ok', exitCode: 0, bytes: 40, durationMs: 3, note: null },
      { path: 'stats/iostat.txt', what: 'iostat -x 1 3', status: 'missing', exitCode: null, bytes: 0, durationMs: 0, note: 'iostat not found' },
      { path: 'stats/vmstat.txt', what: 'vmstat -w 1 5', status: 'timeout', exitCode: 124, bytes: 0, durationMs: 30000, note: 'killed after 30 s' },
    ],
  }),
  'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0-27-amd64\n',
  'pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log': '2026-11-27T10:15:01.5Z stdout F ready\n',
};

let work: Awaited<ReturnType<typeof tempDir>>;
const inputs: Record<string, string> = {};

beforeAll(async () => {
  work = await tempDir('podmortem-cli-');
  for (const format of ['dir', 'tar.gz', 'zip'] as const) {
    inputs[format] = await writeBundle(join(work.path, `bundle-${format.replace('.', '-')}`), SPEC, format, 'podmortem-worker-7-20261127T101502Z/');
  }
});
afterAll(async () => work.remove());

describe('podmortem --help and --version', () => {
  it('shows usage with examples', async () => {
    const run = await runPodmortem(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: podmortem/);
    expect(run.stdout).toMatch(/Examples:\n\s+\$ podmortem analyze/);
  });

  it('shows analyze options with their defaults', async () => {
    const run = await runPodmortem(['analyze', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--max-entries <n>[^(]*\(default:\s+100000\)/);
    expect(run.stdout).toMatch(/Exit codes: 0 report written/);
  });

  it('prints the package version', async () => {
    const run = await runPodmortem(['--version']);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [['analyze'], /missing required argument 'input'/],
    [['analyze', 'x', '--bogus'], /unknown option '--bogus'/],
    [['analyze', 'x', '--max-bytes', '12Q'], /expected a size such as 512M/],
    [['analyze', 'x', '--max-entries', '0'], /expected a whole number/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 on misuse: %j', async (args, message) => {
    const run = await runPodmortem(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('podmortem analyze', () => {
  it.each(['dir', 'tar.gz', 'zip'])('reads a %s bundle and prints the paths it wrote', async (format) => {
    const out = join(work.path, `out-${format}`);
    await mkdir(out);
    const run = await runPodmortem(['analyze', inputs[format] as string, '-o', join(out, 'r.html'), '--json', join(out, 'r.json')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([join(out, 'r.html'), join(out, 'r.json')]);
    const report = JSON.parse(await readFile(join(out, 'r.json'), 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.node.name).toBe('worker-7');
    expect(report.archive.root).toBe('podmortem-worker-7-20261127T101502Z/');
    const state = Object.fromEntries(report.coverage.map((row: { source: string; state: string }) => [row.source, row.state]));
    expect(state).toMatchObject({ manifest: 'ok', kernel: 'ok', podLogs: 'ok', iostat: 'missing', vmstat: 'failed', journal: 'absent' });
    const html = await readFile(join(out, 'r.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;/);
    expect(html).toContain('worker-7');
  });

  it('gives the same report for the same bundle whatever its container format', async () => {
    const reports = await Promise.all(
      ['dir', 'tar.gz', 'zip'].map(async (format) => {
        const run = await runPodmortem(['analyze', inputs[format] as string, '-o', join(work.path, `same-${format}.html`), '--json', '-', '--quiet']);
        const { input, archive, ...rest } = JSON.parse(run.stdout);
        return { rest, entries: archive.entries };
      }),
    );
    expect(reports[1]?.rest).toEqual(reports[0]?.rest);
    expect(reports[2]?.rest).toEqual(reports[0]?.rest);
  });

  it('writes JSON to stdout with --json - and keeps messages on stderr', async () => {
    const run = await runPodmortem(['analyze', inputs.dir as string, '-o', join(work.path, 'stdout.html'), '--json', '-']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).schemaVersion).toBe(1);
    expect(run.stderr).toContain(join(work.path, 'stdout.html'));
  });

  it('is silent with --quiet', async () => {
    const run = await runPodmortem(['analyze', inputs['tar.gz'] as string, '-o', join(work.path, 'quiet.html'), '--quiet']);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('writes byte-identical reports on two runs', async () => {
    const paths = ['a', 'b'].map((name) => join(work.path, `det-${name}`));
    for (const path of paths) await runPodmortem(['analyze', inputs['tar.gz'] as string, '-o', `${path}.html`, '--json', `${path}.json`]);
    for (const ext of ['html', 'json']) expect(await readFile(`${paths[0]}.${ext}`)).toEqual(await readFile(`${paths[1]}.${ext}`));
  });

  it('writes ./podmortem-report.html by default', async () => {
    const cwd = join(work.path, 'default-out');
    await mkdir(cwd);
    const run = await runPodmortem(['analyze', inputs.zip as string], { cwd });
    expect(run.stdout.trim()).toBe('./podmortem-report.html');
    expect(await readFile(join(cwd, 'podmortem-report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});

describe('podmortem analyze never modifies its input', () => {
  it('refuses an output inside the input folder', async () => {
    const run = await runPodmortem(['analyze', inputs.dir as string, '-o', join(inputs.dir as string, 'report.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/inside the input bundle folder/);
  });

  it('refuses an output that is the input', async () => {
    const copy = join(work.path, 'self.tar.gz');
    await cp(inputs['tar.gz'] as string, copy);
    const run = await runPodmortem(['analyze', copy, '--json', copy]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the input/);
    expect(await readFile(copy)).toEqual(await readFile(inputs['tar.gz'] as string));
  });

  it('refuses an output that is a symbolic link', async () => {
    const link = join(work.path, 'link.html');
    await writeFile(join(work.path, 'target.html'), 'keep me');
    await symlink(join(work.path, 'target.html'), link);
    const run = await runPodmortem(['analyze', inputs.zip as string, '-o', link]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/symbolic link/);
    expect(await readFile(join(work.path, 'target.html'), 'utf8')).toBe('keep me');
  });

  it('refuses an output folder that does not exist', async () => {
    const run = await runPodmortem(['analyze', inputs.zip as string, '-o', join(work.path, 'nope', 'r.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/output folder does not exist/);
  });
});

describe('podmortem writing to a pipe that closes early', () => {
  it.each([['collector'], ['analyze', 'SAMPLE', '--json', '-', '-o', 'OUT']])('%s ends quietly, like cat', async (...args) => {
    const out = join(work.path, 'pipe.html');
    const argv = args.map((arg) => (arg === 'SAMPLE' ? (inputs['tar.gz'] as string) : arg === 'OUT' ? out : arg));
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${argv.map((a) => `"${a}"`).join(' ')} | head -c 10 >/dev/null; echo "status=$?"`], { encoding: 'utf8' });
    expect(shell.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(shell.stdout.trim()).toBe('status=0');
  });
});
