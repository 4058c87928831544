/**
 * The command builders: quoting checked by a real shell (dash and busybox sh), values that cannot
 * be used leave the command out, limits measured from the evidence, and the node facts read from
 * the real sample bundles (cgroup v1/cgroupfs and v2/systemd).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectInput, DEFAULT_LIMITS } from '../../../src/archive/index.js';
import { readBundle } from '../../../src/bundle/index.js';
import { buildNodeModel, type NodeModel } from '../../../src/model/index.js';
import { remedyFacts, Raw, sh, shellQuote, suggest, usableValue } from '../../../src/rules/command-helpers.js';
import { proposeLimit, quantity } from '../../../src/rules/memory-command-helpers.js';
import { deploymentOf } from '../../../src/rules/pod-command-helpers.js';
import { CandidateReadings } from '../../../src/sources/index.js';
import { samplePath } from '../../report/helpers/report-of.js';

const HOSTILE = ['a;b', '$(touch pwned)', '`id`', "it's", 'two words', 'glob*?[x]', 'quote"d', 'back\\slash', '&&|>', '~root', "''", 'ünï'];

const SHELLS = ['/bin/dash', '/bin/busybox'].filter((shell) => existsSync(shell));

/** What a real shell makes of `printf '%s\n' <quoted>`: the argument it received. */
function echoThrough(shell: string, quoted: string): string {
  const args = shell.endsWith('busybox') ? ['sh', '-c', `printf '%s\\n' ${quoted}`] : ['-c', `printf '%s\\n' ${quoted}`];
  return execFileSync(shell, args, { encoding: 'utf8', cwd: '/tmp' }).replace(/\n$/, '');
}

async function sampleModel(name: string): Promise<NodeModel> {
  const reading = new CandidateReadings();
  const { inventory } = await readBundle(await detectInput(samplePath(name)), DEFAULT_LIMITS, (file) => reading.read(file));
  return buildNodeModel(reading.finish(inventory), inventory);
}

describe('shell quoting', () => {
  if (SHELLS.length === 0) console.log('skipping the real-shell checks: neither /bin/dash nor /bin/busybox is installed');

  it.each(HOSTILE)('%s reaches a real shell as one unchanged argument', (value) => {
    const quoted = shellQuote(value);
    for (const shell of SHELLS) expect(echoThrough(shell, quoted), shell).toBe(value);
  });

  it('leaves plain names bare', () => {
    expect(shellQuote('checkout-7d9f8b6c5-x2x9q')).toBe('checkout-7d9f8b6c5-x2x9q');
    expect(shellQuote('/sys/fs/cgroup/kubepods.slice/memory.events')).toBe('/sys/fs/cgroup/kubepods.slice/memory.events');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('quotes every value of a command, and keeps our own fragments as written', () => {
    const command = sh`kubectl -n ${'shop'} describe pod ${'x;rm -rf /'} -o jsonpath=${new Raw(`'{.status}'`)}`;
    expect(command).toBe(`kubectl -n shop describe pod 'x;rm -rf /' -o jsonpath='{.status}'`);
  });

  it('leaves out a command with an unknown, empty, option-like or multi-line value', () => {
    for (const value of [null, undefined, '', '-rf', '--all-namespaces', 'a\nb', 'a\rb', 'tab\there', 'esc\u001b[31m', 'rlo\u202egnp.exe', 'zw\u200bsp']) {
      expect(usableValue(value), JSON.stringify(value)).toBe(false);
      expect(sh`kubectl describe pod ${value}`).toBeNull();
      expect(suggest('x', sh`kubectl describe pod ${value}`)).toBeNull();
    }
    expect(sh`kill ${0}`).toBe('kill 0');
  });
});

describe('the limit to raise', () => {
  it('is the highest reading plus 25 %, rounded up to a readable size, and says how', () => {
    expect(proposeLimit(524288, 524288)).toEqual({ from: '512Mi', to: '640Mi', how: 'usage reached the limit; 512Mi + 25 % headroom, rounded up to 640Mi' });
    expect(proposeLimit(262144, 262144)?.to).toBe('320Mi');
    expect(proposeLimit(1048576, 1048576)?.to).toBe('1280Mi');
    expect(proposeLimit(3 * 1048576, null)?.to).toBe('3840Mi');
    expect(proposeLimit(6 * 1048576, null)?.to).toBe('8Gi');
    // A recorded peak above the limit (memory.peak of a cgroup that was re-limited) wins.
    expect(proposeLimit(524288, 524288, 900 * 1024 * 1024)).toEqual({ from: '512Mi', to: '1280Mi', how: 'the recorded peak was 900Mi; 900Mi + 25 % headroom, rounded up to 1280Mi' });
  });

  it('is not proposed without a known limit', () => {
    expect(proposeLimit(null, 524288)).toBeNull();
    expect(proposeLimit(0, 0)).toBeNull();
  });

  it('writes Kubernetes quantities', () => {
    expect(quantity(512 * 1024 * 1024)).toBe('512Mi');
    expect(quantity(2 * 1024 * 1024 * 1024)).toBe('2Gi');
    expect(quantity(1000)).toBe('1Ki');
  });

  it('finds a Deployment only in a pod name with a ReplicaSet hash', () => {
    expect(deploymentOf('checkout-7d9f8b6c5-x2x9q')).toBe('checkout');
    expect(deploymentOf('report-worker-5b8c9d7f6-m4kq2')).toBe('report-worker');
    expect(deploymentOf('web-0')).toBeNull();
    expect(deploymentOf('node-exporter-x7k2m')).toBeNull();
    expect(deploymentOf(null)).toBeNull();
  });
});

describe('node facts from the samples', () => {
  it('node-pressure-cgroupfs is cgroup v1 with the cgroupfs driver (memory.oom_control files) and containerd', async () => {
    const model = await sampleModel('node-pressure-cgroupfs');
    expect(model.cgroups.some((cgroup) => cgroup.files.some((file) => file.endsWith('/memory.oom_control')))).toBe(true);
    expect(model.cgroups.some((cgroup) => cgroup.files.some((file) => file.endsWith('/memory.events')))).toBe(false);
    expect(remedyFacts(model)).toEqual(expect.objectContaining({ node: 'worker-7', cgroupVersion: 1, runtime: 'containerd', kubepods: '/kubepods' }));
  });

  it('oom-burstable-containerd is cgroup v2 with the systemd driver (memory.events files) and containerd', async () => {
    const model = await sampleModel('oom-burstable-containerd');
    expect(model.cgroups.some((cgroup) => cgroup.files.some((file) => file.endsWith('/memory.events')))).toBe(true);
    expect(model.cgroups.some((cgroup) => cgroup.files.some((file) => file.endsWith('/memory.oom_control')))).toBe(false);
    expect(remedyFacts(model)).toEqual(expect.objectContaining({ node: 'worker-3', cgroupVersion: 2, runtime: 'containerd', kubepods: '/kubepods.slice' }));
  });
});
