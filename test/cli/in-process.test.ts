/**
 * Many tests run the CLI in their own process (test/helpers/cli-in-process.ts calls runCli, what
 * dist/cli/main.js calls) to save a node process per case. That stands in for the built CLI only
 * while the two agree: the same exit code, stdout and stderr, and the same files, for a report, a
 * refusal, a usage error and --fail-on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/bundle.js';
import { REPO_ROOT, runPodmortem } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';

const SAMPLE = join(REPO_ROOT, 'samples/bundles/node-pressure-cgroupfs.tar.gz');

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (work = await tempDir('podmortem-in-process-')));
afterAll(async () => work.remove());

describe('runCli in the test process and the built CLI', () => {
  it.each([
    ['a report with --fail-on', (out: string) => ['analyze', SAMPLE, '-o', join(out, 'r.html'), '--json', join(out, 'r.json'), '--fail-on', 'warning']],
    ['the JSON on stdout', () => ['analyze', SAMPLE, '--json', '-', '--quiet']],
    ['a refused input', (out: string) => ['analyze', join(out, 'no-such.tar.gz')]],
    ['a usage error', () => ['analyze', SAMPLE, '--max-entries', '0']],
  ])('agree on %s', async (what, argsIn) => {
    const [built, here] = [join(work.path, `built-${what}`), join(work.path, `here-${what}`)];
    await mkdir(built);
    await mkdir(here);
    const fromBuilt = await runPodmortem(argsIn(built));
    const fromHere = await runPodmortemInProcess(argsIn(here));
    const same = (text: string) => text.split(built).join('<out>').split(here).join('<out>');
    expect({ code: fromHere.code, stdout: same(fromHere.stdout), stderr: same(fromHere.stderr) }).toEqual({ code: fromBuilt.code, stdout: same(fromBuilt.stdout), stderr: same(fromBuilt.stderr) });
    if (argsIn(built).includes(join(built, 'r.html'))) {
      for (const name of ['r.html', 'r.json']) {
        const [a, b] = await Promise.all([readFile(join(built, name), 'utf8'), readFile(join(here, name), 'utf8')]);
        expect(same(b) === same(a), name).toBe(true);
      }
    }
  });
});
