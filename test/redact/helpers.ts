/**
 * Helpers for the redaction tests: unpack a redacted bundle with the `tar` package (nested .gz
 * decompressed), and compare the analysis of an original with the analysis of its redacted copy
 * after its pseudonyms are mapped back through the map (`redact --reverse`). The CLI runs here
 * in the test process (cli-in-process.ts): a node process per run was most of these files' CPU.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { x as extract } from 'tar';
import { SECRET_MARK } from '../../src/redact/secret-rules.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';

export async function scratchDir(name: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `podmortem-redact-test-${name}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function unpack(archive: string, into: string): Promise<void> {
  await extract({ file: archive, cwd: into, preservePaths: false });
}

/** Every file under `root` (relative path → content as latin1, a nested gzip decompressed). */
export async function filesUnder(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        const data = await readFile(full);
        files.set(`${prefix}${entry.name}`, (data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data).toString('latin1'));
      }
    }
  };
  await walk(root, '');
  return files;
}

/** Where each planted value still occurs (path and value), case-insensitively, names and contents. */
export function leaks(files: Map<string, string>, planted: (string | RegExp)[]): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  for (const [path, text] of files) {
    for (const value of planted) {
      const pattern = typeof value === 'string' ? new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') : value;
      if (pattern.test(text) || pattern.test(path)) found.push({ path, value: String(value) });
    }
  }
  return found;
}

export async function analyzeJson(input: string, json: string): Promise<unknown> {
  const run = await runPodmortemInProcess(['analyze', input, '--json', json, '--quiet']);
  if (run.code !== 0) throw new Error(`analyze ${input} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(await readFile(json, 'utf8'));
}

/** The analysis of `redacted` with its pseudonyms mapped back through `map`. */
export async function analyzeReversed(redacted: string, map: string, dir: string, originalName: string): Promise<unknown> {
  const json = join(dir, `${basename(redacted)}.json`);
  await analyzeJson(redacted, json);
  const run = await runPodmortemInProcess(['redact', '--reverse', json, '--map', map]);
  if (run.code !== 0) throw new Error(`reverse exited ${run.code}: ${run.stderr}`);
  const reversed = join(dir, `${basename(redacted)}.reversed.json`);
  await writeFile(reversed, run.stdout.split(basename(redacted)).join(originalName));
  return JSON.parse(await readFile(reversed, 'utf8'));
}

/** The parts of a report that are the analysis (not the container: input, archive, coverage of files). */
const ANALYSIS = ['node', 'findings', 'ruleRuns', 'oomKills', 'oomKillDetails', 'oomEventsWithoutKill', 'timeline', 'pods', 'vitals', 'network', 'parseIssues'];

/**
 * Differences between two analyses, as paths. Arrays are compared as sets (a list sorted by
 * name sorts pseudonyms differently); a text the report capped (ending in …) matches when one is
 * a prefix of the other (a pseudonym is longer than its original, so the cap falls elsewhere).
 * `data-truncated` is about the archive container (a `./` entry the redacted tar does not have).
 */
export function analysisDifferences(original: unknown, redacted: unknown): string[] {
  const differences: string[] = [];
  const a = pick(original as Record<string, unknown>);
  const b = pick(redacted as Record<string, unknown>);
  compare(normalize(a), normalize(b), '', differences);
  return differences;
}

function pick(report: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ANALYSIS) out[key] = report[key];
  const notArchive = (item: { ruleId?: string }) => item.ruleId !== 'data-truncated';
  out.findings = (out.findings as { ruleId: string }[]).filter(notArchive);
  out.ruleRuns = (out.ruleRuns as { ruleId: string }[]).filter(notArchive);
  return out;
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (key !== 'bytes') out[key] = normalize(inner);
    return out;
  }
  return value;
}

/**
 * A redacted text equals its original where its secrets were: each `<redacted:secret>` stands
 * for some non-empty text (a capped text may end inside one).
 */
function secretsOnly(original: string, redacted: string): boolean {
  if (!redacted.includes(SECRET_MARK)) return false;
  const capped = redacted.endsWith('…');
  const body = capped ? redacted.slice(0, -1) : redacted;
  const pattern = body
    .split(SECRET_MARK)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]+?');
  return new RegExp(`^${pattern}${capped ? '' : '$'}`).test(capped ? original.replace(/…$/, '') : original);
}

function compare(a: unknown, b: unknown, path: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (typeof a === 'string' && typeof b === 'string' && secretsOnly(a, b)) return;
  if (typeof a === 'string' && typeof b === 'string' && (a.endsWith('…') || b.endsWith('…'))) {
    const cut = (text: string) => (text.endsWith('…') ? text.slice(0, -1).replace(/(?:host|name|user|kw)[-0-9a-f]{0,9}$|[0-9.:a-f]*$/, '') : text);
    const [x, y] = [cut(a), cut(b)];
    if (x.startsWith(y) || y.startsWith(x)) return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) compare((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
    return;
  }
  out.push(`${path}: ${JSON.stringify(a)?.slice(0, 160)} ≠ ${JSON.stringify(b)?.slice(0, 160)}`);
}
