/**
 * Medians, the table printed per size, and the verdict against issue 8's targets: on the 2 GB
 * bundle podmortem's median wall time at most 1.5× the floor's median from the same run, and
 * its peak RSS under 256 MiB at every size; and issue 12's for tar.xz: at 500 MB at most 1.2× the
 * xz floor's (`xz -dc | tar -x`). Everything is computed as data first, then printed.
 */
import type { BenchInputs } from './bench-inputs.js';
import type { BenchSize } from './bench-options.js';
import type { ReadSummary, RunResult, Subject } from './bench-runs.js';

export const TARGETS = {
  wallRatio: 1.5,
  wallAtBytes: 2 * 1024 ** 3,
  rssBytes: 256 * 1024 ** 2,
  xzWallRatio: 1.2,
  xzWallAtBytes: 500 * 1024 ** 2,
  redactRatio: 1.5,
  redactAtBytes: 500 * 1024 ** 2,
} as const;

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface SubjectSummary {
  subject: Subject;
  runs: number;
  failed: number;
  wallMs: Spread;
  cpuMs: Spread;
  rssBytes: Spread | null;
  /** Median wall time over its floor's median wall time (tar.xz: the xz floor's). */
  ratio: number | null;
  /** The same over the RAM floor's, when it was measured. */
  ramRatio: number | null;
  /** Uncompressed bundle content per second of median wall time. */
  mibPerSecond: number;
}

export interface SizeResult {
  size: BenchSize;
  inputs: Pick<BenchInputs, 'facts' | 'archiveBytes' | 'zipBytes' | 'generatedSeconds' | 'derivedSeconds'> & { xzBytes?: number | null };
  subjects: SubjectSummary[];
  /** What each analyzer input's first good run read. */
  reads: Partial<Record<Subject, ReadSummary>>;
  failures: string[];
  /** 1-minute load average before and after the runs: other work on the machine makes wall times noisy. */
  load?: { before: number; after: number };
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

const FLOORS: readonly Subject[] = ['floor', 'floor-ram', 'floor-xz'];
const isFloor = (subject: Subject) => FLOORS.includes(subject);
/** The floor a subject is measured against: the tar.xz's own, which decodes the same tar with xz. */
const floorOf = (subject: Subject): Subject => (subject === 'tar.xz' ? 'floor-xz' : 'floor');

/** Per subject, over its successful runs; the floors come first, the rest in the order run. */
export function summarize(results: readonly RunResult[], contentBytes: number): SubjectSummary[] {
  const rank = (subject: Subject) => (isFloor(subject) ? FLOORS.indexOf(subject) : FLOORS.length);
  const subjects = [...new Set(results.map((result) => result.subject))].sort((a, b) => rank(a) - rank(b));
  const summaries = subjects.map((subject) => {
    const all = results.filter((result) => result.subject === subject);
    const good = all.filter((result) => result.exitCode === 0);
    const rss = good.map((result) => result.maxRssBytes).filter((value): value is number => value !== null);
    const wallMs = spread(good.map((result) => result.wallMs));
    return {
      subject,
      runs: good.length,
      failed: all.length - good.length,
      wallMs,
      cpuMs: spread(good.map((result) => result.cpuMs)),
      rssBytes: rss.length > 0 ? spread(rss) : null,
      ratio: null as number | null,
      ramRatio: null as number | null,
      mibPerSecond: contentBytes / 1024 ** 2 / (wallMs.median / 1000),
    };
  });
  const over = (subject: Subject, summary: SubjectSummary) => {
    const floor = summaries.find((candidate) => candidate.subject === subject);
    return floor && floor.runs > 0 && summary.runs > 0 ? summary.wallMs.median / floor.wallMs.median : null;
  };
  for (const summary of summaries) Object.assign(summary, { ratio: over(floorOf(summary.subject), summary), ramRatio: summary.subject === 'tar.xz' ? null : over('floor-ram', summary) });
  return summaries;
}

export interface Verdict {
  /** The target size's tar.gz ratio (and to the RAM floor); null when no size of 2 GiB or more was measured. */
  wall: { size: string; ratio: number; ramRatio: number | null; pass: boolean } | null;
  /** The largest measured size's tar.gz ratio, for when the target size was not measured. */
  largest: { size: string; ratio: number } | null;
  /** The highest peak RSS of any podmortem run, at any size. */
  rss: { bytes: number; size: string; subject: Subject; pass: boolean } | null;
  /** The tar.xz ratio to the xz floor at the smallest measured size of 500M or more (else the largest). */
  xz: RatioVerdict | null;
  /** Issue 15: redact's wall time ÷ analyze's on the same tar.gz, at the smallest size of 500M or more (else the largest). */
  redact: RatioVerdict | null;
  failures: number;
  /** The machine's cores, which cpuBound divides by. */
  cores: number;
}

export interface RatioVerdict {
  size: string;
  ratio: number;
  rssBytes: number | null;
  pass: boolean;
  atTarget: boolean;
  /**
   * The best ratio its CPU time allows on this machine: median CPU ÷ cores ÷ the reference's
   * median wall time. Even with every core busy from start to end it cannot be faster, so a
   * target below this needs less CPU, not better overlap.
   */
  cpuBound: number;
}

export function verdictOf(results: readonly SizeResult[], cores: number): Verdict {
  const tarGz = (result: SizeResult) => result.subjects.find((summary) => summary.subject === 'tar.gz');
  const tarGzRatio = (result: SizeResult) => tarGz(result)?.ratio ?? null;
  const measured = results.filter((result) => tarGzRatio(result) !== null).sort((a, b) => a.size.bytes - b.size.bytes);
  const target = measured.filter((result) => result.size.bytes >= TARGETS.wallAtBytes).at(-1);
  const largest = measured.at(-1);
  let rss: Verdict['rss'] = null;
  for (const result of results) {
    for (const summary of result.subjects) {
      if (isFloor(summary.subject) || !summary.rssBytes || (rss && rss.bytes >= summary.rssBytes.max)) continue;
      rss = { bytes: summary.rssBytes.max, size: result.size.label, subject: summary.subject, pass: summary.rssBytes.max < TARGETS.rssBytes };
    }
  }
  return {
    wall: target ? { size: target.size.label, ratio: tarGzRatio(target) as number, ramRatio: tarGz(target)?.ramRatio ?? null, pass: (tarGzRatio(target) as number) <= TARGETS.wallRatio } : null,
    largest: largest ? { size: largest.size.label, ratio: tarGzRatio(largest) as number } : null,
    rss,
    xz: ratioVerdict(results, 'tar.xz', 'floor-xz', { ratio: TARGETS.xzWallRatio, atBytes: TARGETS.xzWallAtBytes }, cores),
    redact: ratioVerdict(results, 'redact', 'tar.gz', { ratio: TARGETS.redactRatio, atBytes: TARGETS.redactAtBytes }, cores),
    failures: results.reduce((sum, result) => sum + result.failures.length, 0),
    cores,
  };
}

/**
 * `subject`'s wall time over `reference`'s (the tar.xz over the xz floor, redact over analyze of the
 * same tar.gz), at the smallest size of `atBytes` or more, else the largest measured.
 */
function ratioVerdict(results: readonly SizeResult[], subject: Subject, reference: Subject, target: { ratio: number; atBytes: number }, cores: number): RatioVerdict | null {
  const measured = results
    .map((result) => {
      const find = (name: Subject) => result.subjects.find((summary) => summary.subject === name && summary.runs > 0);
      const mine = find(subject);
      const theirs = find(reference);
      return mine && theirs ? { result, mine, theirs } : null;
    })
    .filter((entry) => entry !== null)
    .sort((a, b) => a.result.size.bytes - b.result.size.bytes);
  const chosen = measured.find(({ result }) => result.size.bytes >= target.atBytes) ?? measured.at(-1);
  if (!chosen) return null;
  const ratio = chosen.mine.wallMs.median / chosen.theirs.wallMs.median;
  const rssBytes = chosen.mine.rssBytes?.max ?? null;
  const atTarget = chosen.result.size.bytes >= target.atBytes;
  return {
    size: chosen.result.size.label,
    ratio,
    rssBytes,
    atTarget,
    pass: atTarget && ratio <= target.ratio && (rssBytes === null || rssBytes <= TARGETS.rssBytes),
    cpuBound: chosen.mine.cpuMs.median / cores / chosen.theirs.wallMs.median,
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);
/** `312 MiB` below a GiB, `2.00 GiB` from there. */
const amount = (bytes: number) => (bytes < 1024 ** 3 ? `${mib(bytes)} MiB` : `${(bytes / 1024 ** 3).toFixed(2)} GiB`);
const count = (n: number) => n.toLocaleString('en-US');
const LABELS: Record<Subject, string> = {
  floor: 'floor (tar -xzf + gzip -dc)',
  'floor-ram': 'floor in RAM (/dev/shm)',
  'floor-xz': 'xz floor (xz -dc | tar -x + gzip -dc)',
  'tar.gz': 'podmortem tar.gz',
  zip: 'podmortem zip',
  dir: 'podmortem dir',
  'tar.xz': 'podmortem tar.xz (÷ xz floor)',
  redact: 'podmortem redact tar.gz',
};

export function describeRun(run: RunResult): string {
  return `   run ${run.run} ${LABELS[run.subject]}: wall ${seconds(run.wallMs)} s, CPU ${seconds(run.cpuMs)} s, peak RSS ${run.maxRssBytes === null ? '-' : mib(run.maxRssBytes)} MiB, exit ${run.exitCode}`;
}

export function describeVerdict(verdict: Verdict): string {
  const mark = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const wall = verdict.wall
    ? `${verdict.wall.size} tar.gz wall ${verdict.wall.ratio.toFixed(2)}× floor (target ≤ ${TARGETS.wallRatio}×): ${mark(verdict.wall.pass)}${verdict.wall.ramRatio === null ? '' : ` (${verdict.wall.ramRatio.toFixed(2)}× the RAM floor)`}`
    : `wall target not measured (no size ≥ 2G)${verdict.largest ? `; largest ${verdict.largest.size}: ${verdict.largest.ratio.toFixed(2)}× floor` : ''}`;
  const rss = verdict.rss
    ? `peak RSS max ${mib(verdict.rss.bytes)} MiB (${verdict.rss.size} ${verdict.rss.subject}; target < ${mib(TARGETS.rssBytes)} MiB at every size): ${mark(verdict.rss.pass)}`
    : 'peak RSS not measured';
  const failures = verdict.failures > 0 ? ` · ${verdict.failures} failed run(s): see above` : '';
  const bound = (item: RatioVerdict) => `; its CPU alone bounds it at ${item.cpuBound.toFixed(2)}× on ${verdict.cores} cores`;
  const xz = verdict.xz
    ? ` · ${verdict.xz.size} tar.xz wall ${verdict.xz.ratio.toFixed(2)}× the xz floor, peak RSS ${verdict.xz.rssBytes === null ? '-' : mib(verdict.xz.rssBytes)} MiB (target ≤ ${TARGETS.xzWallRatio}× at 500M, ≤ ${mib(TARGETS.rssBytes)} MiB${bound(verdict.xz)}): ${verdict.xz.atTarget ? mark(verdict.xz.pass) : 'target size not measured'}`
    : '';
  const redact = verdict.redact
    ? ` · ${verdict.redact.size} redact wall ${verdict.redact.ratio.toFixed(2)}× analyze of the tar.gz, peak RSS ${verdict.redact.rssBytes === null ? '-' : mib(verdict.redact.rssBytes)} MiB (target ≤ ${TARGETS.redactRatio}× at 500M, ≤ ${mib(TARGETS.rssBytes)} MiB${bound(verdict.redact)}): ${verdict.redact.atTarget ? mark(verdict.redact.pass) : 'target size not measured'}`
    : '';
  return `verdict: ${wall} · ${rss}${xz}${redact}${failures}`;
}

export function describeBundle(result: SizeResult): string {
  const { facts, archiveBytes, zipBytes, xzBytes, generatedSeconds, derivedSeconds } = result.inputs;
  const made = generatedSeconds === null ? 'from the cache' : `generated in ${generatedSeconds.toFixed(1)} s`;
  return [
    `== ${result.size.label} (seed ${facts.seed}): ${amount(facts.contentBytes)} of content in ${count(facts.files)} files (${count(facts.podLogFiles)} pod logs, ${count(facts.gzFiles)} .gz), ${facts.pods} pods, ${facts.containers} containers (${facts.restartedContainers} restarted), ${facts.oomKills} OOM kills${facts.evictedPod ? ', 1 eviction' : ''}`,
    `   tar.gz ${amount(archiveBytes)}${zipBytes === null ? '' : `, zip ${amount(zipBytes)}`}${xzBytes ? `, tar.xz ${amount(xzBytes)}` : ''}; ${made}, directory and zip derived in ${derivedSeconds.toFixed(1)} s`,
  ].join('\n');
}

export function sizeTable(result: SizeResult): string {
  const hasRam = result.subjects.some((summary) => summary.subject === 'floor-ram');
  const header = ['', 'wall s median (min–max)', 'CPU s', 'peak RSS MiB (max)', 'MiB/s', 'wall / floor', ...(hasRam ? ['wall / RAM floor'] : []), 'CPU / floor'];
  const floorCpu = (subject: Subject) => result.subjects.find((summary) => summary.subject === floorOf(subject))?.cpuMs.median;
  const times = (ratio: number | null) => (ratio === null ? '-' : `${ratio.toFixed(2)}×`);
  const rows = result.subjects.map((summary) => [
    `${LABELS[summary.subject]}${summary.failed ? ` [${summary.failed} failed]` : ''}`,
    summary.runs ? `${seconds(summary.wallMs.median)} (${seconds(summary.wallMs.min)}–${seconds(summary.wallMs.max)})` : '-',
    summary.runs ? seconds(summary.cpuMs.median) : '-',
    summary.rssBytes ? `${mib(summary.rssBytes.median)} (${mib(summary.rssBytes.max)})` : '-',
    summary.runs ? summary.mibPerSecond.toFixed(0) : '-',
    times(summary.ratio),
    ...(hasRam ? [times(summary.ramRatio)] : []),
    times(floorCpu(summary.subject) && summary.runs ? summary.cpuMs.median / (floorCpu(summary.subject) as number) : null),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => `   ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   ')}`;
  const load = result.load ? [`   load average ${result.load.before.toFixed(2)} before, ${result.load.after.toFixed(2)} after the runs`] : [];
  return [describeBundle(result), line(header), ...rows.map(line), ...readLines(result), ...load].join('\n');
}

/** What the analyzer read against what was generated: a run that read less is flagged. */
function readLines(result: SizeResult): string[] {
  const { facts } = result.inputs;
  const lines: string[] = [];
  for (const [subject, read] of Object.entries(result.reads) as [Subject, ReadSummary][]) {
    const short = read.contentBytes < facts.contentBytes * 0.99 || read.stopped !== null || read.podLogFiles !== facts.podLogFiles;
    const what = `${count(read.entries)} entries, ${amount(read.contentBytes)}, ${count(read.podLogFiles)} pod log files, ${count(read.parseIssues)} parse issues, ${read.rejected} rejected`;
    lines.push(`   ${short ? 'WARNING: ' : ''}podmortem ${subject} read ${what}${read.stopped ? `; stopped: ${read.stopped}` : ''}`);
  }
  return [...lines, ...result.failures.map((failure) => `   FAILED: ${failure}`)];
}
