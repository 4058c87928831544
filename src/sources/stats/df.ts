/**
 * `df -P` (and `df`, `df -h`, BusyBox `df`) → DfSnapshot, `df -P -i` (and `df -hi`) →
 * DfInodesSnapshot; the table itself is read by df-table.ts. Sample, `df -P` (coreutils 9.1):
 *
 *   Filesystem              1024-blocks     Used Available Capacity Mounted on
 *   /dev/vda                  264212084 22801176  83589736      22% /
 *
 *   → { rows: [{ filesystem: '/dev/vda', sizeKib: 264212084, usedKib: 22801176, availableKib: 83589736, usePercent: 22, mountedOn: '/' }] }
 *
 * and `df -P -i`: `/dev/vda                16777216 407381 16369835    3% /` → { inodes: 16777216, used: 407381, free: 16369835,
 * usePercent: 3 }. Filesystems without inodes show `-`: null. `-h` sizes are powers of 1024 (`-H`,
 * powers of 1000, looks the same and is read as 1024).
 */
import type { SourceFile } from '../source-reader.js';
import { startDfTable, type DfTable, type DfTableRow } from './df-table.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseCount, parseKib, parsePercent } from './numbers.js';

export interface DfRow {
  line: number;
  filesystem: string;
  /** With `df -T`. */
  type: string | null;
  sizeKib: number | null;
  usedKib: number | null;
  availableKib: number | null;
  usePercent: number | null;
  mountedOn: string;
}

export interface DfSnapshot {
  file: string;
  /** Values were printed rounded with suffixes (`-h`). */
  humanReadable: boolean;
  rows: DfRow[];
  droppedRows: number;
}

export interface DfInodesRow {
  line: number;
  filesystem: string;
  type: string | null;
  inodes: number | null;
  used: number | null;
  free: number | null;
  usePercent: number | null;
  mountedOn: string;
}

export interface DfInodesSnapshot {
  file: string;
  humanReadable: boolean;
  rows: DfInodesRow[];
  droppedRows: number;
}

export function createDfReader() {
  return createLineReader(startDf, (snapshot) => snapshot.rows.length === 0);
}

export function createDfInodesReader() {
  return createLineReader(startDfInodes, (snapshot) => snapshot.rows.length === 0);
}

export function startDf(file: SourceFile, report: ReportIssue): LineParser<DfSnapshot> {
  return mapTable(file, report, 'blocks', (row, table) => ({
    line: row.line,
    filesystem: row.filesystem,
    type: row.type,
    sizeKib: parseKib(row.values[0], table.unitKib),
    usedKib: parseKib(row.values[1], table.unitKib),
    availableKib: parseKib(row.values[2], table.unitKib),
    usePercent: parsePercent(row.values[3]),
    mountedOn: row.mountedOn,
  }));
}

export function startDfInodes(file: SourceFile, report: ReportIssue): LineParser<DfInodesSnapshot> {
  return mapTable(file, report, 'inodes', (row) => ({
    line: row.line,
    filesystem: row.filesystem,
    type: row.type,
    inodes: parseCount(row.values[0]),
    used: parseCount(row.values[1]),
    free: parseCount(row.values[2]),
    usePercent: parsePercent(row.values[3]),
    mountedOn: row.mountedOn,
  }));
}

/** Runs the shared table parser and maps its rows; a table of the other kind is reported and left empty. */
function mapTable<R>(file: SourceFile, report: ReportIssue, kind: 'blocks' | 'inodes', map: (row: DfTableRow, table: DfTable) => R) {
  const table = startDfTable(file, report);
  return {
    line: (text: string, lineNo: number) => table.line(text, lineNo),
    finish() {
      const parsed = table.finish();
      const wrongKind = parsed.kind !== null && parsed.kind !== kind;
      if (wrongKind) report(null, `df table shows ${parsed.kind}, not ${kind}: ignored`);
      const rows = wrongKind ? [] : parsed.rows.map((row) => map(row, parsed));
      return { file: parsed.file, humanReadable: parsed.humanReadable, rows, droppedRows: parsed.droppedRows };
    },
  };
}
