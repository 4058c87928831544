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
  glob: boolean;
  pattern: RegExp;
}

function compile(layout: FormatLayout, rank: number): CompiledCandidate[] {
  return SOURCE_IDS.flatMap((source) =>
    (layout.paths[source] ?? []).map((glob, index) => ({ source, candidate: rank * CANDIDATE_STRIDE + index, rank, glob: glob.includes('*'), pattern: globToRegExp(glob) })),
  );
}

/**
 * All formats' patterns in one list: exact names first, then globs, each in format order. So a
 * foreign table's exact `kernel/uname.txt` (EKS) wins over podmortem's `kernel/*`, and where the
 * tables agree (`pods/**`) podmortem's candidate numbers are kept.
 */
const COMPILED: CompiledCandidate[] = FORMAT_LAYOUTS.flatMap(compile).sort((a, b) => Number(a.glob) - Number(b.glob) || a.rank - b.rank || a.candidate - b.candidate);

/** One regular expression per format: does any of its patterns match? */
const FORMAT_TESTS = FORMAT_LAYOUTS.map((layout, rank) => ({
  format: layout.format,
  pattern: new RegExp(
    compile(layout, rank)
      .map((candidate) => candidate.pattern.source)
      .join('|'),
  ),
}));

/** The source a bundle-relative path belongs to, under any known layout, if any. */
export function matchSource(path: string): SourceMatch | null {
  for (const { source, candidate, pattern } of COMPILED) {
    if (pattern.test(path)) return { source, candidate };
  }
  return null;
}

/** The formats whose own table knows this bundle-relative path (for format detection). */
export function formatsClaiming(path: string): FormatLayout['format'][] {
  return FORMAT_TESTS.filter((test) => test.pattern.test(path)).map((test) => test.format);
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
