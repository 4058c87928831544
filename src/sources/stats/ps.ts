/**
 * The process table, read by its header labels. The collector writes `stats/ps.txt` from /proc,
 * tab-separated (common.md); plain `ps -eo …`, `ps aux`, `ps -ef` and BusyBox `ps` work too.
 * Sample, the collector's format read from a real /proc (cgroup v1: the memory controller's path):
 *
 *   PID	PPID	STATE	UID	RSS_KB	VSZ_KB	OOM_SCORE_ADJ	COMM	CGROUP	ARGS
 *   3953	3952	S	0	4264	5208	0	bash	/process_api/0bbc31debb0ce670cafbb52891ec8c49	bash /dev/fd/3
 *
 *   → { format: 'tab-separated', processes: [{ pid: 3953, ppid: 3952, state: 'S', uid: 0, rssKib: 4264, vszKib: 5208,
 *       oomScoreAdj: 0, comm: 'bash', cgroup: '/process_api/0bbc31debb0ce670cafbb52891ec8c49', args: 'bash /dev/fd/3' }] }
 *
 * On a node the cgroup names the pod and container:
 * `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope`.
 * `COMMAND`/`CMD` is the command line when it is the last column (`ps aux`, `ps -ef`) and the
 * name otherwise (`ps -eo pid,comm,args` labels both `COMMAND`). Sizes are KiB unless suffixed.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedList, splitFields, splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger, parseKib, parsePercent } from './numbers.js';

export interface ProcessRow {
  line: number;
  pid: number;
  ppid: number | null;
  /** `S`, `Ssl`, `D`, `Z` …: as printed. */
  state: string | null;
  uid: number | null;
  /** A user name, when the table shows names (`ps aux`, `ps -ef`). */
  user: string | null;
  rssKib: number | null;
  vszKib: number | null;
  oomScoreAdj: number | null;
  cpuPercent: number | null;
  memPercent: number | null;
  /** The short name (`/proc/<pid>/comm`). */
  comm: string | null;
  /** The memory-controller path (v1) or the `0::` path (v2). */
  cgroup: string | null;
  /** The command line (secrets redacted by the collector). */
  args: string | null;
}

export interface ProcessTable {
  file: string;
  format: 'tab-separated' | 'whitespace';
  columns: string[];
  processes: ProcessRow[];
  droppedProcesses: number;
}

export const MAX_PROCESSES = 5000;

type Fill = (row: ProcessRow, text: string) => void;

const fillUid: Fill = (row, text) => {
  const uid = parseInteger(text);
  if (uid === null) row.user = text;
  else row.uid = uid;
};

const FILL_OF_LABEL = new Map<string, Fill>([
  ['PPID', (row, text) => (row.ppid = parseInteger(text))],
  ['STATE', (row, text) => (row.state = text)],
  ['STAT', (row, text) => (row.state = text)],
  ['S', (row, text) => (row.state = text)],
  ['UID', fillUid],
  ['RUID', fillUid],
  ['EUID', fillUid],
  ['USER', (row, text) => (row.user = text)],
  ['RUSER', (row, text) => (row.user = text)],
  ['EUSER', (row, text) => (row.user = text)],
  ['RSS_KB', (row, text) => (row.rssKib = parseKib(text))],
  ['RSS', (row, text) => (row.rssKib = parseKib(text))],
  ['RSZ', (row, text) => (row.rssKib = parseKib(text))],
  ['VSZ_KB', (row, text) => (row.vszKib = parseKib(text))],
  ['VSZ', (row, text) => (row.vszKib = parseKib(text))],
  ['VSIZE', (row, text) => (row.vszKib = parseKib(text))],
  ['OOM_SCORE_ADJ', (row, text) => (row.oomScoreAdj = parseInteger(text))],
  ['%CPU', (row, text) => (row.cpuPercent = parsePercent(text))],
  ['%MEM', (row, text) => (row.memPercent = parsePercent(text))],
  ['COMM', (row, text) => (row.comm = text)],
  ['UCOMM', (row, text) => (row.comm = text)],
  ['CGROUP', (row, text) => (row.cgroup = text)],
  ['ARGS', (row, text) => (row.args = text)],
]);

const setArgs: Fill = (row, text) => (row.args = text);
const setComm: Fill = (row, text) => (row.comm = text);

export function createPsReader() {
  return createLineReader(startPs, (table) => table.processes.length === 0);
}

export function startPs(file: SourceFile, report: ReportIssue): LineParser<ProcessTable> {
  const processes = new BoundedList<ProcessRow>(MAX_PROCESSES);
  let columns: string[] = [];
  let fills: (Fill | null)[] = [];
  let pidAt = -1;
  let tabs = false;
  return {
    line(text, lineNo) {
      if (text.trim() === '') return;
      if (columns.length === 0) {
        tabs = text.includes('\t');
        const labels = tabs ? text.split('\t').map((label) => label.trim()) : splitWords(text);
        pidAt = labels.indexOf('PID');
        if (pidAt === -1) return report(lineNo, 'process table row before its header (no PID label): ignored');
        columns = labels;
        fills = labels.map((label, index) => fillOf(label, index === labels.length - 1));
        return;
      }
      if (processes.full) {
        processes.dropped += 1;
        return;
      }
      const fields = tabs ? splitTabs(text, columns.length) : splitFields(text, columns.length);
      const pid = parseInteger(fields[pidAt] ?? '');
      if (pid === null || fields.length < columns.length - 1) return report(lineNo, 'not a process row');
      processes.push(readRow(fields, fills, pid, lineNo));
    },
    finish() {
      if (columns.length === 0) report(null, 'no process table header found');
      return { file: file.path, format: tabs ? 'tab-separated' : 'whitespace', columns, processes: processes.items, droppedProcesses: processes.dropped };
    },
  };
}

function fillOf(label: string, last: boolean): Fill | null {
  const upper = label.toUpperCase();
  if (upper === 'COMMAND' || upper === 'CMD') return last ? setArgs : setComm;
  return FILL_OF_LABEL.get(upper) ?? null;
}

/** `a\tb\tc d\te` with count 3 → `['a', 'b', 'c d\te']`: ARGS keeps any tab it held. */
function splitTabs(text: string, count: number): string[] {
  const parts = text.split('\t');
  if (parts.length <= count) return parts;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('\t')];
}

function readRow(fields: string[], fills: (Fill | null)[], pid: number, line: number): ProcessRow {
  const row: ProcessRow = {
    line,
    pid,
    ppid: null,
    state: null,
    uid: null,
    user: null,
    rssKib: null,
    vszKib: null,
    oomScoreAdj: null,
    cpuPercent: null,
    memPercent: null,
    comm: null,
    cgroup: null,
    args: null,
  };
  for (let index = 0; index < fills.length; index += 1) {
    const text = (fields[index] ?? '').trim();
    if (text !== '' && text !== '-') fills[index]?.(row, text);
  }
  return row;
}
