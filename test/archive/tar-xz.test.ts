/**
 * `.tar.xz` input (sos report's default), end to end through the built CLI: the real sample
 * bundles re-packed by the real `xz` command give the same report as their tar.gz; a cut or
 * bit-flipped xz stream gives a report of what was read or one clear line, never a crash; an xz
 * bomb and a lone `.xz` that holds no tar are refused with one line. Every case runs with both
 * decoders: the system `xz -dc` child and lzma-native in-process (`PODMORTEM_XZ=builtin`). The
 * system decoder's runs (and the tar.gz ones) run the CLI's runCli in this process, which picks
 * the `xz` command as a default run does; lzma-native's spawn the built CLI with the variable set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tempDir } from '../helpers/bundle.js';
import { systemXz } from '../../src/archive/xz-command.js';
import { REPO_ROOT, runPodmortem, type CliRun } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { tarBuffer } from '../helpers/tar-writer.js';

const SAMPLES = join(REPO_ROOT, 'samples/bundles');
const SAMPLE_NAMES = readdirSync(SAMPLES)
  .filter((name) => name.endsWith('.tar.gz'))
  .sort();
const hasXz = spawnSync('xz', ['--version']).status === 0;
if (!hasXz) console.log('tar-xz.test: skipped: the `xz` command is not installed (Debian: apt-get install xz-utils)');

/** The same cases under each decoder; the fixtures need the `xz` command either way. */
const DECODERS = [
  { decoder: 'xz-command', env: {} },
  { decoder: 'lzma-native', env: { PODMORTEM_XZ: 'builtin' } },
] as const;

function xz(bytes: Buffer, ...args: string[]): Buffer {
  const run = spawnSync('xz', ['-c', ...args], { input: bytes, maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`xz failed: ${run.stderr.toString()}`);
  return run.stdout;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Work both decoders share, done once per file: fixtures are compressed, tar.gz reports made, once. */
const once = new Map<string, Promise<unknown>>();
function memo<T>(key: string, make: () => Promise<T>): Promise<T> {
  if (!once.has(key)) once.set(key, make());
  return once.get(key) as Promise<T>;
}

/** A sample bundle re-packed as .tar.xz by the real xz at -6 (the damaged cases cut and flip the first one's). */
const sampleXz = (name: string) => memo(`xz:${name}`, async () => xz(gunzipSync(await readFile(join(SAMPLES, name))), '-6'));

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('podmortem-tar-xz-');
});
afterAll(async () => dir?.remove());

async function analyze(input: string, label: string, env: NodeJS.ProcessEnv): Promise<{ run: CliRun; report: Record<string, unknown> | null }> {
  const json = join(dir.path, `${label}-${env['PODMORTEM_XZ'] ?? 'system'}.json`);
  // JSON only: every check here reads the JSON, and HTML rendering does not depend on the decoder
  // (it renders the same Report object; hostile-archives renders cut archives' reports). Skipping it
  // takes about 40% off each of this file's 60 runs.
  // A node process per run was most of this file's CPU. The decoder is chosen once per process
  // (from PODMORTEM_XZ and PATH), so only lzma-native's runs need one of their own.
  const builtin = env['PODMORTEM_XZ'] === 'builtin';
  if (!builtin) expect(systemXz(), 'this process decodes with the xz command').not.toBeNull();
  const run = builtin ? await runPodmortem(['analyze', input, '--json', json], { env }) : await runPodmortemInProcess(['analyze', input, '--json', json]);
  const report = run.code === 0 ? (JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>) : null;
  return { run, report };
}

/** The report minus what names the input file itself (name, size, sha256, kind). */
function withoutInput(report: Record<string, unknown> | null): Record<string, unknown> {
  const { input, ...rest } = report ?? {};
  const { name, bytes, sha256, kind, ...inputRest } = input as Record<string, unknown>;
  return { ...rest, input: inputRest, inputShape: [typeof name, typeof bytes, typeof sha256, typeof kind] };
}

/** Exit 0 (a report of what was read) or 2 (one clear line); never 1, never a stack trace. */
function expectHandled(run: CliRun, what: string): void {
  expect([0, 2], `${what}: exit ${run.code}, stderr ${run.stderr}`).toContain(run.code);
  expect(run.stderr, what).not.toMatch(/please report|^\s+at /m);
  if (run.code === 2) expect(run.stderr.trim().split('\n'), what).toHaveLength(1);
}

describe.skipIf(!hasXz).each(DECODERS)('decoded by $decoder', ({ decoder, env }) => {
  describe('a .tar.xz bundle', () => {
    it.each(SAMPLE_NAMES)('%s re-packed as .tar.xz gives the same report as the tar.gz', async (name) => {
      const tarGz = join(SAMPLES, name);
      const tarXz = join(dir.path, `${basename(name, '.gz')}-${decoder}.xz`);
      await writeFile(tarXz, await sampleXz(name));

      // The tar.gz never goes through an xz decoder: its report is made once, for both.
      const fromGz = await memo(`gz:${name}`, () => analyze(tarGz, `${name}-gz`, {}));
      const fromXz = await analyze(tarXz, `${name}-xz`, env);
      expect(fromGz.run.code).toBe(0);
      expect(fromXz.run.code, fromXz.run.stderr).toBe(0);
      expect((fromXz.report?.['input'] as { kind: string }).kind).toBe('tar.xz');
      expect((fromXz.report?.['input'] as { sha256: string }).sha256).toBe(sha256(await sampleXz(name)));
      expect(withoutInput(fromXz.report)).toEqual(withoutInput(fromGz.report));
    });
  });

  describe('a damaged .tar.xz', () => {
    let whole: Buffer;
    beforeAll(async () => {
      whole = await sampleXz(SAMPLE_NAMES[0] ?? 'missing.tar.gz');
    });

    it('cut after its first entries is read up to the cut, with the offset', async () => {
      const cut = Math.floor(whole.length * 0.6);
      const path = join(dir.path, 'cut.tar.xz');
      await writeFile(path, whole.subarray(0, cut));
      const { run, report } = await analyze(path, 'cut', env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`archive cut at ${cut} bytes: .*truncated xz`));
      const archive = report?.['archive'] as { entries: number; stopped: { message: string } | null };
      expect(archive.entries).toBeGreaterThan(0);
      // The hash names the file given, however far the decoder got.
      expect((report?.['input'] as { sha256: string }).sha256).toBe(sha256(whole.subarray(0, cut)));
      expect(archive.stopped?.message).toMatch(/^archive cut at \d+ bytes: the file ends inside the xz stream/);
    });

    it('cut at any of several offsets gives a report or one line, never a crash', async () => {
      // One cut in each part of the stream: header, block header, data start, mid-data, data end.
      // The sample's xz is one block; cuts at 5, 20 and 90% were more of mid-data, a spawn each.
      for (const fraction of [0, 0.001, 0.01, 0.5, 0.99]) {
        const cut = Math.max(1, Math.floor(whole.length * fraction));
        const path = join(dir.path, `cut-${fraction}.tar.xz`);
        await writeFile(path, whole.subarray(0, cut));
        expectHandled((await analyze(path, `cut-${fraction}`, env)).run, `cut at ${cut} of ${whole.length}`);
      }
    });

    it('with a flipped bit at several offsets gives a report or one line, never a crash', async () => {
      // Stream header (magic, flags, CRC32), block header, data, check and index, footer. Flips at 25%
      // and 75% were more of the data 200 and 50% already flip (the sample's xz is one block).
      const offsets = [0, 4, 6, 9, 12, 30, 200, 0.5, -40, -12, -2].map((at) => (Number.isInteger(at) ? (at < 0 ? whole.length + at : at) : Math.floor(whole.length * at)));
      for (const offset of offsets) {
        const flipped = Buffer.from(whole);
        flipped[offset] = (flipped[offset] ?? 0) ^ 0x10;
        const path = join(dir.path, `flip-${offset}.tar.xz`);
        await writeFile(path, flipped);
        const { run } = await analyze(path, `flip-${offset}`, env);
        expectHandled(run, `bit flipped at ${offset} of ${whole.length}`);
        // liblzma checks every block's CRC-64: a flip in the data is never read as good data.
        if (offset > 12 && offset < whole.length - 12) expect(run.stderr, `flip at ${offset}`).toMatch(/xz|tar/);
      }
    });

    it('followed by bytes that are not xz is read whole, with a warning', async () => {
      const path = join(dir.path, 'trailing.tar.xz');
      await writeFile(path, Buffer.concat([whole, Buffer.from('not xz at all\n')]));
      const { run } = await analyze(path, 'trailing', env);
      expect(run.code, run.stderr).toBe(0);
      const near = /bytes that are not xz after the end of the xz stream \(near byte (\d+)\) were ignored/.exec(run.stderr);
      expect(Number(near?.[1]) - whole.length, run.stderr).toBeGreaterThanOrEqual(0);
      expect(Number(near?.[1]) - whole.length, run.stderr).toBeLessThanOrEqual(12);
    });
  });

  describe('xz input refused with one line', () => {
    it('a lone .xz file that is not a tar', async () => {
      const path = join(dir.path, 'kern.log.xz');
      await writeFile(path, xz(Buffer.from('Nov 27 10:15:02 worker-3 kernel: [12345.678901] Out of memory: Killed process 4242 (java)\n')));
      const { run } = await analyze(path, 'lone', env);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(`podmortem: error: input is xz-compressed but does not hold a tar archive (podmortem reads .tar.xz, not a lone .xz file): ${path}`);
    });

    it('an xz bomb: a tar of zeros that expands past --max-ratio', async () => {
      const path = join(dir.path, 'bomb.tar.xz');
      // -1: zeros compress to the same 9.9 KB at -1 as at -9 (ratio ~6800:1), for a quarter of the CPU
      // and none of -9's 600 MB encoder; a decoder's memory is the next case's point.
      await writeFile(path, await memo('bomb', async () => xz(tarBuffer([{ name: 'b/stats/zeros.txt', data: Buffer.alloc(64 * 1024 * 1024) }]), '-1')));
      const { run } = await analyze(path, 'bomb', env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/input expands more than 200× .*decompression bomb/);
    });

    it('an xz stream whose dictionary needs more memory than the decoder may take', async () => {
      const path = join(dir.path, 'huge-dict.tar.xz');
      await writeFile(path, xz(tarBuffer([{ name: 'b/manifest.json', data: '{}' }]), '--lzma2=dict=1536MiB'));
      const { run } = await analyze(path, 'huge-dict', env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/xz stream needs more than 128 MiB of memory to decode/);
    });
  });
});
