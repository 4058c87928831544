/**
 * handlebars and yaml are loaded where they are first used (src/util/lazy-package.ts), not when
 * the CLI starts, so `--help`, `--version` and the start of every analysis (where `xz` waits for
 * it) do not pay for them. The packages a run loaded are read from require's module cache as it
 * exits; a run that renders a page and reads a kubelet config shows that the probe sees them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/bundle.js';
import { CLI, REPO_ROOT } from '../helpers/cli.js';

const MARK = 'podmortem-test-loaded=';
const PROBE = `data:text/javascript,${encodeURIComponent(
  `import { createRequire } from 'node:module'; const cache = createRequire(${JSON.stringify(CLI)}).cache; process.on('exit', () => process.stderr.write('${MARK}' + JSON.stringify(Object.keys(cache)) + '\\n'));`,
)}`;

/** The packages (under node_modules) whose modules a run of the CLI loaded. */
function packagesLoaded(args: string[]): Set<string> {
  const run = spawnSync(process.execPath, ['--import', PROBE, CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const line = run.stderr.split('\n').find((text) => text.startsWith(MARK));
  expect(line, run.stderr).toBeDefined();
  const files = JSON.parse(line!.slice(MARK.length)) as string[];
  return new Set(files.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter((name): name is string => name !== undefined));
}

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir('podmortem-startup-');
});
afterAll(async () => work.remove());

describe('packages loaded at start', () => {
  it('--version and --help load neither handlebars nor yaml', () => {
    for (const args of [['--version'], ['--help']]) {
      const loaded = packagesLoaded(args);
      expect(loaded, args.join(' ')).toContain('commander');
      expect(loaded, args.join(' ')).not.toContain('handlebars');
      expect(loaded, args.join(' ')).not.toContain('yaml');
    }
  });

  it('an analysis loads them when it reads a kubelet config and writes the page', () => {
    const loaded = packagesLoaded(['analyze', join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz'), '-o', join(work.path, 'report.html'), '--quiet']);
    expect(loaded).toContain('handlebars');
    expect(loaded).toContain('yaml');
  });
});
