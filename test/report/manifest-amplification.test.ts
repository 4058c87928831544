/**
 * One huge manifest field must not become a huge page or a huge heap: a bundle whose manifest
 * holds a 30 MiB node name (the case that gave a 157 MB page and 834 MB peak RSS), then one that
 * also holds a 30 MiB collection note and a 30 MiB item note, is analyzed by the real CLI under
 * the default limits. The report stays small, shows where each field was cut and
 * how long it was, and the analyzer's peak memory stays under the documented bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { tempDir } from '../helpers/bundle.js';
import { runPodmortem, type CliRun } from '../helpers/cli.js';
import { TAR_END, tarHeaderBlocks, tarPadding } from '../helpers/tar-writer.js';

const MiB = 1024 * 1024;
const FIELD_BYTES = 30 * MiB;
const MAX_REPORT_BYTES = 5 * 1024 * 1024;
const MAX_RSS_BYTES = 256 * MiB;
const PREFIX = 'podmortem-worker-3-20261127T101502Z/';
const FIELDS = ['node', 'modeNote', 'itemNote'] as const;
type Field = (typeof FIELDS)[number];

const SHORT: Record<Field, string> = { node: 'worker-3', modeNote: 'chroot failed: /host is not mounted', itemNote: 'vmstat not found' };

/**
 * Streams the bundle through gzip, one MiB of a field at a time: the test process stays small,
 * which matters because a child's peak RSS counts its parent's memory at fork time. The fields
 * are random base64, printable and hardly compressible, so the tar.gz stays under the bomb ratio.
 */
async function writeHugeManifestBundle(path: string, huge: readonly Field[]): Promise<Record<Field, string>> {
  const manifest = JSON.stringify({
    format: 'podmortem-bundle',
    formatVersion: 1,
    node: '@node@',
    collector: { name: 'podmortem-collect', version: '0.1.0' },
    collection: { start: '2026-11-27T10:15:02Z', end: '2026-11-27T10:15:09Z', mode: 'nsenter', modeNote: '@modeNote@' },
    items: [{ path: 'stats/vmstat.txt', what: 'vmstat -w 1 5', status: 'failed', exitCode: 1, bytes: 0, durationMs: 12, note: '@itemNote@' }],
  });
  const parts = manifest.split(/@(node|modeNote|itemNote)@/).map((part, index) => (index % 2 === 1 && !huge.includes(part as Field) ? SHORT[part as Field] : part));
  const size = Buffer.byteLength(parts.filter((_, index) => index % 2 === 0).join('')) + FIELDS.reduce((sum, field) => sum + (huge.includes(field) ? FIELD_BYTES : SHORT[field].length), 0);
  const gzip = createGzip({ level: 1 });
  const done = new Promise<void>((resolve, reject) => gzip.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject));
  const write = async (chunk: Buffer | string) => {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  const found = { ...SHORT };
  for (const block of tarHeaderBlocks({ name: `${PREFIX}manifest.json` }, size)) await write(block);
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 0) {
      await write(part);
      continue;
    }
    const field = part as Field;
    if (!huge.includes(field)) {
      await write(part);
      continue;
    }
    for (let written = 0; written < FIELD_BYTES;) {
      // 768 KiB of random bytes are exactly 1 MiB of base64.
      let chunk = randomBytes((3 * MiB) / 4).toString('base64');
      if (written === 0) chunk = `${field}-${chunk}`.slice(0, MiB);
      if (written === 0) found[field] = chunk.slice(0, 4096);
      await write(chunk);
      written += chunk.length;
    }
  }
  await write(tarPadding(size));
  const dmesg = '[    0.000000] Linux version 6.1.0-27-amd64\n';
  for (const block of tarHeaderBlocks({ name: `${PREFIX}kernel/dmesg.txt` }, dmesg.length)) await write(block);
  await write(dmesg);
  await write(tarPadding(dmesg.length));
  gzip.end(TAR_END);
  await done;
  return found;
}

describe.each([[['node'] as const], [FIELDS]])('a manifest with 30 MiB fields: %j', (huge: readonly Field[]) => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let run: CliRun;
  /** The start of each field, to find it in the report. */
  let heads: Record<Field, string>;
  const cutOf = (field: Field) =>
    huge.includes(field) ? new RegExp(`^${heads[field].slice(0, 64).replace(/[+/]/g, '\\$&')}[A-Za-z0-9+/]*… cut, ${FIELD_BYTES} bytes$`) : new RegExp(`^${SHORT[field]}$`);

  beforeAll(async () => {
    work = await tempDir('podmortem-amplification-');
    const input = join(work.path, 'huge-manifest.tar.gz');
    heads = await writeHugeManifestBundle(input, huge);
    run = await runPodmortem(['analyze', input, '-o', join(work.path, 'r.html'), '--json', join(work.path, 'r.json'), '--quiet'], { measureMemory: true });
  }, 300_000);
  afterAll(async () => work?.remove());

  it('gives a report under 5 MB with peak RSS under 256 MiB', async () => {
    expect(run.code, run.stderr).toBe(0);
    const html = (await stat(join(work.path, 'r.html'))).size;
    const json = (await stat(join(work.path, 'r.json'))).size;
    console.log(`30 MiB manifest fields ${huge.join(', ')}: HTML ${(html / 1024).toFixed(0)} KiB, JSON ${(json / 1024).toFixed(0)} KiB, peak RSS ${((run.maxRssBytes ?? 0) / MiB).toFixed(0)} MiB`);
    expect(html).toBeLessThan(MAX_REPORT_BYTES);
    expect(json).toBeLessThan(MAX_REPORT_BYTES);
    expect(run.maxRssBytes).not.toBeNull();
    expect(run.maxRssBytes as number).toBeLessThan(MAX_RSS_BYTES);
  });

  it('shows each field cut, with its start and its full length', async () => {
    const report = JSON.parse(await readFile(join(work.path, 'r.json'), 'utf8'));
    expect(report.node.name).toMatch(cutOf('node'));
    expect(report.node.modeNote).toMatch(cutOf('modeNote'));
    const vmstat = report.coverage.find((row: { source: string }) => row.source === 'vmstat');
    expect(vmstat.notes).toHaveLength(1);
    expect(vmstat.notes).toEqual([expect.stringMatching(cutOf('itemNote').source.replace('^', '^stats/vmstat\\.txt: '))]);
    const cut = huge.length === 1 ? '1 manifest field was' : `${huge.length} manifest fields were`;
    expect(report.parseIssues.shown.map((issue: { message: string }) => issue.message)).toContain(`${cut} longer than 2048 bytes: cut`);
    const html = await readFile(join(work.path, 'r.html'), 'utf8');
    for (const field of huge) expect(html).toContain(`${heads[field].slice(0, 2048)}… cut, ${FIELD_BYTES} bytes`);
  });
});
