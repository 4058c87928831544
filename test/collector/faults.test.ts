/**
 * Fault injection on the real collector, under dash and busybox sh: concurrent runs on one output
 * folder, a FIFO where a host file should be, a tool whose grandchild ignores TERM and keeps the
 * output pipe open, and SIGTERM / SIGINT while an item hangs or while the archive is written.
 * Every run must finish, record the hung item as `timeout`, leave no process carrying the run's
 * marker (an environment variable every child inherits), and leave in the output folder nothing
 * but complete archives: no `.part`, staging folder or lock.
 */
import { createHash, randomUUID } from 'node:crypto';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { copySampleRoot, hasCommand, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm, type ShellName } from './helpers/collector.js';

const shells = SHELLS.filter((shell) => shell.available);
const hasMkfifo = hasCommand('mkfifo');

/** The inode table the fake df prints: the item after the hung one must arrive whole. */
const DF_INODES = 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/x 6553600 1000 6552600 1% /\n';

/**
 * df answers the free-space check and `df -P -i`; `df -P` hangs in a grandchild that ignores TERM
 * (and, without setsid, outlives the run holding the item's output pipe).
 */
const HUNG_DF = `case "$*" in
"-Pk "*) printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\n/dev/x 104857600 0 104857600 0%% /tmp\\n' ;;
"-P -i") printf '%s' '${DF_INODES}' ;;
*) : >"$PM_FAULT_DIR/df-started"; (trap '' TERM; exec sleep 3001) & wait ;;
esac
`;

/**
 * A gzip that never ends and ignores TERM when it compresses the archive (\`gzip -c\` on a pipe):
 * the archive is being written when the signal comes. Redaction's \`gzip -dc FILE\` of rotated
 * pod logs runs the real one (gzip is essential on Debian).
 */
const HUNG_GZIP = `[ "$*" = -c ] || exec /bin/gzip "$@"
: >"$PM_FAULT_DIR/gzip-started"
trap '' TERM
exec sleep 3002
`;

/** df -P waits (at most 60 s) for the test to create $PM_FAULT_DIR/release. */
const WAITING_DF = `case "$*" in
"-Pk "*) printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\n/dev/x 104857600 0 104857600 0%% /tmp\\n' ;;
"-P") : >"$PM_FAULT_DIR/df-started"; i=0; while [ ! -e "$PM_FAULT_DIR/release" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done; echo 'Filesystem 1024-blocks Used Available Capacity Mounted on' ;;
*) echo 'Filesystem Inodes IUsed IFree IUse% Mounted on' ;;
esac
`;

interface Setup {
  /** The test's own scratch folder: tests that mostly wait on hung tools run concurrently. */
  dir: string;
  shell: ShellName;
  root: string;
  out: string;
  path: string;
  env: Record<string, string>;
  marker: string;
}

/** A fresh scratch folder for the test of CONTEXT (removed when it ends), a sample root, a tool farm and a marker. */
async function setup(context: TestContext, shell: ShellName, farm: { omit?: string[]; fakes?: Record<string, string> }, frozen = true): Promise<Setup> {
  const { dir, remove } = await scratch('faults');
  context.onTestFinished(remove);
  const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
  const out = join(dir, 'out');
  await mkdir(out);
  const path = await toolFarm(join(dir, 'bin'), shell, { fakeDirs: [join(root, '.tools')], ...farm });
  const marker = `pm-fault-${randomUUID()}`;
  const env: Record<string, string> = { PM_FAULT_DIR: dir, PM_FAULT_MARK: marker };
  if (frozen) env.PODMORTEM_NOW = String(NOW);
  return { dir, shell, root, out, path, env, marker };
}

function collect(s: Setup, args: string[], onStart?: (child: ChildProcess) => void) {
  return runCollector({ shell: s.shell, path: s.path, env: s.env, args: ['--root', s.root, '--output-dir', s.out, ...args], onStart });
}

/** PIDs of processes whose environment or command line carries the run's marker. */
async function marked(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '');
    if (environ.includes(marker) || cmdline.includes(marker)) found.push(pid);
  }
  return found;
}

/** The marked processes still there after a short grace (SIGKILL is delivered asynchronously). */
async function leftOver(marker: string): Promise<string[]> {
  let pids = await marked(marker);
  for (let i = 0; i < 30 && pids.length > 0; i++) {
    await sleep(100);
    pids = await marked(marker);
  }
  return pids;
}

/**
 * Kills what a run left (so a failing test does not leak), and returns how many there were. No
 * grace: it comes after leftOver() where a run must leave nothing, and a straggler it is meant
 * to find stays until killed.
 */
async function killLeftOver(marker: string): Promise<number> {
  const pids = await marked(marker);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return pids.length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until FILE exists. */
async function appears(file: string): Promise<boolean> {
  for (let i = 0; i < 300 && !existsSync(file); i++) await sleep(100);
  return existsSync(file);
}

/** The archive a run printed, checked: it exists, it opens, and its sha256 is the one printed. */
async function checkPrintedArchive(stdout: string) {
  const path = /^archive: (.+)$/m.exec(stdout)?.[1];
  const printed = /^sha256: +([0-9a-f]{64})$/m.exec(stdout)?.[1];
  expect(path && printed).toBeTruthy();
  const data = await readFile(path!);
  expect(createHash('sha256').update(data).digest('hex')).toBe(printed);
  const bundle = await openBundle(data);
  expect(bundle.manifest.items.length).toBeGreaterThan(30);
  return path!;
}

/** Names a run must never leave behind in the output folder. */
function strays(names: string[]): string[] {
  return names.filter((name) => name.endsWith('.part') || name.endsWith('.lock') || name.startsWith('.podmortem-work'));
}

// Every case has its own scratch folder, output folder and marker, and most of them mostly wait
// (on hung items' timeouts and kill grace periods, on a held lock, on marked processes to go):
// all run side by side. Vitest runs at most 5 tests at once, so the longest waits come first.
/** Where the timeout comes from, and what the manifest then says about a hung item. */
const WATCHERS: { label: string; shell: ShellName; omit: string[]; exitCode: number | null; by: string; allKilled: boolean }[] = [
  { label: 'dash with coreutils timeout', shell: 'dash', omit: [], exitCode: 124, by: 'by timeout', allKilled: true },
  { label: 'busybox sh with busybox timeout', shell: 'busybox', omit: [], exitCode: 143, by: 'by timeout', allKilled: true },
  { label: 'dash without timeout', shell: 'dash', omit: ['timeout'], exitCode: 143, by: 'by watchdog', allKilled: true },
  { label: 'busybox sh without timeout', shell: 'busybox', omit: ['timeout'], exitCode: 143, by: 'by watchdog', allKilled: true },
  // Without setsid no group can be made: the grandchild survives, but the run must not wait for it.
  { label: 'dash without timeout or setsid', shell: 'dash', omit: ['timeout', 'setsid'], exitCode: 143, by: 'by watchdog', allKilled: false },
];

describe.concurrent('a FIFO host file and a hung tool', () => {
  it.for(WATCHERS.filter((w) => SHELLS.find((s) => s.name === w.shell)?.available && hasMkfifo))(
    '$label: the run finishes, the hung items are timeout, the next one is collected whole',
    { timeout: 120_000 },
    async (watcher, context) => {
      const s = await setup(context, watcher.shell, { omit: watcher.omit, fakes: { df: HUNG_DF } });
      // A FIFO never gets a writer: reading it blocks like a file on a dead mount.
      for (const fifo of ['etc/containerd/config.toml', 'etc/timezone', 'proc/sys/kernel/random/boot_id']) {
        await rm(join(s.root, fifo));
        mkfifo(join(s.root, fifo));
      }
      const run = await collect(s, ['--timeout', '2']);
      const leftovers = watcher.allKilled ? await leftOver(s.marker) : [];
      const stragglers = await killLeftOver(s.marker);
      expect(run.code).toBe(0);
      const bundle = await openBundle(await readFile(join(s.out, 'podmortem-worker-3-20261127T101502Z.tar.gz')));
      expect(item(bundle, 'stats/df.txt')).toMatchObject({ status: 'timeout', exitCode: watcher.exitCode, bytes: 0 });
      expect(item(bundle, 'stats/df.txt').note).toContain(`killed after 2 s (${watcher.by})`);
      // The next command is collected whole: neither the hung one's timeout mark nor (without
      // setsid) its surviving grandchild, which still holds that item's pipe, reaches it.
      expect(item(bundle, 'stats/df-inodes.txt')).toMatchObject({ status: 'ok', exitCode: 0, bytes: DF_INODES.length });
      expect(bundle.files.get('stats/df-inodes.txt')?.toString()).toBe(DF_INODES);
      expect(item(bundle, 'runtime/containerd-config.toml')).toMatchObject({ status: 'timeout', bytes: 0 });
      expect(bundle.manifest.anchors).toMatchObject({ timezone: null, bootId: null, uptimeSeconds: 90000.42 });
      expect(item(bundle, 'stats/top.txt')).toMatchObject({ status: 'ok' });
      expect(leftovers).toEqual([]);
      if (!watcher.allKilled) expect(stragglers).toBeGreaterThan(0);
      expect(await readdir(s.out)).toEqual(['podmortem-worker-3-20261127T101502Z.tar.gz']);
    },
  );
});

function mkfifo(path: string): void {
  if (spawnSync('mkfifo', [path]).status !== 0) throw new Error(`mkfifo ${path} failed`);
}

const PHASES: { phase: string; fakes: Record<string, string>; started: string }[] = [
  { phase: 'while an item hangs', fakes: { df: HUNG_DF }, started: 'df-started' },
  { phase: 'while the archive is written', fakes: { gzip: HUNG_GZIP }, started: 'gzip-started' },
];
const SIGNALS = [
  { signal: 'SIGTERM' as const, code: 143 },
  { signal: 'SIGINT' as const, code: 130 },
];

/**
 * Both signals reach the same handler (`on_signal CODE NAME`), so the cases pair up instead of
 * multiplying: every shell gets each signal and each phase, and each signal each phase (the other
 * shell takes the other pairing).
 */
function signalCases(shellIndex: number) {
  return PHASES.map((phase, index) => ({ ...phase, ...SIGNALS[(shellIndex + index) % SIGNALS.length]! }));
}

describe.concurrent.each(shells.map((shell, index) => ({ name: shell.name, cases: signalCases(index) })))('signals under $name', ({ name, cases }) => {
  it.for(cases)("$signal $phase: stops, kills the command's group, leaves nothing", { timeout: 120_000 }, async ({ fakes, started, signal, code }, context) => {
    const s = await setup(context, name, { fakes });
    let child: ChildProcess | undefined;
    const running = collect(s, ['--timeout', '60'], (spawned) => (child = spawned));
    expect(await appears(join(s.dir, started))).toBe(true);
    const before = await readdir(s.out);
    if (started === 'gzip-started') expect(before.filter((entry) => entry.endsWith('.part'))).toHaveLength(1);
    expect(strays(before).length).toBeGreaterThan(0);
    child!.kill(signal);
    // Only a safety net so a broken collector cannot hold the suite; the exit code tells.
    const safety = setTimeout(() => child!.kill('SIGKILL'), 30_000);
    const run = await running;
    clearTimeout(safety);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(`podmortem-collect: stopped by ${signal}: no bundle written`);
    expect(await readdir(s.out)).toEqual([]);
    expect(await leftOver(s.marker)).toEqual([]);
  });
});

describe.concurrent.each(shells)('concurrent collectors on one output folder under $name', ({ name }) => {
  it('refuses a second run that would write the same archive, and the first one finishes intact', async (context) => {
    const s = await setup(context, name, { fakes: { df: WAITING_DF } });
    const first = collect(s, ['--timeout', '60']);
    expect(await appears(join(s.dir, 'df-started'))).toBe(true);
    expect((await readdir(s.out)).filter((entry) => entry.endsWith('.lock'))).toHaveLength(1);
    const second = await collect(s, ['--timeout', '60']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /^podmortem-collect: error: another collector is writing \S+\/podmortem-worker-3-20261127T101502Z\.tar\.gz \(lock folder \S+\.lock\); wait for it, or remove that folder if no collector is running\n$/,
    );
    await writeFile(join(s.dir, 'release'), '');
    const run = await first;
    expect(run.code).toBe(0);
    await checkPrintedArchive(run.stdout.toString());
    expect(await readdir(s.out)).toEqual(['podmortem-worker-3-20261127T101502Z.tar.gz']);
    expect(await leftOver(s.marker)).toEqual([]);
  }, 120_000);

  it.for([
    ['the frozen clock (one archive name)', true],
    ['the real clock', false],
  ] as const)('started together with %s: every archive valid with its printed sha256, or a clear refusal', { timeout: 120_000 }, async ([, frozen], context) => {
    const s = await setup(context, name, {}, frozen);
    // Three runs in one start contend pairwise as three rounds of two did (three pairs), but a
    // loser is refused at once: one complete collection instead of three.
    const runs = await Promise.all([0, 1, 2].map(() => collect(s, ['--timeout', '10'])));
    expect(runs.map((run) => run.code).filter((code) => code !== 0 && code !== 2)).toEqual([]);
    expect(runs.some((run) => run.code === 0)).toBe(true);
    for (const run of runs) {
      if (run.code === 2) expect(run.stderr).toMatch(/another collector is writing .*\.tar\.gz \(lock folder/);
      else await checkPrintedArchive(run.stdout.toString());
    }
    expect(strays(await readdir(s.out))).toEqual([]);
    expect(await leftOver(s.marker)).toEqual([]);
  });
});
