/**
 * The bench's generator makes bundles the analyzer reads whole: a small one (4 MiB) is generated
 * with the bench's own code path (tar.gz, then the directory and zip derived from it) and read
 * by the CLI in all three forms (runCli in this process, see cli-in-process.ts; the bench itself
 * runs the built one) and by the source readers. No timing here: that is `npm run bench`.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { detectInput, DEFAULT_LIMITS } from '../../src/archive/index.js';
import { readBundle } from '../../src/bundle/index.js';
import { CandidateReadings } from '../../src/sources/index.js';
import { tempDir } from '../helpers/bundle.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { ZipStreamWriter } from '../helpers/zip-stream-writer.js';
import { prepareInputs, type BenchInputs } from './bench-inputs.js';
import type { InputFormat } from './bench-options.js';
import { generateBundle, type BundleFacts } from './generator/generate-bundle.js';
import { NO_PROGRESS } from './progress.js';

const SIZE = { label: '4M', bytes: 4 * 1024 * 1024 };
const SEED = 7;

let work: Awaited<ReturnType<typeof tempDir>>;
let inputs: BenchInputs;
let facts: BundleFacts;

beforeAll(async () => {
  work = await tempDir('podmortem-bench-smoke-');
  inputs = await prepareInputs({ seed: SEED, size: SIZE, dir: work.path, keep: false, formats: ['tar.gz', 'zip', 'dir'], progress: NO_PROGRESS });
  facts = inputs.facts;
});

afterAll(async () => {
  await inputs?.release();
  await work?.remove();
});

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const filesUnder = (prefix: string) => facts.entries.filter((entry) => entry.path.startsWith(prefix) && !entry.path.endsWith('/')).length;

describe('a generated bundle', () => {
  it('is the same bytes for the same seed and size, and other bytes for another seed', async () => {
    const again = join(work.path, 'again.tar.gz');
    const other = join(work.path, 'other.tar.gz');
    await generateBundle({ seed: SEED, targetBytes: SIZE.bytes, path: again });
    await generateBundle({ seed: SEED + 1, targetBytes: SIZE.bytes, path: other });
    expect(await sha256(again)).toBe(await sha256(inputs.paths['tar.gz']));
    expect(await sha256(other)).not.toBe(await sha256(inputs.paths['tar.gz']));
  });

  it('holds every kind of evidence near its target size', () => {
    expect(facts.contentBytes).toBeGreaterThan(SIZE.bytes * 0.9);
    expect(facts.contentBytes).toBeLessThan(SIZE.bytes * 1.3);
    expect(facts.podLogFiles).toBeGreaterThan(20);
    expect(facts.gzFiles).toBeGreaterThan(0);
    expect(facts.restartedContainers).toBeGreaterThan(0);
    expect(facts.oomKills).toBeGreaterThanOrEqual(2);
    const paths = facts.entries.map((entry) => entry.path);
    expect(paths).toEqual(expect.arrayContaining(['kernel/dmesg.txt', 'journal/kubelet.export', 'journal/runtime.export', 'journal/kernel.export', 'containers.txt', 'stats/ps.txt']));
    expect(paths.at(-1)).toBe('manifest.json');
  });

  it.each(['tar.gz', 'zip', 'dir'] as InputFormat[])('is read whole by the analyzer as %s, without a parse issue', async (format) => {
    const json = join(work.path, `report-${format}.json`);
    const run = await runPodmortemInProcess(['analyze', inputs.paths[format], '-o', join(work.path, `report-${format}.html`), '--json', json, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.archive.stopped).toBeNull();
    expect(report.archive.rejectedCount).toBe(0);
    expect(report.parseIssues.total).toBe(0);
    const files = Object.fromEntries(report.coverage.map((row: { source: string; files: number }) => [row.source, row.files]));
    expect(files).toMatchObject({
      manifest: 1,
      kernel: 1,
      journal: 3,
      podLogs: facts.podLogFiles,
      containerLinks: 1,
      cgroup: filesUnder('cgroup/'),
      crictl: filesUnder('runtime/crictl-') + filesUnder('runtime/inspect/'),
      ps: 1,
      pressure: 3,
    });
    expect(report.coverage.filter((row: { state: string }) => row.state !== 'ok').map((row: { source: string }) => row.source)).toEqual([]);
    expect(report.node.name).toBe(facts.root.replace(/^podmortem-(.+)-\d{8}T\d{6}Z\/$/, '$1'));
  });

  it('gives the source readers the planned pods, OOM kills and runtime events', async () => {
    const sources = new CandidateReadings();
    const { inventory: bundleInventory } = await readBundle(await detectInput(inputs.paths['tar.gz']), DEFAULT_LIMITS, (file) => sources.read(file));
    const data = sources.finish(bundleInventory);
    expect(data.podLogs.pods).toHaveLength(facts.pods);
    for (const victim of facts.oomVictims) {
      const events = data.kernel.oomEvents.filter((event) => event.taskMemcg?.includes(victim.containerId));
      // Once in kernel/dmesg.txt, once in journal/kernel.export: the same report.
      expect(events.map((event) => event.file).sort(), victim.pod).toEqual(['journal/kernel.export', 'kernel/dmesg.txt']);
      expect(events.every((event) => event.outcome === 'killed' && event.tasks !== null && event.memcgStats.length > 0)).toBe(true);
    }
    expect(data.kernel.oomEvents).toHaveLength(2 * facts.oomKills);
    expect(data.journal.eventTotals['task-oom']?.seen).toBe(facts.oomKills);
    expect(data.journal.eventTotals['container-died']?.seen).toBeGreaterThanOrEqual(facts.oomKills);
    expect(data.crictl.exits.filter((exit) => exit.reason === 'OOMKilled')).toHaveLength(facts.oomKills);
  });
});

describe('the streaming zip writer', () => {
  it('streams large entries with data descriptors and writes zip64 end records past 65,535 entries; yauzl reads all back', async () => {
    const path = join(work.path, 'many.zip');
    const writer = new ZipStreamWriter(createWriteStream(path), 1);
    const big = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `2026-11-27T10:15:02.${i}Z stdout F request ${i * 7919} served\n`).join(''));
    await writer.addFile('podmortem-many/pods/big.log', Readable.from([big.subarray(0, 1_500_000), big.subarray(1_500_000)]));
    const count = 70_000;
    for (let i = 0; i < count; i += 1) await writer.addFile(`podmortem-many/cgroup/f${i}`, Readable.from([Buffer.from(`max ${i}\n`)]));
    await writer.finish();
    const zip = await readFile(path);
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const entries = await readZip(zip);
    expect(entries).toHaveLength(count + 1);
    expect(entries[0]).toEqual({ name: 'podmortem-many/pods/big.log', sha256: createHash('sha256').update(big).digest('hex') });
    expect(entries.at(-1)).toEqual({
      name: `podmortem-many/cgroup/f${count - 1}`,
      sha256: createHash('sha256')
        .update(`max ${count - 1}\n`)
        .digest('hex'),
    });
    expect(entries[1]?.name).toBe('podmortem-many/cgroup/f0');
  });
});

/** Every entry's name, and the content hash of the first and the last, through yauzl (the analyzer's zip reader). */
function readZip(zip: Buffer): Promise<{ name: string; sha256?: string }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('yauzl gave no zip file'));
      const seen: { name: string; sha256?: string }[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        if (seen.length > 0 && seen.length < file.entryCount - 1) return (seen.push({ name: entry.fileName }), file.readEntry());
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error(`yauzl gave no stream for ${entry.fileName}`));
          const hash = createHash('sha256');
          stream.on('data', (chunk: Buffer) => hash.update(chunk));
          stream.on('end', () => (seen.push({ name: entry.fileName, sha256: hash.digest('hex') }), file.readEntry()));
          stream.on('error', reject);
        });
      });
      file.on('end', () => resolve(seen));
      file.on('error', reject);
      file.readEntry();
    });
  });
}
