/**
 * The memory controller's interface files and how to read each (kernel
 * Documentation/admin-guide/cgroup-v2.rst and cgroup-v1/memory.rst). Samples:
 *
 *   v2 `memory.max`: `536870912` or `max`                   → 536870912 | 'unlimited'
 *   v1 `memory.limit_in_bytes`: `9223372036854771712`       → 'unlimited' (PAGE_COUNTER_MAX × page size)
 *   v2 `memory.events`: `low 0` `high 0` `max 5402` `oom 3` `oom_kill 3` `oom_group_kill 1`
 *                                                            → { low: 0, high: 0, max: 5402, oom: 3, oom_kill: 3, oom_group_kill: 1 }
 *   v1 `memory.oom_control`: `oom_kill_disable 0` `under_oom 0` `oom_kill 2`
 */
export type ByteLimit = number | 'unlimited';

export type InterfaceFileKind = 'limit' | 'counter' | 'flag' | 'keyed';

export interface InterfaceFile {
  /** The cgroup version the file exists in; null when both have it (`memory.stat`). */
  version: 1 | 2 | null;
  kind: InterfaceFileKind;
}

export const MEMORY_INTERFACE_FILES: Readonly<Record<string, InterfaceFile>> = {
  'memory.max': { version: 2, kind: 'limit' },
  'memory.high': { version: 2, kind: 'limit' },
  'memory.swap.max': { version: 2, kind: 'limit' },
  'memory.current': { version: 2, kind: 'counter' },
  'memory.peak': { version: 2, kind: 'counter' },
  'memory.events': { version: 2, kind: 'keyed' },
  'memory.events.local': { version: 2, kind: 'keyed' },
  'memory.oom.group': { version: 2, kind: 'flag' },
  'memory.limit_in_bytes': { version: 1, kind: 'limit' },
  'memory.usage_in_bytes': { version: 1, kind: 'counter' },
  'memory.max_usage_in_bytes': { version: 1, kind: 'counter' },
  'memory.failcnt': { version: 1, kind: 'counter' },
  'memory.oom_control': { version: 1, kind: 'keyed' },
  'memory.stat': { version: null, kind: 'keyed' },
};

/** v1 prints "no limit" as PAGE_COUNTER_MAX pages in bytes (9223372036854771712 with 4 KiB pages); anything this big is it. */
const V1_UNLIMITED_FROM = 2 ** 62;

const DECIMAL = /^\d{1,20}$/;

/** A single-number file (`memory.current`, `memory.failcnt`); null when it holds something else. */
export function parseCounter(text: string): number | null {
  const value = text.trim();
  return DECIMAL.test(value) ? Number(value) : null;
}

/** A limit file: bytes, `max` (v2) or the v1 "no limit" value. */
export function parseLimit(text: string): ByteLimit | null {
  const value = text.trim();
  if (value === 'max') return 'unlimited';
  const bytes = parseCounter(value);
  if (bytes === null) return null;
  return bytes >= V1_UNLIMITED_FROM ? 'unlimited' : bytes;
}

/** `memory.oom.group`: `0` or `1`. */
export function parseFlag(text: string): boolean | null {
  const value = text.trim();
  return value === '1' ? true : value === '0' ? false : null;
}

/** A flat-keyed file (`key value` per line); bad lines are reported with their 1-based number. */
export function parseFlatKeyed(text: string, report: (line: number, message: string) => void): Map<string, number> {
  const values = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const space = line.indexOf(' ');
    const value = space > 0 ? parseCounter(line.slice(space + 1)) : null;
    if (value === null) report(i + 1, 'not a "key value" line');
    else values.set(line.slice(0, space), value);
  }
  return values;
}
