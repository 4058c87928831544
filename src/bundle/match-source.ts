import { FORMAT_LAYOUTS, type FormatLayout } from './format-layout.js';
import { SOURCE_IDS, type SourceId } from './layout.js';

export interface SourceMatch {
  source: SourceId;
  /** Index of the candidate pattern that matched: lower is preferred. */
  candidate: number;
}

/** Candidate numbers of a format's patterns start at its rank times this (podmortem's stay 0, 1, 2, …). */
const CANDIDATE_STRIDE = 100;

interface CompiledCandidate extends SourceMatch {
  rank: number;
  /** The pattern as the table writes it. */
  glob: string;
  pattern: RegExp;
}

function compile(layout: FormatLayout, rank: number): CompiledCandidate[] {
  return SOURCE_IDS.flatMap((source) => (layout.paths[source] ?? []).map((glob, index) => ({ source, candidate: rank * CANDIDATE_STRIDE + index, rank, glob, pattern: globToRegExp(glob) })));
}

/**
 * Patterns ready for the question asked once per archive entry and candidate root. A name without
 * `*` matches only itself, so those are looked up by name; a glob is tried only on the paths that
 * start with its text before the first `*`. The answers are those of trying every pattern in turn.
 */
class PatternTable<T> {
  private readonly exact = new Map<string, T>();
  private readonly globs: { prefix: string; pattern: RegExp; value: T }[] = [];

  /** Earlier patterns win: an exact name keeps its first value, globs are tried in this order. */
  add(glob: string, pattern: RegExp, value: T): void {
    const star = glob.indexOf('*');
    if (star < 0) {
      if (!this.exact.has(glob)) this.exact.set(glob, value);
    } else this.globs.push({ prefix: glob.slice(0, star), pattern, value });
  }

  /** An exact name's value, else the first matching glob's. */
  find(path: string): T | undefined {
    const exact = this.exact.get(path);
    if (exact !== undefined) return exact;
    for (const { prefix, pattern, value } of this.globs) {
      if (path.startsWith(prefix) && pattern.test(path)) return value;
    }
    return undefined;
  }
}

/**
 * All formats' patterns in one table: exact names first, then globs, each in format order. So a
 * foreign table's exact `kernel/uname.txt` (EKS) wins over podmortem's `kernel/*`, and where the
 * tables agree (`pods/**`) podmortem's candidate numbers are kept.
 */
const SOURCES = new PatternTable<SourceMatch>();
for (const { glob, pattern, source, candidate } of FORMAT_LAYOUTS.flatMap(compile).sort((a, b) => a.rank - b.rank || a.candidate - b.candidate)) {
  SOURCES.add(glob, pattern, { source, candidate });
}

/** One table per format: does any of its patterns match? */
const FORMAT_TESTS = FORMAT_LAYOUTS.map((layout, rank) => {
  const table = new PatternTable<true>();
  for (const { glob, pattern } of compile(layout, rank)) table.add(glob, pattern, true);
  return { format: layout.format, table };
});

/** The source a bundle-relative path belongs to, under any known layout, if any. */
export function matchSource(path: string): SourceMatch | null {
  const match = SOURCES.find(path);
  return match ? { ...match } : null;
}

/** The formats whose own table knows this bundle-relative path (for format detection). */
export function formatsClaiming(path: string): FormatLayout['format'][] {
  return FORMAT_TESTS.filter((test) => test.table.find(path)).map((test) => test.format);
}

export function globToRegExp(glob: string): RegExp {
  let regex = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] as string;
    if (glob.startsWith('**', i)) {
      regex += '.+';
      i += 1;
    } else if (char === '*') {
      regex += '[^/]*';
    } else {
      regex += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${regex}$`);
}

/** How many folders may wrap a bundle: `sosreport-…/`, or `home/user/` around a `/var/log` copy. */
export const MAX_WRAPPER_DEPTH = 2;

/** The folders an archive path could have as its bundle root: '' and its first one or two folders. */
export function candidateRoots(path: string): string[] {
  const roots = [''];
  let from = 0;
  for (let depth = 1; depth <= MAX_WRAPPER_DEPTH; depth += 1) {
    const slash = path.indexOf('/', from);
    if (slash < 0) break;
    roots.push(path.slice(0, slash + 1));
    from = slash + 1;
  }
  return roots;
}
