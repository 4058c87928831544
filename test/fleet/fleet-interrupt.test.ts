/**
 * Ctrl-C in the middle of a fleet analysis: the workers stop, the half-written node reports
 * they leave (hidden temporary files named with the process id) are removed, no fleet page is
 * written, and the process dies of the signal. A worker's half-written file is planted the moment
 * the first bundle is done, so the test does not depend on the signal landing inside a write.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/bundle.js';

const BUNDLES = 40;
const SAMPLE = join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz');

interface Interrupted {
  pid: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Starts the fleet run, and when the first bundle is done plants `plant(pid)` and sends SIGINT. */
function interruptAfterFirstBundle(args: string[], plant: (pid: number) => Promise<void>): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let signalled = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if (signalled || !/\[1\/\d+\]/.test(stderr)) return;
      signalled = true;
      void plant(child.pid!).then(() => child.kill('SIGINT'), reject);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ pid: child.pid!, signal, code, stderr }));
  });
}

describe('Ctrl-C during a fleet analysis', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let run: Interrupted;
  let nodesDir: string;
  const othersTemp = '.node-999.html.1.0123456789ab.tmp';
  let ownTemp = '';

  beforeAll(async () => {
    work = await tempDir('podmortem-fleet-interrupt-');
    const bundles = join(work.path, 'bundles');
    await mkdir(bundles);
    for (let index = 0; index < BUNDLES; index += 1) await copyFile(SAMPLE, join(bundles, `node-${String(index).padStart(3, '0')}.tar.gz`));
    const out = join(work.path, 'fleet');
    nodesDir = join(out, 'nodes');
    run = await interruptAfterFirstBundle(['analyze', bundles, '-o', out, '--jobs', '1'], async (pid) => {
      // What a worker leaves while it writes a report (atomic-file.ts names it so), and another process's.
      ownTemp = `.node-039.html.${pid}.0123456789ab.tmp`;
      await writeFile(join(nodesDir, ownTemp), '<!doctype html><p>half a rep');
      await writeFile(join(nodesDir, othersTemp), 'another run, still writing');
    });
  }, 120_000);
  afterAll(async () => work?.remove());

  it('dies of the signal before every bundle is done, and writes no fleet page', async () => {
    expect(run.signal, run.stderr).toBe('SIGINT');
    const reports = (await readdir(nodesDir)).filter((name) => name.endsWith('.json'));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThan(BUNDLES);
    expect(await readdir(join(nodesDir, '..'))).not.toContain('index.html');
    expect(await readdir(join(nodesDir, '..'))).not.toContain('fleet.json');
  });

  it("removes this run's half-written files, and only those", async () => {
    const names = await readdir(nodesDir);
    expect(names).not.toContain(ownTemp);
    expect(names.filter((name) => name.includes(`.${run.pid}.`))).toEqual([]);
    expect(names).toContain(othersTemp);
  });

  it('leaves only whole node reports', async () => {
    for (const name of (await readdir(nodesDir)).filter((file) => file.endsWith('.json'))) {
      const text = await readFile(join(nodesDir, name), 'utf8');
      expect(() => JSON.parse(text) as unknown, name).not.toThrow();
    }
  });
});
