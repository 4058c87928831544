/**
 * A fake cluster for `podmortem collect`: the fake kubectl of ./fake-kubectl on PATH, a state
 * folder it answers from, and one copy of a samples/roots/ node tree per node (the debug pod's
 * /host), with file times pinned inside the collector's window as samples/regenerate.sh does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, lutimes, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, REPO_ROOT } from '../helpers/cli.js';

const FAKE_KUBECTL_DIR = fileURLToPath(new URL('./fake-kubectl/', import.meta.url));
/** 2026-11-27T10:15:02Z, the collection time of the sample roots. */
export const FAKE_NOW = 1795774502;
/** The basic tools a debug image has (samples/regenerate.sh's list); the node's own come from .tools/. */
const BASIC_TOOLS = 'awk cat cp date find grep gzip head id ls mkdir mkfifo mv readlink rm sed setsid sh sleep sort stat tail tar timeout touch tr true wc sha256sum'.split(' ');

export type Behaviour = 'ok' | 'hang' | 'cut';
export interface FakeNode {
  name: string;
  root: 'oom-burstable-containerd' | 'node-pressure-cgroupfs' | 'debug-pod-minimal';
  behaviour: Behaviour;
  labels?: Record<string, string>;
  /** No /var/tmp on the node: the collector refuses to start (exit 2). */
  noTmp?: boolean;
}

export interface FakeCluster {
  dir: string;
  state: string;
  output: string;
  remove: () => Promise<void>;
}

export interface CollectRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export async function makeFakeCluster(nodes: FakeNode[]): Promise<FakeCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'podmortem-fleet-'));
  const state = join(dir, 'state');
  for (const sub of ['calls', 'pods', 'bin']) await mkdir(join(state, sub), { recursive: true });
  for (const tool of BASIC_TOOLS) await symlink(toolPath(tool), join(state, 'bin', tool));
  const lines: string[] = [];
  for (const node of nodes) {
    const root = join(dir, 'roots', node.name);
    await cp(join(REPO_ROOT, 'samples/roots', node.root), root, { recursive: true, verbatimSymlinks: true });
    await pinTimes(root);
    if (node.noTmp) await rm(join(root, 'var/tmp'), { recursive: true, force: true });
    else await mkdir(join(root, 'var/tmp'), { recursive: true });
    const labels =
      Object.entries(node.labels ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join(',') || '-';
    lines.push(`${node.name} ${root} ${node.behaviour} ${labels}`);
  }
  await writeFile(join(state, 'nodes'), `${lines.join('\n')}\n`);
  await writeFile(join(state, 'events'), '');
  return { dir, state, output: join(dir, 'bundles'), remove: () => rm(dir, { recursive: true, force: true }) };
}

export function toolPath(tool: string): string {
  for (const folder of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (folder && existsSync(join(folder, tool))) return join(folder, tool);
  }
  throw new Error(`basic tool not found on PATH: ${tool}`);
}

/** Every file 600 s before the frozen clock, then the scenario's own ages (.mtimes), as regenerate.sh. */
async function pinTimes(root: string): Promise<void> {
  const pin = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(root, '.tools')) await pin(path);
      } else await lutimes(path, FAKE_NOW - 600, FAKE_NOW - 600);
    }
  };
  await pin(root);
  const ages = await readFile(join(root, '.mtimes'), 'utf8').catch(() => '');
  for (const line of ages.split('\n')) {
    const match = /^(\d+)\s+(\S+)$/.exec(line.trim());
    if (match) await lutimes(join(root, match[2]!), FAKE_NOW - Number(match[1]), FAKE_NOW - Number(match[1]));
  }
}

/** Starts the real CLI with the fake kubectl first on PATH; `shell` runs the collector on the "node". */
export function startCollect(cluster: FakeCluster, args: string[], shell: string[] = ['dash']): { child: ChildProcess; done: Promise<CollectRun> } {
  const env = {
    ...process.env,
    PATH: `${FAKE_KUBECTL_DIR}${delimiter}${process.env.PATH ?? ''}`,
    FAKE_KUBECTL_STATE: cluster.state,
    FAKE_NOW: String(FAKE_NOW),
    FAKE_SH: [toolPath(shell[0]!), ...shell.slice(1)].join(' '),
  };
  const child = spawn(process.execPath, [CLI, 'collect', ...args], { cwd: cluster.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const done = new Promise<CollectRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Every kubectl call the fake received, as argument lists, sorted (parallel calls come in any order). */
export async function kubectlCalls(cluster: FakeCluster): Promise<string[][]> {
  const folder = join(cluster.state, 'calls');
  const calls = await Promise.all((await readdir(folder)).map(async (name) => (await readFile(join(folder, name), 'utf8')).replace(/\n$/, '').split('\n')));
  return calls.sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

/** `start NODE`, `end NODE`, `delete POD` in the order they happened. */
export async function kubectlEvents(cluster: FakeCluster): Promise<string[]> {
  return (await readFile(join(cluster.state, 'events'), 'utf8')).split('\n').filter((line) => line !== '');
}

/** Debug pods the fake cluster still holds. */
export async function livePods(cluster: FakeCluster): Promise<string[]> {
  return (await readdir(join(cluster.state, 'pods'))).sort();
}

/** Files in the bundle folder, hidden temporary ones included. */
export async function bundleFiles(cluster: FakeCluster): Promise<string[]> {
  return existsSync(cluster.output) ? (await readdir(cluster.output)).sort() : [];
}

/** The debug pods the run deleted, from the recorded delete calls. */
export function deletedPods(calls: string[][]): string[] {
  return calls
    .filter((call) => call[0] === 'delete')
    .map((call) => call[2]!)
    .sort();
}
