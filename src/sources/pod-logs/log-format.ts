/**
 * Which line format a container log file uses, decided the way the kubelet does
 * (`getParseFunc`): try each parser on the first line. A file cut at its start by the collector's
 * budget may begin mid-line, so the reader tries the first few lines before falling back to
 * plain text.
 *
 *   `2024-01-01T12:00:00.123456789Z stdout F GET /healthz 200`          → 'cri'
 *   `2017-11-30T21:57:26.038813532Z stdout GET /healthz 200`            → 'cri-untagged' (before 1.9)
 *   `{"log":"GET /healthz 200\n","stream":"stdout","time":"2019-…Z"}`   → 'docker-json'
 *   `GET /healthz 200`                                                   → null (plain, if no line matches)
 */
import { hasCriTags, parseCriLine, parseUntaggedCriLine, type LogRecord } from './cri-line.js';
import { parseDockerJsonLine } from './docker-json-line.js';

export type PodLogFormat = 'cri' | 'cri-untagged' | 'docker-json' | 'plain';

export type RecordParser = (line: string) => LogRecord | null;

/** The structured format a line is written in, or null when it is none of them. */
export function detectLogFormat(line: string): Exclude<PodLogFormat, 'plain'> | null {
  if (line.charCodeAt(0) === 0x7b) return parseDockerJsonLine(line) ? 'docker-json' : null;
  if (hasCriTags(line)) return 'cri';
  return parseUntaggedCriLine(line) ? 'cri-untagged' : null;
}

function parsePlainLine(line: string): LogRecord {
  return { time: null, stream: null, partial: false, content: line };
}

export function recordParser(format: PodLogFormat): RecordParser {
  switch (format) {
    case 'cri':
      return parseCriLine;
    case 'cri-untagged':
      return parseUntaggedCriLine;
    case 'docker-json':
      return parseDockerJsonLine;
    case 'plain':
      return parsePlainLine;
  }
}
