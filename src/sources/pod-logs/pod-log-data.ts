/**
 * What the pod-logs reader hands to the model: the pod log directories, and per container
 * attempt (pod UID, container, attempt number) its files in order with counts, time range, and
 * the first and last logical lines. The model joins OOM kills to attempts by pod UID, container
 * name and time: the attempt that ended is N when N+1 exists (or N is the last and exited).
 */
import type { Stamp } from '../stamp.js';
import type { LogStream } from './cri-line.js';
import type { PodLogFormat } from './log-format.js';
import type { KillWindows } from './kill-windows.js';
import type { PodLogLayout, UidForm } from './pod-log-path.js';

export interface PodLogDir {
  /** Bundle path of the directory: `pods/<ns>_<pod>_<uid>`. */
  path: string;
  /** null in the UID-only layouts of Kubernetes ≤ 1.13. */
  namespace: string | null;
  pod: string | null;
  uid: string;
  uidForm: UidForm;
  layout: PodLogLayout;
}

/** One logical line: what the application wrote, with where it starts in the bundle. */
export interface PodLogLine {
  /** null for plain-text logs (no timestamps). */
  stamp: Stamp | null;
  stream: LogStream | null;
  /** At most MAX_TEXT_CHARS characters; `cut` says whether there was more. */
  text: string;
  file: string;
  /** 1-based line of the line's first fragment. */
  line: number;
  cut: boolean;
  /** A partial line still open at the end of its file. */
  unterminated: boolean;
}

export interface PodLogFile {
  path: string;
  /** The rotation suffix as node-local time; null for the live `N.log`. */
  rotatedAt: Stamp | null;
  compressed: boolean;
  /** null when the file was empty. */
  format: PodLogFormat | null;
  physicalLines: number;
  /** Logical lines (joined fragments). */
  lines: number;
  badLines: number;
  cutLines: number;
  firstStamp: Stamp | null;
  lastStamp: Stamp | null;
  /** Streams whose last line was still partial at the end of this file. */
  unterminated: LogStream[];
}

export interface ContainerAttempt {
  podPath: string;
  namespace: string | null;
  pod: string | null;
  uid: string;
  container: string;
  /** The restart count in the file name (`N.log`). */
  attempt: number;
  /** Rotated files by suffix (oldest first), the live file last. */
  files: PodLogFile[];
  /** Logical lines in all files. */
  lines: number;
  firstStamp: Stamp | null;
  lastStamp: Stamp | null;
  /** The first HEAD_LINES logical lines; overlaps `tail` when the attempt is short. */
  head: PodLogLine[];
  /**
   * The last TAIL_LINES logical lines, oldest first; empty (with `head`) for an attempt older than
   * a container's ATTEMPTS_WITH_LINES latest, which no report part shows (pod-logs-reader.ts).
   */
  tail: PodLogLine[];
  /** The number of the last line in `tail` (kept when the lines are dropped); null without lines. */
  lastLine: number | null;
  /** The attempt's last file ended inside a partial line (it died or was cut mid-line). */
  unterminated: boolean;
}

export interface PodLogContainer {
  uid: string;
  namespace: string | null;
  pod: string | null;
  container: string;
  /** Attempt numbers with log files, ascending. */
  attempts: number[];
}

export type IgnoredReason = 'temporary' | 'superseded-by-gz' | 'duplicate';

export interface IgnoredPodLogFile {
  path: string;
  reason: IgnoredReason;
}

export interface PodLogData {
  pods: PodLogDir[];
  containers: PodLogContainer[];
  attempts: ContainerAttempt[];
  ignored: IgnoredPodLogFile[];
  /** Container logs given alone: read, but tied to no pod (uid and container are empty: unknown). */
  unattributed: ContainerAttempt[];
  /** The lines around kills, and the files the model needs read again for them (kill-windows.ts). */
  windows: KillWindows;
}
