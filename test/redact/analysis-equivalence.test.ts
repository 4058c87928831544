/**
 * The redacted bundle is still worth sending: for every sample input (podmortem bundles, sos,
 * EKS, Rancher, a /var/log copy, a lone dmesg and journal export) the real analyzer finds the same
 * findings, OOM kills, pods and timeline in the redacted copy as in the original once its
 * pseudonyms are mapped back through the map. Also: one map shares pseudonyms across bundles,
 * and without a map two runs give byte-identical output.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runPodmortem } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { analysisDifferences, analyzeJson, analyzeReversed, filesUnder, scratchDir, unpack } from './helpers.js';

const SAMPLES = [
  ...(await readdir(join(REPO_ROOT, 'samples/bundles'))).map((name) => join(REPO_ROOT, 'samples/bundles', name)),
  ...(await readdir(join(REPO_ROOT, 'samples/foreign'))).map((name) => join(REPO_ROOT, 'samples/foreign', name)),
].sort();

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await scratchDir('equivalence')));
afterAll(async () => remove());

describe.each(SAMPLES.map((path) => ({ path, name: basename(path) })))('redact $name', ({ path, name }) => {
  it('keeps the analysis, modulo pseudonyms (with --names)', async () => {
    const map = join(dir, `${name}.map.json`);
    const out = join(dir, `${name}.redacted.gz`);
    const run = await runPodmortemInProcess(['redact', path, '-o', out, '--map', map, '--names']);
    expect(run.code, run.stderr).toBe(0);
    const original = await analyzeJson(path, join(dir, `${name}.json`));
    const reversed = await analyzeReversed(out, map, dir, name);
    expect(analysisDifferences(original, reversed)).toEqual([]);
    // The analysis really was of pseudonyms: the node's name is not the original's.
    const redacted = JSON.parse(await readFile(join(dir, `${name}.redacted.gz.json`), 'utf8')) as { node: { name: string | null } };
    const node = (original as { node: { name: string | null } }).node.name;
    if (node !== null) expect(redacted.node.name).not.toBe(node);
  }, 120_000);
});

describe('pseudonyms across runs', () => {
  const bundle = join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz');
  const eks = join(REPO_ROOT, 'samples/foreign/eks-oom-burstable-containerd.tar.gz');

  it('gives one IP and one node one pseudonym in two bundles redacted with one map', async () => {
    const map = join(dir, 'shared-map.json');
    for (const [input, out] of [
      [bundle, 'shared-a.tar.gz'],
      [eks, 'shared-b.tar.gz'],
    ] as const) {
      const run = await runPodmortemInProcess(['redact', input, '-o', join(dir, out), '--map', map]);
      expect(run.code, run.stderr).toBe(0);
    }
    const saved = JSON.parse(await readFile(map, 'utf8')) as { pseudonyms: Record<string, [string, string][]> };
    const prefix = new Map(saved.pseudonyms.ipv4).get('10.0.0');
    const host = new Map(saved.pseudonyms.host).get('worker-3');
    expect(prefix).toMatch(/^10\.\d+\.\d+$/);
    expect(host).toMatch(/^host-[0-9a-f]{8}$/);
    for (const out of ['shared-a.tar.gz', 'shared-b.tar.gz']) {
      const unpacked = join(dir, `${out}.d`);
      await mkdir(unpacked);
      await unpack(join(dir, out), unpacked);
      const text = [...(await filesUnder(unpacked)).values()].join('\n');
      // Both bundles hold the node's IP 10.0.0.31 and its name: both carry the same pseudonyms.
      expect(text).toContain(`${prefix}.31`);
      expect(text).toContain(host);
      expect(text).not.toContain('10.0.0.31');
    }
  }, 120_000);

  it('writes byte-identical output for one bundle in two runs without a map', async () => {
    // Two processes of the built CLI: nothing a process starts with (a random key) may reach the output.
    const outputs: Buffer[] = [];
    for (const out of ['same-1.tar.gz', 'same-2.tar.gz']) {
      const run = await runPodmortem(['redact', bundle, '-o', join(dir, out), '--names']);
      expect(run.code, run.stderr).toBe(0);
      outputs.push(await readFile(join(dir, out)));
    }
    expect(outputs[0]!.length).toBeGreaterThan(0);
    expect(outputs[0]!.equals(outputs[1]!)).toBe(true);
  }, 120_000);

  it('makes other pseudonyms with a private map than without one', async () => {
    const withMap = join(dir, 'private.tar.gz');
    const run = await runPodmortemInProcess(['redact', bundle, '-o', withMap, '--map', join(dir, 'private-map.json'), '--names']);
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(withMap)).equals(await readFile(join(dir, 'same-1.tar.gz')))).toBe(false);
  }, 120_000);
});
