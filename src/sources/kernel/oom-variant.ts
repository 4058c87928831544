import type { OomEvent, OomReportVariant, OomTaskRow, OomVictim } from './oom-event.js';

/** What the assembler saw besides the event's fields. */
export interface ReportMarkers {
  columns: string[] | null;
  /** `Tasks state (memory values in pages):` (≥ 4.19). */
  tasksStateLine: boolean;
  /** `oomkilladj=` in the trigger line (2.6). */
  legacyAdj: boolean;
}

/**
 * The earliest kernel generation whose report looks like this one (domain-facts §4.2). Only for
 * diagnostics ("this report has the 4.15 task table"): nothing is decided on it.
 */
export function detectReportVariant(event: OomEvent, markers: ReportMarkers): OomReportVariant {
  const has = (column: string) => markers.columns?.includes(column) ?? false;
  const killLineHas = (pick: (victim: OomVictim) => number | null) => event.victims.some((victim) => pick(victim) !== null);
  if (has('rss_anon')) return 'linux-6.8+';
  if (killLineHas((victim) => victim.uid)) return 'linux-5.4+';
  if (event.chosen) return event.selected ? 'linux-5.0' : event.victims.length > 0 ? 'linux-5.1+' : 'linux-5.0+';
  if (markers.tasksStateLine) return 'linux-4.19+';
  if (has('pgtables_bytes')) return 'linux-4.15+';
  if (killLineHas((victim) => victim.shmemRssKb) || (event.trigger !== null && event.trigger.gfpFlags !== null)) return 'linux-4.5+';
  if (has('nr_pmds')) return 'linux-4.0+';
  if (markers.legacyAdj) return 'linux-2.6';
  if (has('nr_ptes') || event.trigger) return 'linux-3.x';
  if (event.victims.length > 0 && !event.memory && !markers.columns) return 'kill-line-only';
  return 'unknown';
}

const PAGE_SIZES = [4096, 16384, 65536];

/**
 * The victim's task-table rss is in pages, its kill-line rss in kB: together they show the page
 * size (4 KiB on x86_64, 16 or 64 KiB on some arm64 kernels). Null unless it is one of those.
 */
export function derivePageSize(victims: OomVictim[], rows: OomTaskRow[]): number | null {
  for (const victim of victims) {
    const row = rows.find((candidate) => candidate.pid === victim.pid);
    if (!row?.rssPages || victim.anonRssKb === null || victim.fileRssKb === null) continue;
    const bytes = ((victim.anonRssKb + victim.fileRssKb + (victim.shmemRssKb ?? 0)) * 1024) / row.rssPages;
    const size = PAGE_SIZES.find((candidate) => Math.abs(bytes - candidate) / candidate < 0.03);
    if (size) return size;
  }
  return null;
}
