/**
 * Options, refusals and output modes: --help documents every option, bad input is refused
 * before anything is written (exit 2), and --stdout streams the archive. The watchdog that stops a
 * hung command without `timeout` is shown by faults.test.ts (dash and busybox sh without timeout).
 */
import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { copySampleRoot, hasCommand, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm } from './helpers/collector.js';

const isRoot = process.getuid?.() === 0;
const shells = SHELLS.filter((shell) => shell.available);

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch('options'));
});
afterEach(async () => remove());

/** Every option parse_options accepts, read from the script's source. */
async function parsedOptions(): Promise<string[]> {
  const source = await readFile(join(REPO_ROOT, 'src/collector/lib/30-options.sh'), 'utf8');
  const body = source.slice(source.indexOf('parse_options() {'), source.indexOf('\n}\n', source.indexOf('parse_options() {')));
  const labels = [...body.matchAll(/^\t\t([-a-z |]+)\)/gm)].flatMap((match) => match[1]!.split('|').map((label) => label.trim()));
  return [...new Set(labels.filter((label) => label.startsWith('-')))].sort();
}

describe.each(shells)('collector options under $name', ({ name }) => {
  async function run(args: string[], options: { farm?: Parameters<typeof toolFarm>[2]; asUser?: number; scriptOnStdin?: boolean } = {}) {
    const tools = await toolFarm(join(dir, 'bin'), name, options.farm);
    return runCollector({ shell: name, path: tools, args, env: { PODMORTEM_NOW: String(NOW) }, asUser: options.asUser, scriptOnStdin: options.scriptOnStdin });
  }

  it('documents every option it parses in --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    const help = result.stdout.toString();
    const options = await parsedOptions();
    expect(options).toEqual(['--budget', '--help', '--max-file-size', '--max-journal-size', '--no-redact', '--node', '--output-dir', '--root', '--since', '--stdout', '--timeout', '--version', '-h']);
    for (const option of options) expect({ option, documented: help.includes(option) }).toEqual({ option, documented: true });
    expect(help).toMatch(/Exit codes:/);
  });

  it('prints the version of package.json', async () => {
    const result = await run(['--version']);
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result.stdout.toString()).toBe(`podmortem-collect ${version}\n`);
  });

  it.each([
    [['--bogus'], 'unknown option: --bogus (see --help)'],
    [['--budget', '12Q'], '--budget: expected a size such as 256M, 1G or 1048576, got: 12Q'],
    [['--since', 'yesterday'], '--since: expected 30m, 12h, 2d or a UTC time like "2026-11-27 08:00:00", got: yesterday'],
    [['--timeout', '0'], '--timeout: expected whole seconds of at least 1, got: 0'],
    [['--node', 'a b'], "--node: use letters, digits, '.', '_' and '-' only"],
    [['--since'], '--since needs a value (see --help)'],
  ])('refuses %j with exit 2 and one line, writing nothing', async (args, message) => {
    const out = join(dir, 'out');
    await mkdir(out);
    const root = await copySampleRoot('debug-pod-minimal', join(dir, 'root'));
    const result = await run(['--root', root, '--output-dir', out, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`podmortem-collect: error: ${message}\n`);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses when a basic tool is missing', async () => {
    const root = await copySampleRoot('debug-pod-minimal', join(dir, 'root'));
    const result = await run(['--root', root, '--output-dir', dir], { farm: { omit: ['gzip', 'stat'] } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('podmortem-collect: error: basic tools not found: gzip stat (needed to build the bundle)\n');
  });

  it('refuses when the output folder has no room for the budget, and leaves it empty', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    const root = await copySampleRoot('debug-pod-minimal', join(dir, 'root'));
    const result = await run(['--root', root, '--output-dir', out, '--budget', '100000G'], { farm: { real: ['df'] } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^podmortem-collect: error: not enough room in .*: \d+(\.\d)? (bytes|KiB|MiB|GiB|TiB) free, 146\.5 TiB needed for a 97\.7 TiB budget; use --budget SIZE or --output-dir DIR\n$/,
    );
    expect(await readdir(out)).toEqual([]);
  });

  it.skipIf(!isRoot || !hasCommand('setpriv'))('refuses to run as another user than root', async () => {
    await chmod(dir, 0o755);
    const result = await run(['--output-dir', dir], { asUser: 65534 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^podmortem-collect: error: run as root: sudo sh podmortem-collect\.sh on the node, or inside kubectl debug node\/<name> --profile=sysadmin \(uid is 65534\)\n$/);
  });

  it('keeps secrets with --no-redact, and says so in the manifest', async () => {
    const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
    const out = join(dir, 'out');
    await mkdir(out);
    const result = await run(['--root', root, '--output-dir', out, '--no-redact'], { farm: { fakeDirs: [join(root, '.tools')] } });
    expect(result.code).toBe(0);
    const bundle = await openBundle(await readFile(join(out, 'podmortem-worker-3-20261127T101502Z.tar.gz')));
    expect(bundle.manifest.collection.redact).toBe(false);
    expect(bundle.manifest.redactions).toEqual([]);
    expect(bundle.files.get('runtime/containerd-config.toml')?.toString()).toContain('password = "pull-Secret-9f8e7d"');
  });

  // The run kubectl debug -i makes; console.test.ts leaves its --stdout messages to this test.
  it('reads itself from standard input and writes only the archive to standard output, every message to standard error (sh -s -- --stdout)', async () => {
    const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
    const out = join(dir, 'staging');
    await mkdir(out);
    // Commands must not eat the rest of the script from standard input.
    const drainsStdin = { ip: "cat >/dev/null\nprintf 'default via 10.0.0.1 dev ens5\\n'\n" };
    const result = await run(['--root', root, '--output-dir', out, '--stdout'], { farm: { fakeDirs: [join(root, '.tools')], fakes: drainsStdin }, scriptOnStdin: true });
    expect(result.code).toBe(0);
    expect(result.stdout.subarray(0, 2).toString('hex')).toBe('1f8b');
    // The whole of stdout is one gzip stream holding the bundle: no message text before or after it.
    expect(gunzipSync(result.stdout).length).toBeGreaterThan(0);
    expect(result.stdout.includes('podmortem analyze')).toBe(false);
    const bundle = await openBundle(result.stdout);
    expect(bundle.top).toBe('podmortem-worker-3-20261127T101502Z');
    expect(bundle.manifest.items.length).toBeGreaterThan(30);
    expect(bundle.files.get('stats/ip-route.txt')?.toString()).toBe('default via 10.0.0.1 dev ens5\n');
    const stderr = result.stderr.split('\n').filter((line) => line !== '');
    expect(stderr[0]).toMatch(/budget 256 MiB$/);
    expect(result.stderr).toMatch(/^items: ok \d+, missing \d+ \(\d+(\.\d)? KiB of 256 MiB used; see manifest\.json\)$/m);
    expect(stderr.at(-1)).toBe('next: podmortem analyze <the file standard output went to>');
    expect(result.stderr).not.toContain('does not look like a Kubernetes node');
    expect(await readdir(out)).toEqual([]);
  });
});
