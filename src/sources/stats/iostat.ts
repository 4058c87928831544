/**
 * `iostat -x` (sysstat), read by its column labels (domain-facts §6.3). Sample, `iostat -x -t 1 2`
 * on sysstat 12.6.1:
 *
 *   Linux 6.18.44-fc-v657 (vm) 	11/28/26 	_x86_64_	(2 CPU)
 *
 *   11/28/26 04:13:51
 *   avg-cpu:  %user   %nice %system %iowait  %steal   %idle
 *              4.75    0.00    0.82    0.07    0.00   94.35
 *
 *   Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util
 *   vda             26.40    367.67     5.64  17.60    0.09    13.93    2.75    358.31    10.09  78.60    1.06   130.46    3.60     49.60     0.03   0.76    0.06    13.77    0.16    0.02    0.01   0.17
 *
 *   → { system: { kernelRelease: '6.18.44-fc-v657', hostname: 'vm', arch: 'x86_64', cpuCount: 2 }, layout: 'flush',
 *       reports: [{ sinceBoot: true, stamp: { local: { year: 2026, month: 11, day: 28, … } }, cpu: { idlePercent: 94.35, … },
 *                   devices: [{ name: 'vda', readsPerSec: 26.4, readKibPerSec: 367.67, utilPercent: 0.17, … }] }, …] }
 *
 * A report starts at a `-t` stamp, at `avg-cpu:` or at a device table whose labels the current
 * report already has. `--pretty`/`-h` put `Device` last and may split the columns over several
 * tables: rows are merged by device name. The first report is marked since boot (with `-y` it is
 * not, which the output does not show).
 */
import type { Stamp } from '../stamp.js';
import type { SourceFile } from '../source-reader.js';
import { BoundedList, splitWords } from './columns.js';
import { IOSTAT_COLUMNS, iostatLayout, readIostatCpu, type IostatCpu, type IostatDevice, type IostatLayout } from './iostat-columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseWallStamp } from './wall-stamp.js';

export type { IostatCpu, IostatDevice, IostatLayout, IostatMetric } from './iostat-columns.js';

export interface IostatReport {
  /** Line where the report starts. */
  line: number;
  /** The first report of the output: averages since boot, not the interval. */
  sinceBoot: boolean;
  /** From `-t`; null without it. */
  stamp: Stamp | null;
  cpu: IostatCpu | null;
  devices: IostatDevice[];
  droppedDevices: number;
}

/** The first line: `Linux 5.15.0-1051-aws (ip-10-0-0-1) \t01/01/2024 \t_x86_64_\t(4 CPU)`. */
export interface IostatSystem {
  kernelRelease: string | null;
  hostname: string | null;
  /** As printed (its format follows LC_TIME). */
  date: string | null;
  arch: string | null;
  cpuCount: number | null;
}

export interface IostatSnapshot {
  file: string;
  system: IostatSystem | null;
  layout: IostatLayout;
  /** Every device column label seen, in order. */
  columns: string[];
  reports: IostatReport[];
  droppedReports: number;
}

export const MAX_IOSTAT_REPORTS = 100;
export const MAX_IOSTAT_DEVICES = 1000;

interface OpenReport extends IostatReport {
  tables: Set<string>;
  byName: Map<string, IostatDevice>;
}

interface DeviceTable {
  labels: string[];
  nameLast: boolean;
}

export function createIostatReader() {
  return createLineReader(startIostat, (snapshot) => snapshot.reports.length === 0);
}

export function startIostat(file: SourceFile, report: ReportIssue): LineParser<IostatSnapshot> {
  return new IostatParser(file.path, report);
}

class IostatParser implements LineParser<IostatSnapshot> {
  private readonly reports = new BoundedList<OpenReport>(MAX_IOSTAT_REPORTS);
  private readonly columns = new Set<string>();
  private system: IostatSystem | null = null;
  private current: OpenReport | null = null;
  private table: DeviceTable | null = null;
  private cpuLabels: string[] | null = null;

  constructor(
    private readonly file: string,
    private readonly report: ReportIssue,
  ) {}

  line(text: string, lineNo: number): void {
    const words = splitWords(text);
    if (words.length === 0) {
      this.table = null;
      this.cpuLabels = null;
    } else if (this.cpuLabels) {
      this.readCpuValues(words, lineNo);
    } else if (words[0] === 'avg-cpu:') {
      if (this.current === null || this.current.cpu !== null || this.current.devices.length > 0) this.open(lineNo, null);
      this.cpuLabels = words.slice(1);
    } else if (!this.readDeviceHeader(words, lineNo)) {
      if (this.table && this.current) addDeviceRow(this.current, this.table, words, lineNo, this.report);
      else this.readOtherLine(text, words, lineNo);
    }
  }

  finish(): IostatSnapshot {
    if (this.reports.items.length === 0) this.report(null, 'no iostat reports found');
    return {
      file: this.file,
      system: this.system,
      layout: iostatLayout(this.columns),
      columns: [...this.columns],
      reports: this.reports.items.map(({ tables: _tables, byName: _byName, ...kept }) => kept),
      droppedReports: this.reports.dropped,
    };
  }

  private open(line: number, stamp: Stamp | null): OpenReport {
    const sinceBoot = this.reports.items.length + this.reports.dropped === 0;
    const opened: OpenReport = { line, sinceBoot, stamp, cpu: null, devices: [], droppedDevices: 0, tables: new Set(), byName: new Map() };
    this.reports.push(opened);
    this.current = opened;
    return opened;
  }

  private readCpuValues(words: string[], lineNo: number): void {
    const cpu = readIostatCpu(this.cpuLabels!, words);
    this.cpuLabels = null;
    if (cpu && this.current) this.current.cpu = cpu;
    else this.report(lineNo, 'avg-cpu values do not match their labels');
  }

  /** A device table header; a table the current report already has starts the next report (`-d`). */
  private readDeviceHeader(words: string[], lineNo: number): boolean {
    const header = deviceHeader(words);
    if (!header) return false;
    const key = header.labels.join(' ');
    const into = this.current === null || this.current.tables.has(key) ? this.open(lineNo, null) : this.current;
    into.tables.add(key);
    for (const label of header.labels) this.columns.add(label);
    this.table = header;
    return true;
  }

  /** The `Linux …` first line, or a `-t` stamp that starts a report. */
  private readOtherLine(text: string, words: string[], lineNo: number): void {
    if (this.system === null && this.reports.items.length === 0 && words[0] === 'Linux') {
      this.system = readSystemLine(text);
      return;
    }
    const stamp = /^\d/.test(words[0]!) ? parseWallStamp(text) : null;
    if (stamp) this.open(lineNo, stamp);
    else this.report(lineNo, 'not an iostat line');
  }
}

/** `Device: rrqm/s …` (≤ 11.4), `Device r/s …`, or `r/s … Device` with `--pretty`/`-h`. */
function deviceHeader(words: string[]): DeviceTable | null {
  const first = words[0]!;
  if (first === 'Device' || first === 'Device:') return { labels: words.slice(1), nameLast: false };
  if (words[words.length - 1] === 'Device' && words.length > 1) return { labels: words.slice(0, -1), nameLast: true };
  return null;
}

function addDeviceRow(into: OpenReport, table: DeviceTable, words: string[], lineNo: number, report: ReportIssue): void {
  if (words.length !== table.labels.length + 1) return report(lineNo, `iostat device row has ${words.length} fields, the labels name ${table.labels.length + 1}`);
  const name = table.nameLast ? words[words.length - 1]! : words[0]!;
  const values = table.nameLast ? words.slice(0, -1) : words.slice(1);
  let device = into.byName.get(name);
  if (!device) {
    if (into.devices.length >= MAX_IOSTAT_DEVICES) {
      into.droppedDevices += 1;
      return;
    }
    device = { name, line: lineNo };
    into.byName.set(name, device);
    into.devices.push(device);
  }
  for (let index = 0; index < values.length; index += 1) {
    const column = IOSTAT_COLUMNS.get(table.labels[index]!);
    if (!column) continue;
    const value = column.read(values[index]!);
    if (value === null) report(lineNo, `iostat value "${values[index]!.slice(0, 40)}" under ${table.labels[index]} is not a number`);
    else device[column.metric] = value;
  }
}

const SYSTEM_LINE = /^Linux\s+(\S+)\s+\(([^)]*)\)\s+(.*?)\s+_(\S+)_\s+\((\d+)\s+CPU\)/;

function readSystemLine(text: string): IostatSystem {
  const match = text.length <= 1024 ? SYSTEM_LINE.exec(text) : null;
  if (!match) return { kernelRelease: splitWords(text)[1] ?? null, hostname: null, date: null, arch: null, cpuCount: null };
  return { kernelRelease: match[1]!, hostname: match[2]!, date: match[3]!.trim(), arch: match[4]!, cpuCount: Number(match[5]) };
}
