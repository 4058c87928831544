/**
 * Golden files: the JSON report of each sample bundle, compared byte for byte.
 *
 * When a change is meant to alter a report (a new rule, a new field), rewrite them with
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts
 *
 * and read `git diff test/report/golden/` before committing: the diff is the change users see.
 * All golden comparisons live in this one test so that an update is one command.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml, renderJson } from '../../src/report/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { reportOf, samplePath, SAMPLES } from './helpers/report-of.js';

const GOLDEN_DIR = join(REPO_ROOT, 'test/report/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden JSON reports of the samples', () => {
  it.each(SAMPLES)('%s', async (sample) => {
    const json = renderJson(await reportOf(samplePath(sample)));
    const golden = join(GOLDEN_DIR, `${sample}.json`);
    if (UPDATE) {
      await mkdir(GOLDEN_DIR, { recursive: true });
      await writeFile(golden, json);
    }
    expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts`).toBe(true);
    // Compared as text, not parsed: key order and number formatting are part of the contract.
    expect(json === (await readFile(golden, 'utf8')), `the JSON report of ${sample} differs from ${golden}; if the change is intended, rerun with UPDATE_GOLDEN=1 and read the diff`).toBe(true);
  });

  it('has no golden file for a sample that no longer exists', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = existsSync(GOLDEN_DIR) ? await readdir(GOLDEN_DIR) : [];
    expect(
      files
        .filter((file) => file.endsWith('.json'))
        .map((file) => file.replace(/\.json$/, ''))
        .sort(),
    ).toEqual(SAMPLES);
  });
});

describe('deterministic output', () => {
  it.each(SAMPLES)('%s: two analyses give identical JSON and HTML, with no wall clock in them', async (sample) => {
    const [first, second] = [await reportOf(samplePath(sample)), await reportOf(samplePath(sample))];
    expect(renderJson(first)).toBe(renderJson(second));
    expect(renderHtml(first)).toBe(renderHtml(second));
    expect(first.generatedAt).toBeNull();
    expect(renderHtml(first)).not.toContain(new Date().toISOString().slice(0, 10));
  });
});
