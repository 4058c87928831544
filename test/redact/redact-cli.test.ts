/**
 * `podmortem redact` through the real CLI: bad input and failures (an unreadable map, a map of
 * another format version, an output that cannot be written, an input cut mid-stream) end with one
 * line on stderr, exit 2 and no output file, finished or partial; `--dry-run` writes nothing and
 * lists what would be replaced; `--reverse` reads a pseudonym back through the map; `analyze
 * --redact` writes a report with redact's pseudonyms and none of the originals.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runPodmortem } from '../helpers/cli.js';
import { analysisDifferences, analyzeJson, scratchDir } from './helpers.js';

const SAMPLE = join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz');

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await scratchDir('cli')));
afterAll(async () => remove());

/** A failed run: exit 2, one line naming the problem, no stack, and nothing in the output folder. */
async function expectRefused(args: string[], outFolder: string, says: RegExp): Promise<void> {
  const before = await readdir(outFolder);
  const run = await runPodmortem(['redact', ...args]);
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(says);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  // No output and no temporary file left beside it.
  expect(await readdir(outFolder)).toEqual(before);
}

describe('redact refuses bad input with one line, exit 2 and no output file', () => {
  let out: string;
  beforeAll(async () => {
    out = join(dir, 'out');
    await mkdir(out);
  });

  it('an unreadable map (a folder)', async () => {
    const map = join(dir, 'map-folder');
    await mkdir(map);
    await expectRefused([SAMPLE, '-o', join(out, 'clean.tar.gz'), '--map', map], out, /cannot read the redaction map .*map-folder: it is a folder/);
  });

  it('a damaged map (not JSON)', async () => {
    const map = join(dir, 'damaged.json');
    await writeFile(map, '{"format": "podmortem-redaction-map", "formatVers');
    await expectRefused([SAMPLE, '-o', join(out, 'clean.tar.gz'), '--map', map], out, /redaction map .*damaged\.json is not valid JSON/);
  });

  it('a map of another format version, left as it was', async () => {
    const map = join(dir, 'v2.json');
    const text = `${JSON.stringify({ format: 'podmortem-redaction-map', formatVersion: 2, secret: 'ab'.repeat(32), pseudonyms: {} })}\n`;
    await writeFile(map, text);
    await expectRefused([SAMPLE, '-o', join(out, 'clean.tar.gz'), '--map', map], out, /format version 2; this podmortem reads version 1/);
    expect(await readFile(map, 'utf8')).toBe(text);
  });

  it('an output that cannot be written (its folder is a file)', async () => {
    const notFolder = join(out, 'plain-file');
    await writeFile(notFolder, 'x');
    await expectRefused([SAMPLE, '-o', join(notFolder, 'clean.tar.gz')], out, /clean\.tar\.gz/);
  });

  it('an input that ends mid-stream, and its new map is not written either', async () => {
    const whole = await readFile(SAMPLE);
    const cut = join(dir, 'cut.tar.gz');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expectRefused([cut, '-o', join(out, 'clean.tar.gz'), '--map', join(out, 'new-map.json')], out, /cut\.tar\.gz/);
  });

  it('no -o and no --dry-run', async () => {
    await expectRefused([SAMPLE], out, /needs -o/);
  });
});

describe('redact --dry-run and --reverse', () => {
  it('--dry-run writes nothing, not even a new map, and lists rules, files and examples', async () => {
    const folder = join(dir, 'dry');
    await mkdir(folder);
    const run = await runPodmortem(['redact', SAMPLE, '--dry-run', '--names', '--map', join(folder, 'map.json')]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readdir(folder)).toEqual([]);
    expect(run.stdout).toMatch(/^dry run: nothing written/);
    // The sample's node and namespace are shown as they are: this list is for the sender's eyes.
    expect(run.stdout).toMatch(/^hostname \(pseudonymized\): \d+ in \d+ files?$/m);
    expect(run.stdout).toMatch(/^name \(pseudonymized\): \d+ in \d+ files?\n {2}\S+: \d+ {2}e\.g\. .*\bcheckout → name-[0-9a-f]{8}/m);
    // A cgroup file name is not a host in the `.local` domain.
    expect(run.stdout).not.toMatch(/memory\.events\.local →/);
  });

  it('--reverse turns a pseudonym in a text back into its original, through the map', async () => {
    const folder = join(dir, 'reverse');
    await mkdir(folder);
    const map = join(folder, 'map.json');
    const run = await runPodmortem(['redact', SAMPLE, '-o', join(folder, 'clean.tar.gz'), '--map', map]);
    expect(run.code, run.stderr).toBe(0);
    const saved = JSON.parse(await readFile(map, 'utf8')) as { pseudonyms: { host: [string, string][] } };
    const [original, pseudonym] = saved.pseudonyms.host.find(([name]) => name === 'worker-3')!;
    const answer = join(folder, 'answer.txt');
    await writeFile(answer, `Node ${pseudonym} ran out of memory.\n`);
    const reversed = await runPodmortem(['redact', '--reverse', answer, '--map', map]);
    expect(reversed.code, reversed.stderr).toBe(0);
    expect(reversed.stdout).toBe(`Node ${original} ran out of memory.\n`);
    const noMap = await runPodmortem(['redact', '--reverse', answer]);
    expect([noMap.code, noMap.stderr.trim()]).toEqual([2, expect.stringMatching(/--reverse needs the --map/)]);
  });
});

describe('analyze --redact', () => {
  it('writes a report without the node, namespace or addresses, equal to the original once mapped back', async () => {
    const folder = join(dir, 'analyze-redact');
    await mkdir(folder);
    const map = join(folder, 'map.json');
    const json = join(folder, 'report.json');
    const html = join(folder, 'report.html');
    const run = await runPodmortem(['analyze', SAMPLE, '--redact', '--names', '--map', map, '--json', json, '-o', html, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    for (const file of [json, html]) {
      const text = await readFile(file, 'utf8');
      for (const original of ['worker-3', '10.0.0.31', /\bcheckout\b/]) expect(text, `${String(original)} in ${file}`).not.toMatch(original);
    }
    const reversed = await runPodmortem(['redact', '--reverse', json, '--map', map]);
    expect(reversed.code, reversed.stderr).toBe(0);
    const original = await analyzeJson(SAMPLE, join(folder, 'original.json'));
    expect(analysisDifferences(original, JSON.parse(reversed.stdout))).toEqual([]);
    // Nothing of the redacted copy is left behind, and the map was saved for the answer.
    expect((await readdir(folder)).sort()).toEqual(['map.json', 'original.json', 'report.html', 'report.json']);
  });

  it('refuses redaction flags without --redact', async () => {
    const run = await runPodmortem(['analyze', SAMPLE, '--names', '--json', join(dir, 'never.json')]);
    expect([run.code, run.stderr.trim()]).toEqual([2, expect.stringMatching(/need --redact/)]);
  });
});
