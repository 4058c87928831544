import type { Stamp } from '../stamp.js';

/**
 * One kernel OOM event: the report lines of one `out_of_memory()` call, from the `invoked
 * oom-killer` header to the kill line(s), assembled from whatever the kernel generation printed
 * (domain-facts §4). Cgroup paths are kept exactly as printed; pods are decoded by the model.
 * Missing parts are null, never guessed: an event without a kill line has no victim.
 */
export interface OomEvent {
  /** Stamp of the event's first line. */
  stamp: Stamp;
  file: string;
  /** The allocating task of the header: often NOT the victim. */
  trigger: OomTrigger | null;
  /** The allocating task's cpuset (4.x `<comm> cpuset=… mems_allowed=…` line or the 5.0+ summary). */
  cpuset: { name: string; memsAllowed: string } | null;
  /** `CONSTRAINT_MEMCG`, `CONSTRAINT_NONE`, … from the 5.0+ summary. Early 5.x printed NONE for memcg OOMs. */
  constraint: string | null;
  /** The cgroup whose limit was hit (`oom_memcg=`, or `limit of` in the old `Task in` line). */
  oomMemcg: string | null;
  /** The victim's cgroup (`task_memcg=`, or `Task in <path>`). */
  taskMemcg: string | null;
  /** true for `global_oom` / `Out of memory:`; false for `oom_memcg=` / memcg kills; null when nothing says. */
  globalOom: boolean | null;
  /** `task=`, `pid=`, `uid=` of the 5.0+ summary line: the task chosen to be killed. */
  chosen: { comm: string; pid: number; uid: number } | null;
  memory: OomCounter | null;
  /** cgroup v1 `memory+swap:` */
  memsw: OomCounter | null;
  /** cgroup v2 `swap:` (≥ 5.3) */
  swap: OomCounter | null;
  /** cgroup v1 `kmem:` */
  kmem: OomCounter | null;
  memcgStats: OomMemcgStats[];
  memcgStatsOmitted: number;
  /**
   * The path of the first `Memory cgroup stats for <path>` line, kept even when the stats are
   * omitted: the kernel prints the cgroup whose limit was hit first (old v1 then walks its
   * subtree), so it names that cgroup when the `Task in … limit of` line is lost.
   */
  statsMemcg: string | null;
  /** Global OOMs: the `Mem-Info:` block. */
  systemMemory: OomSystemMemory | null;
  tasks: OomTaskTable | null;
  /** ≤ 5.0 `Kill process <pid> (<comm>) score <n> or sacrifice child`: the task selected. */
  selected: { pid: number; comm: string; score: number | null; reason: OomKillReason | null } | null;
  victims: OomVictim[];
  victimsOmitted: number;
  /** `Tasks in <memcg> are going to be killed due to memory.oom.group set`. */
  groupKill: { memcg: string } | null;
  /** Old kernels: `Kill process <pid> (<comm>) sharing same memory`. */
  sharedMemoryKills: { pid: number; comm: string }[];
  /** `oom killer <pid> (<comm>) has mm pinned by <pid> (<comm>)`. */
  mmPinned: { pid: number; comm: string; byPid: number; byComm: string }[];
  /** `OOM victim <pid> (<comm>) is already exiting. Skip killing the task`. */
  exitingVictim: { pid: number; comm: string } | null;
  outcome: OomOutcome;
  /** What the text shows is missing from this report (lines lost, cut off by another report); [] when nothing. */
  gaps: OomGap[];
  /** `panic_on_oom is enabled`: the node panicked instead of killing. */
  panicOnOom: boolean;
  kernelVariant: OomReportVariant;
  /** Page size derived from the victim's task-table rss (pages) and kill-line rss (kB); null if not shown. */
  pageSizeBytes: number | null;
  /** In an OOM storm, events past the first few hundred keep no task rows or memcg stats. */
  detailsOmitted: boolean;
  evidence: OomEvidence[];
}

export type OomKillReason = 'memcg' | 'global' | 'allocating-task';

/**
 * killed: at least one kill line · summary-only: no kill line, but the 5.0+ `oom-kill:` summary
 * names the victim (the kernel prints it only right before killing, so the kill line was lost) ·
 * victim-exiting: the chosen task was already dying · none-seen: no kill line in the file.
 */
export type OomOutcome = 'killed' | 'summary-only' | 'victim-exiting' | 'no-killable-process' | 'panic' | 'none-seen';

/**
 * kill-line-missing: the report's header was printed (the kernel prints it only when it is about
 * to kill) but no kill line followed · cut-by-next-report: a part of another report (another
 * victim, another cgroup, a new header) came before this one's kill line, so it was closed
 * there rather than given that report's fields · lines-lost-inside: the kernel said it dropped
 * lines (`callbacks suppressed`, `printk: … suppressed`) while this report was being printed.
 */
export type OomGap = 'kill-line-missing' | 'cut-by-next-report' | 'lines-lost-inside';

/**
 * The earliest kernel generation that prints a report of this shape (diagnostics only; nothing
 * is decided on it): 6.8+ task table with rss_anon · 5.4+ kill line with UID/pgtables · 5.1+
 * summary and a kill without child sacrifice · 5.0 summary plus sacrifice · 5.0+ summary, no
 * kill line seen · 4.19+ `Tasks state` line · 4.15+ pgtables_bytes column · 4.5+ gfp flag names
 * or shmem-rss · 4.0+ nr_pmds column · 3.x oom_score_adj but none of those (2.6.36–4.4) · 2.6
 * `oomkilladj` · kill-line-only: a bare old kill line.
 */
export type OomReportVariant =
  'linux-6.8+' | 'linux-5.4+' | 'linux-5.1+' | 'linux-5.0' | 'linux-5.0+' | 'linux-4.19+' | 'linux-4.15+' | 'linux-4.5+' | 'linux-4.0+' | 'linux-3.x' | 'linux-2.6' | 'kill-line-only' | 'unknown';

export interface OomTrigger {
  comm: string;
  gfpMask: string;
  /** Flag names when printed (≥ 4.5): `GFP_KERNEL`. */
  gfpFlags: string | null;
  nodemask: string | null;
  /** -1 = sysrq-triggered OOM. */
  order: number;
  oomScoreAdj: number;
}

export interface OomCounter {
  usageKb: number;
  /** 9007199254740988 kB (PAGE_COUNTER_MAX) means unlimited. */
  limitKb: number;
  failcnt: number;
}

/** `Memory cgroup stats for <path>:` — sizes in bytes (old `cache:…KB` form converted), event counters as counts. */
export interface OomMemcgStats {
  memcg: string;
  values: Record<string, number>;
}

export interface OomSystemMemory {
  /** Page counters of the `active_anon:… free:… slab_unreclaimable:…` lines. */
  pages: Record<string, number>;
  freeSwapKb: number | null;
  totalSwapKb: number | null;
  ramPages: number | null;
  reservedPages: number | null;
  /** `Unreclaimable slab info:` was printed (slab dominated memory). */
  unreclaimableSlabDump: boolean;
}

/** A task-table row. Memory values are pages (page size unknown to the kernel log), except pgtablesBytes. */
export interface OomTaskRow {
  pid: number;
  uid: number | null;
  tgid: number | null;
  totalVmPages: number | null;
  rssPages: number | null;
  rssAnonPages: number | null;
  rssFilePages: number | null;
  rssShmemPages: number | null;
  pgtablesBytes: number | null;
  /** Pre-4.15 page-table page count. */
  nrPtes: number | null;
  swapEntries: number | null;
  oomScoreAdj: number | null;
  name: string;
}

export interface OomTaskTable {
  /** Column names of the header as printed, without brackets. */
  columns: string[];
  /** The largest rows by rss and by oom_score_adj (bounded), sorted by rss. */
  rows: OomTaskRow[];
  /** All rows the table had. */
  total: number;
  rssPagesTotal: number;
  malformedRows: number;
}

/** What a `Killed process` line says about the process killed. */
export interface OomKilledProcess {
  pid: number;
  comm: string;
  /** From the line's prefix (`Memory cgroup out of memory:` → memcg); old bare lines have none. */
  reason: OomKillReason | null;
  totalVmKb: number | null;
  anonRssKb: number | null;
  fileRssKb: number | null;
  /** ≥ 4.5 */
  shmemRssKb: number | null;
  /** ≥ 5.4: UID, pgtables, oom_score_adj on the kill line. */
  uid: number | null;
  pgtablesKb: number | null;
  oomScoreAdj: number | null;
}

export interface OomVictim extends OomKilledProcess {
  /** false: no `Killed process` line; the victim is the one the `oom-kill:` summary names (outcome summary-only). */
  killLine: boolean;
  /** ≤ 5.0: the task selected by `Kill process … or sacrifice child`, when the killed one is a child. */
  selectedPid: number | null;
  score: number | null;
  reaped: OomReap | null;
  stamp: Stamp;
  line: number;
}

export type OomReap = { state: 'reaped'; anonRssKb: number; fileRssKb: number; shmemRssKb: number; stamp: Stamp; line: number } | { state: 'unable'; stamp: Stamp; line: number };

export type OomEvidenceRole = 'first' | 'trigger' | 'task-in' | 'memcg-stats' | 'summary' | 'selected' | 'kill' | 'group' | 'exiting' | 'reaper';

export interface OomEvidence {
  role: OomEvidenceRole;
  file: string;
  line: number;
  /** The stamp as printed on that line. */
  stampText: string;
}
