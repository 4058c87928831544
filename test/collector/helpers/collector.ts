import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { chmod, cp, lutimes, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { parseManifest, type BundleManifest } from '../../../src/sources/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';

/** The joined script, built by `npm run build` (npm test builds first). */
export const COLLECTOR = join(REPO_ROOT, 'dist/collector/podmortem-collect.sh');
export const SAMPLE_ROOTS = join(REPO_ROOT, 'samples/roots');
/** The frozen clock of the samples: 2026-11-27T10:15:02Z. */
export const NOW = 1_795_774_502;

export type ShellName = 'dash' | 'busybox';

/** The shells the collector must run under, each with the basic utilities of its world. */
export const SHELLS: { name: ShellName; argv: string[]; available: boolean }[] = [
  { name: 'dash', argv: ['/usr/bin/dash'], available: hasCommand('dash') },
  { name: 'busybox', argv: ['/usr/bin/busybox', 'sh'], available: hasCommand('busybox') },
];

/** What the collector needs besides the tools it collects from; a node without them is refused. */
export const BASIC_TOOLS = [
  'awk',
  'cat',
  'cp',
  'date',
  'find',
  'grep',
  'gzip',
  'head',
  'id',
  'ls',
  'mkdir',
  'mkfifo',
  'mv',
  'readlink',
  'rm',
  'sed',
  'setsid',
  'sh',
  'sleep',
  'sort',
  'stat',
  'tail',
  'tar',
  'timeout',
  'touch',
  'tr',
  'true',
  'wc',
  'sha256sum',
];

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * The executable file NAME runs, searched on PATH: `command -v` answers `true` for a shell
 * builtin, and a link to that would point at itself.
 */
export function commandPath(name: string): string {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const path = join(dir || '.', name);
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${name} is not installed`);
}

export interface ToolFarmOptions {
  /** Basic tools left out (e.g. `timeout`, to exercise the watchdog). */
  omit?: string[];
  /** Extra real tools linked in (e.g. `df` for the free-space check). */
  real?: string[];
  /** Fake tools: name → sh script body (a `#!/bin/sh` line is added). */
  fakes?: Record<string, string>;
  /** Folders whose executables are linked in as fakes (a sample root's .tools). */
  fakeDirs?: string[];
}

/**
 * A PATH folder holding only chosen tools: the basic utilities of a GNU system (for dash) or
 * busybox applets (for busybox sh), plus fake tools. A tool not in the folder is absent.
 */
export async function toolFarm(dir: string, shell: ShellName, options: ToolFarmOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const omit = new Set(options.omit ?? []);
  for (const tool of BASIC_TOOLS) {
    if (omit.has(tool)) continue;
    const target = shell === 'busybox' ? '/usr/bin/busybox' : tool === 'sh' ? commandPath('dash') : commandPath(tool);
    await symlink(target, join(dir, tool));
  }
  for (const tool of options.real ?? []) await symlink(commandPath(tool), join(dir, tool));
  for (const fakeDir of options.fakeDirs ?? []) {
    // Fake tools find their canned output in `data/` beside them.
    for (const name of await readdir(fakeDir)) {
      await rm(join(dir, name), { force: true });
      await symlink(join(fakeDir, name), join(dir, name));
    }
  }
  for (const [name, body] of Object.entries(options.fakes ?? {})) {
    await rm(join(dir, name), { force: true });
    await writeFile(join(dir, name), `#!/bin/sh\n${body}`);
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

/** A scratch folder removed by the returned function. */
export async function scratch(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `podmortem-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A copy of a sample root (links kept as links), to plant things in. Like regenerate.sh, it
 * gives every file under var/log the time ten minutes before NOW, inside the window.
 */
export async function copySampleRoot(scenario: string, to: string): Promise<string> {
  await cp(join(SAMPLE_ROOTS, scenario), to, { recursive: true, verbatimSymlinks: true });
  const time = new Date((NOW - 600) * 1000);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else await lutimes(path, time, time);
    }
  };
  await walk(join(to, 'var/log'));
  return to;
}

export interface CollectorRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  shell: ShellName;
  args: string[];
  /** PATH of the run: a tool farm. */
  path: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Runs the collector as this uid/gid through setpriv. */
  asUser?: number;
  /** Runs the collector through these commands (e.g. unshare and a setup script ending in `exec "$@"`). */
  via?: string[];
  /** Feeds the script on standard input (`sh -s -- ARGS`) and keeps it open, as `kubectl debug -i` does. */
  scriptOnStdin?: boolean;
  /** Called with the collector's process once it is started (to signal it). */
  onStart?: (child: ChildProcess) => void;
}

/** Runs the real collector script under dash or busybox sh. */
export function runCollector(options: RunOptions): Promise<CollectorRun> {
  const shell = SHELLS.find((s) => s.name === options.shell);
  if (!shell) throw new Error(`unknown shell ${options.shell}`);
  let argv = options.scriptOnStdin ? [...shell.argv, '-s', '--', ...options.args] : [...shell.argv, COLLECTOR, ...options.args];
  if (options.asUser !== undefined) argv = [commandPath('setpriv'), `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', ...argv];
  if (options.via) argv = [...options.via, ...argv];
  const env = { PATH: options.path, HOME: '/nonexistent', LANG: 'C.UTF-8', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { cwd: options.cwd ?? REPO_ROOT, env, stdio: [options.scriptOnStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    if (options.scriptOnStdin) child.stdin?.write(readFileSync(COLLECTOR));
    options.onStart?.(child);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => child.stdin?.destroy());
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

export interface ArchiveEntry {
  /** Path inside the archive, top folder included, without a trailing slash. */
  name: string;
  type: string;
  data: Buffer;
}

/** Every entry of a .tar.gz, in archive order, with its content. */
export function readArchive(gz: Buffer): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  return new Promise((resolve, reject) => {
    const parser = new Parser({ strict: true });
    parser.on('entry', (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => entries.push({ name: entry.path.replace(/\/$/, ''), type: entry.type, data: Buffer.concat(chunks) }));
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(entries));
    parser.end(gunzipSync(gz));
  });
}

/** A collected bundle: its files by bundle-relative path, and its manifest. */
export interface CollectedBundle {
  top: string;
  entries: ArchiveEntry[];
  files: Map<string, Buffer>;
  manifest: BundleManifest;
  manifestText: string;
  manifestWarnings: string[];
}

export async function openBundle(gz: Buffer): Promise<CollectedBundle> {
  const entries = await readArchive(gz);
  const top = (entries[0]?.name ?? '').split('/')[0] ?? '';
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.type !== 'File' && entry.type !== 'OldFile') continue;
    files.set(entry.name.slice(top.length + 1), entry.data);
  }
  const raw = files.get('manifest.json');
  if (!raw) throw new Error('bundle has no manifest.json');
  // Strict: a manifest that is not valid UTF-8 is not valid JSON.
  const manifestText = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  const manifestWarnings: string[] = [];
  const manifest = parseManifest(manifestText, (message) => manifestWarnings.push(message));
  if (!manifest) throw new Error(`manifest does not parse: ${manifestWarnings.join('; ')}`);
  return { top, entries, files, manifest, manifestText, manifestWarnings };
}

export function item(bundle: CollectedBundle, path: string) {
  const found = bundle.manifest.items.filter((entry) => entry.path === path);
  if (found.length !== 1) throw new Error(`expected one manifest item ${path}, found ${found.length}`);
  return found[0]!;
}

/** The single archive a run left in `dir`. */
export async function archiveIn(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.tar.gz'));
  if (names.length !== 1) throw new Error(`expected one archive in ${dir}, found: ${(await readdir(dir)).join(', ')}`);
  return join(dir, names[0]!);
}
