/**
 * `podmortem redact`, the whole flow in one place (the CLI only wires flags): input → map →
 * redactBundle (two passes through the archive stage) → tar.gz → map saved. Output checks are
 * the analyzer's (pipeline.ts): never the input, never inside an input folder, never a special file.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { detectInput, type ArchiveLimits } from './archive/index.js';
import { BundleError } from './errors.js';
import { analyze, checkOutputPath, type AnalyzeOptions, type AnalyzeResult } from './pipeline.js';
import { loadMap, redactBundle, reverseText, saveMap, type RedactResult } from './redact/index.js';
import { parseRedactionRecord } from './sources/index.js';
import { ANALYZER_VERSION } from './version.js';

export interface RedactOptions {
  input: string;
  /** The tar.gz to write; null with dryRun. */
  output: string | null;
  mapPath: string | null;
  names: boolean;
  keywords: string[];
  keywordsFile: string | null;
  limits: ArchiveLimits;
}

export async function redact(options: RedactOptions): Promise<RedactResult> {
  const input = await detectInput(options.input);
  if (options.output !== null) {
    await checkOutputPath(options.output, input);
    if (options.mapPath !== null && resolve(options.mapPath) === resolve(options.output)) throw new BundleError('the map and the output are one file: the map is private and must never be sent');
  }
  // The map is read before it is checked as a place to write: a map that cannot be read says so.
  const map = await loadMap(options.mapPath);
  if (options.mapPath !== null) await checkOutputPath(options.mapPath, input);
  const keywords = [...options.keywords, ...(options.keywordsFile === null ? [] : await readKeywords(options.keywordsFile))];
  const result = await redactBundle({ input, limits: options.limits, map, settings: { names: options.names, keywords }, output: options.output, redactedBy: `podmortem ${ANALYZER_VERSION}` });
  if (options.mapPath !== null && options.output !== null) await saveMap(options.mapPath, map);
  return result;
}

/** What `analyze --redact` redacts with: the options of `redact` that are not about files. */
export type ReportRedaction = Pick<RedactOptions, 'mapPath' | 'names' | 'keywords' | 'keywordsFile'>;

/**
 * `analyze --redact`: the input is redacted into a private temporary folder and that copy is
 * analyzed, so the report carries exactly the pseudonyms `redact` gives (one map, one pseudonym)
 * and no original value can slip into it by another path. The input is named `redacted-input`
 * in the report: its own name holds the node's. The outputs are checked before the redaction.
 */
export async function analyzeRedacted(options: AnalyzeOptions, redaction: ReportRedaction): Promise<AnalyzeResult> {
  const input = await detectInput(options.input);
  for (const output of [options.htmlPath, options.jsonPath]) if (output !== null && output !== '-') await checkOutputPath(output, input);
  const folder = await mkdtemp(join(tmpdir(), 'podmortem-analyze-redact-'));
  try {
    const copy = join(folder, 'redacted-input');
    const { record } = await redact({ ...redaction, input: options.input, output: copy, limits: options.limits });
    // The record comes from this run, not from the copy: a lone file's copy has no room for one.
    const reportRedaction = parseRedactionRecord(record, (message) => {
      throw new Error(`the redaction record this run wrote is not readable: ${message}`);
    });
    return await analyze({ ...options, input: copy, ...(reportRedaction ? { reportRedaction } : {}) });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** One keyword a line; blank lines and `#` comments ignored. */
async function readKeywords(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new BundleError(`cannot read the keywords file ${path}: ${error.code ?? error.message}`);
  });
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** `redact --reverse`: a text (a support answer, a report) with the map's pseudonyms turned back, to `out`. */
export async function reverse(textPath: string, mapPath: string | null, out: NodeJS.WritableStream): Promise<void> {
  if (mapPath === null) throw new BundleError('--reverse needs the --map the bundle was redacted with');
  await readFile(mapPath).catch((error: NodeJS.ErrnoException) => {
    throw new BundleError(`cannot read the redaction map ${mapPath}: ${error.code ?? error.message}`);
  });
  const { table } = await loadMap(mapPath);
  const stream = textPath === '-' ? process.stdin : createReadStream(textPath);
  let rest = '';
  try {
    for await (const chunk of stream) {
      const text = rest + (chunk as Buffer).toString('latin1');
      const cut = text.lastIndexOf('\n') + 1;
      out.write(Buffer.from(reverseText(table, text.slice(0, cut)), 'latin1'));
      rest = text.slice(cut);
    }
  } catch (error) {
    throw new BundleError(`cannot read ${textPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  out.write(Buffer.from(reverseText(table, rest), 'latin1'));
}
