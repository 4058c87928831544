/**
 * What a successful collector run tells the person at the node's console, checked the same way
 * for every run that reads it (console.test.ts on --root runs, debug-pod.test.ts on the debug
 * pod's read-only run): sizes in binary units, no "not a Kubernetes node" warning, the next step last.
 */
import { readFile, stat } from 'node:fs/promises';
import { expect } from 'vitest';
import { openBundle, type CollectorRun } from './collector.js';

export const NOT_KUBERNETES_WARNING = 'podmortem-collect: warning: this does not look like a Kubernetes node';

/** The size as a person reads it, in binary units with one decimal: written apart from the collector's sh. */
export function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let power = 0;
  while (power < units.length - 1 && bytes >= 1024 ** (power + 2)) power++;
  const tenths = Math.round((bytes * 10) / 1024 ** (power + 1));
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} ${units[power]}`;
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** RUN wrote ARCHIVE on a Kubernetes node's evidence (a sample root) with the default budget. */
export async function expectConsoleSummary(run: CollectorRun, archive: string): Promise<void> {
  expect(run.code).toBe(0);
  const stdout = run.stdout.toString();
  const { manifest, top } = await openBundle(await readFile(archive));
  const { budgetBytes, usedBytes } = manifest.collection;
  if (budgetBytes === null || usedBytes === null) throw new Error('the manifest lacks budgetBytes or usedBytes');

  expect(lines(stdout)[0]).toMatch(new RegExp(`^podmortem-collect \\S+: node \\S+, mode \\S+ \\(.*\\), since \\S+, budget ${human(budgetBytes)}$`));
  expect(human(budgetBytes)).toBe('256 MiB');
  expect(stdout).toContain(`(${human(usedBytes)} of 256 MiB used; see manifest.json)\n`);
  expect(stdout).toContain(`\nsize:    ${human((await stat(archive)).size)}\n`);
  // No byte count a person must divide by 1024 three times, on either stream.
  expect(`${stdout}${run.stderr}`).not.toMatch(/\d{4,} bytes/);

  // Each sample root has a kubelet, a container runtime and /var/log/pods.
  expect(run.stderr).not.toContain(NOT_KUBERNETES_WARNING);
  expect(lines(stdout).at(-1)).toBe(`next, where podmortem is installed: podmortem analyze ${top}.tar.gz`);
}
