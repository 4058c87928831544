/**
 * The OOM task table (`dump_tasks`), read by its header's column names because the columns
 * changed in 4.0, 4.15, 4.19 and 6.8 (domain-facts §4.2). Real sample (this machine, 6.18):
 *
 *   [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
 *   [   6519]     0  6519    10823     9782     8128     1654         0   131072        0           500 python3
 *     → { pid: 6519, uid: 0, tgid: 6519, totalVmPages: 10823, rssPages: 9782, rssAnonPages: 8128,
 *         rssFilePages: 1654, rssShmemPages: 0, pgtablesBytes: 131072, swapEntries: 0, oomScoreAdj: 500, name: 'python3' }
 *
 * A memcg OOM of a big cgroup lists thousands of rows: only the largest are kept.
 */
import type { OomTaskRow, OomTaskTable } from './oom-event.js';

const KEEP_BY_RSS = 20;
const KEEP_BY_ADJ = 5;
const MAX_PIDS = 65_536;
const ROW = /^\[ *(\d{1,10})\] +(\S.*)$/;

type NumericField = Exclude<keyof OomTaskRow, 'pid' | 'name'>;

const COLUMN_FIELDS: Record<string, NumericField> = {
  uid: 'uid',
  tgid: 'tgid',
  total_vm: 'totalVmPages',
  rss: 'rssPages',
  rss_anon: 'rssAnonPages',
  rss_file: 'rssFilePages',
  rss_shmem: 'rssShmemPages',
  pgtables_bytes: 'pgtablesBytes',
  nr_ptes: 'nrPtes',
  swapents: 'swapEntries',
  oom_score_adj: 'oomScoreAdj',
};

export class OomTaskTableBuilder {
  private byRss: OomTaskRow[] = [];
  private byAdj: OomTaskRow[] = [];
  private total = 0;
  private rssPagesTotal = 0;
  private malformedRows = 0;
  /** Every pid of the table (a report's victim is always in its table): decides whose table it is when two reports meet. */
  private readonly pids = new Set<number>();

  constructor(readonly columns: string[]) {}

  lists(pid: number): boolean {
    return this.pids.has(pid);
  }

  /** A row of this table, or false when the line is not one (so it can be something else). */
  add(text: string): boolean {
    const match = ROW.exec(text.trimEnd());
    if (!match) return false;
    const row = this.parseRow(Number(match[1]), match[2]!);
    if (!row) {
      this.malformedRows += 1;
      return true;
    }
    this.total += 1;
    if (this.pids.size < MAX_PIDS) this.pids.add(row.pid);
    this.rssPagesTotal += row.rssPages ?? 0;
    this.byRss = keepTop(this.byRss, row, KEEP_BY_RSS, byRss);
    this.byAdj = keepTop(this.byAdj, row, KEEP_BY_ADJ, byAdj);
    return true;
  }

  /** Columns between `pid` and `name` are numbers; the name is the rest and may hold spaces. */
  private parseRow(pid: number, rest: string): OomTaskRow | null {
    const numeric = this.columns.length - 2;
    const tokens = rest.split(/ +/);
    if (tokens.length <= numeric) return null;
    const row: OomTaskRow = {
      pid,
      uid: null,
      tgid: null,
      totalVmPages: null,
      rssPages: null,
      rssAnonPages: null,
      rssFilePages: null,
      rssShmemPages: null,
      pgtablesBytes: null,
      nrPtes: null,
      swapEntries: null,
      oomScoreAdj: null,
      name: tokens.slice(numeric).join(' '),
    };
    for (let index = 0; index < numeric; index += 1) {
      const token = tokens[index]!;
      if (!/^-?\d{1,20}$/.test(token)) return null;
      const field = COLUMN_FIELDS[this.columns[index + 1]!];
      if (field) row[field] = Number(token);
    }
    return row;
  }

  build(): OomTaskTable {
    const rows = top(this.byRss, KEEP_BY_RSS, byRss);
    for (const row of top(this.byAdj, KEEP_BY_ADJ, byAdj)) if (!rows.includes(row)) rows.push(row);
    rows.sort((a, b) => (b.rssPages ?? 0) - (a.rssPages ?? 0));
    return { columns: this.columns, rows, total: this.total, rssPagesTotal: this.rssPagesTotal, malformedRows: this.malformedRows };
  }
}

const byRss = (a: OomTaskRow, b: OomTaskRow) => (b.rssPages ?? 0) - (a.rssPages ?? 0);
const byAdj = (a: OomTaskRow, b: OomTaskRow) => (b.oomScoreAdj ?? 0) - (a.oomScoreAdj ?? 0) || byRss(a, b);

function top(rows: OomTaskRow[], limit: number, order: (a: OomTaskRow, b: OomTaskRow) => number): OomTaskRow[] {
  return [...rows].sort(order).slice(0, limit);
}

/** Keeps the `limit` best rows; sorting only when the buffer doubles keeps this O(n log k). */
function keepTop(rows: OomTaskRow[], row: OomTaskRow, limit: number, order: (a: OomTaskRow, b: OomTaskRow) => number): OomTaskRow[] {
  rows.push(row);
  return rows.length < limit * 2 ? rows : top(rows, limit, order);
}
