/**
 * Lone log files through the real pipeline, in process (`analyze()`): each form is recognised by
 * its content whatever its name, fed to the one source whose parser reads it, and the real OOM
 * kill in it comes out once with what that form can tell. The classifier is checked on its own
 * for the cases around it (ties, a journal marker, binary and unknown content).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DEFAULT_LIMITS } from '../../src/archive/index.js';
import { classifyLoneFile } from '../../src/bundle/lone-file-format.js';
import { LONE_FILE_FORMATS, type LoneFileFormat } from '../../src/bundle/index.js';
import { analyze } from '../../src/pipeline.js';
import type { Report } from '../../src/report/index.js';
import { tempDir } from '../helpers/bundle.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { asJournalExport, asJournalJson, asJournalShort, asRfc3339Syslog, asSyslog, criLog, dockerJsonLog, REAL_DMESG, REAL_DMESG_T, REAL_KILL } from '../helpers/lone-file-text.js';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (work = await tempDir('podmortem-lone-')));
afterAll(async () => work.remove());

/** Names that say nothing (or mislead), so only the content can tell the form. */
async function reportOf(name: string, bytes: string | Buffer): Promise<{ report: Report; warnings: string[] }> {
  const input = join(work.path, name);
  await writeFile(input, bytes);
  const result = await analyze({ input, htmlPath: null, jsonPath: null, limits: DEFAULT_LIMITS, generatedAt: null, stdout: new PassThrough(), failOn: null });
  return { report: result.report, warnings: result.warnings };
}

interface KernelCase {
  name: string;
  bytes: () => string | Buffer;
  format: LoneFileFormat;
  /** The kill's wall-clock time, or null when the form has no anchor (said in `unknown`). */
  utc: string | null;
  quality: string;
}

const KERNEL_CASES: KernelCase[] = [
  { name: 'raw-dmesg.bin', bytes: () => REAL_DMESG, format: 'dmesg', utc: null, quality: 'unknown' },
  { name: 'dmesg-T.log', bytes: () => REAL_DMESG_T, format: 'dmesg-ctime', utc: '2026-11-28T04:13:10.000Z', quality: 'approximate' },
  { name: 'kern.log', bytes: asSyslog, format: 'syslog', utc: null, quality: 'unknown' },
  { name: 'kern.log.2.gz', bytes: () => gzipSync(asSyslog()), format: 'syslog', utc: null, quality: 'unknown' },
  { name: 'messages', bytes: asRfc3339Syslog, format: 'syslog', utc: REAL_KILL.utc, quality: 'exact' },
  { name: 'kernel.export', bytes: asJournalExport, format: 'journal-export', utc: REAL_KILL.utc, quality: 'exact' },
  { name: 'kernel.txt', bytes: asJournalJson, format: 'journal-json', utc: REAL_KILL.utc, quality: 'exact' },
  { name: 'journal.log', bytes: () => asJournalShort('short'), format: 'journal-text', utc: null, quality: 'unknown' },
  { name: 'journal-iso.log', bytes: () => asJournalShort('short-iso'), format: 'journal-text', utc: '2026-11-28T04:13:10.000Z', quality: 'exact' },
];

describe('a lone kernel-bearing file', () => {
  for (const kase of KERNEL_CASES) {
    it(`${kase.name}: read as ${kase.format}, the real OOM kill comes out once`, async () => {
      const { report, warnings } = await reportOf(kase.name, kase.bytes());
      const source = LONE_FILE_FORMATS[kase.format].source;
      expect(report.input.kind).toBe('file');
      expect(report.input.file).toMatchObject({ format: kase.format, source });
      expect(report.oomKills).toHaveLength(1);
      const kill = report.oomKills[0]!;
      expect({ pid: kill.pid, process: kill.process, podUid: kill.podUid, containerId: kill.containerId, qosClass: kill.qosClass }).toEqual({
        pid: REAL_KILL.pid,
        process: REAL_KILL.process,
        podUid: REAL_KILL.podUid,
        containerId: REAL_KILL.containerId,
        qosClass: REAL_KILL.qosClass,
      });
      expect(kill.time).toBe(kase.utc);
      expect(kill.timeQuality).toBe(kase.quality);
      // Only the fed source is present; the others are "not in the bundle", not failed.
      const present = report.coverage.filter((row) => row.files > 0).map((row) => row.source);
      expect(present).toEqual([source]);
      expect(new Set(report.coverage.filter((row) => row.files === 0).map((row) => row.state))).toEqual(new Set(['absent']));
      expect(report.node.notes.join(' ')).toMatch(/not a bundle/);
      expect(warnings.join('\n')).not.toMatch(/no manifest|is this a podmortem bundle/);
      expect(warnings.join('\n')).toMatch(new RegExp(`read as the ${source} source`));
      expect(report.parseIssues.total).toBe(0);
    });
  }

  it('says that raw dmesg has no wall-clock anchor, and classic syslog no year', async () => {
    expect((await reportOf('d1', REAL_DMESG)).report.input.file?.unknown).toMatch(/no wall-clock anchor/);
    const syslog = (await reportOf('s1', asSyslog())).report;
    expect(syslog.input.file?.unknown).toMatch(/no year/);
    // The stamp as printed is still there to read.
    expect(syslog.oomKills[0]!.timeText).toMatch(/^Nov 28 04:13:10 \[ *931\.472618\]$/);
  });
});

describe('a lone container log', () => {
  for (const [name, bytes, format] of [
    ['0.log', criLog(), 'cri'],
    ['app.json', dockerJsonLog(), 'docker-json'],
  ] as const) {
    it(`${name}: read as ${format}; its pod is unknown and no pod is made up`, async () => {
      const { report } = await reportOf(name, bytes);
      expect(report.input.file).toMatchObject({ format, source: 'podLogs' });
      expect(report.input.file?.unknown).toMatch(/pod, namespace and container .*unknown/);
      expect(report.input.file?.log).toMatchObject({ lines: 4, firstTime: '2026-11-28T04:13:00.100Z', lastTime: '2026-11-28T04:13:03.100Z' });
      expect(report.input.file?.log?.lastLines.at(-1)).toEqual({ time: '2026-11-28T04:13:03.100Z', stream: 'stdout', text: 'allocating 48 MiB' });
      expect(JSON.stringify(report.pods)).not.toContain(name);
      expect(report.oomKills).toEqual([]);
      expect(report.parseIssues.total).toBe(0);
    });
  }
});

describe('classifyLoneFile', () => {
  const text = (value: string) => classifyLoneFile(Buffer.from(value), true);

  it('tells the forms of the same kernel text apart by their stamps', () => {
    expect(text(REAL_DMESG)).toBe('dmesg');
    expect(text(REAL_DMESG_T)).toBe('dmesg-ctime');
    expect(text(asSyslog())).toBe('syslog');
    expect(text(asRfc3339Syslog())).toBe('syslog');
    expect(text(asJournalExport())).toBe('journal-export');
    expect(text(asJournalJson())).toBe('journal-json');
    expect(text(asJournalShort())).toBe('journal-text');
    expect(text(criLog())).toBe('cri');
    expect(text(dockerJsonLog())).toBe('docker-json');
  });

  it('reads journalctl short lines without the header as syslog (the same shape)', () => {
    expect(text(asJournalShort().split('\n').slice(1).join('\n'))).toBe('syslog');
  });

  it('refuses what no parser reads', () => {
    expect(text('')).toBe('empty');
    expect(classifyLoneFile(Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(200)]), true)).toBe('binary-journal');
    expect(classifyLoneFile(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]), true)).toBe('unknown');
    expect(text('just some notes\nabout the node\n')).toBe('unknown');
    expect(text('key=value\nother=thing\n')).toBe('unknown');
    expect(text('{"level":"info","msg":"hello"}\n')).toBe('unknown');
    // One kernel line among many that are not: not enough to call it a kernel log.
    expect(text(`notes\nmore notes\neven more\n${REAL_DMESG.split('\n')[1]}\n`)).toBe('unknown');
  });

  it('ignores the last line of a head that was cut mid-line', () => {
    const head = `${REAL_DMESG}[  931.47`;
    expect(classifyLoneFile(Buffer.from(head), false)).toBe('dmesg');
  });
});

describe('the lone-file catalog', () => {
  it('has every form in the README table, and a classifier test reaching it', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const tested = new Set<string>([...KERNEL_CASES.map((kase) => kase.format), 'cri', 'docker-json']);
    for (const format of Object.keys(LONE_FILE_FORMATS)) {
      expect(readme, `README names ${format}`).toContain(`(\`${format}\`)`);
      if (format !== 'dmesg-iso' && format !== 'service-log') expect(tested.has(format), `${format} is analyzed in a test`).toBe(true);
    }
    expect(classifyLoneFile(Buffer.from('2026-11-28T04:13:10,472465+00:00 python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)\n'), true)).toBe('dmesg-iso');
    expect(classifyLoneFile(Buffer.from('I1128 04:13:10.110852    1025 kubelet.go:2134] "SyncLoop (PLEG)"\n'), true)).toBe('service-log');
  });
});
