import { LAYOUT, SOURCE_IDS, type SourceId } from './layout.js';

export interface SourceMatch {
  source: SourceId;
  /** Index of the candidate pattern that matched: lower is preferred. */
  candidate: number;
}

interface CompiledCandidate extends SourceMatch {
  pattern: RegExp;
}

const COMPILED: CompiledCandidate[] = SOURCE_IDS.flatMap((source) =>
  LAYOUT[source].candidates.map((glob, candidate) => ({ source, candidate, pattern: globToRegExp(glob) })),
);

/** The source a bundle-relative path belongs to, if any. */
export function matchSource(path: string): SourceMatch | null {
  for (const { source, candidate, pattern } of COMPILED) {
    if (pattern.test(path)) return { source, candidate };
  }
  return null;
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

/**
 * Finds the bundle root inside an archive: the collector writes one top folder
 * (`podmortem-<node>-<stamp>/`), hand-made archives may have none. The root is fixed by the
 * first entry that matches the layout with no prefix or with its first folder removed.
 */
export class BundleRoot {
  private prefix: string | null = null;

  get detected(): string | null {
    return this.prefix;
  }

  /** The bundle-relative path of an archive path, or null when it lies outside the root. */
  relative(path: string): string | null {
    if (this.prefix !== null) return path.startsWith(this.prefix) ? path.slice(this.prefix.length) : null;
    if (matchSource(path)) {
      this.prefix = '';
      return path;
    }
    const slash = path.indexOf('/');
    if (slash > 0 && matchSource(path.slice(slash + 1))) {
      this.prefix = path.slice(0, slash + 1);
      return path.slice(slash + 1);
    }
    return path;
  }
}
