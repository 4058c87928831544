/**
 * Where the kubelet sets its eviction thresholds follows the kubelet's flags actually set: the
 * `--config` file named in the bundle (node-pressure-cgroupfs' unit file) is grepped, run through
 * dash and busybox sh against a real config file at a hostile path; without a known config file
 * the command reads the running kubelet's flags with procps `ps`, run against a real process
 * named kubelet. The eviction and pressure findings carry it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemedyFacts } from '../../../src/rules/command-helpers.js';
import { kubeletEvictionSettings } from '../../../src/rules/node-command-helpers.js';
import { tempDir } from '../../helpers/bundle.js';
import { reportOf, samplePath } from '../../report/helpers/report-of.js';

const SHELLS = ['/bin/dash', '/bin/busybox'].filter((shell) => existsSync(shell));
const FACTS: RemedyFacts = { node: 'worker-7', cgroupVersion: 2, runtime: 'containerd', kubeletConfig: null, kubepods: '/kubepods.slice' };

function runIn(shell: string, command: string): string {
  const args = shell.endsWith('busybox') ? ['sh', '-c', command] : ['-c', command];
  return execFileSync(shell, args, { encoding: 'utf8' });
}

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir('podmortem-eviction-settings-');
});
afterAll(async () => work?.remove());

describe("the kubelet's config file, when the bundle names it", () => {
  it('is grepped for its eviction thresholds and reservations, at a path no shell may split', () => {
    const config = join(work.path, "kubelet config's.json");
    writeFileSync(config, '{\n  "kind": "KubeletConfiguration",\n  "evictionHard": {"memory.available": "200Mi"},\n  "maxPods": 29,\n  "kubeReserved": {"memory": "574Mi"}\n}\n');
    const command = kubeletEvictionSettings({ ...FACTS, kubeletConfig: config })!;
    expect(command.changesCluster).toBe(false);
    expect(command.purpose).toContain(config);
    if (SHELLS.length === 0) console.log('skipping the real-shell run: neither /bin/dash nor /bin/busybox is installed');
    for (const shell of SHELLS) {
      const lines = runIn(shell, command.command).trim().split('\n');
      expect(lines, shell).toEqual(['3:  "evictionHard": {"memory.available": "200Mi"},', '5:  "kubeReserved": {"memory": "574Mi"}']);
    }
  });

  it('is dropped, not guessed, when its path could not be one argument', () => {
    expect(kubeletEvictionSettings({ ...FACTS, kubeletConfig: '-rf' })).toBeNull();
  });
});

describe('without a known config file', () => {
  it("reads the running kubelet's eviction flags and its --config, in either form", async () => {
    const command = kubeletEvictionSettings(FACTS)!;
    expect(command.command).toMatch(/^ps -o args= -C kubelet /);
    const procps = (() => {
      try {
        return execFileSync('ps', ['--version'], { encoding: 'utf8' }).includes('procps');
      } catch {
        return false;
      }
    })();
    if (!procps || SHELLS.length === 0) {
      console.log('skipping the live run: procps ps or a shell (dash, busybox) is missing');
      return;
    }
    // A real process the kernel names kubelet (a script's name), started with flags as a kubelet is; it ends by itself.
    const fake = join(work.path, 'kubelet');
    writeFileSync(fake, '#!/bin/sh\ni=0\nwhile [ "$i" -lt 30 ]; do sleep 1; i=$((i + 1)); done\n');
    chmodSync(fake, 0o755);
    const child = spawn(fake, ['--config', '/etc/kubernetes/kubelet/kubelet-config.json', '--eviction-hard=memory.available<200Mi', '--node-ip=10.1.4.27'], { stdio: 'ignore' });
    try {
      let seen = '';
      for (let attempt = 0; attempt < 50 && !seen.includes('--eviction-hard'); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = runIn(SHELLS[0]!, `${command.command} || true`);
      }
      expect(seen.trim().split('\n')).toEqual(expect.arrayContaining(['--config /etc/kubernetes/kubelet/kubelet-config.json', '--eviction-hard=memory.available<200Mi']));
      expect(seen).not.toContain('--node-ip');
    } finally {
      child.kill();
    }
  });
});

describe('on the samples', () => {
  it('node-pressure-cgroupfs: the config file its kubelet unit passes with --config, in the eviction and pressure findings', async () => {
    const report = await reportOf(samplePath('node-pressure-cgroupfs'));
    const grep = "grep -nE 'eviction|Reserved|enforceNodeAllocatable' /etc/kubernetes/kubelet/kubelet-config.json";
    const relevant = report.findings.filter((finding) => finding.ruleId === 'pod-evictions' || finding.ruleId === 'node-pressure');
    expect(new Set(relevant.map((finding) => finding.ruleId))).toEqual(new Set(['pod-evictions', 'node-pressure']));
    expect(relevant.filter((finding) => !finding.commands.some((command) => command.command === grep)).map((finding) => finding.id)).toEqual([]);
  });
});
