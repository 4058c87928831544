/**
 * Outputs are atomic: the real CLI writes the report under a temporary name and renames it, so
 * concurrent runs leave one complete report, and a write that cannot finish (disk full, a
 * read-only folder, /dev/full, a FIFO) exits 2 with one line and leaves the previous report as
 * it was. The disk-full and read-only cases mount a small tmpfs (root only; skipped otherwise).
 *
 * Concurrent runs and a closed pipe are processes of the built CLI; the single runs call runCli
 * in the test process (cli-in-process.ts): the refusals and their one line are runCli's, and a
 * node process per case was most of this file's CPU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { CLI, REPO_ROOT, runPodmortem, type CliRun } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { oomReport, v2ContainerPath } from '../helpers/kernel-text.js';

const SAMPLE = join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz');
const PREVIOUS = '<!doctype html><title>the previous report</title></html>\n';

/**
 * A node with `kills` OOM kills: the JSON holds every kill, so its size grows with them (about
 * 3.4 KB each), past the 512 KiB that Node writes in one system call: an in-place write of
 * several runs could interleave.
 */
function specFor(node: string, kills: number): BundleSpec {
  const uid = (k: number) => `00000000-0000-4000-8000-${String(k % 50).padStart(12, '0')}`;
  const dmesg = Array.from({ length: kills }, (_, k) => oomReport(1000 + k * 10, { pid: 10_000 + k, taskMemcg: v2ContainerPath(uid(k), k.toString(16).padStart(64, '0')) }));
  return {
    'manifest.json': JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node, collector: { name: 'podmortem-collect', version: '0.1.0' }, items: [] }),
    'kernel/dmesg.txt': `[    0.000000] Linux version 6.1.0-27-amd64\n${dmesg.join('')}`,
  };
}

/** A failed write: exit 2, exactly one line on stderr naming the output, no stack trace. */
function expectOneLineRefusal(run: CliRun, path: string, reason: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^podmortem: error: /);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(reason);
}

/** Files the runs left in a folder, temporary ones included (they start with a dot). */
async function leftIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).sort();
}

let work: Awaited<ReturnType<typeof tempDir>>;
/** tmpfs mounted by the tests, unmounted before the work folder goes. */
const mounts: string[] = [];

beforeAll(async () => {
  work = await tempDir('podmortem-outputs-');
});
afterAll(async () => {
  for (const point of mounts.reverse()) spawnSync('umount', [point]);
  await work.remove();
});

describe('concurrent runs on the same outputs', () => {
  // Reports of different sizes, so that an interleaved write shows.
  const NODES = [
    ['worker-a', 200],
    ['worker-b', 300],
    ['worker-c', 400],
  ] as const;
  const ROUNDS = 3;
  const expected = { html: new Set<string>(), json: new Set<string>() };
  const inputs: string[] = [];

  beforeAll(async () => {
    for (const [node, kills] of NODES) {
      const input = await writeBundle(join(work.path, `${node}.tar.gz`), specFor(node, kills), 'tar.gz', `podmortem-${node}-20261127T101502Z/`);
      inputs.push(input);
      // What each run writes alone: the bar the concurrent result is held to.
      const alone = join(work.path, `alone-${node}`);
      await mkdir(alone);
      const run = await runPodmortemInProcess(['analyze', input, '-o', join(alone, 'r.html'), '--json', join(alone, 'r.json'), '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      expected.html.add(await readFile(join(alone, 'r.html'), 'utf8'));
      expected.json.add(await readFile(join(alone, 'r.json'), 'utf8'));
    }
    expect(expected.html.size, 'each input gives its own report').toBe(NODES.length);
  });

  it(`leave one complete report, equal to one run's, and no temporary file (${ROUNDS} rounds of ${NODES.length} runs)`, async () => {
    const shared = join(work.path, 'shared');
    await mkdir(shared);
    const html = join(shared, 'report.html');
    const json = join(shared, 'report.json');
    for (let round = 0; round < ROUNDS; round += 1) {
      const runs = await Promise.all(inputs.map((input) => runPodmortem(['analyze', input, '-o', html, '--json', json, '--quiet'])));
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const page = await readFile(html, 'utf8');
      expect(page.match(/<\/html>/g)).toHaveLength(1);
      expect(expected.html.has(page), "the page is exactly one run's report").toBe(true);
      const text = await readFile(json, 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
      expect(expected.json.has(text), "the JSON is exactly one run's report").toBe(true);
      expect(await leftIn(shared)).toEqual(['report.html', 'report.json']);
    }
  });
});

describe('outputs that are not regular files', () => {
  it.each([
    ['-o', '/dev/full', /character device/],
    ['--json', '/dev/full', /character device/],
  ])('%s %s: exit 2 with one line, the previous report intact', async (flag, path, reason) => {
    const folder = join(work.path, `dev-full${flag}`);
    await mkdir(folder);
    const other = join(folder, flag === '-o' ? 'r.json' : 'r.html');
    await writeFile(other, PREVIOUS);
    const args = flag === '-o' ? ['-o', path, '--json', other] : ['-o', other, '--json', path];
    const run = await runPodmortemInProcess(['analyze', SAMPLE, ...args]);
    expectOneLineRefusal(run, path, reason);
    expect(await readFile(other, 'utf8')).toBe(PREVIOUS);
    expect((await stat(path)).isCharacterDevice()).toBe(true);
  });

  it.each(['-o', '--json'])('a FIFO as %s: exit 2 with one line, nothing written into it, the previous report intact', async (flag) => {
    const folder = join(work.path, `fifo${flag}`);
    await mkdir(folder);
    const fifo = join(folder, 'pipe');
    const made = spawnSync('mkfifo', [fifo]);
    expect(made.status, String(made.stderr)).toBe(0);
    const other = join(folder, 'previous');
    await writeFile(other, PREVIOUS);
    const args = flag === '-o' ? ['-o', fifo, '--json', other] : ['-o', other, '--json', fifo];
    const run = await runPodmortemInProcess(['analyze', SAMPLE, ...args]);
    expectOneLineRefusal(run, fifo, /FIFO/);
    expect(await readFile(other, 'utf8')).toBe(PREVIOUS);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(await leftIn(folder)).toEqual(['pipe', 'previous']);
  });
});

/** Mounts a tmpfs of `size` on a new folder; null (with the reason printed) where mount is not allowed. */
async function mountTmpfs(name: string, size: string): Promise<string | null> {
  const point = join(work.path, name);
  await mkdir(point);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', point], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    console.log(`skipped: cannot mount a tmpfs (${(mounted.stderr || mounted.error?.message || 'mount failed').trim()}); run as root to test a full or read-only disk`);
    return null;
  }
  mounts.push(point);
  return point;
}

describe('a write that cannot finish', () => {
  it.for(['-o', '--json'])('disk full (%s on a 64 KiB tmpfs): exit 2 with one line, the previous report intact, no temporary file', async (flag, ctx) => {
    const disk = await mountTmpfs(`full${flag}`, '64k');
    if (!disk) return ctx.skip();
    const target = join(disk, 'report');
    await writeFile(target, PREVIOUS);
    const elsewhere = join(work.path, `full-other${flag}`);
    const args = flag === '-o' ? ['-o', target, '--json', elsewhere] : ['-o', elsewhere, '--json', target];
    const run = await runPodmortemInProcess(['analyze', SAMPLE, ...args]);
    expectOneLineRefusal(run, target, /no space left on the device \(ENOSPC\)/);
    expect(await readFile(target, 'utf8')).toBe(PREVIOUS);
    expect(await leftIn(disk)).toEqual(['report']);
  });

  it('a read-only folder (a tmpfs remounted read-only): exit 2 with one line, the previous report intact', async (ctx) => {
    const disk = await mountTmpfs('read-only', '1m');
    if (!disk) return ctx.skip();
    const target = join(disk, 'report.html');
    await writeFile(target, PREVIOUS);
    const remounted = spawnSync('mount', ['-o', 'remount,ro', disk], { encoding: 'utf8' });
    if (remounted.status !== 0) {
      console.log(`skipped: cannot remount the tmpfs read-only (${remounted.stderr.trim()})`);
      return ctx.skip();
    }
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '-o', target]);
    expectOneLineRefusal(run, target, /read-only \(EROFS\)/);
    expect(await readFile(target, 'utf8')).toBe(PREVIOUS);
    expect(await leftIn(disk)).toEqual(['report.html']);
  });
});

describe('an output path that cannot be written', () => {
  /** Runs with the bad path as `flag` and a good one as the other output: refused before either is written. */
  async function refusedEarly(name: string, flag: '-o' | '--json', path: string, reason: RegExp): Promise<void> {
    const folder = join(work.path, name);
    await mkdir(folder);
    const good = join(folder, flag === '-o' ? 'r.json' : 'r.html');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, ...(flag === '-o' ? ['-o', path, '--json', good] : ['-o', good, '--json', path])]);
    expectOneLineRefusal(run, path, reason);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(await leftIn(folder)).toEqual([]);
  }

  /** No temporary file of ours left in a folder (a kernel file system lists what it holds). */
  async function noTempIn(folder: string, name: string): Promise<void> {
    expect((await readdir(folder)).filter((entry) => entry.startsWith(`.${name}.`))).toEqual([]);
  }

  it.each([
    ['-o', '/sys/podmortem-report.html'],
    ['--json', '/sys/podmortem-report.json'],
  ] as const)('%s under /sys: exit 2, one line, nothing written', async (flag, path) => {
    await refusedEarly(`sys${flag}`, flag, path, /cannot write .*\((EACCES|EPERM|EROFS|ENOENT)\)$/);
    await noTempIn('/sys', path.slice('/sys/'.length));
  });

  it.each([
    ['-o', '/proc/podmortem-report.html'],
    ['--json', '/proc/podmortem-report.json'],
  ] as const)('%s under /proc: exit 2, one line, nothing written', async (flag, path) => {
    await refusedEarly(`proc${flag}`, flag, path, /cannot write .*\((ENOENT|EACCES|EPERM)\)$/);
    await noTempIn('/proc', path.slice('/proc/'.length));
  });

  it('a path whose parent is a file: exit 2, one line naming the file', async () => {
    const file = join(work.path, 'a-file');
    await writeFile(file, 'not a folder\n');
    await refusedEarly('parent-is-file', '-o', join(file, 'r.html'), /a-file is a file, not a folder$/);
  });

  it('a read-only bind mount: exit 2, one line, the previous report intact, no temporary file', async (ctx) => {
    const source = join(work.path, 'bind-source');
    const point = join(work.path, 'bind-ro');
    await mkdir(source);
    await mkdir(point);
    await writeFile(join(source, 'report.html'), PREVIOUS);
    const bound = spawnSync('mount', ['--bind', source, point], { encoding: 'utf8' });
    if (bound.status !== 0) {
      console.log(`skipped: cannot bind-mount (${(bound.stderr || bound.error?.message || 'mount failed').trim()}); run as root`);
      return ctx.skip();
    }
    mounts.push(point);
    const readOnly = spawnSync('mount', ['-o', 'remount,bind,ro', point], { encoding: 'utf8' });
    if (readOnly.status !== 0) {
      console.log(`skipped: cannot remount the bind read-only (${readOnly.stderr.trim()})`);
      return ctx.skip();
    }
    const target = join(point, 'report.html');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '-o', target]);
    expectOneLineRefusal(run, target, /read-only \(EROFS\)$/);
    expect(await readFile(target, 'utf8')).toBe(PREVIOUS);
    expect(await leftIn(source)).toEqual(['report.html']);
  });
});

describe('--json - when the reader goes away', () => {
  it('ends cleanly: exit 0, no stack trace, the HTML report written', async () => {
    const html = join(work.path, 'epipe.html');
    const child = spawn(process.execPath, [CLI, 'analyze', SAMPLE, '-o', html, '--json', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader closes before the analyzer writes anything: its write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect((await readFile(html, 'utf8')).match(/<\/html>/g)).toHaveLength(1);
  });
});
