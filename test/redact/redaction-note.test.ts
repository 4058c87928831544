/**
 * The report of redacted evidence says so (issue 15, point 4): a bundle redacted by the real
 * `podmortem redact` gives a report whose JSON `redaction` repeats the record the redaction wrote
 * and whose page and text summary carry a note near the top; `analyze --redact` says the report
 * was redacted; a bundle that was not redacted, or holds a record that is hostile or not where
 * `podmortem redact` writes it, gets no note.
 *
 * The CLI runs in this process (runCli, see cli-in-process.ts): a node process per run was most of
 * this file's CPU, and what is checked is the CLI's output, not its process (redact-cli.test.ts
 * runs the built one).
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { specOfTarball } from '../helpers/bundle-shapes.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { scratchDir, unpack } from './helpers.js';

const SAMPLE = join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz');
const VAR_LOG = join(REPO_ROOT, 'samples/foreign/var-log-oom-burstable-containerd.tar.gz');
const DMESG = join(REPO_ROOT, 'samples/foreign/dmesg-oom-burstable-containerd.txt');

interface Record {
  redactedBy: string;
  map: string;
  secrets: { [rule: string]: number };
  pseudonyms: { [rule: string]: number };
  dropped: unknown[];
  skipped: unknown[];
}

interface ReportJson {
  redaction: unknown;
  archive: { root: string };
  coverage: { source: string; state: string }[];
  parseIssues: { shown: { source: string; message: string }[] };
}

let dir: string;
let remove: () => Promise<void>;
let sample: { spec: BundleSpec; wrapper: string };
beforeAll(async () => {
  ({ dir, remove } = await scratchDir('note'));
  sample = await specOfTarball(SAMPLE);
});
afterAll(async () => remove());

/**
 * `analyze` of `input` to JSON, HTML and the text summary, in one run: `--format text` prints the
 * summary with the files named (it then points at the HTML instead of asking for -o).
 */
async function analyzeAll(input: string, name: string, extra: string[] = []): Promise<{ json: ReportJson; html: string; text: string }> {
  const json = join(dir, `${name}.json`);
  const html = join(dir, `${name}.html`);
  const run = await runPodmortemInProcess(['analyze', input, ...extra, '--format', 'text', '--json', json, '-o', html, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return { json: JSON.parse(await readFile(json, 'utf8')) as ReportJson, html: await readFile(html, 'utf8'), text: run.stdout };
}

/** The page's redaction note, or null. */
function noteOf(html: string): string | null {
  return /<aside class="note redaction-note"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? null;
}

/** The rules the note lists (its `data-rule` items), in page order. */
function listedRules(note: string): string[] {
  return [...note.matchAll(/data-rule="([^"]+)"/g)].map((match) => match[1]!);
}

const nonZero = (counts: { [rule: string]: number }) =>
  Object.fromEntries(
    Object.entries(counts)
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

let redacting: Promise<{ output: string; record: Record }> | null = null;

/** The planted sample redacted once, shared by the tests that read it. */
function redactedSample(): Promise<{ output: string; record: Record }> {
  return (redacting ??= redactSample());
}

async function redactSample(): Promise<{ output: string; record: Record }> {
  // The sample plus a binary file (dropped) and a bearer token in a file no source reads (removed).
  const input = join(dir, 'planted.tar.gz');
  const spec: BundleSpec = {
    ...sample.spec,
    'system/core.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 0, 0xff]),
    'notes/ticket.txt': 'curl -H "Authorization: Bearer 0123456789abcdef0123"\n',
  };
  await writeBundle(input, spec, 'tar.gz', sample.wrapper);
  const output = join(dir, 'planted.redacted.tar.gz');
  const run = await runPodmortemInProcess(['redact', input, '-o', output, '--map', join(dir, 'planted.map.json')]);
  expect(run.code, run.stderr).toBe(0);
  const unpacked = join(dir, 'planted.unpacked');
  await mkdir(unpacked);
  await unpack(output, unpacked);
  const [top] = await readdir(unpacked);
  return { output, record: JSON.parse(await readFile(join(unpacked, top!, 'podmortem-redaction.json'), 'utf8')) as Record };
}

describe('a bundle redacted by podmortem redact', () => {
  it('gives a report whose redaction repeats the record, with a note on the page and in the text summary', async () => {
    const { output, record } = await redactedSample();
    const { json, html, text } = await analyzeAll(output, 'redacted');
    expect(json.redaction).toEqual({
      scope: 'bundle',
      redactedBy: record.redactedBy,
      formatVersion: 1,
      privateMap: record.map === 'private',
      secrets: nonZero(record.secrets),
      pseudonyms: nonZero(record.pseudonyms),
      filesDropped: record.dropped.length,
      filesSkipped: record.skipped.length,
    });
    // The planted values made the record say something of each part.
    expect(record.dropped.length).toBe(1);
    expect(Object.keys(nonZero(record.secrets)).length).toBeGreaterThan(0);
    expect(Object.keys(nonZero(record.pseudonyms))).toContain('hostname');

    const note = noteOf(html);
    expect(note).not.toBeNull();
    expect(listedRules(note!).sort()).toEqual([...Object.keys(nonZero(record.pseudonyms)), ...Object.keys(nonZero(record.secrets))].sort());
    expect(note).toContain(`This bundle was redacted by ${record.redactedBy}`);
    expect(note).toMatch(/hostnames[^<]*were replaced by pseudonyms/i);
    expect(note).toContain('1 binary file dropped');
    // Near the top: before the summary.
    expect(html.indexOf(note!)).toBeLessThan(html.indexOf('id="summary"'));
    expect(text.split('\n')[1]).toMatch(/^Redacted: This bundle was redacted by podmortem .*replaced by pseudonyms/);
    expect(json.coverage.find((row) => row.source === 'redactionRecord')).toMatchObject({ state: 'ok' });
  }, 120_000);

  it('is noted in a wrapped /var/log copy, whose record sits above the bundle root', async () => {
    const { spec } = await specOfTarball(VAR_LOG);
    const input = join(dir, 'wrapped-var-log.tar.gz');
    await writeBundle(input, spec, 'tar.gz', 'var/log/');
    const output = join(dir, 'wrapped-var-log.redacted.tar.gz');
    const run = await runPodmortemInProcess(['redact', input, '-o', output]);
    expect(run.code, run.stderr).toBe(0);
    const { json, html } = await analyzeAll(output, 'wrapped');
    expect(json.archive.root).toBe('var/log/');
    expect(json.redaction).toMatchObject({ scope: 'bundle', privateMap: false });
    expect(noteOf(html)).toContain('No private map was used');
  }, 120_000);
});

describe('a bundle that was not redacted', () => {
  it('has redaction null, no note and no coverage row for a record', async () => {
    const { json, html, text } = await analyzeAll(SAMPLE, 'plain');
    expect(json.redaction).toBeNull();
    expect(noteOf(html)).toBeNull();
    expect(text).not.toContain('Redacted:');
    expect(json.coverage.map((row) => row.source)).not.toContain('redactionRecord');
  }, 60_000);

  const valid = {
    format: 'podmortem-redaction',
    formatVersion: 1,
    redactedBy: 'podmortem 0.1.0',
    map: 'private',
    names: false,
    keywords: 0,
    secrets: {},
    pseudonyms: { ipv4: 3 },
    files: [],
    dropped: [],
    skipped: [],
  };
  const hostile: [string, string | Buffer][] = [
    ['not JSON', '{"format":"podmortem-redaction",'],
    ['wrong types', JSON.stringify({ ...valid, pseudonyms: { ipv4: 'many' } })],
    ['a rule name that is markup', JSON.stringify({ ...valid, pseudonyms: { '<script>alert(1)</script>': 1 } })],
    ['lists that are not lists', JSON.stringify({ ...valid, dropped: 3 })],
    ['another format version', JSON.stringify({ ...valid, formatVersion: 2 })],
    ['another writer', JSON.stringify({ ...valid, redactedBy: 'someone else' })],
    ['huge', Buffer.from(JSON.stringify({ ...valid, files: Array.from({ length: 110_000 }, (_, i) => ({ path: `pods/ns_pod-${i}_uid/app/0.log`, replaced: { ipv4: 1, hostname: 2 } })) }))],
  ];

  it.each(hostile)(
    'holding a record that is %s: a parse issue, no note',
    async (what, record) => {
      if (what === 'huge') expect((record as Buffer).length).toBeGreaterThan(8 * 1024 * 1024);
      const input = join(dir, `hostile-${what.replace(/ /g, '-')}.tar.gz`);
      await writeBundle(input, { ...sample.spec, 'podmortem-redaction.json': record }, 'tar.gz', sample.wrapper);
      const { json, html, text } = await analyzeAll(input, `hostile-${what.replace(/ /g, '-')}`);
      expect(json.redaction).toBeNull();
      expect(noteOf(html)).toBeNull();
      expect(text).not.toContain('Redacted:');
      expect(json.parseIssues.shown.filter((issue) => issue.source === 'redactionRecord')).toEqual([expect.objectContaining({ message: expect.stringMatching(/redaction record|ignored/) })]);
    },
    60_000,
  );

  it('believes a record only at the top of the archive, where podmortem redact writes it', async () => {
    const record = JSON.stringify(valid);
    const w = sample.wrapper;
    const wrapped: BundleSpec = Object.fromEntries(Object.entries(sample.spec).map(([name, value]) => [`${w}${name}`, value]));
    const places: [string, BundleSpec][] = [
      ['in a folder of the bundle', { ...wrapped, [`${w}extra/podmortem-redaction.json`]: record }],
      ['in a pod log folder', { ...wrapped, [`${w}pods/x/podmortem-redaction.json`]: record }],
      // The bundle folder is not the archive's only top entry: redact would have written its record at the very top.
      ['at the bundle root of an archive that holds more', { ...wrapped, [`${w}podmortem-redaction.json`]: record, 'other/readme.txt': 'x\n' }],
    ];
    for (const [what, spec] of places) {
      const name = `elsewhere-${what.replace(/ /g, '-')}`;
      await writeBundle(join(dir, `${name}.tar.gz`), spec, 'tar.gz');
      const { json, html } = await analyzeAll(join(dir, `${name}.tar.gz`), name);
      expect(json.redaction, what).toBeNull();
      expect(noteOf(html), what).toBeNull();
    }
    // The same record at the top is believed: it is a note of what a tool did, not a proof.
    const input = join(dir, 'forged-at-top.tar.gz');
    await writeBundle(input, { ...sample.spec, 'podmortem-redaction.json': record }, 'tar.gz', sample.wrapper);
    expect((await analyzeAll(input, 'forged-at-top')).json.redaction).toMatchObject({ scope: 'bundle', pseudonyms: { ipv4: 3 } });
  }, 120_000);
});

describe('a folder holding only a redaction record', () => {
  it('is refused like any folder with no evidence: a note about a bundle is not one', async () => {
    const folder = join(dir, 'only-a-record');
    await writeBundle(folder, { 'podmortem-redaction.json': JSON.stringify({ format: 'podmortem-redaction', formatVersion: 1 }) }, 'dir');
    const run = await runPodmortemInProcess(['analyze', folder, '--json', join(dir, 'only-a-record.json')]);
    expect([run.code, run.stderr.trim()]).toEqual([2, expect.stringMatching(/no known evidence in only-a-record \(1 file/)]);
  });
});

describe('analyze --redact', () => {
  it('says the report was redacted, with the kinds redact replaces in the same input', async () => {
    const output = join(dir, 'same-settings.tar.gz');
    const run = await runPodmortemInProcess(['redact', SAMPLE, '-o', output]);
    expect(run.code, run.stderr).toBe(0);
    const unpacked = join(dir, 'same-settings.unpacked');
    await mkdir(unpacked);
    await unpack(output, unpacked);
    const [top] = await readdir(unpacked);
    const record = JSON.parse(await readFile(join(unpacked, top!, 'podmortem-redaction.json'), 'utf8')) as Record;
    const { json, html, text } = await analyzeAll(SAMPLE, 'analyze-redact', ['--redact']);
    expect(json.redaction).toMatchObject({ scope: 'report', secrets: nonZero(record.secrets), pseudonyms: nonZero(record.pseudonyms), privateMap: false });
    const note = noteOf(html);
    expect(note).toContain('This report was redacted by podmortem');
    expect(note).toContain('The bundle it was made from was not changed.');
    expect(text).toMatch(/Redacted: This report was redacted by podmortem/);
  }, 120_000);

  it('says so for a lone log file too, whose redacted copy has no room for a record', async () => {
    const { json, html } = await analyzeAll(DMESG, 'analyze-redact-dmesg', ['--redact']);
    expect(json.redaction).toMatchObject({ scope: 'report' });
    expect(noteOf(html)).toContain('This report was redacted');
  }, 60_000);
});

describe('a bundle redacted twice', () => {
  it("holds one record, the second run's, and the report notes that one", async () => {
    const first = await redactedSample();
    const again = join(dir, 'planted.redacted-twice.tar.gz');
    const run = await runPodmortemInProcess(['redact', first.output, '-o', again, '--keyword', 'payments']);
    expect(run.code, run.stderr).toBe(0);
    const unpacked = join(dir, 'planted.twice.unpacked');
    await mkdir(unpacked);
    await unpack(again, unpacked);
    const [top] = await readdir(unpacked);
    const names = await readdir(join(unpacked, top!));
    expect(names.filter((name) => name === 'podmortem-redaction.json')).toHaveLength(1);
    const record = JSON.parse(await readFile(join(unpacked, top!, 'podmortem-redaction.json'), 'utf8')) as Record;
    expect(record.skipped).toEqual([expect.objectContaining({ path: expect.stringMatching(/podmortem-redaction\.json$/) as unknown })]);
    // The first run replaced the token: nothing is left for this run to replace.
    expect(nonZero(record.secrets)).toEqual({});
    const { json } = await analyzeAll(again, 'twice');
    expect(json.redaction).toMatchObject({ secrets: {} });
    expect(json.parseIssues.shown.filter((issue) => issue.source === 'redactionRecord')).toEqual([]);
  });
});
