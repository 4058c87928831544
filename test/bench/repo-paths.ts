/** Where the repository is, from this module in `test/bench/` (vitest) or `dist/bench/bench/` (npm run bench). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the repository root (package.json) above this file');
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();
/** The built analyzer the bench drives. */
export const ANALYZER_CLI = join(REPO_ROOT, 'dist/cli/main.js');
/** Preloaded into a Node child when GNU time is missing: prints its peak RSS as it exits. */
export const MAX_RSS_HOOK = join(REPO_ROOT, 'test/helpers/report-max-rss.cjs');
