import { lstat, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { detectInput, type ArchiveLimits, type ArchiveProgress, type ArchiveReadResult, type InputInfo } from './archive/index.js';
import { readAgain, readBundle, sourceLayout, type BundleInventory, type SourceId } from './bundle/index.js';
import { BundleError } from './errors.js';
import { buildIncidents } from './incidents/index.js';
import { buildNodeModel } from './model/index.js';
import { checkWritable, writeFileAtomic } from './output/index.js';
import { findingsAtOrAbove, RULES, runRules, type Finding, type Severity } from './rules/index.js';
import { buildReport, jsonPieces, renderHtml, renderJson, type Report } from './report/index.js';
import { CandidateReadings, type RedactionRecordData, type SourceData } from './sources/index.js';
import { counted } from './util/plural.js';
import { ANALYZER_VERSION } from './version.js';

export interface AnalyzeOptions {
  /** A .tar.gz, .tar, .zip, a directory, or a lone log file (dmesg, kern.log, journal export, …). */
  input: string;
  /** Where to write the HTML report; null for none. */
  htmlPath: string | null;
  /** Where to write the JSON report; `-` for standard output; null for none. */
  jsonPath: string | null;
  limits: ArchiveLimits;
  /** The report's `generatedAt`; null keeps reports byte-identical across runs. */
  generatedAt: Date | null;
  /** Standard output, for `--json -`. */
  stdout: NodeJS.WritableStream;
  /** `--fail-on`: the severity at or above which findings make the run fail (exit 3). */
  failOn: Severity | null;
  /** Counters the read updates as it goes, for a progress display. */
  progress?: ArchiveProgress;
  /** Set by `analyze --redact`: what was redacted for this report (the input is its redacted copy). */
  reportRedaction?: RedactionRecordData;
}

export interface AnalyzeResult {
  report: Report;
  /** Files written, in order. */
  written: string[];
  /** Things the user should know even without opening the report. */
  warnings: string[];
  /** The findings at or above `--fail-on` (none without it): any makes the exit code 3. */
  failOnFindings: Finding[];
}

/** The whole analysis: input → archive → bundle → sources → model → report → files. */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const input = await detectInput(options.input);
  const outputs = [options.htmlPath, options.jsonPath].filter((path): path is string => path !== null && path !== '-');
  for (const output of outputs) await checkOutputPath(output, input);

  const report = await reportOf(input, options);

  const written: string[] = [];
  if (options.htmlPath) {
    await writeFileAtomic(options.htmlPath, renderHtml(report));
    written.push(options.htmlPath);
  }
  if (options.jsonPath === '-') {
    options.stdout.write(renderJson(report));
  } else if (options.jsonPath) {
    await writeFileAtomic(options.jsonPath, jsonPieces(report));
    written.push(options.jsonPath);
  }
  const failOnFindings = options.failOn === null ? [] : findingsAtOrAbove(report.findings, options.failOn);
  return { report, written, warnings: warningsFor(report, written), failOnFindings };
}

/**
 * Input → report. The sources and the model are left behind when it returns: the report holds
 * all it shows, and the pages are rendered without them in memory.
 */
async function reportOf(input: InputInfo, options: AnalyzeOptions): Promise<Report> {
  const { inventory, archive, sourceData } = await readSources(input, options);
  refuseWithoutEvidence(input, inventory, archive);
  const model = buildNodeModel(sourceData, inventory, archive);
  await readKillLogsAgain(input, options.limits, inventory, sourceData);
  const rules = runRules(model, RULES);
  const incidents = buildIncidents(model, rules.findings);
  return buildReport({
    input,
    archive,
    inventory,
    sources: sourceData,
    model,
    rules,
    incidents,
    analyzerVersion: ANALYZER_VERSION,
    generatedAt: options.generatedAt,
    reportRedaction: options.reportRedaction ?? null,
  });
}

/**
 * The bundle read once through every source reader. The readers' own state (a pod log's lines as
 * read, before they became attempts) is left behind with `readings` when this returns.
 */
async function readSources(input: InputInfo, options: AnalyzeOptions): Promise<{ inventory: BundleInventory; archive: ArchiveReadResult; sourceData: SourceData }> {
  const readings = new CandidateReadings();
  const { inventory, archive } = await readBundle(input, options.limits, (file) => readings.read(file), options.progress);
  return { inventory, archive, sourceData: readings.finish(inventory) };
}

/**
 * A folder or archive in which no source matched a single file (`/etc`, an empty folder, a
 * tar.gz of something else) has nothing to judge: a report of it would be all gaps and could
 * read as "nothing wrong". Bad input, so exit 2, saying what podmortem reads. A lone file has
 * its own detection and never gets here without a source.
 */
function refuseWithoutEvidence(input: InputInfo, inventory: BundleInventory, archive: ArchiveReadResult): void {
  // A note about the bundle (a redaction record) is not evidence: a folder holding only one has nothing to judge.
  const files = { notes: 0, evidence: 0 };
  for (const [source, found] of Object.entries(inventory.sources)) files[sourceLayout(source as SourceId).aboutBundle ? 'notes' : 'evidence'] += found?.files ?? 0;
  if (input.kind === 'file' || inventory.loneFile || files.evidence > 0) return;
  const seenFiles = inventory.unused.count + files.notes;
  const seen = seenFiles === 0 ? 'it holds no file' : `${seenFiles} ${seenFiles === 1 ? 'file' : 'files'}, none of a known name`;
  const stopped = archive.stopped ? `, reading stopped early: ${archive.stopped.message}` : '';
  throw new BundleError(
    `no known evidence in ${basename(input.path)} (${seen}${stopped}): podmortem reads its collector's bundle, an sos report, an EKS or Rancher log bundle, a copy of /var/log (kern.log, journal, pods/), or one kernel log or journal export`,
  );
}

/**
 * The second pass: the model asked for the log lines around kills the first pass did not keep
 * (the pod logs came before the kernel lines, or no kill time was known while they were read).
 * Reads just those files again, and the kills that waited for them take their lines: the same
 * as if they had been kept the first time (kill-windows.ts).
 */
async function readKillLogsAgain(input: InputInfo, limits: ArchiveLimits, inventory: BundleInventory, sources: SourceData): Promise<void> {
  const { windows } = sources.podLogs;
  const paths = new Set(windows.pendingReads().keys());
  if (paths.size === 0) return;
  await readAgain(input, limits, inventory.root, paths, (path, content) => windows.readAgain(path, content));
  windows.settle();
}

/**
 * The input is never modified: an output may not be the input file, nor lie inside an input
 * directory, and its folder must already exist. An existing output must be a regular file: the
 * report replaces it by a rename, which would silently swap a FIFO or a device for a file.
 */
export async function checkOutputPath(output: string, input: InputInfo): Promise<void> {
  const folder = dirname(resolve(output));
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo) throw new BundleError(`output folder does not exist: ${folder}`);
  if (!folderInfo.isDirectory()) throw new BundleError(`cannot write ${output}: ${folder} is a file, not a folder`);
  const outputInfo = await lstat(output).catch(() => null);
  if (outputInfo?.isDirectory()) throw new BundleError(`output path is a directory: ${output}`);
  // Writing through a link could land anywhere, the input included.
  if (outputInfo?.isSymbolicLink()) throw new BundleError(`output path is a symbolic link; name a regular file: ${output}`);
  if (outputInfo && !outputInfo.isFile()) throw new BundleError(`output path is ${specialKind(outputInfo)}, not a regular file: ${output}`);
  const inputReal = await realpath(input.path);
  const outputReal = resolve(await realpath(folder), basename(output));
  if (outputReal === inputReal) throw new BundleError(`output would overwrite the input: ${output}`);
  if (input.kind === 'directory') {
    const inside = relative(inputReal, outputReal);
    if (!inside.startsWith('..') && !isAbsolute(inside)) {
      throw new BundleError(`output ${output} is inside the input bundle folder; write it elsewhere (-o) so the input stays unchanged`);
    }
  }
  await checkWritable(output);
}

function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

function warningsFor(report: Report, written: readonly string[]): string[] {
  const warnings: string[] = [];
  // Only point to a report that was written (issue 14, point 6).
  const where = written[0] === undefined ? 'not shown: write a report with -o or --json to see them' : `in ${written[0]}`;
  const { archive } = report;
  if (archive.stopped) warnings.push(`reading stopped early: ${archive.stopped.message}; the report covers only what was read`);
  if (archive.warnings.length > 0)
    warnings.push(`archive: ${archive.warnings[0]}${archive.warnings.length > 1 ? ` (and ${counted(archive.warnings.length - 1, 'more archive warning')} ${where})` : ''}`);
  const lone = report.input.file;
  if (lone && archive.rejected[0]) warnings.push(`${report.input.name} was not read to its end: ${archive.rejected[0].reason}`);
  else if (archive.rejectedCount > 0)
    warnings.push(
      `${counted(archive.rejectedCount, 'archive entry', 'archive entries')} ${archive.rejectedCount === 1 ? 'was' : 'were'} rejected or cut (${written[0] === undefined ? 'write a report with -o or --json to see which' : `see the data coverage in ${written[0]}`})`,
    );
  if (lone) warnings.push(`${report.input.name} is a lone file, ${lone.title}, read as the ${lone.source} source; the other sources are not present in it. It cannot tell: ${lone.unknown}`);
  else if (report.node.manifest === 'absent') warnings.push('the bundle has no manifest.json: what the collector could not collect is unknown');
  const errored = report.ruleRuns.filter((run) => run.status === 'errored');
  if (errored.length > 0) warnings.push(`${counted(errored.length, 'rule')} failed with an internal error (see "Reporting a problem" in the README): ${errored.map((run) => run.ruleId).join(', ')}`);
  return warnings;
}
