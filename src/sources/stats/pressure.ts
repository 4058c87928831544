/**
 * Pressure stall information, `/proc/pressure/{cpu,memory,io,irq}` (domain-facts §6.7): the one
 * source whose file name is data, as it names the resource. Sample, `stats/pressure/io`:
 *
 *   some avg10=1.82 avg60=0.55 avg300=0.12 total=918381
 *   full avg10=1.82 avg60=0.55 avg300=0.12 total=849700
 *
 *   → { io: { some: { avg10: 1.82, avg60: 0.55, avg300: 0.12, totalUs: 918381 }, full: { … totalUs: 849700 } } }
 *
 * avgN are percentages of wall time over 10/60/300 s; total is cumulative stall time in µs. The
 * `full` line of `cpu` appeared in 5.13 (always zero system-wide): a missing `full` is null, not an
 * issue. cgroup v2 files named `memory.pressure` are read the same way.
 */
import { basename } from 'node:path';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { splitWords } from './columns.js';
import { parseFileLines, type LineParser, type ReportIssue } from './line-reader.js';
import { parseDecimal, parseInteger } from './numbers.js';

export const PRESSURE_RESOURCES = ['cpu', 'memory', 'io', 'irq'] as const;
export type PressureResource = (typeof PRESSURE_RESOURCES)[number];

export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  totalUs: number;
}

export interface Pressure {
  file: string;
  /** Some tasks stalled on the resource. */
  some: PressureLine | null;
  /** All non-idle tasks stalled at once. */
  full: PressureLine | null;
}

export type PressureSnapshot = Record<PressureResource, Pressure | null>;

/** `memory`, `memory.txt`, `memory.pressure` → `memory`; anything else → null. */
export function pressureResourceOf(path: string): PressureResource | null {
  const name = basename(path).replace(/\.(?:pressure|txt)$/, '');
  return (PRESSURE_RESOURCES as readonly string[]).includes(name) ? (name as PressureResource) : null;
}

export function createPressureReader(): SourceReader<PressureSnapshot> {
  const snapshot: PressureSnapshot = { cpu: null, memory: null, io: null, irq: null };
  const candidates = new Map<PressureResource, number>();
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const resource = pressureResourceOf(file.path);
      if (!resource) return issues.add({ source: file.source, file: file.path, line: null, message: 'not a pressure file name (cpu, memory, io, irq): ignored' });
      const pressure = await parseFileLines(file, content, issues, startPressure);
      const kept = candidates.get(resource);
      if (kept === undefined || file.candidate < kept) {
        snapshot[resource] = pressure;
        candidates.set(resource, file.candidate);
      }
    },
    result: () => snapshot,
  };
}

export function startPressure(file: SourceFile, report: ReportIssue): LineParser<Pressure> {
  const pressure: Pressure = { file: file.path, some: null, full: null };
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0) return;
      const kind = words[0];
      const values = kind === 'some' || kind === 'full' ? readPressureLine(words) : null;
      if (!values) return report(lineNo, 'not a pressure line');
      pressure[kind as 'some' | 'full'] = values;
    },
    finish() {
      if (!pressure.some && !pressure.full) report(null, 'no pressure lines found');
      return pressure;
    },
  };
}

/** `some avg10=0.00 avg60=0.00 avg300=0.00 total=0` → PressureLine; null when a value is missing. */
function readPressureLine(words: string[]): PressureLine | null {
  const value = (key: string) => {
    const word = words.find((candidate) => candidate.startsWith(`${key}=`));
    return word === undefined ? null : word.slice(key.length + 1);
  };
  const avg10 = parseDecimal(value('avg10') ?? '');
  const avg60 = parseDecimal(value('avg60') ?? '');
  const avg300 = parseDecimal(value('avg300') ?? '');
  const totalUs = parseInteger(value('total') ?? '');
  if (avg10 === null || avg60 === null || avg300 === null || totalUs === null) return null;
  return { avg10, avg60, avg300, totalUs };
}
