/**
 * Lines per unit or identifier and per priority, so the report can say "kubelet.service: 12,345
 * lines, 321 errors". The map is bounded: past `maxKeys` names everything is counted under `(other)`.
 */
export interface ServiceLineCount {
  /** `kubelet.service`, `containerd`, `kernel`, … (`(unknown)` when the entry names nobody). */
  name: string;
  lines: number;
  /** Lines per syslog priority 0 (emerg) … 7 (debug). */
  byPriority: number[];
  /** Lines whose priority is not known (text forms without a level). */
  unknownPriority: number;
  /** Priority 0–3. */
  errors: number;
  /** Priority 4. */
  warnings: number;
}

export const OTHER_NAMES = '(other)';

export class ServiceCounts {
  private readonly counts = new Map<string, ServiceLineCount>();

  constructor(private readonly maxKeys = 256) {}

  add(name: string | null, priority: number | null): void {
    const entry = this.entry(name ?? '(unknown)');
    entry.lines += 1;
    if (priority === null || !Number.isInteger(priority) || priority < 0 || priority > 7) {
      entry.unknownPriority += 1;
      return;
    }
    entry.byPriority[priority] = (entry.byPriority[priority] ?? 0) + 1;
    if (priority <= 3) entry.errors += 1;
    else if (priority === 4) entry.warnings += 1;
  }

  /** Sorted by lines, most first. */
  result(): ServiceLineCount[] {
    return [...this.counts.values()].map((count) => ({ ...count, byPriority: [...count.byPriority] })).sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name));
  }

  private entry(name: string): ServiceLineCount {
    let entry = this.counts.get(name);
    if (entry) return entry;
    const key = this.counts.size >= this.maxKeys ? OTHER_NAMES : name;
    entry = this.counts.get(key);
    if (!entry) {
      entry = { name: key, lines: 0, byPriority: [0, 0, 0, 0, 0, 0, 0, 0], unknownPriority: 0, errors: 0, warnings: 0 };
      this.counts.set(key, entry);
    }
    return entry;
  }
}
