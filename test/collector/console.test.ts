/**
 * What the collector tells the person at the node's console: sizes in binary units (never a
 * nine-digit byte count), one warning line when the host does not look like a Kubernetes node
 * (exit code unchanged), how to copy the root-only archive, and the next step. With --stdout the
 * archive alone goes to standard output and every message to standard error: options.test.ts
 * shows that on its `sh -s -- --stdout` run (one collection for both points).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveIn, copySampleRoot, NOW, runCollector, scratch, SHELLS, toolFarm, type ShellName } from './helpers/collector.js';
import { expectConsoleSummary, lines, NOT_KUBERNETES_WARNING } from './helpers/console-summary.js';

const shells = SHELLS.filter((shell) => shell.available);
const isRoot = process.getuid?.() === 0;
const WARNING = NOT_KUBERNETES_WARNING;

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch('console'));
});
afterEach(async () => remove());

/** Runs the collector with --root on a copy of a sample root (in BASE, by default the test's folder). */
async function collectSample(shell: ShellName, scenario: string, base = dir) {
  const root = await copySampleRoot(scenario, join(base, 'root'));
  const out = join(base, 'out');
  await mkdir(out);
  const tools = await toolFarm(join(base, 'bin'), shell, { fakeDirs: [join(root, '.tools')] });
  const args = ['--root', root, '--output-dir', out, '--timeout', '10'];
  return { root, out, run: await runCollector({ shell, path: tools, args, env: { PODMORTEM_NOW: String(NOW) } }) };
}

/** Runs the collector on a tree made here: only os-release, plus the given folders and files. */
async function collectTree(shell: ShellName, folders: string[], files: Record<string, string> = {}) {
  const root = join(dir, 'tree');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(join(root, 'etc/os-release'), 'ID=debian\n');
  for (const folder of folders) await mkdir(join(root, folder), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  const out = join(dir, 'out');
  await mkdir(out);
  const tools = await toolFarm(join(dir, 'bin'), shell);
  const run = await runCollector({ shell, path: tools, args: ['--root', root, '--output-dir', out, '--node', 'laptop', '--timeout', '5'], env: { PODMORTEM_NOW: String(NOW) } });
  return { root, out, run };
}

describe.each(shells)('collector console under $name', ({ name }) => {
  // The plain run on oom-burstable-containerd is read by two tests: collected once, in its own folder.
  let plain: ReturnType<typeof collectSample> | undefined;
  let removePlain: (() => Promise<void>) | undefined;
  function plainRun(): ReturnType<typeof collectSample> {
    plain ??= scratch('console-plain').then(({ dir: into, remove }) => {
      removePlain = remove;
      return collectSample(name, 'oom-burstable-containerd', into);
    });
    return plain;
  }
  afterAll(async () => removePlain?.());

  // The debug pod's read-only run on debug-pod-minimal is checked the same way by debug-pod.test.ts
  // (its fallback test), which makes that run anyway.
  it.each(['oom-burstable-containerd', 'node-pressure-cgroupfs'])('on the sample %s: sizes in binary units, no "not a Kubernetes node" warning, the next step last', async (scenario) => {
    const { out, run } = scenario === 'oom-burstable-containerd' ? await plainRun() : await collectSample(name, scenario);
    await expectConsoleSummary(run, await archiveIn(out));
  });

  it.skipIf(!isRoot)('as root, writes the archive mode 0600 and says how a normal user copies it', async () => {
    const { out, run } = await plainRun();
    expect(run.code).toBe(0);
    const archive = await archiveIn(out);
    expect((await stat(archive)).mode & 0o777).toBe(0o600);
    const stdout = run.stdout.toString();
    expect(stdout).toContain('it is readable by root only; to copy it as a normal user, first run on this node:\n');
    expect(stdout).toContain(`\n  sudo chown "$USER" ${archive}\n`);
    expect(stdout).toContain(`\n  ssh <node> sudo cat ${archive} > podmortem-worker-3-20261127T101502Z.tar.gz\n`);
  });

  it('warns once, in one line, on a host without kubelet, runtime and pod logs, and still writes the bundle (exit 0)', async () => {
    const { root, out, run } = await collectTree(name, []);
    expect(run.code).toBe(0);
    const warnings = lines(run.stderr).filter((line) => line.startsWith(WARNING));
    expect(warnings).toEqual([`${WARNING}: no kubelet, no container runtime and no /var/log/pods found under ${root}; the bundle holds what this host has`]);
    expect(run.stdout.toString()).not.toContain('does not look like');
    await archiveIn(out);
    expect(lines(run.stdout.toString()).at(-1)).toBe('next, where podmortem is installed: podmortem analyze podmortem-laptop-20261127T101502Z.tar.gz');
  });

  it('names only what is missing: a kubelet that left its state folder counts, though it does not run', async () => {
    const { root, run } = await collectTree(name, ['var/lib/kubelet', 'var/log/pods']);
    expect(run.code).toBe(0);
    expect(lines(run.stderr).filter((line) => line.startsWith(WARNING))).toEqual([`${WARNING}: no container runtime found under ${root}; the bundle holds what this host has`]);
  });

  it('finds the kubelet and the runtime by their processes too, when they left no files', async () => {
    // The root's /proc is read when it has meminfo: a kubelet and a containerd run there.
    const proc = {
      'proc/meminfo': 'MemTotal: 8000000 kB\n',
      'proc/812/comm': 'kubelet\n',
      'proc/812/cmdline': 'kubelet\0--v=2\0',
      'proc/598/comm': 'containerd\n',
      'proc/598/cmdline': 'containerd\0',
    };
    const { run } = await collectTree(name, ['var/log/pods'], proc);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(WARNING);
  });
});
