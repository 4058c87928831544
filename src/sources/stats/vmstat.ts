/**
 * `vmstat` (procps-ng), read by its column labels (domain-facts §6.1). Sample, `vmstat -w -t 1 3`
 * on procps-ng 4.0.2:
 *
 *   --procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu---------- -----timestamp-----
 *      r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu                 UTC
 *      1    0            0     23836788        46908       673960    0    0   183   174  120  202   4   1  95   0   0   0 2026-11-28 04:13:14
 *
 *   → { timezone: 'UTC', samples: [{ sinceBoot: true, runnable: 1, blocked: 0, freeKib: 23836788, cacheKib: 673960,
 *        blocksInPerSec: 183, cpuIdlePercent: 95, cpuGuestPercent: 0, stamp: { utcMs: Date.UTC(2026, 10, 28, 4, 13, 14) } }] }
 *
 * Variants: `gu` (4.0.x wide, default from 4.0.4), no `st` (old 3.x), `-a` (`inact active` instead
 * of `buff cache`), `-t` (zone on the label line, date and time ending each row), the header
 * repeated every screenful. Only the first row of the file is since boot: its `si so bi bo in cs`
 * and cpu columns are averages since boot (and wrong before procps-ng 4.0.3; with `-y` there is no
 * such row, which the output does not show). Memory columns are KiB, the default; `-S` is not
 * visible in the output.
 */
import type { Stamp } from '../stamp.js';
import { BoundedList, splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger } from './numbers.js';
import { parseWallStamp } from './wall-stamp.js';
import type { SourceFile } from '../source-reader.js';

export interface VmstatSample {
  line: number;
  /** The first row of the output: rates and cpu shares are averages since boot, not this interval. */
  sinceBoot: boolean;
  /** From `-t`; null without it. */
  stamp: Stamp | null;
  runnable: number | null;
  /** Tasks in uninterruptible sleep (`b`). */
  blocked: number | null;
  swapUsedKib: number | null;
  freeKib: number | null;
  buffersKib: number | null;
  cacheKib: number | null;
  inactiveKib: number | null;
  activeKib: number | null;
  swapInKibPerSec: number | null;
  swapOutKibPerSec: number | null;
  blocksInPerSec: number | null;
  blocksOutPerSec: number | null;
  interruptsPerSec: number | null;
  contextSwitchesPerSec: number | null;
  cpuUserPercent: number | null;
  cpuSystemPercent: number | null;
  cpuIdlePercent: number | null;
  cpuIowaitPercent: number | null;
  cpuStealPercent: number | null;
  cpuGuestPercent: number | null;
}

export interface VmstatSnapshot {
  file: string;
  /** Column labels of the last label line, as printed (`r b swpd … st gu`). */
  columns: string[];
  /** Zone abbreviation printed by `-t` on the label line, e.g. `UTC`. */
  timezone: string | null;
  samples: VmstatSample[];
  droppedSamples: number;
}

type SampleValue = Exclude<keyof VmstatSample, 'line' | 'sinceBoot' | 'stamp'>;

const FIELD_OF_LABEL = new Map<string, SampleValue>([
  ['r', 'runnable'],
  ['b', 'blocked'],
  ['swpd', 'swapUsedKib'],
  ['free', 'freeKib'],
  ['buff', 'buffersKib'],
  ['cache', 'cacheKib'],
  ['inact', 'inactiveKib'],
  ['active', 'activeKib'],
  ['si', 'swapInKibPerSec'],
  ['so', 'swapOutKibPerSec'],
  ['bi', 'blocksInPerSec'],
  ['bo', 'blocksOutPerSec'],
  ['in', 'interruptsPerSec'],
  ['cs', 'contextSwitchesPerSec'],
  ['us', 'cpuUserPercent'],
  ['sy', 'cpuSystemPercent'],
  ['id', 'cpuIdlePercent'],
  ['wa', 'cpuIowaitPercent'],
  ['st', 'cpuStealPercent'],
  ['gu', 'cpuGuestPercent'],
]);

export const MAX_VMSTAT_SAMPLES = 5000;

export function createVmstatReader() {
  return createLineReader(startVmstat, (snapshot) => snapshot.samples.length === 0);
}

export function startVmstat(file: SourceFile, report: ReportIssue): LineParser<VmstatSnapshot> {
  const samples = new BoundedList<VmstatSample>(MAX_VMSTAT_SAMPLES);
  let columns: string[] = [];
  let fields: (SampleValue | null)[] = [];
  let timestamped = false;
  let timezone: string | null = null;
  let rows = 0;
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0) return;
      if (words[0]!.includes('procs')) {
        timestamped = text.includes('timestamp');
        return;
      }
      if (words[0] === 'r' && words[1] === 'b') {
        const last = words[words.length - 1]!;
        // The zone of `-t` ends the label line: `UTC`, `CET`, `+03`; labels are lower case.
        if (!FIELD_OF_LABEL.has(last) && (timestamped || /^[A-Z+-]/.test(last))) timezone = words.pop()!;
        columns = words;
        fields = words.map((label) => FIELD_OF_LABEL.get(label) ?? null);
        const unknown = words.filter((label) => !FIELD_OF_LABEL.has(label));
        if (unknown.length > 0) report(lineNo, `vmstat column labels not known (translated? collect with LC_ALL=C): ${unknown.join(' ').slice(0, 200)}`);
        return;
      }
      if (columns.length === 0) return report(lineNo, 'vmstat row before the column labels: ignored');
      const sample = readSample(words, fields, timezone, lineNo, rows === 0);
      if (typeof sample === 'string') return report(lineNo, sample);
      rows += 1;
      samples.push(sample);
    },
    finish() {
      if (rows === 0) report(null, 'no vmstat samples found');
      return { file: file.path, columns, timezone, samples: samples.items, droppedSamples: samples.dropped };
    },
  };
}

function readSample(words: string[], fields: (SampleValue | null)[], timezone: string | null, line: number, sinceBoot: boolean): VmstatSample | string {
  let stamp: Stamp | null = null;
  if (words.length === fields.length + 2) {
    stamp = parseWallStamp(`${words[fields.length]} ${words[fields.length + 1]}`, timezone);
    if (!stamp) return 'vmstat row ends with an unreadable timestamp';
  } else if (words.length !== fields.length) {
    return `vmstat row has ${words.length} fields, the labels name ${fields.length}`;
  }
  const sample = emptySample(line, sinceBoot, stamp);
  for (let index = 0; index < fields.length; index += 1) {
    const value = parseInteger(words[index]!);
    if (value === null) return `vmstat value "${words[index]!.slice(0, 40)}" is not a number`;
    const field = fields[index];
    if (field) sample[field] = value;
  }
  return sample;
}

function emptySample(line: number, sinceBoot: boolean, stamp: Stamp | null): VmstatSample {
  return {
    line,
    sinceBoot,
    stamp,
    runnable: null,
    blocked: null,
    swapUsedKib: null,
    freeKib: null,
    buffersKib: null,
    cacheKib: null,
    inactiveKib: null,
    activeKib: null,
    swapInKibPerSec: null,
    swapOutKibPerSec: null,
    blocksInPerSec: null,
    blocksOutPerSec: null,
    interruptsPerSec: null,
    contextSwitchesPerSec: null,
    cpuUserPercent: null,
    cpuSystemPercent: null,
    cpuIdlePercent: null,
    cpuIowaitPercent: null,
    cpuStealPercent: null,
    cpuGuestPercent: null,
  };
}
