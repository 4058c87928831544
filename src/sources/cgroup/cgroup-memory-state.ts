/**
 * The memory state of one cgroup, from whichever interface files the bundle holds. Values are in
 * bytes (counters are counts), null where the file is absent. Paths are not decoded into pods
 * here: the model does that. Sample (v2, a Burstable container that was OOM-killed):
 *
 *   memory.max `536870912`, memory.current `535822336`, memory.events `… oom 3` `oom_kill 3` …
 *     → { path: '/kubepods.slice/…/cri-containerd-3b1f….scope', version: 2, limit: 536870912, usage: 535822336,
 *         events: { low: 0, high: 0, max: 5402, oom: 3, oomKill: 3, oomGroupKill: 1 }, … }
 */
import type { ByteLimit } from './memory-interface-files.js';

export interface MemoryEvents {
  low: number | null;
  high: number | null;
  max: number | null;
  oom: number | null;
  oomKill: number | null;
  /** Newer kernels (≈ 5.17) only. */
  oomGroupKill: number | null;
}

/** cgroup v1 `memory.oom_control`. */
export interface OomControl {
  oomKillDisable: boolean | null;
  underOom: boolean | null;
  /** Kernels ≥ ≈ 4.13 only. */
  oomKill: number | null;
}

export interface CgroupMemoryState {
  /** As the kernel prints memcg paths: `/kubepods/burstable/pod<uid>/<id>`, `/kubepods.slice/…`. */
  path: string;
  /** Told by the interface file names (or memory.stat keys); null only when nothing in the bundle tells. */
  version: 1 | 2 | null;
  /** v2 memory.max, v1 memory.limit_in_bytes. */
  limit: ByteLimit | null;
  /** v2 memory.current, v1 memory.usage_in_bytes. */
  usage: number | null;
  /** v2 memory.peak, v1 memory.max_usage_in_bytes. */
  peak: number | null;
  /** v2 memory.high. */
  high: ByteLimit | null;
  /** v2 memory.swap.max. */
  swapMax: ByteLimit | null;
  /** v2 memory.events: hierarchical (a child's events count in all its ancestors). */
  events: MemoryEvents | null;
  /** v2 memory.events.local: this cgroup only. */
  eventsLocal: MemoryEvents | null;
  /** v2 memory.oom.group: the whole cgroup is killed on OOM. */
  oomGroup: boolean | null;
  /** v1 memory.failcnt. */
  failcnt: number | null;
  oomControl: OomControl | null;
  /** The main keys of memory.stat (STAT_KEYS). */
  stat: Record<string, number> | null;
  /** The bundle files read for this cgroup, for evidence. */
  files: string[];
}

/** memory.stat keys worth keeping: v2 first, then v1 (which adds `total_*` for the subtree). */
export const STAT_KEYS: ReadonlySet<string> = new Set([
  'anon',
  'file',
  'kernel',
  'kernel_stack',
  'pagetables',
  'sock',
  'shmem',
  'file_mapped',
  'file_dirty',
  'file_writeback',
  'swapcached',
  'anon_thp',
  'inactive_anon',
  'active_anon',
  'inactive_file',
  'active_file',
  'unevictable',
  'slab',
  'slab_reclaimable',
  'slab_unreclaimable',
  'workingset_refault_anon',
  'workingset_refault_file',
  'pgfault',
  'pgmajfault',
  'cache',
  'rss',
  'rss_huge',
  'mapped_file',
  'dirty',
  'writeback',
  'swap',
  'hierarchical_memory_limit',
  'hierarchical_memsw_limit',
  'total_cache',
  'total_rss',
  'total_rss_huge',
  'total_shmem',
  'total_mapped_file',
  'total_swap',
  'total_inactive_anon',
  'total_active_anon',
  'total_inactive_file',
  'total_active_file',
  'total_unevictable',
]);

/** Which version a memory.stat tells by its keys: v1 has `cache`/`total_*`, v2 has `anon`/`file`. */
export function statVersion(stat: ReadonlyMap<string, number>): 1 | 2 | null {
  if (stat.has('cache') || stat.has('total_rss') || stat.has('hierarchical_memory_limit')) return 1;
  return stat.has('anon') || stat.has('file') ? 2 : null;
}

export function emptyState(path: string): CgroupMemoryState {
  return {
    path,
    version: null,
    limit: null,
    usage: null,
    peak: null,
    high: null,
    swapMax: null,
    events: null,
    eventsLocal: null,
    oomGroup: null,
    failcnt: null,
    oomControl: null,
    stat: null,
    files: [],
  };
}

export function memoryEvents(values: ReadonlyMap<string, number>): MemoryEvents {
  const value = (key: string) => values.get(key) ?? null;
  return { low: value('low'), high: value('high'), max: value('max'), oom: value('oom'), oomKill: value('oom_kill'), oomGroupKill: value('oom_group_kill') };
}

export function oomControl(values: ReadonlyMap<string, number>): OomControl {
  const flag = (key: string) => (values.has(key) ? values.get(key) !== 0 : null);
  return { oomKillDisable: flag('oom_kill_disable'), underOom: flag('under_oom'), oomKill: values.get('oom_kill') ?? null };
}

export function keptStat(values: ReadonlyMap<string, number>): Record<string, number> {
  const stat: Record<string, number> = {};
  for (const [key, value] of values) if (STAT_KEYS.has(key)) stat[key] = value;
  return stat;
}
