import { LAYOUT, SOURCE_IDS, matchSource, sourceLayout, type BundleInventory, type SourceGroup, type SourceId } from '../bundle/index.js';
import type { BundleManifest, ItemStatus, ManifestItem, PodLogBudget } from '../sources/index.js';

/**
 * Data coverage of one source: what the collector says it did (manifest) against what the
 * bundle holds, so that "no finding" is never mistaken for "no problem".
 *
 * - `ok`: found, and the collector reported no problem
 * - `partial`: found, but cut (budget, truncation, timeout)
 * - `skipped`: not found, the collector skipped it (budget, older than the window, or unsafe to read)
 * - `missing`: not found, the tool or file does not exist on the node
 * - `failed`: not found, the command failed or timed out
 * - `absent`: not found and not recorded in a manifest (hand-made bundle, older collector)
 * - `lost`: the manifest says it was collected, but the bundle does not hold it
 */
export type CoverageState = 'ok' | 'partial' | 'skipped' | 'missing' | 'failed' | 'absent' | 'lost';

export interface CoverageRow {
  source: SourceId;
  title: string;
  group: SourceGroup;
  state: CoverageState;
  /** The collector's status for this source (worst of its items), null when not recorded. */
  collected: ItemStatus | null;
  /** The collector's notes on items that were not ok (bounded). */
  notes: string[];
  files: number;
  bytes: number;
  /** The files that fed this source (the first 20 by name, bundle-relative). */
  paths: string[];
  parseIssues: number;
}

const MAX_NOTES = 5;
const PROBLEM_ORDER: ItemStatus[] = ['failed', 'timeout', 'truncated', 'skipped-budget', 'skipped-unsafe'];

export function buildCoverage(inventory: BundleInventory, manifest: BundleManifest | null, parseIssueCounts: Partial<Record<SourceId, number>>): CoverageRow[] {
  const itemsBySource = groupItems(manifest?.items ?? []);
  // A source only other collectors write (their `date` output), or a note about the bundle (the
  // redaction record), is listed when found, never as missing.
  const expected = (source: SourceId) => LAYOUT[source].candidates.length > 0 && sourceLayout(source).aboutBundle !== true;
  const listed = SOURCE_IDS.filter((source) => expected(source) || inventory.sources[source]);
  return listed.map((source) => {
    const items = itemsBySource.get(source) ?? [];
    const found = inventory.sources[source];
    const collected = source === 'manifest' && found ? 'ok' : collectedStatus(items);
    const files = found?.files ?? 0;
    return {
      source,
      title: LAYOUT[source].title,
      group: LAYOUT[source].group,
      state: coverageState(files > 0, collected),
      collected,
      notes: [
        ...(source === 'podLogs' ? podLogBudgetNotes(manifest?.podLogs ?? []) : []),
        ...items
          .filter((item) => item.status !== 'ok' && item.note)
          .slice(0, MAX_NOTES)
          .map((item) => `${item.path}: ${item.note}`),
      ],
      files,
      bytes: found?.bytes ?? 0,
      paths: found?.paths ?? [],
      parseIssues: parseIssueCounts[source] ?? 0,
    };
  });
}

function groupItems(items: ManifestItem[]): Map<SourceId, ManifestItem[]> {
  const bySource = new Map<SourceId, ManifestItem[]>();
  for (const item of items) {
    const match = matchSource(item.path);
    if (!match) continue;
    const list = bySource.get(match.source) ?? [];
    list.push(item);
    bySource.set(match.source, list);
  }
  return bySource;
}

/**
 * A source is as good as its worst problem; `missing` items only count when nothing else was
 * found, and files older than the window are out of scope rather than a problem.
 */
function collectedStatus(items: ManifestItem[]): ItemStatus | null {
  if (items.length === 0) return null;
  for (const status of PROBLEM_ORDER) if (items.some((item) => item.status === status)) return status;
  if (items.some((item) => item.status === 'ok')) return 'ok';
  return items.some((item) => item.status === 'skipped-window') ? 'skipped-window' : 'missing';
}

function coverageState(found: boolean, collected: ItemStatus | null): CoverageState {
  if (found) return collected === null || collected === 'ok' || collected === 'missing' || collected === 'skipped-window' ? 'ok' : 'partial';
  switch (collected) {
    case null:
      return 'absent';
    case 'ok':
      return 'lost';
    case 'missing':
      return 'missing';
    case 'skipped-budget':
    case 'skipped-window':
    case 'skipped-unsafe':
    case 'truncated':
      return 'skipped';
    case 'failed':
    case 'timeout':
      return 'failed';
  }
}

/**
 * What the collector's pod-log budget did, when it cut anything: how many containers it kept
 * whole, which the kernel named as OOM victims (kept first), and which kept only the end of
 * their current log or nothing at all.
 */
function podLogBudgetNotes(records: PodLogBudget[]): string[] {
  // A container whose logs are all older than the window has nothing to keep.
  const containers = records.filter((c) => c.logBytes !== 0);
  const cut = containers.filter((c) => c.keptBytes !== null && c.logBytes !== null && c.keptBytes < c.logBytes);
  if (cut.length === 0) return [];
  const count = (round: 'oom-victim' | 'tail'): number => containers.filter((c) => c.round === round).length;
  const parts = [`${containers.length - cut.length} of ${containers.length} containers' logs kept whole`];
  if (count('oom-victim') > 0) parts.push(`${count('oom-victim')} named by the kernel as OOM victims kept first`);
  if (count('tail') > 0) parts.push(`${count('tail')} kept the end of their current log`);
  const dropped = containers.filter((c) => c.round === 'none').length;
  if (dropped > 0) parts.push(`${dropped} kept nothing`);
  return [`budget: ${parts.join('; ')}`];
}
