/**
 * `podmortem analyze <one log file>` through the real CLI, in a workspace of its own: every lone
 * form is recognised by content and its OOM kill reported; bad lone files end in one clear line
 * (exit 2) or a report that says what was not read. The input is never changed and nothing is
 * written but the named outputs.
 *
 * The CLI runs in this process (runCli, see cli-in-process.ts): a node process per case was most
 * of this file's CPU; cli.test.ts runs the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../helpers/bundle.js';
import { snapshotTree } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { asJournalExport, asJournalJson, asJournalShort, asRfc3339Syslog, asSyslog, criLog, dockerJsonLog, REAL_DMESG, REAL_DMESG_T, REAL_KILL } from '../helpers/lone-file-text.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let counter = 0;
beforeAll(async () => (work = await tempDir('podmortem-lone-cli-')));
afterAll(async () => work.remove());

interface Outcome {
  code: number | null;
  stderr: string;
  report: any;
}

async function analyze(name: string, bytes: string | Buffer, extraArgs: string[] = []): Promise<Outcome> {
  const workspace = join(work.path, `case-${(counter += 1)}`);
  const tmp = join(workspace, 'tmp');
  await mkdir(join(workspace, 'out'), { recursive: true });
  await mkdir(tmp);
  await writeFile(join(workspace, name), bytes);
  const before = await snapshotTree(workspace);
  const run = await runPodmortemInProcess(['analyze', name, '-o', 'out/report.html', '--json', 'out/report.json', ...extraArgs], { cwd: workspace, env: { TMPDIR: tmp, TMP: tmp, TEMP: tmp } });
  const after = await snapshotTree(workspace);
  expect(
    [...before.keys()].filter((path) => after.get(path) !== before.get(path)),
    'the input is unchanged',
  ).toEqual([]);
  const added = [...after.keys()].filter((path) => !before.has(path)).sort();
  expect(added, 'only the named outputs are written').toEqual(run.code === 0 ? ['out/report.html', 'out/report.json'] : []);
  const report = run.code === 0 ? JSON.parse(await readFile(join(workspace, 'out/report.json'), 'utf8')) : null;
  return { code: run.code, stderr: run.stderr, report };
}

function expectOneLineError(outcome: Outcome, message: RegExp): void {
  expect(outcome.code).toBe(2);
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^podmortem: error: /);
  expect(lines[0]).toMatch(message);
}

const CASES: [string, () => string | Buffer, string, string | null][] = [
  ['dmesg', () => REAL_DMESG, 'dmesg', null],
  ['dmesg-T.txt', () => REAL_DMESG_T, 'dmesg-ctime', '2026-11-28T04:13:10.000Z'],
  ['kern.log', asSyslog, 'syslog', null],
  ['kern.log.2.gz', () => gzipSync(asSyslog()), 'syslog', null],
  ['messages', asRfc3339Syslog, 'syslog', REAL_KILL.utc],
  ['kubelet-node.export', asJournalExport, 'journal-export', REAL_KILL.utc],
  ['journal.json', asJournalJson, 'journal-json', REAL_KILL.utc],
  ['journal.txt', () => asJournalShort(), 'journal-text', null],
];

describe('podmortem analyze <lone kernel-bearing file>', () => {
  for (const [name, bytes, format, utc] of CASES) {
    it(`${name}: ${format}, one OOM kill with pid, pod uid, container id and QoS`, async () => {
      const outcome = await analyze(name, bytes());
      expect(outcome.code, outcome.stderr).toBe(0);
      const { report } = outcome;
      expect(report.input).toMatchObject({ name, kind: 'file', file: { format } });
      expect(report.oomKills).toHaveLength(1);
      expect(report.oomKills[0]).toMatchObject({
        pid: REAL_KILL.pid,
        process: REAL_KILL.process,
        podUid: REAL_KILL.podUid,
        containerId: REAL_KILL.containerId,
        qosClass: REAL_KILL.qosClass,
        time: utc,
      });
      expect(outcome.stderr).toMatch(/is a lone file/);
      expect(outcome.stderr).not.toMatch(/no manifest|is this a podmortem bundle/);
    });
  }
});

describe('podmortem analyze <lone container log>', () => {
  for (const [name, bytes, format] of [
    ['0.log', criLog(), 'cri'],
    ['container.log', dockerJsonLog(), 'docker-json'],
  ] as const) {
    it(`${name}: ${format}; pod unknown`, async () => {
      const outcome = await analyze(name, bytes);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(outcome.report.input.file).toMatchObject({ format, source: 'podLogs', log: { lines: 4 } });
      expect(outcome.stderr).toMatch(/pod, namespace and container are not in a container log's content: unknown/);
      const html = await readFile(join(work.path, `case-${counter}`, 'out/report.html'), 'utf8');
      expect(html).toContain('allocating 48 MiB');
    });
  }
});

describe('bad lone files', () => {
  it('refuses unknown content with one line that lists what is accepted', async () => {
    expectOneLineError(
      await analyze('notes.txt', 'just some notes\n'.repeat(20)),
      /not a tar, tar\.gz, tar\.xz or zip archive.*dmesg \(raw or -T\).*journalctl -o export\/json\/short.*CRI or docker json/,
    );
  });

  it('refuses a gzip file whose content is neither a tar nor a known log', async () => {
    expectOneLineError(await analyze('notes.gz', gzipSync('plain text, not a tar\n'.repeat(50))), /notes\.gz is not a tar, tar\.gz, tar\.xz or zip archive.*nor a log file/);
  });

  it('refuses a binary journal file and says how to export it', async () => {
    const journal = Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(4088, 7)]);
    expectOneLineError(await analyze('system@0001.journal', journal), /binary systemd journal file.*journalctl --file system@0001\.journal -o export > system@0001\.export/);
  });

  it('refuses an empty file and an empty .gz', async () => {
    expectOneLineError(await analyze('dmesg.txt', ''), /empty file/);
    expectOneLineError(await analyze('kern.log.1.gz', gzipSync('')), /holds no content/);
  });

  it('reads a cut .gz lone file up to the break and says it was cut', async () => {
    // The kill first, then enough later lines that the cut falls well after it.
    const filler = Array.from({ length: 4000 }, (_, i) => `Nov 28 04:20:${String(i % 60).padStart(2, '0')} worker-3 kernel: [ ${1300 + i}.000000] eth0: link ${i % 2 ? 'up' : 'down'} seq ${i}\n`).join(
      '',
    );
    const gz = gzipSync(asSyslog() + filler);
    const outcome = await analyze('kern.log.3.gz', gz.subarray(0, Math.floor(gz.length * 0.7)));
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.oomKills).toHaveLength(1);
    expect(outcome.report.archive.rejected).toEqual([{ name: 'kern.log.3.gz', kind: 'file', reason: expect.stringMatching(/gzip data breaks at byte \d+: .*truncated gzip/), partlyRead: true }]);
    expect(outcome.stderr).toMatch(/kern\.log\.3\.gz was not read to its end: cut/);
  });

  it('applies the ratio limit to a compressed lone file', async () => {
    const text = asSyslog() + 'Nov 28 04:20:00 worker-3 kernel: [ 1300.000000] eth0: link up\n'.repeat(200_000);
    const outcome = await analyze('kern.log.4.gz', gzipSync(text), ['--max-ratio', '5']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.archive.rejected[0]).toMatchObject({ name: 'kern.log.4.gz', partlyRead: true, reason: expect.stringMatching(/expands more than 5×/) });
    expect(outcome.report.oomKills).toHaveLength(1);
  });

  it('applies the per-entry size limit to a plain lone file', async () => {
    const outcome = await analyze('kern.log', asSyslog(), ['--max-entry-bytes', '1K']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report.archive.rejected[0]).toMatchObject({ name: 'kern.log', partlyRead: false, reason: expect.stringMatching(/per-entry limit/) });
    expect(outcome.report.oomKills).toEqual([]);
  });
});
