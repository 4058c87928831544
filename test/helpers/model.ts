/**
 * Builds a NodeModel from a bundle spec through the real stages (archive → bundle → sources →
 * model), and runs one rule on it: what rule tests and model tests start from.
 */
import { join } from 'node:path';
import { detectInput, DEFAULT_LIMITS } from '../../src/archive/index.js';
import { readBundle } from '../../src/bundle/index.js';
import { buildNodeModel, type NodeModel } from '../../src/model/index.js';
import { expect } from 'vitest';
import { RULES, runRules, type Finding, type Rule, type RuleRun } from '../../src/rules/index.js';
import { CandidateReadings } from '../../src/sources/index.js';
import { tempDir, writeBundle, type BundleSpec } from './bundle.js';

export async function modelFromSpec(spec: BundleSpec): Promise<NodeModel> {
  const dir = await tempDir('podmortem-model-');
  try {
    const path = await writeBundle(join(dir.path, 'bundle'), spec, 'dir');
    const reading = new CandidateReadings();
    const { inventory: bundleInventory } = await readBundle(await detectInput(path), DEFAULT_LIMITS, (file) => reading.read(file));
    return buildNodeModel(reading.finish(bundleInventory), bundleInventory);
  } finally {
    await dir.remove();
  }
}

/**
 * Runs one rule on a bundle spec: its run record and its findings. Every other rule runs on the
 * same model too, so that each rule test's fixture also checks that no rule reports a severity it
 * does not declare or a message naming data its finding lacks (runRules records such a run as
 * errored: test/rules/severities.test.ts, test/rules/message-data.test.ts).
 */
export async function checkRule(rule: Rule, spec: BundleSpec): Promise<{ run: RuleRun; findings: Finding[] }> {
  const model = await modelFromSpec(spec);
  const broken = runRules(model, RULES).runs.filter((run) => run.status === 'errored' && /which it does not declare|which its finding's data does not provide/.test(run.message));
  expect(broken, 'every finding on this fixture has a severity its rule declares and the data its message names').toEqual([]);
  const { findings, runs } = runRules(model, [rule]);
  return { run: runs[0] as RuleRun, findings };
}

/** A manifest anchoring the current boot: collected 2026-11-27T10:15:02Z after 90000 s of uptime. */
export const MANIFEST = JSON.stringify({
  format: 'podmortem-bundle',
  formatVersion: 1,
  node: 'worker-3',
  collection: { start: '2026-11-27T10:15:02Z', end: '2026-11-27T10:15:09Z', since: '2026-11-25T10:15:02Z', mode: 'host' },
  anchors: { wallClockUtc: '2026-11-27T10:15:02Z', uptimeSeconds: 90000, bootId: '3b5d0c1e-7a2f-4c8e-9d10-5e6f7a8b9c0d', timezone: 'UTC', utcOffset: '+0000' },
  items: [],
});

/** The UTC time of a monotonic dmesg stamp under MANIFEST's anchor. */
export function utcAt(monotonicSeconds: number): string {
  return new Date(Date.parse('2026-11-26T09:15:02Z') + monotonicSeconds * 1000).toISOString();
}

/** MANIFEST's boot id as journald writes it (no dashes). */
export const MANIFEST_BOOT = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';

/**
 * A kubelet error entry as `journalctl -o export` writes it, at a monotonic time of MANIFEST's
 * boot; `shiftUs` moves both clocks by a few microseconds (entries in one second stay ordered).
 */
export function kubeletExportEntry(monotonicSeconds: number, message: string, shiftUs = 0): string {
  return [
    `__REALTIME_TIMESTAMP=${Date.parse(utcAt(monotonicSeconds)) * 1000 + shiftUs}`,
    `__MONOTONIC_TIMESTAMP=${Math.round(monotonicSeconds * 1e6) + shiftUs}`,
    `_BOOT_ID=${MANIFEST_BOOT}`,
    '_SYSTEMD_UNIT=kubelet.service',
    'SYSLOG_IDENTIFIER=kubelet',
    'PRIORITY=3',
    `MESSAGE=${message}`,
    '',
    '',
  ].join('\n');
}
