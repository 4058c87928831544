/**
 * The container's own account of a kill: which attempt (`N.log`) was running, whether the next
 * attempt (`N+1.log`) started right after (the restart boundary), the last lines written before
 * the kill and the first after the restart. A container whose same attempt keeps logging after
 * the kill lost a child process, not its life.
 */
import type { ContainerAttempt, PodLogLine, SourceData } from '../sources/index.js';
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

export const LOG_BEFORE_LINES = 20;
export const LOG_AFTER_LINES = 10;
/** CRI stamps are exact, the kill time may be derived: allow this much either way. */
const SLACK_MS = 2_000;
/** The next attempt must start within this after the kill to count as its restart. */
const RESTART_WINDOW_MS = 10 * 60_000;
/** Lines this long after the kill in the same attempt mean the container kept running. */
const KEPT_RUNNING_MS = 5_000;

const NO_LOGS: KillLogs = { attempt: null, next: null, containerFromBoundary: null, restartBoundary: false, loggedAfterKill: false, logBefore: [], logAfter: [] };

export function killLogs(
  target: { podUid: string | null; container: string | null; attempt: number | null; killMs: number | null },
  sources: SourceData,
  time: TimeModel,
): KillLogs {
  if (!target.podUid || target.killMs === null) return NO_LOGS;
  const uid = normalisePodUid(target.podUid);
  const ms = (stamp: PodLogLine['stamp']) => (stamp ? time.resolve(stamp).utcMs : null);
  const byContainer = new Map<string, ContainerAttempt[]>();
  for (const attempt of sources.podLogs.attempts) {
    if (normalisePodUid(attempt.uid) !== uid || (target.container && attempt.container !== target.container)) continue;
    byContainer.set(attempt.container, [...(byContainer.get(attempt.container) ?? []), attempt].sort((a, b) => a.attempt - b.attempt));
  }
  const candidates = [...byContainer.entries()].map(([container, attempts]) => ({ container, ...runningAt(attempts, target.attempt, target.killMs as number, ms) }));
  const chosen = target.container ? candidates[0] : pickByBoundary(candidates);
  if (!chosen?.attempt) return NO_LOGS;
  const kill = target.killMs;
  const before = chosen.attempt.tail.filter((line) => (ms(line.stamp) ?? -Infinity) <= kill + SLACK_MS);
  return {
    attempt: chosen.attempt,
    next: chosen.next,
    containerFromBoundary: target.container ? null : chosen.container,
    restartBoundary: chosen.boundary,
    loggedAfterKill: (ms(chosen.attempt.lastStamp) ?? -Infinity) > kill + KEPT_RUNNING_MS,
    logBefore: before.slice(-LOG_BEFORE_LINES).map((line) => logLine(line, time)),
    logAfter: (chosen.next?.head ?? []).slice(0, LOG_AFTER_LINES).map((line) => logLine(line, time)),
  };
}

interface Running {
  attempt: ContainerAttempt | null;
  next: ContainerAttempt | null;
  boundary: boolean;
}

/** The attempt that was running at the kill: the stated one, else the last one started before it. */
function runningAt(attempts: ContainerAttempt[], stated: number | null, killMs: number, ms: (stamp: PodLogLine['stamp']) => number | null): Running {
  const index = stated !== null ? attempts.findIndex((a) => a.attempt === stated) : lastIndexWhere(attempts, (a) => (ms(a.firstStamp) ?? Infinity) <= killMs + SLACK_MS);
  const attempt = attempts[index] ?? null;
  const following = attempts[index + 1] ?? null;
  const nextStart = following ? ms(following.firstStamp) : null;
  const next = following && nextStart !== null && nextStart >= killMs - SLACK_MS && nextStart <= killMs + RESTART_WINDOW_MS ? following : null;
  const lastBeforeKill = attempt ? (ms(attempt.lastStamp) ?? Infinity) <= killMs + SLACK_MS : false;
  return { attempt, next, boundary: next !== null && lastBeforeKill };
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
  return { time: line.stamp ? time.resolve(line.stamp).utc : null, stream: line.stream, text: line.text };
}
