/**
 * Issue 14, point 4: never a green all-clear without evidence. Through the real CLI: input in
 * which no source matched a file is refused (exit 2, one line, nothing written), and a bundle
 * without kernel messages says OOM kills cannot be judged instead of "no OOM kill".
 *
 * The CLI runs in this process (runCli, see cli-in-process.ts): a node process per case was most
 * of this file's CPU; cli.test.ts runs the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { snapshotTree } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';

const OOM_ALL_CLEAR = 'No kernel OOM kill in the kernel messages that were read.';
const OOM_NOT_JUDGED = 'Kernel messages are not in this bundle: OOM kills cannot be judged.';

const UNRELATED: BundleSpec = {
  'notes/shopping.txt': 'milk\neggs\n',
  'photos/README': 'holiday pictures\n',
  'etc/hostname': 'laptop\n',
};

const POD_LOG = 'pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log';
const POD_LOGS_ONLY: BundleSpec = {
  [POD_LOG]: '2026-11-27T10:15:01.5Z stdout F ready\n2026-11-27T10:15:02.5Z stderr F slow request\n',
  'stats/loadavg.txt': '0.52 0.41 0.30 1/230 4242\n',
};
const WITH_KERNEL: BundleSpec = { ...POD_LOGS_ONLY, 'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0-27-amd64\n[   12.500000] eth0: link up\n' };

let work: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  work = await tempDir('podmortem-no-evidence-');
});
afterAll(async () => work.remove());

/** A fresh, empty folder to run in and write to: whatever appears in it was written by the run. */
async function freshFolder(name: string): Promise<string> {
  const path = join(work.path, name);
  await mkdir(path);
  return path;
}

describe('input with no known evidence', () => {
  it.each([
    ['an empty folder', async () => freshFolder('empty-input'), /\(it holds no file\)/],
    ['a folder of unrelated files', async () => writeBundle(join(work.path, 'unrelated-dir'), UNRELATED, 'dir'), /\(3 files, none of a known name\)/],
    ['a tar.gz of unrelated files', async () => writeBundle(join(work.path, 'unrelated.tar.gz'), UNRELATED, 'tar.gz', 'stuff/'), /\(3 files, none of a known name\)/],
  ])('%s exits 2 with one line and writes nothing', async (_label, makeInput, count) => {
    const input = await makeInput();
    const cwd = await freshFolder(`cwd-${Math.random().toString(36).slice(2)}`);
    const out = await freshFolder(`out-${Math.random().toString(36).slice(2)}`);
    const run = await runPodmortemInProcess(['analyze', input, '-o', join(out, 'r.html'), '--json', join(out, 'r.json')], { cwd });
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^podmortem: error: no known evidence in /);
    expect(lines[0]).toMatch(count);
    // It says what podmortem looks for.
    expect(lines[0]).toMatch(/podmortem reads its collector's bundle, an sos report, .* or one kernel log or journal export$/);
    expect(run.stdout).toBe('');
    expect([...(await snapshotTree(out)).keys()]).toEqual([]);
    expect([...(await snapshotTree(cwd)).keys()]).toEqual([]);
  });

  it('the default HTML path in the current folder is not written either', async () => {
    const input = await freshFolder('empty-default');
    const cwd = await freshFolder('cwd-default');
    const run = await runPodmortemInProcess(['analyze', input], { cwd });
    expect(run.code).toBe(2);
    expect([...(await snapshotTree(cwd)).keys()]).toEqual([]);
  });
});

describe('OOM kills without kernel messages', () => {
  async function analyzeBoth(name: string, spec: BundleSpec) {
    const input = await writeBundle(join(work.path, name), spec, 'dir');
    const out = await freshFolder(`${name}-out`);
    const html = await runPodmortemInProcess(['analyze', input, '-o', join(out, 'r.html'), '--json', join(out, 'r.json'), '--quiet']);
    expect(html.code).toBe(0);
    const text = await runPodmortemInProcess(['analyze', input, '--format', 'text', '--quiet']);
    expect(text.code).toBe(0);
    const page = await readFile(join(out, 'r.html'), 'utf8');
    const oomSection = page.slice(page.indexOf('<section id="oom-kills"'), page.indexOf('</section>', page.indexOf('<section id="oom-kills"')));
    const json = JSON.parse(await readFile(join(out, 'r.json'), 'utf8')) as { summary: { unjudged: unknown[]; oomKills: number }; coverage: { source: string; files: number }[] };
    return { page, oomSection, text: text.stdout, json };
  }

  it('a bundle with pod logs but no kernel log or journal gives no green OOM all-clear', async () => {
    const { page, oomSection, text, json } = await analyzeBoth('pod-logs-only', POD_LOGS_ONLY);
    // The bundle really holds pod logs and no kernel source: the premise of the test.
    const found = json.coverage.filter((row) => row.files > 0).map((row) => row.source);
    expect(found).toContain('podLogs');
    expect(found).not.toContain('kernel');
    expect(found).not.toContain('journal');

    expect(oomSection).toContain(`<p class="cannot-judge">${OOM_NOT_JUDGED}`);
    expect(oomSection).not.toContain('class="all-clear"');
    expect(oomSection).not.toContain(OOM_ALL_CLEAR);
    // Neutral: the page's own style for it uses none of the green (ok) colours.
    const style = /\.cannot-judge \{[^}]*\}/.exec(page)?.[0];
    expect(style).toBeDefined();
    expect(style).not.toMatch(/--ok/);
    expect(text).toContain(OOM_NOT_JUDGED);
    expect(text).toMatch(/ · OOM kills not judged$/m);
    expect(text).not.toMatch(/0 OOM kills/);
    expect(json.summary.unjudged).toContainEqual({ section: 'oomKills', needs: ['kernel', 'journal'] });
  });

  it('a bundle with kernel messages and no kill still gives the all-clear', async () => {
    const { oomSection, text, json } = await analyzeBoth('with-kernel', WITH_KERNEL);
    expect(json.coverage.find((row) => row.source === 'kernel')?.files).toBeGreaterThan(0);
    expect(oomSection).toContain(`<p class="all-clear">${OOM_ALL_CLEAR}</p>`);
    expect(oomSection).not.toContain('cannot-judge');
    expect(text).not.toContain(OOM_NOT_JUDGED);
    expect(text).toMatch(/ · 0 OOM kills$/m);
    expect(json.summary.unjudged.filter((entry) => (entry as { section: string }).section === 'oomKills')).toEqual([]);
    expect(json.summary.oomKills).toBe(0);
  });
});

describe('findings and the verdict without their sources', () => {
  type Json = {
    summary: { worst: string; unjudged: { section: string; needs: string[]; rulesNotRun?: number; reasons?: string[] }[] };
    ruleRuns: { status: string }[];
    coverage: { source: string; title: string; files: number }[];
  };

  it.each([
    ['a bundle of pod logs only', async () => writeBundle(join(work.path, 'pods-only-verdict'), { [POD_LOG]: '2026-11-27T10:15:01.5Z stdout F ready\n' }, 'dir')],
    [
      'a lone pod log file',
      async () => {
        const dir = await freshFolder('lone-verdict');
        const file = join(dir, '0.log');
        await writeFile(file, '2026-11-27T10:15:01.5Z stdout F ready\n2026-11-27T10:15:02.5Z stderr F slow request\n');
        return file;
      },
    ],
  ])('%s: no green all-clear in the findings, the summary or the masthead; the missing sources are named', async (_name, make) => {
    const input = await make();
    const out = await freshFolder(`${_name.replace(/\W+/g, '-')}-out`);
    const run = await runPodmortemInProcess(['analyze', input, '-o', join(out, 'r.html'), '--json', join(out, 'r.json'), '--quiet']);
    expect(run.code).toBe(0);
    const page = await readFile(join(out, 'r.html'), 'utf8');
    const json = JSON.parse(await readFile(join(out, 'r.json'), 'utf8')) as Json;
    const skipped = json.ruleRuns.filter((run) => run.status === 'skipped').length;
    // The premise: rules could not run for want of sources.
    expect(skipped).toBeGreaterThan(0);
    const entry = json.summary.unjudged.find((item) => item.section === 'findings');
    expect(entry?.rulesNotRun).toBe(skipped);
    expect(entry?.needs).toEqual(expect.arrayContaining(['kernel']));

    const section = (id: string) => page.slice(page.indexOf(`<section id="${id}"`), page.indexOf('</section>', page.indexOf(`<section id="${id}"`)));
    for (const id of ['findings', 'summary', 'oom-kills']) expect(section(id)).not.toContain('class="all-clear"');
    // The masthead's verdict is never the green "no findings" here (test/report/render-html.test.ts
    // shows the neutral one a bundle with no finding and rules that could not run gets).
    expect(page).not.toMatch(/class="verdict-badge badge-severity-none"/);
  });
});
