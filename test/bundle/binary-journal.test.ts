/**
 * A binary systemd journal file inside a bundle (a collector that copied `/var/log/journal`, a
 * `/var/log` copy) is not read as text: it is listed once, as a parse issue of the journal source
 * that says how to export it, in the same words as for a lone journal file. Its uncompressed
 * MESSAGE fields hold real log text, so reading it as text would invent kernel events.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/report/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { oomReport } from '../helpers/kernel-text.js';
import { reportOf } from '../report/helpers/report-of.js';

/** A journal file's signature, then data objects as journald stores small ones: field text, uncompressed. */
const JOURNAL_WITH_TEXT = Buffer.concat([
  Buffer.from('LPKSHHRH'),
  Buffer.alloc(240),
  ...oomReport(931.472465)
    .split('\n')
    .map((line) => Buffer.concat([Buffer.alloc(16), Buffer.from(`MESSAGE=${line}\n`)])),
]);

async function reportOfSpec(spec: BundleSpec): Promise<Report> {
  const dir = await tempDir('podmortem-binary-journal-');
  try {
    return await reportOf(await writeBundle(join(dir.path, 'bundle.tar.gz'), spec, 'tar.gz'));
  } finally {
    await dir.remove();
  }
}

function expectListedOnce(report: Report, path: string): void {
  const issues = report.parseIssues.shown.filter((issue) => issue.file === path);
  expect(issues).toEqual([{ source: 'journal', file: path, line: null, message: expect.stringContaining('binary systemd journal file') }]);
  expect(issues[0]?.message).toContain(`journalctl --file ${path} -o export > ${path.replace(/\.journal~?$/, '')}.export`);
}

/** This machine's own journal file, when it has one (journald running without persistent storage writes under /run). */
function machineJournal(): string | null {
  for (const base of ['/run/log/journal', '/var/log/journal']) {
    let machines: string[] = [];
    try {
      machines = readdirSync(base);
    } catch {
      continue;
    }
    for (const machine of machines) {
      const path = join(base, machine, 'system.journal');
      try {
        if (statSync(path).size > 0) return path;
      } catch {
        // not there: try the next folder
      }
    }
  }
  return null;
}

describe('a binary journal file inside a bundle', () => {
  it('is listed as not readable with how to export it, and not read as text', async () => {
    const report = await reportOfSpec({ 'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0\n', 'journal/system.journal': JOURNAL_WITH_TEXT });
    expect(report.input.format).toBe('podmortem');
    expectListedOnce(report, 'journal/system.journal');
    expect(report.oomKills).toEqual([]);
  });

  const real = machineJournal();
  if (!real) console.log('binary journal test with a real journal file skipped: no system.journal under /run/log/journal or /var/log/journal');
  it.skipIf(!real)(
    "says the same for this machine's real journal file in a /var/log copy",
    async () => {
      const path = 'journal/0123456789abcdef0123456789abcdef/system.journal';
      const report = await reportOfSpec({
        'kern.log': 'Nov 27 10:12:01 worker-3 kernel: Linux version 6.1.0\n',
        syslog: 'Nov 27 10:12:01 worker-3 systemd[1]: Started kubelet.service.\n',
        [path]: readFileSync(real as string),
      });
      expect(report.input.format).toBe('var-log');
      expectListedOnce(report, path);
    },
    60_000,
  );
});
