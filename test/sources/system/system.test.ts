import { describe, expect, it } from 'vitest';
import { createJournalDiskUsageReader } from '../../../src/sources/system/journal-disk-usage.js';
import { createKubeletFlagsReader } from '../../../src/sources/system/kubelet-flags.js';
import { createOsReleaseReader } from '../../../src/sources/system/os-release.js';
import { createUnameReader } from '../../../src/sources/system/uname.js';
import { fixture, readOne } from '../stats/helpers.js';

const system = (name: string) => fixture(name, 'system');

describe('os-release reader', () => {
  it('reads the header comment sample: Debian 12', async () => {
    const { result, issues } = await readOne(createOsReleaseReader(), 'osRelease', 'system/os-release', system('os-release-debian-12.txt'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({ id: 'debian', idLike: [], prettyName: 'Debian GNU/Linux 12 (bookworm)', versionId: '12', versionCodename: 'bookworm', variantId: null });
    expect(result?.fields.HOME_URL).toBe('https://www.debian.org/');
  });

  it('reads unquoted values and the variant of Bottlerocket', async () => {
    const { result } = await readOne(createOsReleaseReader(), 'osRelease', 'system/os-release', system('os-release-bottlerocket-1.19-aws-k8s.txt'));
    expect(result).toMatchObject({ id: 'bottlerocket', name: 'Bottlerocket', versionId: '1.19.2', variantId: 'aws-k8s-1.29', prettyName: 'Bottlerocket OS 1.19.2 (aws-k8s-1.29)' });
  });

  it('splits ID_LIKE', async () => {
    const { result } = await readOne(createOsReleaseReader(), 'osRelease', 'system/os-release', system('os-release-amazon-linux-2.txt'));
    expect(result).toMatchObject({ id: 'amzn', idLike: ['centos', 'rhel', 'fedora'], versionId: '2' });
  });

  it('unescapes double quotes, keeps single-quoted text, skips comments, reports bad lines', async () => {
    const text = '# comment\nNAME="My \\"OS\\" \\$HOME"\nID=\'my os\'\nBROKEN="open\nnot a pair\n';
    const { result, issues } = await readOne(createOsReleaseReader(), 'osRelease', 'system/os-release', text);
    expect(result?.name).toBe('My "OS" $HOME');
    expect(result?.id).toBe('my os');
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['system/os-release', 4],
      ['system/os-release', 5],
    ]);
  });
});

describe('uname reader', () => {
  it('reads the header comment sample: GNU uname -a with machine, processor and platform', async () => {
    const { result, issues } = await readOne(createUnameReader(), 'uname', 'system/uname.txt', system('uname-ubuntu-18.04-aws.txt'));
    expect(issues).toEqual([]);
    expect(result).toEqual({
      file: 'system/uname.txt',
      text: 'Linux ip-172-31-89-98 5.4.0-1045-aws #47~18.04.1-Ubuntu SMP Tue Apr 13 15:58:14 UTC 2021 x86_64 x86_64 x86_64 GNU/Linux',
      kernelName: 'Linux',
      hostname: 'ip-172-31-89-98',
      kernelRelease: '5.4.0-1045-aws',
      kernelVersion: '#47~18.04.1-Ubuntu SMP Tue Apr 13 15:58:14 UTC 2021',
      machine: 'x86_64',
      operatingSystem: 'GNU/Linux',
    });
  });

  it.each([
    ['uname-firecracker-6.18-real.txt', { hostname: 'vm', kernelRelease: '6.18.44-fc-v657', kernelVersion: '#1 SMP PREEMPT_DYNAMIC @0', machine: 'x86_64', operatingSystem: 'GNU/Linux' }],
    ['uname-ubuntu-24.04-aws-no-processor.txt', { kernelRelease: '6.8.0-1012-aws', kernelVersion: '#13-Ubuntu SMP Mon Jul 15 13:40:27 UTC 2024', machine: 'x86_64', operatingSystem: 'GNU/Linux' }],
    ['uname-busybox-debug-container.txt', { hostname: 'debug-7f9c', machine: 'x86_64', operatingSystem: 'Linux' }],
    ['uname-bottlerocket-arm64.txt', { hostname: 'ip-192-168-1-10.us-west-2.compute.internal', kernelRelease: '6.1.66', machine: 'aarch64' }],
  ])('reads %s', async (name, expected) => {
    const { result } = await readOne(createUnameReader(), 'uname', 'system/uname.txt', system(name));
    expect(result).toMatchObject(expected);
  });

  it('reports a second line and text that is no uname', async () => {
    const two = await readOne(createUnameReader(), 'uname', 'system/uname.txt', `${system('uname-bottlerocket-arm64.txt')}extra line here\n`);
    expect(two.issues.map((issue) => issue.line)).toEqual([2]);
    const bad = await readOne(createUnameReader(), 'uname', 'system/uname.txt', 'uname:\n');
    expect(bad.result).toBeNull();
    expect(bad.issues.map((issue) => issue.line)).toEqual([1, null]);
  });
});

describe('kubelet flags reader', () => {
  it('reads the header comment sample: one argument per line as the collector writes it', async () => {
    const { result, issues } = await readOne(createKubeletFlagsReader(), 'kubeletFlags', 'system/kubelet-flags.txt', system('kubelet-flags-collector-one-per-line.txt'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      program: '/usr/bin/kubelet',
      configFile: '/var/lib/kubelet/config.yaml',
      kubeconfig: '/etc/kubernetes/kubelet.conf',
      cgroupDriver: 'systemd',
      containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
      maxPods: 110,
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%', 'imagefs.available': '15%' },
      kubeReserved: { cpu: '100m', memory: '1Gi', 'ephemeral-storage': '1Gi' },
      systemReserved: { cpu: '100m', memory: '500Mi' },
      featureGates: { RotateKubeletServerCertificate: 'true', MemoryQoS: 'false' },
      redacted: ['token'],
      repeated: [],
      positional: [],
    });
    expect(result?.flags.token).toBe('[REDACTED]');
    expect(result?.flags['node-labels']).toBe('node.kubernetes.io/lifecycle=spot,topology.kubernetes.io/zone=eu-west-1a');
    expect(result?.flags.v).toBe('2');
  });

  it('reads a whole command line, with --flag value pairs and negative values', async () => {
    const { result, issues } = await readOne(createKubeletFlagsReader(), 'kubeletFlags', 'system/kubelet-flags.txt', system('kubelet-flags-ps-whole-command-line.txt'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      program: '/usr/bin/kubelet',
      maxPods: 58,
      evictionSoft: { 'memory.available': '500Mi' },
      evictionSoftGracePeriod: { 'memory.available': '1m30s' },
      containerRuntimeEndpoint: 'unix:///var/run/containerd/containerd.sock',
    });
    expect(result?.flags['node-ip']).toBe('10.0.1.23');
    expect(result?.flags['oom-score-adj']).toBe('-999');
    expect(result?.flags['fail-swap-on']).toBe('false');
  });

  it('reads raw NUL-separated cmdline, bare booleans, repeats and quoted values', async () => {
    const raw = ['kubelet', '--register-node', '--node-labels="a=b"', '--v=2', '--v=4', '--max-pods=***', 'stray'].join('\0');
    const { result, issues } = await readOne(createKubeletFlagsReader(), 'kubeletFlags', 'system/kubelet-flags.txt', raw);
    expect(result).toMatchObject({ program: 'kubelet', repeated: ['v'], redacted: ['max-pods'], maxPods: null, positional: ['stray'] });
    expect(result?.flags).toMatchObject({ 'register-node': 'true', 'node-labels': 'a=b', v: '4', 'max-pods': '***' });
    expect(issues.map((issue) => issue.line)).toEqual([1]);
  });

  it('reports an empty file', async () => {
    const { issues } = await readOne(createKubeletFlagsReader(), 'kubeletFlags', 'system/kubelet-flags.txt', '\n\n');
    expect(issues).toEqual([expect.objectContaining({ line: null, file: 'system/kubelet-flags.txt' })]);
  });
});

describe('journal disk usage reader', () => {
  it.each([
    ['journal-disk-usage-systemd-252.txt', { bytes: Math.round(1.2 * 1024 ** 3), noJournalFiles: false, text: 'Archived and active journals take up 1.2G in the file system.' }],
    ['journal-disk-usage-systemd-237-on-disk.txt', { bytes: 24 * 1024 ** 2, noJournalFiles: false }],
    ['journal-disk-usage-systemd-252-no-files-real.txt', { bytes: 0, noJournalFiles: true }],
    ['journal-disk-usage-no-files-hint.txt', { bytes: null, noJournalFiles: true, text: 'No journal files were found.' }],
  ])('reads %s', async (name, expected) => {
    const { result, issues } = await readOne(createJournalDiskUsageReader(), 'journalDiskUsage', 'system/journal-disk-usage.txt', system(name));
    expect(issues).toEqual([]);
    expect(result).toMatchObject(expected);
  });

  it('reports other text', async () => {
    const { result, issues } = await readOne(createJournalDiskUsageReader(), 'journalDiskUsage', 'system/journal-disk-usage.txt', 'Failed to get disk usage: Permission denied\n');
    expect(result?.bytes).toBeNull();
    expect(issues.map((issue) => issue.line)).toEqual([1, null]);
  });
});
