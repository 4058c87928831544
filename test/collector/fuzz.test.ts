/**
 * Hostile input for the collector's own parsers (awk programs): random bytes, truncated and
 * mutated real lines, huge lines and invalid UTF-8 in command errors (→ manifest notes), in
 * config files (→ redaction) and in /proc files (→ ps.txt). Nothing may crash or hang, the
 * manifest must stay strict JSON, ps.txt must keep its columns. Seeded, so failures replay.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { scratch, SHELLS, toolFarm, type ShellName } from './helpers/collector.js';
import { mutate, seededBytes, seededRandom } from './helpers/prng.js';

const LIB = join(REPO_ROOT, 'src/collector/lib');
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Real lines of the kind each parser meets, to cut and mutate. */
const REAL_ERRORS = [
  'crictl: time="2026-11-27T10:15:03Z" level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"unix:///run/containerd/containerd.sock\\": rpc error: code = Unavailable"',
  "df: '/mnt/nfs': Stale file handle",
  'journalctl: Failed to open files: Permission denied',
];
const REAL_CONFIG = [
  '    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJzdWIiOiJzeXN0ZW06bm9kZSJ9.c2lnbmF0dXJl',
  '  auth = "dXNlcjpwYXNzd29yZA=="',
  'Environment="KUBELET_EXTRA_ARGS=--node-labels=a=b --bootstrap-token=abcdef.0123456789abcdef"',
  '          "key": "DB_PASSWORD",',
  '          "value": "hunter2hunter2"',
  '-----BEGIN RSA PRIVATE KEY-----',
];

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch('fuzz'));
});
afterEach(async () => remove());

/** Runs `script` with the collector's parts sourced, under the shell and awk of `shell`'s world. */
async function harness(shell: ShellName, script: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  const path = await toolFarm(join(dir, `bin-${shell}`), shell);
  const argv = SHELLS.find((s) => s.name === shell)!.argv;
  const body = `for part in 10-util 20-run 50-items 55-redact 56-redact-file 64-stats 80-manifest; do . "${LIB}/$part.sh"; done\n${script}`;
  const result = spawnSync(argv[0]!, [...argv.slice(1), '-c', body, 'harness', ...args], { encoding: 'utf8', env: { PATH: path, LC_ALL: 'C' }, timeout: 60_000 });
  return { status: result.status, stderr: result.stderr };
}

function hostileInputs(seed: number, real: string[]): Buffer[] {
  const random = seededRandom(seed);
  const inputs: Buffer[] = [seededBytes(seed, 200 + Math.floor(random() * 2000))];
  for (const line of real) {
    inputs.push(mutate(Buffer.from(line), random), Buffer.from(line).subarray(0, Math.floor(random() * line.length)));
  }
  inputs.push(Buffer.concat([Buffer.from('caf\xc3'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82])]));
  inputs.push(Buffer.alloc(1024 * 1024 + Math.floor(random() * 100), 'x'));
  return inputs;
}

describe.each(SHELLS.filter((shell) => shell.available))('collector parsers under $name', ({ name }) => {
  it.each(SEEDS)('keeps the manifest strict JSON whatever a command printed (seed %i)', async (seed) => {
    const inputs = hostileInputs(seed, REAL_ERRORS);
    await mkdir(join(dir, 'work'));
    for (const [index, input] of inputs.entries()) await writeFile(join(dir, `err-${index}`), input);
    const script = `WORK=$1
: >"$WORK/items"; : >"$WORK/meta"
i=0
while [ -e "$2/err-$i" ]; do
	record_item "stats/item-$i.txt" "$(error_text "$2/err-$i")" failed 1 0 0 "exit 1: $(error_text "$2/err-$i")"
	i=$((i + 1))
done
meta node "$(error_text "$2/err-0")"
write_manifest "$WORK/manifest.json"`;
    const result = await harness(name, script, [join(dir, 'work'), dir]);
    expect(result).toEqual({ status: 0, stderr: '' });
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(join(dir, 'work/manifest.json')));
    const manifest = JSON.parse(text) as { items: { path: string; note: string }[] };
    expect(manifest.items.map((entry) => entry.path)).toEqual(inputs.map((_, index) => `stats/item-${index}.txt`));
    // Printable ASCII arrives unchanged (first 240 bytes, trailing spaces dropped).
    const huge = manifest.items[inputs.length - 1]!;
    expect(huge.note).toBe(`exit 1: ${'x'.repeat(240)}`);
  });

  it.each(SEEDS)('redacts without crashing on hostile config files (seed %i)', async (seed) => {
    const random = seededRandom(seed);
    const lines = hostileInputs(seed, REAL_CONFIG);
    const secret = `S${seed}${seededBytes(seed, 12).toString('hex')}`;
    lines.push(Buffer.from(`password: ${secret}`), Buffer.from(`{"token":"${secret}"}`));
    const file = join(dir, 'config');
    await writeFile(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from(random() < 0.9 ? '\n' : '\r\n')])));
    await mkdir(join(dir, 'work'));
    const result = await harness(name, 'WORK=$1; redact_file "$2" runtime/fuzz.conf; cat "$WORK/redactions"', [join(dir, 'work'), file]);
    expect(result).toEqual({ status: 0, stderr: '' });
    const redacted = await readFile(file);
    // Mutated lines may lose their key (and so their secret's disguise); the clean ones may not leak.
    expect(redacted.includes(secret)).toBe(false);
    expect(redacted.length).toBeGreaterThan(1024 * 1024);
  });

  it.each(SEEDS)('keeps ps.txt to ten columns whatever /proc holds (seed %i)', async (seed) => {
    const random = seededRandom(seed);
    const proc = join(dir, 'proc');
    const pids = [1, 42, 4242, 31337];
    for (const pid of pids) {
      await mkdir(join(proc, String(pid)), { recursive: true });
      for (const file of ['stat', 'status', 'cmdline', 'cgroup', 'oom_score_adj']) {
        const real =
          file === 'status'
            ? 'Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nVmRSS:\t  298112 kB\n'
            : file === 'cgroup'
              ? '0::/kubepods.slice/x.scope\n'
              : file === 'stat'
                ? `${pid} (ja va) S 1 0 0\n`
                : '984\n';
        const content = random() < 0.5 ? mutate(Buffer.from(real), random) : seededBytes(seed * 31 + pid, Math.floor(random() * 300));
        if (random() < 0.9) await writeFile(join(proc, String(pid), file), content);
      }
    }
    const result = await harness(name, 'sh -c "$PS_SH" sh "$1" >"$2"', [proc, join(dir, 'ps.txt')]);
    expect(result).toEqual({ status: 0, stderr: '' });
    const rows = (await readFile(join(dir, 'ps.txt'), 'latin1')).replace(/\n$/, '').split('\n');
    expect(rows).toHaveLength(pids.length + 1);
    for (const row of rows) expect(row.split('\t')).toHaveLength(10);
  });
});
