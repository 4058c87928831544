/** Container logs (`podLogs`) and the `/var/log/containers` table (`containerLinks`). */
export { ATTEMPTS_WITH_LINES, createPodLogsReader } from './pod-logs-reader.js';
export { createContainerLinksReader, containerLink, parseContainerLinkLine, type ContainerLink, type ContainerLinkData } from './container-links-reader.js';
export { parseContainerLinkName, type ContainerLinkName } from './container-link-name.js';
export { parsePodLogPath, parsePodLogTarget, rotationStamp, uidForm, type PodLogLayout, type PodLogPath, type PodLogPathRejection, type UidForm } from './pod-log-path.js';
export { parseCriLine, parseUntaggedCriLine, type LogRecord, type LogStream } from './cri-line.js';
export { parseDockerJsonLine } from './docker-json-line.js';
export { detectLogFormat, type PodLogFormat } from './log-format.js';
export { HEAD_LINES, MAX_TEXT_CHARS, TAIL_LINES } from './log-file-parser.js';
export { rfc3339Stamp } from '../time-text.js';
export type { ContainerAttempt, IgnoredPodLogFile, IgnoredReason, PodLogContainer, PodLogData, PodLogDir, PodLogFile, PodLogLine } from './pod-log-data.js';
export { KillHints } from './kill-hints.js';
export { KillWindows, type KillWindow } from './kill-windows.js';
export { WINDOW_AFTER, WINDOW_BEFORE, type WindowLine } from './kill-window.js';
