/**
 * The `podLogs` source: every file under `pods/` (or `var/log/pods/` in a hand-made bundle),
 * read once as a stream of lines. Files of one attempt may come in any order; they are put
 * together in `result()`. Memory does not grow with file sizes (see log-file-parser.ts and
 * attempt-logs.ts). Sample path and line:
 *
 *   `pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log`
 *   `2026-11-27T09:13:31.9Z stderr F WARN heap usage 96% after full GC`
 *     → attempt { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', uid: '6f1e…', container: 'api', attempt: 0,
 *                 tail: [{ stream: 'stderr', text: 'WARN heap usage 96% after full GC', line: 1, … }] }
 */
import { readLines } from '../lines.js';
import { compareText } from '../place-order.js';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { AttemptLogs } from './attempt-logs.js';
import { KeptLinesBudget } from './kept-lines-budget.js';
import type { KillHints } from './kill-hints.js';
import { WindowRecorder } from './kill-window.js';
import { KillWindows } from './kill-windows.js';
import { LogFileParser, type LogFileSummary } from './log-file-parser.js';
import type { IgnoredPodLogFile, PodLogContainer, PodLogData, PodLogDir } from './pod-log-data.js';
import { lonePodLogPath, parsePodLogPath, type PodLogPath } from './pod-log-path.js';

function attemptKey(name: PodLogPath): string {
  return `${name.uid}/${name.container}/${name.attempt}`;
}

/** A kill hint's window starts this long before it: the model's kill time may differ a little (another copy, another anchor). */
const HINT_MARGIN_MS = 10_000;
/** The model cuts at the kill time plus its slack (oom-logs.ts): a segment must start before that. */
const CUT_SLACK_MS = 2_000;

export function createPodLogsReader(budget = new KeptLinesBudget(), hints: KillHints | null = null): SourceReader<PodLogData> {
  const windows = new KillWindows();
  const attempts = new Map<string, AttemptLogs>();
  const containers = new AttemptsByContainer();
  const pods = new Map<string, PodLogDir>();
  const ignored: IgnoredPodLogFile[] = [];
  const unattributed: AttemptLogs[] = [];
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      // The layout only names paths under pods/: a top-level name is a lone container log.
      if (!file.path.includes('/')) return readUnattributed(file.path, content, report, budget, unattributed);
      const name = parsePodLogPath(file.path);
      if (name === 'temporary') return void ignored.push({ path: file.path, reason: 'temporary' });
      if (name === 'unrecognised') return report(null, 'not a pod log file name (expected <ns>_<pod>_<uid>/<container>/<n>.log[.<YYYYMMDD-hhmmss>[.gz]])');
      const key = attemptKey(name);
      let attempt = attempts.get(key);
      if (!attempt) {
        attempts.set(key, (attempt = new AttemptLogs(name)));
        containers.added(attempt);
      }
      const skip = attempt.skipReason(name);
      if (skip) return void ignored.push({ path: file.path, reason: skip });
      if (!pods.has(name.podDir)) pods.set(name.podDir, podDirOf(name));
      const recorder = windowRecorder(hints, windows, name.uid);
      await parseLogFile(content, report, budget, recorder, attempt, (summary, broken) => {
        if (recorder) windows.add(file.path, recorder.finish(broken));
        if (broken) containers.brokeOff();
        const superseded = attempt.add(file.path, name, summary, broken);
        if (superseded) ignored.push({ path: superseded, reason: 'superseded-by-gz' });
      });
    },
    result() {
      const sorted = [...attempts.values()].map((attempt) => attempt.toAttempt());
      sorted.sort((a, b) => compareText(a.uid, b.uid) || compareText(a.container, b.container) || a.attempt - b.attempt);
      return {
        pods: [...pods.values()].sort((a, b) => compareText(a.path, b.path)),
        containers: containersOf(sorted),
        attempts: sorted,
        ignored: ignored.slice().sort((a, b) => compareText(a.path, b.path)),
        unattributed: unattributed.map((logs) => logs.toAttempt()),
        windows,
      };
    },
  };
}

/**
 * Attempts per container whose head and tail lines a report shows: the pod view shows each
 * container's latest two (report/pod-view.ts). An older attempt's lines are otherwise read only
 * for a kill whose kill windows cannot answer (oom-logs.ts), and they always can once the second
 * pass has read the attempt's files, unless one of them broke off.
 */
export const ATTEMPTS_WITH_LINES = 2;

/**
 * The attempts of each container (pod directory's uid and container name) as they come. Once an
 * attempt has ATTEMPTS_WITH_LINES later ones, it drops its lines and keeps no more: in a crash loop
 * of 4,000 attempts they were most of the live heap (the 16 Mi character budget, then 12 short
 * lines per file), for lines no report shows. The model pairs attempts by pod uid across
 * directory names; the latest per directory are a superset of the latest per pod.
 *
 * Once a file broke off, nothing more is dropped and its attempt keeps lines again: a kill in it
 * shows that attempt's last lines (and the next one's first) instead of its window. What was
 * dropped before stays dropped: the lines of the attempt's files read earlier, and of the attempt
 * after it. That, in a bundle with a broken pod log, is the one case that keeps less than before.
 */
class AttemptsByContainer {
  /** Per container, the attempts that still keep lines: at most ATTEMPTS_WITH_LINES once dropping. */
  private readonly keeping = new Map<string, AttemptLogs[]>();
  private broken = false;

  /** A new attempt: it, or an older one of its container, may drop its lines. */
  added(attempt: AttemptLogs): void {
    const key = `${attempt.name.uid}/${attempt.name.container}`;
    const list = this.keeping.get(key) ?? [];
    this.keeping.set(key, list);
    list.push(attempt);
    if (this.broken) return;
    list.sort((a, b) => b.name.attempt - a.name.attempt);
    for (const older of list.splice(ATTEMPTS_WITH_LINES)) older.dropLines();
  }

  /** A file that broke off: from now on no attempt drops its lines. */
  brokeOff(): void {
    this.broken = true;
  }
}

async function readUnattributed(path: string, content: AsyncIterable<Buffer>, report: (line: number | null, message: string) => void, budget: KeptLinesBudget, into: AttemptLogs[]): Promise<void> {
  const name = lonePodLogPath(path);
  const logs = new AttemptLogs(name);
  into.push(logs);
  await parseLogFile(content, report, budget, null, logs, (summary) => logs.add(path, name, summary));
}

/** Windows at the kill times already known for this pod, while the first pass has room for them. */
function windowRecorder(hints: KillHints | null, windows: KillWindows, uid: string): WindowRecorder | null {
  if (!hints || !windows.roomLeft) return null;
  const times = hints.forPod(uid);
  return times.length > 0 ? new WindowRecorder(times.map((ms) => ms + CUT_SLACK_MS - HINT_MARGIN_MS)) : null;
}

/** Parses one file and hands its summary on, also when the content broke: a cut file is analyzed up to the cut. */
async function parseLogFile(
  content: AsyncIterable<Buffer>,
  report: (line: number | null, message: string) => void,
  budget: KeptLinesBudget,
  recorder: WindowRecorder | null,
  attempt: AttemptLogs,
  keep: (summary: LogFileSummary, broken: boolean) => void,
): Promise<void> {
  const parser = new LogFileParser(report, recorder);
  let broken = true;
  try {
    await readLines(content, parser);
    broken = false;
  } finally {
    const { summary, note } = budget.keep(parser.finish(), attempt.keepsLines || broken);
    if (note) report(null, note);
    keep(summary, broken);
  }
}

function podDirOf({ podDir, namespace, pod, uid, uidForm, layout }: PodLogPath): PodLogDir {
  return { path: podDir, namespace, pod, uid, uidForm, layout };
}

/** Attempts are sorted by UID, container and number: consecutive ones belong together. */
function containersOf(attempts: readonly { uid: string; namespace: string | null; pod: string | null; container: string; attempt: number }[]): PodLogContainer[] {
  const containers: PodLogContainer[] = [];
  for (const { uid, namespace, pod, container, attempt } of attempts) {
    const last = containers[containers.length - 1];
    if (last && last.uid === uid && last.container === container) last.attempts.push(attempt);
    else containers.push({ uid, namespace, pod, container, attempts: [attempt] });
  }
  return containers;
}
