/**
 * The container's own account of a kill: which attempt (`N.log`) was running, whether the next
 * attempt (`N+1.log`) started right after (the restart boundary), the last lines written before
 * the kill and the first after the restart. A container whose same attempt keeps logging after
 * the kill lost a child process, not its life.
 */
import { rfc3339Stamp, WINDOW_AFTER, WINDOW_BEFORE } from '../sources/pod-logs/index.js';
import type { ContainerAttempt, KillWindows, PodLogLine, WindowLine } from '../sources/index.js';
import { normalisePodUid } from './cgroup-path.js';
import type { TimeModel } from './time-model.js';

export interface LogLine {
  time: string | null;
  stream: 'stdout' | 'stderr' | null;
  text: string;
}

export interface KillLogs {
  /** The attempt running at the kill, and the one after it if it started after the kill. */
  attempt: ContainerAttempt | null;
  next: ContainerAttempt | null;
  /** The container, when only the restart boundary pointed at it. */
  containerFromBoundary: string | null;
  restartBoundary: boolean;
  /** The same attempt kept writing after the kill. */
  loggedAfterKill: boolean;
  logBefore: LogLine[];
  logAfter: LogLine[];
}

/** As many as the kill windows keep (kill-window.ts). */
export const LOG_BEFORE_LINES = WINDOW_BEFORE;
export const LOG_AFTER_LINES = WINDOW_AFTER;
/** CRI stamps are exact, the kill time may be derived: allow this much either way. */
const SLACK_MS = 2_000;
/** The next attempt must start within this after the kill to count as its restart. */
const RESTART_WINDOW_MS = 10 * 60_000;
/** Lines this long after the kill in the same attempt mean the container kept running. */
const KEPT_RUNNING_MS = 5_000;

const NO_LOGS: KillLogs = { attempt: null, next: null, containerFromBoundary: null, restartBoundary: false, loggedAfterKill: false, logBefore: [], logAfter: [] };

/** A kill whose lines the windows did not hold: its files, its cut, and how to put the lines in once read. */
interface Miss {
  paths: string[];
  cutMs: number;
  refresh: () => void;
}

/** A container attempt with its first and last line's time resolved once. */
interface TimedAttempt {
  attempt: ContainerAttempt;
  firstMs: number | null;
  lastMs: number | null;
}

/**
 * Every pod's container attempts by pod UID and container name, in attempt order: built once per
 * analysis, so each kill looks up only its own pod (a crash loop has thousands of kills and attempts).
 */
export class AttemptIndex {
  private readonly byPod = new Map<string, Map<string, TimedAttempt[]>>();
  /** Per kill (pod uid and time): the files whose windows did not hold its lines yet. */
  private readonly misses = new Map<string, Miss[]>();

  /** `windows`: the lines around kills anywhere in a file (kill-windows.ts); without them, the attempts' tails. */
  constructor(
    attempts: readonly ContainerAttempt[],
    private readonly time: TimeModel,
    readonly windows: KillWindows | null = null,
  ) {
    for (const attempt of attempts) {
      const uid = normalisePodUid(attempt.uid);
      const containers = this.byPod.get(uid) ?? new Map<string, TimedAttempt[]>();
      this.byPod.set(uid, containers);
      const list = containers.get(attempt.container) ?? [];
      containers.set(attempt.container, list);
      list.push({ attempt, firstMs: this.ms(attempt.firstStamp), lastMs: this.ms(attempt.lastStamp) });
    }
    for (const containers of this.byPod.values()) for (const list of containers.values()) list.sort((a, b) => a.attempt.attempt - b.attempt.attempt);
  }

  /** The pod's containers and their attempts; only `container` when it is named. */
  containers(podUid: string, container: string | null): [string, TimedAttempt[]][] {
    const containers = this.byPod.get(normalisePodUid(podUid));
    if (!containers) return [];
    if (container === null) return [...containers.entries()];
    const list = containers.get(container);
    return list ? [[container, list]] : [];
  }

  /** Lists for the second pass the files of these kills (the ones whose lines the report shows) that the windows did not hold. */
  readAgainFor(kills: readonly { podUid: string | null; time: string | null }[]): void {
    for (const kill of kills)
      for (const miss of this.misses.get(missKey(kill.podUid, kill.time === null ? null : Date.parse(kill.time))) ?? []) this.windows?.request(miss.paths, miss.cutMs, miss.refresh);
  }

  noteMiss(podUid: string | null, killMs: number | null, miss: Miss): void {
    const key = missKey(podUid, killMs);
    const known = this.misses.get(key);
    if (known) known.push(miss);
    else this.misses.set(key, [miss]);
  }

  ms(stamp: PodLogLine['stamp']): number | null {
    return stamp ? this.time.utcMs(stamp) : null;
  }
}

/** The report's kill time is the ISO form of `killMs`: rounded to the millisecond the same way. */
function missKey(podUid: string | null, killMs: number | null): string {
  return `${podUid}@${killMs === null ? null : new Date(killMs).getTime()}`;
}

/** A kill's logs, and how to put its lines in: only the kills whose lines the report shows take them. */
export interface FoundKillLogs {
  logs: KillLogs;
  /**
   * Puts the lines around the kill into `logs.logBefore` and `logs.logAfter` (the arrays the kill
   * and its detail hold), and lists the files whose windows did not hold them for the second pass.
   */
  takeLines: () => void;
}

type KillTarget = { podUid: string | null; container: string | null; attempt: number | null; killMs: number | null };

export function killLogs(target: KillTarget, index: AttemptIndex, time: TimeModel): FoundKillLogs {
  const none = { logs: NO_LOGS, takeLines: () => undefined };
  if (!target.podUid || target.killMs === null) return none;
  const kill = target.killMs;
  const candidates = index.containers(target.podUid, target.container).map(([container, attempts]) => ({ container, ...runningAt(attempts, target.attempt, kill) }));
  const chosen = target.container ? candidates[0] : pickByBoundary(candidates);
  if (!chosen?.attempt) return none;
  const cutMs = kill + SLACK_MS;
  const { attempt, next } = chosen;
  const logs: KillLogs = {
    attempt,
    next,
    containerFromBoundary: target.container ? null : chosen.container,
    restartBoundary: chosen.boundary,
    loggedAfterKill: (chosen.lastMs ?? -Infinity) > kill + KEPT_RUNNING_MS,
    logBefore: [],
    logAfter: [],
  };
  // After the second pass the same arrays get the lines again: the kill and its detail hold them.
  const refresh = () => {
    const around = linesAround(attempt, next, cutMs, index, time);
    logs.logBefore.splice(0, logs.logBefore.length, ...around.logBefore);
    logs.logAfter.splice(0, logs.logAfter.length, ...around.logAfter);
    return around.missing;
  };
  const takeLines = () => {
    const missing = refresh();
    if (missing.length > 0 && index.windows) index.noteMiss(target.podUid, kill, { paths: missing, cutMs, refresh });
  };
  return { logs, takeLines };
}

/**
 * The lines around the kill wherever they sit in the attempt's files (kill-windows.ts), and the
 * files whose windows do not hold them yet; the attempt's tail (and the next one's head) until they do.
 */
function linesAround(attempt: ContainerAttempt, next: ContainerAttempt | null, cutMs: number, index: AttemptIndex, time: TimeModel): { logBefore: LogLine[]; logAfter: LogLine[]; missing: string[] } {
  const paths = attempt.files.map((file) => file.path);
  const window = index.windows?.cut(paths, cutMs) ?? null;
  // Nothing after the kill in the attempt: the lines after are the next attempt's first (restart).
  const nextPaths = next && !(window && window.after.length > 0) ? next.files.map((file) => file.path) : [];
  const nextWindow = nextPaths.length > 0 ? (index.windows?.cut(nextPaths, cutMs) ?? null) : null;
  const logBefore = window ? window.before.map((line) => windowLine(line, time)) : tailBefore(attempt, cutMs, index).map((line) => logLine(line, time));
  const after = window && window.after.length > 0 ? window.after : nextWindow?.after;
  const logAfter = after ? after.map((line) => windowLine(line, time)) : (next?.head ?? []).slice(0, LOG_AFTER_LINES).map((line) => logLine(line, time));
  return { logBefore, logAfter, missing: [...(window ? [] : paths), ...(nextWindow ? [] : nextPaths)] };
}

/** The attempt's last kept lines up to the cut: the lines before the kill when no window holds them. */
function tailBefore(attempt: ContainerAttempt, cutMs: number, index: AttemptIndex): PodLogLine[] {
  return attempt.tail.filter((line) => (index.ms(line.stamp) ?? -Infinity) <= cutMs).slice(-LOG_BEFORE_LINES);
}

interface Running {
  attempt: ContainerAttempt | null;
  lastMs: number | null;
  next: ContainerAttempt | null;
  boundary: boolean;
}

/** The attempt that was running at the kill: the stated one, else the last one started before it. */
function runningAt(attempts: TimedAttempt[], stated: number | null, killMs: number): Running {
  const index = stated !== null ? attempts.findIndex((a) => a.attempt.attempt === stated) : lastIndexWhere(attempts, (a) => (a.firstMs ?? Infinity) <= killMs + SLACK_MS);
  const running = attempts[index] ?? null;
  const following = attempts[index + 1] ?? null;
  const nextStart = following ? following.firstMs : null;
  const next = following && nextStart !== null && nextStart >= killMs - SLACK_MS && nextStart <= killMs + RESTART_WINDOW_MS ? following.attempt : null;
  const lastBeforeKill = running ? (running.lastMs ?? Infinity) <= killMs + SLACK_MS : false;
  return { attempt: running?.attempt ?? null, lastMs: running?.lastMs ?? null, next, boundary: next !== null && lastBeforeKill };
}

/** Without a container name, only an unambiguous restart boundary names the container. */
function pickByBoundary<T extends Running & { container: string }>(candidates: T[]): T | undefined {
  const withBoundary = candidates.filter((candidate) => candidate.boundary);
  return withBoundary.length === 1 ? withBoundary[0] : undefined;
}

function lastIndexWhere<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (test(items[i] as T)) return i;
  return -1;
}

function logLine(line: PodLogLine, time: TimeModel): LogLine {
  return { time: line.stamp ? time.utc(line.stamp) : null, stream: line.stream, text: line.text };
}

function windowLine(line: WindowLine, time: TimeModel): LogLine {
  const stamp = line.time === null ? null : rfc3339Stamp(line.time);
  return { time: stamp ? time.utc(stamp) : null, stream: line.stream, text: line.text };
}
