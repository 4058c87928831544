import { BundleError } from '../errors.js';
import { FORMAT_LAYOUTS, type FormatLayout, type InputFormat } from './format-layout.js';
import { SourceInventory } from './inventory.js';
import { compareText } from './sorted-sample.js';

/** More candidate roots than this, each with known files, is several bundles in one input. */
export const MAX_CANDIDATE_ROOTS = 64;

/** What one candidate root (a folder that may hold the bundle) has gathered so far. */
export class RootCandidate {
  /** Entries (files and links) whose path under this root some layout knows. */
  claimed = 0;
  /** Of those, notes about the bundle (the redaction record): not evidence that this folder is the root. */
  notes = 0;
  /** Links taken as data (the `/var/log/containers` table) under this root. */
  dataLinks = 0;
  readonly formatClaims = new Map<FormatLayout['format'], number>();
  readonly inventory = new SourceInventory();

  constructor(readonly root: string) {}

  claim(formats: readonly FormatLayout['format'][], evidence = true): void {
    this.claimed += 1;
    if (!evidence) this.notes += 1;
    for (const format of formats) this.formatClaims.set(format, (this.formatClaims.get(format) ?? 0) + 1);
  }

  /** Entries that say this folder is the bundle root: the ones layouts know, notes left out. */
  get evidence(): number {
    return this.claimed - this.notes;
  }

  get depth(): number {
    return this.root.split('/').length - 1;
  }

  /**
   * The format whose own table knows most entries here. Ties go to the more specific layouts;
   * podmortem's own table, which also accepts hand-assembled bundles, comes last.
   */
  format(): InputFormat {
    let best: InputFormat = 'unknown';
    let bestCount = 0;
    for (const { format } of [...FORMAT_LAYOUTS].reverse()) {
      const count = this.formatClaims.get(format) ?? 0;
      if (count > bestCount) [best, bestCount] = [format, count];
    }
    return best;
  }
}

/**
 * Every folder that could be the bundle root, scored over all entries. The winner is decided only
 * when the archive has ended, from the set of names: the root under which layouts know the most
 * entries; on a tie the deeper folder (it explains the same entries more narrowly), then name order.
 */
export class RootCandidates {
  private readonly byRoot = new Map<string, RootCandidate>();
  private overflow = 0;

  /** The candidate for `root`, created on its first claim; null past MAX_CANDIDATE_ROOTS (counted). */
  candidate(root: string): RootCandidate | null {
    const known = this.byRoot.get(root);
    if (known) return known;
    if (this.byRoot.size >= MAX_CANDIDATE_ROOTS) {
      this.overflow += 1;
      return null;
    }
    const created = new RootCandidate(root);
    this.byRoot.set(root, created);
    return created;
  }

  /** The candidate for `root` if some entry was claimed under it. */
  find(root: string): RootCandidate | null {
    return this.byRoot.get(root) ?? null;
  }

  winner(): RootCandidate {
    // Decided on the whole set, not on how many were seen before the cap: any order gives the same answer.
    if (this.overflow > 0) {
      throw new BundleError(`the input holds known files under more than ${MAX_CANDIDATE_ROOTS} different folders; is it several bundles in one? Analyze one bundle at a time`);
    }
    const ranked = [...this.byRoot.values()].sort((a, b) => b.evidence - a.evidence || b.depth - a.depth || compareText(a.root, b.root));
    return ranked[0] ?? new RootCandidate('');
  }
}
