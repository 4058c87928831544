/**
 * Strings from the bundle that are not in the manifest are capped too, by the report itself: an
 * archive entry with a 9,000-byte name (a PAX header allows it) is listed in the report with its
 * start and its length, and no string in the JSON is longer than the cap and its marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeBundle } from '../helpers/bundle.js';
import { runPodmortem } from '../helpers/cli.js';
import { MANIFEST } from '../helpers/model.js';

const LONG_NAME = `extra/${'d'.repeat(200)}/${`${'e'.repeat(200)}/`.repeat(40)}notes.txt`;
const MAX_CHARS = 4096;

let work: Awaited<ReturnType<typeof tempDir>>;
let report: unknown;
let json: string;

beforeAll(async () => {
  work = await tempDir('podmortem-caps-');
  const input = await writeBundle(
    join(work.path, 'long-name.tar.gz'),
    { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0-27-amd64\n', [LONG_NAME]: 'hello\n' },
    'tar.gz',
    'podmortem-worker-3-20261127T101502Z/',
  );
  const run = await runPodmortem(['analyze', input, '-o', join(work.path, 'r.html'), '--json', join(work.path, 'r.json'), '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  json = await readFile(join(work.path, 'r.json'), 'utf8');
  report = JSON.parse(json);
});
afterAll(async () => work?.remove());

describe('strings from the archive in the report', () => {
  it('show a long entry name cut, with its start and its full length', () => {
    // Rejected or unused, with or without the bundle folder: wherever the report names the entry.
    const named: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string' && value.includes('e'.repeat(200))) named.push(value);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(report);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) {
      const full = [`podmortem-worker-3-20261127T101502Z/${LONG_NAME}`, LONG_NAME].find((candidate) => name.startsWith(candidate.slice(0, 100))) ?? '';
      expect(name).toBe(`${full.slice(0, MAX_CHARS)}… cut, ${Buffer.byteLength(full)} bytes`);
    }
  });

  it('keep every string of the JSON within the cap and its marker', () => {
    const longest = { length: 0, at: '' };
    const walk = (value: unknown, at: string): void => {
      if (typeof value === 'string' && value.length > longest.length) Object.assign(longest, { length: value.length, at });
      else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, `${at}.${key}`);
    };
    walk(JSON.parse(json), '');
    expect(longest.length, longest.at).toBeLessThanOrEqual(MAX_CHARS + '… cut, 99999999 bytes'.length);
  });
});
