/**
 * The report's CLI flags: `--format text`, `--open`, `--timestamp`, and the misuse they refuse.
 * On a terminal through the built CLI as a child process (`npm test` builds it), under `script`;
 * the other runs call runCli in the test process (cli-in-process.ts), as a node process per run
 * was most of this file's CPU and what is checked is the CLI's output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderSummaryText, restOfSummary } from '../../src/report/index.js';
import { openerFor } from '../../src/report/open-in-browser.js';
import { tempDir } from '../helpers/bundle.js';
import { CLI } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { reportOf, samplePath } from './helpers/report-of.js';

const SAMPLE = samplePath('oom-burstable-containerd');

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (work = await tempDir('podmortem-cli-report-')));
afterAll(async () => work.remove());

describe('--format text', () => {
  it('prints the same summary the page copies, writes no HTML, and is uncoloured when not on a terminal', async () => {
    const cwd = join(work.path, 'text');
    await mkdir(cwd);
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--format', 'text'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(renderSummaryText(await reportOf(SAMPLE), { color: false, rest: restOfSummary([]) }));
    expect(run.stdout).not.toContain('\u001b');
    expect(existsSync(join(cwd, 'podmortem-report.html'))).toBe(false);
    expect(run.stderr).toBe('');
  });

  it('also writes the HTML when -o is given, naming it on stderr so stdout stays the summary', async () => {
    const html = join(work.path, 'text-and-html.html');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--format', 'text', '-o', html]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^podmortem: worker-3 — CRITICAL/);
    expect(run.stderr.trim()).toBe(html);
    expect(await readFile(html, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it.each([
    [['--format', 'text', '--json', '-'], /--format text and --json - both write to standard output/],
    [['--format', 'text', '--open'], /--open needs the HTML report/],
    [['--format', 'markdown'], /argument 'markdown' is invalid/],
  ])('refuses %j with exit 2', async (flags, message) => {
    const run = await runPodmortemInProcess(['analyze', SAMPLE, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe.skipIf(!existsSync('/usr/bin/script'))('--format text on a terminal (util-linux script gives it one)', () => {
  const onTerminal = (env: Record<string, string> = {}) =>
    new Promise<string>((done, fail) => {
      const command = `'${process.execPath}' '${CLI}' analyze '${SAMPLE}' --format text`;
      execFile('/usr/bin/script', ['-q', '-e', '-c', command, '/dev/null'], { env: { ...process.env, ...env } }, (error, stdout) =>
        error ? fail(new Error(`script failed: ${error.message}`, { cause: error })) : done(stdout),
      );
    });

  it('colours the severities and headings', async () => {
    expect(await onTerminal()).toContain('\u001b[1;31mCRITICAL\u001b[0m');
  });

  it('does not colour with NO_COLOR set', async () => {
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});

describe('--timestamp', () => {
  it('records the time of the analysis only when asked', async () => {
    const before = Date.now();
    const stamped = JSON.parse((await runPodmortemInProcess(['analyze', SAMPLE, '-o', join(work.path, 'ts.html'), '--json', '-', '--timestamp'])).stdout);
    expect(Date.parse(stamped.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await readFile(join(work.path, 'ts.html'), 'utf8')).toContain('generated ');
    const plain = JSON.parse((await runPodmortemInProcess(['analyze', SAMPLE, '-o', join(work.path, 'plain.html'), '--json', '-'])).stdout);
    expect(plain.generatedAt).toBeNull();
    expect(await readFile(join(work.path, 'plain.html'), 'utf8')).not.toContain('generated ');
  });
});

describe('--open', () => {
  it('hands the written report to the desktop opener', async () => {
    const bin = join(work.path, 'bin');
    await mkdir(bin);
    const log = join(work.path, 'opened.txt');
    // A stand-in xdg-open that records what it was asked to open.
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const html = join(work.path, 'open.html');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '-o', html, '--open'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(run.code, run.stderr).toBe(0);
    await expect.poll(() => existsSync(log), { timeout: 5000 }).toBe(true);
    expect((await readFile(log, 'utf8')).trim()).toBe(html);
  });

  it('warns, and still succeeds, when there is no opener', async () => {
    const html = join(work.path, 'no-opener.html');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '-o', html, '--open'], { env: { PATH: join(work.path, 'empty-path') } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/podmortem: warning: could not start xdg-open: .*; open .*no-opener\.html yourself/);
    expect(existsSync(html)).toBe(true);
  });

  it('uses each platform’s opener', () => {
    expect(openerFor('darwin', '/r.html')).toEqual({ command: 'open', args: ['/r.html'] });
    expect(openerFor('linux', '/r.html')).toEqual({ command: 'xdg-open', args: ['/r.html'] });
    expect(openerFor('win32', 'C:\\r.html')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', '"C:\\r.html"'] });
  });
});
