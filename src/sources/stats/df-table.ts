/**
 * The table `df` prints, shared by the block (`df`, `df -P`, `df -h`) and inode (`df -i`, `df -hi`)
 * readers (domain-facts §6.6). A row is the filesystem, an optional type (`-T`), four values and
 * the mount point, which may hold spaces, so the row is split into five (or six) words and the
 * rest. Old coreutils and BusyBox put a long device name on a line of its own and the values on
 * the next. Headers are read for the block unit only: translated labels do not matter.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedList, splitFields, splitWords } from './columns.js';
import type { LineParser, ReportIssue } from './line-reader.js';
import { hasSizeSuffix } from './numbers.js';

export interface DfTableRow {
  line: number;
  filesystem: string;
  type: string | null;
  /** The four values as printed: size (or inodes), used, available (or free), use%. */
  values: [string, string, string, string];
  mountedOn: string;
}

export interface DfTable {
  file: string;
  kind: 'blocks' | 'inodes' | null;
  /** KiB per unit of a bare block value: 1 for `1K-blocks`/`1024-blocks`, 0.5 for `512-blocks`. */
  unitKib: number;
  /** Values carry suffixes (`-h`): rounded by the tool. */
  humanReadable: boolean;
  rows: DfTableRow[];
  droppedRows: number;
}

export const MAX_DF_ROWS = 5000;

export function startDfTable(file: SourceFile, report: ReportIssue): LineParser<DfTable> {
  const rows = new BoundedList<DfTableRow>(MAX_DF_ROWS);
  const table: DfTable = { file: file.path, kind: null, unitKib: 1, humanReadable: false, rows: rows.items, droppedRows: 0 };
  let header: { hasType: boolean } | null = null;
  let wrapped: { name: string; line: number } | null = null;
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0) return;
      if (!header) {
        header = readHeader(table, words);
        return;
      }
      if (words.length === 1 && !wrapped) {
        wrapped = { name: words[0]!, line: lineNo };
        return;
      }
      const row = readRow(text, lineNo, header.hasType, wrapped?.name ?? null);
      wrapped = null;
      if (!row) return report(lineNo, 'not a df row');
      if (row.values.some(hasSizeSuffix)) table.humanReadable = true;
      rows.push(row);
    },
    finish() {
      if (wrapped) report(wrapped.line, 'df device name without its values');
      if (!header) report(null, 'no df table found');
      table.droppedRows = rows.dropped;
      return table;
    },
  };
}

/** `Filesystem 1K-blocks Used Available Use% Mounted on` (`Mounted on` is two words; `Type` with -T). */
function readHeader(table: DfTable, words: string[]): { hasType: boolean } {
  const hasType = words.includes('Type') || words.includes('Typ');
  if (words.some((word) => /^(?:Inodes|IUsed|IFree|IUse%)$/i.test(word))) {
    table.kind = 'inodes';
    return { hasType };
  }
  table.kind = 'blocks';
  const blocks = /^(\d+)(?:([KMGTPE])(B?))?-blocks$/i.exec(words[hasType ? 2 : 1] ?? '');
  if (blocks) {
    const power = blocks[2] ? ' KMGTPE'.indexOf(blocks[2].toUpperCase()) : 0;
    table.unitKib = (Number(blocks[1]) * (blocks[3] ? 1000 : 1024) ** power) / 1024;
  }
  return { hasType };
}

function readRow(text: string, line: number, hasType: boolean, wrappedName: string | null): DfTableRow | null {
  const count = hasType ? 7 : 6;
  const fields = wrappedName === null ? splitFields(text, count) : [wrappedName, ...splitFields(text, count - 1)];
  if (fields.length !== count) return null;
  const [filesystem, ...rest] = fields as [string, ...string[]];
  const type = hasType ? rest.shift()! : null;
  const [size, used, available, percent, mountedOn] = rest as [string, string, string, string, string];
  if (!/^(?:\d+(?:[.,]\d+)?%|-)$/.test(percent)) return null;
  return { line, filesystem, type, values: [size, used, available, percent], mountedOn };
}
