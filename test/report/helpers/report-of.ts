/**
 * Reports built in-process through the real pipeline (archive → bundle → sources → model → rules →
 * report), with no file written: what the golden, browser and size tests start from.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DEFAULT_LIMITS } from '../../../src/archive/index.js';
import { analyze } from '../../../src/pipeline.js';
import type { Report } from '../../../src/report/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';

export const SAMPLES_DIR = join(REPO_ROOT, 'samples/bundles');

/** The sample bundles by name (`oom-burstable-containerd`), in name order. */
export const SAMPLES: string[] = readdirSync(SAMPLES_DIR)
  .filter((name) => name.endsWith('.tar.gz'))
  .map((name) => name.replace(/\.tar\.gz$/, ''))
  .sort();

export async function reportOf(input: string): Promise<Report> {
  const result = await analyze({ input, htmlPath: null, jsonPath: null, limits: DEFAULT_LIMITS, generatedAt: null, stdout: new PassThrough(), failOn: null });
  return result.report;
}

export function samplePath(name: string): string {
  return join(SAMPLES_DIR, `${name}.tar.gz`);
}
