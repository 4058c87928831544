/**
 * Which outputs a run writes, and what it says about them, through the real CLI run in an empty
 * folder: JSON or text alone writes no HTML into the current folder (HTML is written when -o is
 * given or nothing else is asked); `--format text` points at the report only when one exists;
 * `--fail-on` names on stderr the findings that made the exit code 3.
 *
 * The CLI runs in this process (runCli, in the run's folder, see cli-in-process.ts): a node process
 * per case was most of this file's CPU; cli.test.ts runs the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeBundle } from '../helpers/bundle.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';

/** A sample with findings of every severity, more than the text summary shows. */
const SAMPLE = join(REPO_ROOT, 'samples/bundles/node-pressure-cgroupfs.tar.gz');
const SEVERITIES = ['critical', 'warning', 'info'] as const;

interface JsonFinding {
  ruleId: string;
  severity: (typeof SEVERITIES)[number];
  message: string;
}

let work: Awaited<ReturnType<typeof tempDir>>;
let findings: JsonFinding[];

beforeAll(async () => {
  work = await tempDir('podmortem-output-choice-');
  const run = await runPodmortemInProcess(['analyze', SAMPLE, '--json', '-', '--quiet'], { cwd: work.path });
  expect(run.code, run.stderr).toBe(0);
  findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
});
afterAll(async () => work.remove());

/** A fresh, empty current folder for one run. */
async function emptyFolder(name: string): Promise<string> {
  const folder = join(work.path, name);
  await mkdir(folder);
  return folder;
}

describe('JSON or text alone writes no HTML into the current folder', () => {
  it('--json - --quiet: the JSON on stdout, nothing on stderr, no file written', async () => {
    const cwd = await emptyFolder('json-stdout');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--json', '-', '--quiet'], { cwd });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout).schemaVersion).toBe(1);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('--json x.json: only x.json, and only it is named', async () => {
    const cwd = await emptyFolder('json-file');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--json', 'x.json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('x.json\n');
    expect(await readdir(cwd)).toEqual(['x.json']);
  });

  it('-o with --json writes both', async () => {
    const cwd = await emptyFolder('both');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '-o', 'r.html', '--json', 'x.json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual(['r.html', 'x.json']);
  });

  it('--open with --json alone asks for -o, in one line, before reading anything', async () => {
    const cwd = await emptyFolder('open-json');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--json', 'x.json', '--open'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('podmortem: error: --open needs the HTML report: add -o <report.html> to --json\n');
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('--format text says where the rest is only when a report was written', () => {
  it('no report: no file, never "in the report", and says how to get one', async () => {
    const cwd = await emptyFolder('text-alone');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--format', 'text'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(await readdir(cwd)).toEqual([]);
    expect(run.stdout).not.toMatch(/in the report/);
    expect(findings.length).toBeGreaterThan(5);
    expect(run.stdout).toMatch(/… and \d+ more \(no report was written: add -o podmortem-report\.html or --json podmortem-report\.json to see them\)/);
  });

  it('warnings on stderr point to the report only when one was written', async () => {
    const cwd = await emptyFolder('warnings');
    // Two links out of the bundle: refused, and counted in a warning that says where to see them.
    const bundle = await writeBundle(
      join(cwd, 'links.tar.gz'),
      {
        'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0-27-amd64\n[   12.500000] eth0: link up\n',
        'stats/meminfo.txt': { symlink: '/etc/shadow' },
        'stats/vmstat.txt': { symlink: '/etc/passwd' },
      },
      'tar.gz',
    );
    const alone = await runPodmortemInProcess(['analyze', bundle, '--format', 'text'], { cwd });
    expect(alone.code, alone.stderr).toBe(0);
    expect(await readdir(cwd)).toEqual(['links.tar.gz']);
    expect(alone.stderr).toContain('2 archive entries were rejected or cut (write a report with -o or --json to see which)');
    expect(alone.stderr).not.toMatch(/in the report|the report's/);
    const written = await runPodmortemInProcess(['analyze', bundle, '--format', 'text', '-o', 'r.html'], { cwd });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain('2 archive entries were rejected or cut (see the data coverage in r.html)');
  });

  it('with --json r.json: the rest is in r.json', async () => {
    const cwd = await emptyFolder('text-json');
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--format', 'text', '--json', 'r.json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(await readdir(cwd)).toEqual(['r.json']);
    expect(run.stdout).toMatch(/… and \d+ more in r\.json/);
    expect(run.stdout).not.toMatch(/in the report/);
  });
});

describe('--fail-on names the findings that met it', () => {
  it.each(SEVERITIES)('--fail-on %s', async (threshold) => {
    const met = findings.filter((finding) => SEVERITIES.indexOf(finding.severity) <= SEVERITIES.indexOf(threshold));
    const cwd = await emptyFolder(`fail-on-${threshold}`);
    const run = await runPodmortemInProcess(['analyze', SAMPLE, '--json', 'x.json', '--quiet', '--fail-on', threshold], { cwd });
    expect(run.stdout).toBe('');
    if (met.length === 0) {
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return;
    }
    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`podmortem: --fail-on ${threshold}: ${met.length} finding${met.length === 1 ? '' : 's'} at or above ${threshold}:`);
    const listed = met.slice(0, 10);
    expect(lines.slice(1, 1 + listed.length).map((line) => line.trim().split(/\s+/).slice(0, 2))).toEqual(listed.map((finding) => [finding.severity, finding.ruleId]));
    for (const [i, finding] of listed.entries()) expect(lines[1 + i]).toContain(finding.message.slice(0, 60));
    expect(lines.slice(1 + listed.length)).toEqual(met.length > 10 ? [`  … and ${met.length - 10} more`] : []);
  });
});
