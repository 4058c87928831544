/**
 * The lines around a kill in the middle of a long container log: a child process is killed while
 * the container logs on for thousands of lines. `logBefore` must hold the lines just before the
 * kill and `logAfter` the first ones after, whether the kernel lines come before the pod logs in
 * the archive (kept in the first pass), after them (read again in a second pass), or the bundle
 * is a directory. The lines before the kill straddle a rotation: the last 15 are in the rotated
 * file, the last 5 in the live one.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTAINER_ID, oomReport, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { MANIFEST } from '../helpers/model.js';
import { tempDir, writeBundle, type BundleFormat, type BundleSpec } from '../helpers/bundle.js';
import { reportOf } from '../report/helpers/report-of.js';
import type { Report } from '../../src/report/index.js';
import { detectInput, DEFAULT_LIMITS } from '../../src/archive/index.js';
import { readBundle } from '../../src/bundle/index.js';
import { buildNodeModel } from '../../src/model/index.js';
import { CandidateReadings } from '../../src/sources/index.js';

/** The files the first pass left to the second, after one pass and the model. */
async function leftForSecondPass(path: string): Promise<string[]> {
  const readings = new CandidateReadings();
  const { inventory, archive } = await readBundle(await detectInput(path), DEFAULT_LIMITS, (file) => readings.read(file));
  const sources = readings.finish(inventory);
  buildNodeModel(sources, inventory, archive);
  return [...sources.podLogs.windows.pendingReads().keys()].sort();
}

/** MANIFEST: collected at 2026-11-27T10:15:02Z after 90,000 s of uptime. */
const COLLECTED_MS = Date.parse('2026-11-27T10:15:02Z');
const UPTIME = 90_000;
const KILL_MONOTONIC = 80_000;
const KILL_MS = COLLECTED_MS - (UPTIME - KILL_MONOTONIC) * 1000;
const LINES_BEFORE = 3000;
const LINES_AFTER = 3000;
const IN_LIVE_FILE_BEFORE = 5;
const POD_DIR = `pods/shop_reports-5c9d7f_${POD_UID}/app`;

const cri = (ms: number, text: string) => `${new Date(ms).toISOString()} stdout F ${text}\n`;
/** One line a second up to half a second before the kill; from 5 s after it, ten a second. */
const before = (i: number) => cri(KILL_MS - 500 - (LINES_BEFORE - 1 - i) * 1000, `working ${i}`);
const after = (i: number) => cri(KILL_MS + 5000 + i * 100, `still running ${i}`);

function parts(): Record<string, BundleSpec> {
  const rotated = Array.from({ length: LINES_BEFORE - IN_LIVE_FILE_BEFORE }, (_, i) => before(i)).join('');
  const live = [...Array.from({ length: IN_LIVE_FILE_BEFORE }, (_, i) => before(LINES_BEFORE - IN_LIVE_FILE_BEFORE + i)), ...Array.from({ length: LINES_AFTER }, (_, i) => after(i))].join('');
  const rotatedAt = new Date(KILL_MS - 6000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return {
    manifest: { 'manifest.json': MANIFEST },
    kernel: { 'kernel/dmesg.txt': oomReport(KILL_MONOTONIC, { pid: 5151, comm: 'convert', taskMemcg: v2ContainerPath(POD_UID, CONTAINER_ID) }) },
    links: { 'containers.txt': `reports-5c9d7f_shop_app-${CONTAINER_ID}.log\t/var/log/${POD_DIR}/0.log\n` },
    pods: { [`${POD_DIR}/0.log.${rotatedAt}`]: rotated, [`${POD_DIR}/0.log`]: live },
  };
}

const text = (lines: { text: string }[]) => lines.map((line) => line.text);
const expectedBefore = Array.from({ length: 20 }, (_, i) => `working ${LINES_BEFORE - 20 + i}`);
const expectedAfter = Array.from({ length: 10 }, (_, i) => `still running ${i}`);

describe('log lines around a kill in the middle of a long container log', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const reports = new Map<string, Report>();
  const paths = new Map<string, string>();
  const cases: [string, BundleFormat, (keyof ReturnType<typeof parts>)[]][] = [
    ['kernel before pods (tar.gz)', 'tar.gz', ['manifest', 'kernel', 'links', 'pods']],
    ['pods before kernel and manifest (tar.gz)', 'tar.gz', ['pods', 'links', 'kernel', 'manifest']],
    ['a directory', 'dir', ['pods', 'links', 'kernel', 'manifest']],
  ];

  beforeAll(async () => {
    dir = await tempDir('podmortem-kill-windows-');
    const all = parts();
    for (const [name, format, order] of cases) {
      const spec: BundleSpec = Object.assign({}, ...order.map((part) => all[part]));
      const path = await writeBundle(join(dir.path, `b${reports.size}${format === 'dir' ? '' : `.${format}`}`), spec, format);
      paths.set(name, path);
      reports.set(name, await reportOf(path));
    }
  }, 60_000);

  afterAll(async () => dir.remove());

  it.each(cases.map(([name]) => name))('%s: logBefore holds the lines just before the kill, logAfter the first after it', (name) => {
    const report = reports.get(name) as Report;
    const at = report.oomKills.findIndex((kill) => kill.pid === 5151);
    expect(at).toBeGreaterThanOrEqual(0);
    const kill = report.oomKills[at] as Report['oomKills'][number];
    const detail = report.oomKillDetails[at] as Report['oomKillDetails'][number];
    expect(kill).toMatchObject({ podUid: POD_UID, container: 'app', time: new Date(KILL_MS + 0.3).toISOString() });
    expect(detail.outcome).toBe('container-kept-running');
    expect(text(kill.logBefore)).toEqual(expectedBefore);
    expect(kill.logBefore.at(-1)?.time).toBe(new Date(KILL_MS - 500).toISOString());
    expect(text(detail.logAfter)).toEqual(expectedAfter);
  });

  it('keeps the lines in one pass when the kernel comes first, and reads just the two files again when it does not', async () => {
    expect(await leftForSecondPass(paths.get(cases[0]![0]) as string)).toEqual([]);
    const files = await leftForSecondPass(paths.get(cases[1]![0]) as string);
    expect(files).toHaveLength(2);
    expect(files.every((file) => file.startsWith(POD_DIR))).toBe(true);
  });

  it('gives the same kills, lines included, for every entry order and for a directory', () => {
    const [first, ...rest] = cases.map(([name]) => reports.get(name) as Report);
    for (const other of rest) {
      expect(JSON.stringify(other.oomKills)).toBe(JSON.stringify(first?.oomKills));
      expect(JSON.stringify(other.oomKillDetails)).toBe(JSON.stringify(first?.oomKillDetails));
    }
  });
});
