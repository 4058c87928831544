/**
 * The kernel-signal rules meet whatever the detectors let through: real signal lines with bytes
 * flipped, cut, doubled, or their numbers swapped for odd ones, in dmesg, kern.log and audit.log
 * at once. No rule may error, and each finding must stay a finding (every placeholder of its message
 * in its data, numbers finite).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuLockups } from '../../../src/rules/cpu-lockups.js';
import { diskIoErrors } from '../../../src/rules/disk-io-errors.js';
import { filesystemErrors } from '../../../src/rules/filesystem-errors.js';
import { hardwareErrors } from '../../../src/rules/hardware-errors.js';
import { hungTasks } from '../../../src/rules/hung-tasks.js';
import { runRules } from '../../../src/rules/index.js';
import { securityDenials } from '../../../src/rules/security-denials.js';
import { mutate, seededRandom } from '../../collector/helpers/prng.js';
import { MANIFEST, modelFromSpec } from '../../helpers/model.js';
import { psTable } from '../kernel-signal-text.js';

const KERNEL_RULES = [diskIoErrors, filesystemErrors, hungTasks, cpuLockups, securityDenials, hardwareErrors];
const fixture = (name: string) =>
  readFileSync(new URL(`../../sources/kernel/fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);
const DMESG = fixture('kernel-signals-dmesg-kernel-5.15.txt');
const AUDIT = fixture('audit-log-selinux-avc.txt');
const ODD_NUMBERS = ['0', '-1', '99999999999', '4294967295', '00', '1e9'];

function shaken(lines: string[], random: () => number): string {
  return lines
    .map((line) => {
      const roll = random();
      if (roll < 0.4) return line;
      if (roll < 0.7) return line.replace(/\d+/g, (digits) => (random() < 0.3 ? ODD_NUMBERS[Math.floor(random() * ODD_NUMBERS.length)]! : digits));
      return mutate(Buffer.from(line), random).toString('latin1').replace(/\n/g, ' ');
    })
    .join('\n');
}

describe('kernel-signal rules on mutated input', () => {
  it.each(Array.from({ length: 25 }, (_, seed) => seed + 1))('seed %i: every rule runs', async (seed) => {
    const random = seededRandom(seed);
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': shaken(DMESG, random),
      'kernel/kern.log': shaken(
        DMESG.map((line) => `Nov 26 10:15:02 worker-3 kernel: ${line}`),
        random,
      ),
      'kernel/audit.log': shaken(AUDIT, random),
      'stats/ps.txt': psTable([
        { pid: 4242, comm: 'java', cgroup: '/kubepods.slice/kubepods-pod0.slice' },
        { pid: 10233, comm: 'cat', cgroup: '/kubepods/besteffort/pod6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/' + 'ab'.repeat(32) },
      ]),
    });
    const { runs, findings } = runRules(model, KERNEL_RULES);
    expect(runs.filter((run) => run.status !== 'ran')).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      const template = KERNEL_RULES.find((rule) => rule.id === finding.ruleId)!.messages[finding.messageId as never] as string;
      for (const [, key] of template.matchAll(/\{(\w+)\}/g)) expect(finding.data, `${finding.ruleId}/${finding.messageId}`).toHaveProperty(key!);
      for (const value of Object.values(finding.data)) expect(typeof value === 'number' ? Number.isFinite(value) : true).toBe(true);
    }
  });
});
