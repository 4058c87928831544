/**
 * `free` (procps, BusyBox), read by its column labels. Sample, procps-ng 4.0.2:
 *
 *                  total        used        free      shared  buff/cache   available
 *   Mem:        24684092      349112    23854476        8856      722712    24334980
 *   Swap:              0           0           0
 *
 *   → { layout: 'available', unit: 'KiB', memory: { totalKib: 24684092, usedKib: 349112, freeKib: 23854476, sharedKib: 8856,
 *       buffCacheKib: 722712, availableKib: 24334980 }, swap: { totalKib: 0, usedKib: 0, freeKib: 0 } }
 *
 * Old procps (≤ 3.3.9) prints `buffers cached` and a `-/+ buffers/cache:` line, and its `used`
 * includes buffers and cache. `free -h` values carry suffixes (`23Gi`, `8.6Mi`, `0B`); `-k`, `-m`,
 * `-g`, `-b` print bare numbers that look alike: KiB (the default) is assumed unless the memory
 * total cannot be a node's in KiB, and `unitFrom` says how the unit was decided.
 */
import type { SourceFile } from '../source-reader.js';
import { splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { hasSizeSuffix, parseKib } from './numbers.js';

export interface FreeMemory {
  totalKib: number | null;
  usedKib: number | null;
  freeKib: number | null;
  sharedKib: number | null;
  /** `buffers` (old, or `-w`). */
  buffersKib: number | null;
  /** `cached` (old) or `cache` (`-w`). */
  cacheKib: number | null;
  /** `buff/cache` (≥ 3.3.10, BusyBox). */
  buffCacheKib: number | null;
  /** `available` (≥ 3.3.10, from MemAvailable). */
  availableKib: number | null;
}

export interface FreeSwap {
  totalKib: number | null;
  usedKib: number | null;
  freeKib: number | null;
}

export interface FreeSnapshot {
  file: string;
  /** `available`: ≥ 3.3.10; `buffers-cache-line`: old with `-/+ buffers/cache`; `plain`: old without it. */
  layout: 'available' | 'buffers-cache-line' | 'plain';
  /** Old layouts count buffers and cache as used. */
  usedIncludesCache: boolean;
  /** What a bare number counted; `suffixed` when every value carried its own unit (`-h`). */
  unit: 'KiB' | 'MiB' | 'GiB' | 'bytes' | 'suffixed';
  unitFrom: 'suffix' | 'default' | 'magnitude';
  memory: FreeMemory | null;
  swap: FreeSwap | null;
  /** The old `-/+ buffers/cache:` line: used without, free with buffers and cache. */
  usedWithoutCacheKib: number | null;
  freeWithCacheKib: number | null;
}

const MEMORY_FIELDS = new Map<string, keyof FreeMemory>([
  ['total', 'totalKib'],
  ['used', 'usedKib'],
  ['free', 'freeKib'],
  ['shared', 'sharedKib'],
  ['buffers', 'buffersKib'],
  ['cached', 'cacheKib'],
  ['cache', 'cacheKib'],
  ['buff/cache', 'buffCacheKib'],
  ['available', 'availableKib'],
]);

/** Rows free prints besides Mem, Swap and the -/+ line (`-t`, `-l`): known, not read. */
const OTHER_ROWS = new Set(['Total:', 'Low:', 'High:', 'Comm:']);

export function createFreeReader() {
  return createLineReader(startFree, (snapshot) => snapshot.memory === null);
}

export function startFree(file: SourceFile, report: ReportIssue): LineParser<FreeSnapshot> {
  let labels: string[] | null = null;
  const rows = new Map<string, string[]>();
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0) return;
      if (!labels) {
        labels = words;
        const unknown = words.filter((label) => !MEMORY_FIELDS.has(label));
        if (unknown.length > 0) report(lineNo, `free column labels not known (translated? collect with LC_ALL=C): ${unknown.join(' ').slice(0, 200)}`);
        return;
      }
      if (text.startsWith('-/+')) return void rows.set('-/+', words.slice(2));
      if (words[0] === 'Mem:' || words[0] === 'Swap:') return void rows.set(words[0], words.slice(1));
      if (!OTHER_ROWS.has(words[0]!)) report(lineNo, 'not a free row');
    },
    finish() {
      if (!rows.has('Mem:')) report(null, 'no Mem: row found');
      return buildSnapshot(file.path, labels ?? [], rows);
    },
  };
}

function buildSnapshot(file: string, labels: string[], rows: Map<string, string[]>): FreeSnapshot {
  const mem = rows.get('Mem:');
  const swapRow = rows.get('Swap:');
  const cacheLine = rows.get('-/+');
  const { unit, unitFrom, unitKib } = decideUnit(labels, [mem, swapRow, cacheLine]);
  const read = (text: string | undefined) => (text === undefined ? null : parseKib(text, unitKib));
  let memory: FreeMemory | null = null;
  if (mem) {
    memory = { totalKib: null, usedKib: null, freeKib: null, sharedKib: null, buffersKib: null, cacheKib: null, buffCacheKib: null, availableKib: null };
    labels.forEach((label, index) => {
      const field = MEMORY_FIELDS.get(label);
      if (field) memory![field] = read(mem[index]);
    });
  }
  const at = (label: string) => labels.indexOf(label);
  const swap = swapRow ? { totalKib: read(swapRow[at('total')]), usedKib: read(swapRow[at('used')]), freeKib: read(swapRow[at('free')]) } : null;
  const layout = labels.includes('available') ? 'available' : cacheLine ? 'buffers-cache-line' : 'plain';
  return {
    file,
    layout,
    usedIncludesCache: layout !== 'available',
    unit,
    unitFrom,
    memory,
    swap,
    usedWithoutCacheKib: read(cacheLine?.[0]),
    freeWithCacheKib: read(cacheLine?.[1]),
  };
}

/** A node has between ~64 MiB and ~1 PiB of memory: a bare total outside that range in KiB was printed in another unit. */
function decideUnit(labels: string[], rows: (string[] | undefined)[]): { unit: FreeSnapshot['unit']; unitFrom: FreeSnapshot['unitFrom']; unitKib: number } {
  if (rows.some((row) => row?.some(hasSizeSuffix))) return { unit: 'suffixed', unitFrom: 'suffix', unitKib: 1 };
  const total = Number(rows[0]?.[labels.indexOf('total')] ?? NaN);
  if (!Number.isFinite(total) || total === 0) return { unit: 'KiB', unitFrom: 'default', unitKib: 1 };
  if (total > 2 ** 40) return { unit: 'bytes', unitFrom: 'magnitude', unitKib: 1 / 1024 };
  if (total < 64) return { unit: 'GiB', unitFrom: 'magnitude', unitKib: 1024 ** 2 };
  if (total < 65536) return { unit: 'MiB', unitFrom: 'magnitude', unitKib: 1024 };
  return { unit: 'KiB', unitFrom: 'default', unitKib: 1 };
}
