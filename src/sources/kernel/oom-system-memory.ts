/**
 * The `Mem-Info:` block of a global OOM (`show_mem`), printed between the header and the task
 * table. Sample lines (kernel 5.15):
 *
 *   Mem-Info:
 *   active_anon:1834521 inactive_anon:102433 isolated_anon:0
 *    active_file:211 inactive_file:98 isolated_file:0
 *    …  free:21390 free_pcp:187 free_cma:0
 *   Node 0 DMA free:15360kB boost:0kB min:128kB …
 *   Free swap  = 0kB
 *   Total swap = 0kB
 *   2097018 pages RAM
 *     → { pages: { active_anon: 1834521, …, free: 21390 }, freeSwapKb: 0, totalSwapKb: 0, ramPages: 2097018 }
 *
 * Only the node-wide page counters and the swap / RAM totals are kept; per-zone lines are
 * recognised (so they count as report lines) and dropped.
 */
import type { OomSystemMemory } from './oom-event.js';
import { emptyRecord } from '../safe-record.js';

const PAGE_COUNTERS = /^ ?[a-z_]{1,40}:\d{1,20}(?: [a-z_]{1,40}:\d{1,20}){0,16}\s*$/;
const PAGE_COUNTER = /([a-z_]{1,40}):(\d{1,20})/g;
const SWAP = /^(Free|Total) swap *= *(\d{1,20})kB/;
const PAGES = /^(\d{1,20}) pages (RAM|reserved)/;
const MAX_COUNTERS = 48;

export class OomSystemMemoryBuilder {
  private readonly memory: OomSystemMemory = { pages: emptyRecord(), freeSwapKb: null, totalSwapKb: null, ramPages: null, reservedPages: null, unreclaimableSlabDump: false };
  private counters = 0;

  /** true when the line belongs to a Mem-Info block (kept or not). */
  add(text: string): boolean {
    if (PAGE_COUNTERS.test(text)) {
      for (const match of text.matchAll(PAGE_COUNTER)) {
        if (this.counters >= MAX_COUNTERS) break;
        this.memory.pages[match[1]!] = Number(match[2]);
        this.counters += 1;
      }
      return true;
    }
    const swap = SWAP.exec(text);
    if (swap) {
      if (swap[1] === 'Free') this.memory.freeSwapKb = Number(swap[2]);
      else this.memory.totalSwapKb = Number(swap[2]);
      return true;
    }
    const pages = PAGES.exec(text);
    if (pages) {
      if (pages[2] === 'RAM') this.memory.ramPages = Number(pages[1]);
      else this.memory.reservedPages = Number(pages[1]);
      return true;
    }
    if (text.startsWith('Unreclaimable slab info:')) {
      this.memory.unreclaimableSlabDump = true;
      return true;
    }
    return isOtherMemInfoLine(text);
  }

  build(): OomSystemMemory {
    return this.memory;
  }
}

/** Per-node and per-zone lines, page-cache totals, slab rows: part of the block, not kept. */
function isOtherMemInfoLine(text: string): boolean {
  return (
    text.startsWith('Node ') ||
    text.startsWith('lowmem_reserve[]') ||
    text.includes(' per-cpu:') ||
    text.startsWith('CPU ') ||
    / pages\b/.test(text) ||
    /^\S+ +\d+KB +\d+KB\s*$/.test(text) ||
    text.startsWith('Name ')
  );
}
