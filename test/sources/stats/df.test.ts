import { describe, expect, it } from 'vitest';
import { createDfInodesReader, createDfReader } from '../../../src/sources/stats/df.js';
import { fixture, readOne } from './helpers.js';

const readDf = (name: string) => readOne(createDfReader(), 'df', `stats/${name}`, fixture(name));
const readInodes = (name: string) => readOne(createDfInodesReader(), 'dfInodes', `stats/${name}`, fixture(name));

describe('df reader', () => {
  it('reads the header comment sample: df -P with 1024-blocks and Capacity', async () => {
    const { result, issues } = await readDf('df-coreutils-9.1-posix.txt');
    expect(issues).toEqual([]);
    expect(result?.humanReadable).toBe(false);
    expect(result?.rows[2]).toEqual({ line: 4, filesystem: '/dev/vda', type: null, sizeKib: 264212084, usedKib: 22801176, availableKib: 83589736, usePercent: 22, mountedOn: '/' });
    expect(result?.rows.map((row) => row.mountedOn)).toEqual(['/dev', '/dev/shm', '/', '/mnt/sandboxing/model_tools_env/v1/python', '/sys/fs/cgroup']);
  });

  it('reads plain df with 1K-blocks the same way', async () => {
    const { result } = await readDf('df-coreutils-9.1-default.txt');
    expect(result?.rows[2]).toMatchObject({ filesystem: '/dev/vda', sizeKib: 264212084, usedKib: 22801180, usePercent: 22 });
  });

  it('reads df -h suffixes as KiB and flags the values as rounded', async () => {
    const { result } = await readDf('df-coreutils-9.1-human.txt');
    expect(result?.humanReadable).toBe(true);
    expect(result?.rows[2]).toMatchObject({ sizeKib: 252 * 1024 ** 2, usedKib: 22 * 1024 ** 2, availableKib: 80 * 1024 ** 2, usePercent: 22 });
    expect(result?.rows[3]).toMatchObject({ sizeKib: 4, usedKib: 0 });
  });

  it('reads a translated df -h with decimal commas', async () => {
    const { result, issues } = await readDf('df-coreutils-9.1-de-locale-human.txt');
    expect(issues).toEqual([]);
    expect(result?.rows[3]).toMatchObject({ sizeKib: 4, availableKib: 4, mountedOn: '/mnt/sandboxing/model_tools_env/v1/python' });
  });

  it('joins a BusyBox device name wrapped onto its own line with the values below it', async () => {
    const { result, issues } = await readDf('df-busybox-wrapped-device.txt');
    expect(issues).toEqual([]);
    expect(result?.rows).toHaveLength(6);
    expect(result?.rows[3]).toEqual({
      line: 6,
      filesystem: 'model_tools_unavailable',
      type: null,
      sizeKib: 4,
      usedKib: 0,
      availableKib: 4,
      usePercent: 0,
      mountedOn: '/mnt/sandboxing/model_tools_env/v1/python',
    });
    expect(result?.rows[4]?.filesystem).toBe('tmpfs');
  });

  it('keeps mount points with spaces and reads the -T type column', async () => {
    const { result } = await readDf('df-coreutils-8.32-type-column-spaces.txt');
    expect(result?.rows.map((row) => [row.filesystem, row.type, row.usePercent, row.mountedOn])).toEqual([
      ['/dev/sda1', 'ext4', 95, '/var/lib/kubelet'],
      ['/dev/sdb1', 'xfs', 3, '/mnt/my data disk'],
      ['tmpfs', 'tmpfs', 0, '/var/lib/kubelet/pods/1f7e3c2a-9b4d-4e61-a0c2-5d8f7b6e4a10/volumes/kubernetes.io~projected/kube-api-access-x7k2p'],
    ]);
  });

  it.each([
    ['512-blocks', 1000, 500],
    ['1M-blocks', 2000 * 1024, 1000 * 1024],
    ['1MB-blocks', (2000 * 1e6) / 1024, (1000 * 1e6) / 1024],
  ])('reads %s bare values in their unit', async (label, sizeKib, usedKib) => {
    const { result } = await readOne(createDfReader(), 'df', 'stats/df.txt', `Filesystem ${label} Used Available Capacity Mounted on\n/dev/vda 2000 1000 1000 50% /\n`);
    expect(result?.rows[0]).toMatchObject({ sizeKib, usedKib });
  });

  it('refuses an inode table and reports rows that are not df rows', async () => {
    const wrong = await readDf('df-coreutils-9.1-posix-inodes.txt');
    expect(wrong.result?.rows).toEqual([]);
    expect(wrong.issues).toEqual([expect.objectContaining({ line: null, file: 'stats/df-coreutils-9.1-posix-inodes.txt' })]);
    const bad = await readOne(createDfReader(), 'df', 'stats/df.txt', 'Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/a 1 2 3 x% /\n/dev/b 1 2\n');
    expect(bad.issues.map((issue) => issue.line)).toEqual([2, 3]);
  });
});

describe('df -i reader', () => {
  it('reads the header comment sample: df -P -i', async () => {
    const { result, issues } = await readInodes('df-coreutils-9.1-posix-inodes.txt');
    expect(issues).toEqual([]);
    expect(result?.rows[2]).toEqual({ line: 4, filesystem: '/dev/vda', type: null, inodes: 16777216, used: 407381, free: 16369835, usePercent: 3, mountedOn: '/' });
  });

  it('reads - values as null', async () => {
    const { result } = await readInodes('df-coreutils-8.32-inodes-dash.txt');
    expect(result?.rows[1]).toMatchObject({ filesystem: '/dev/nvme0n1p15', inodes: 0, usePercent: null, mountedOn: '/boot/efi' });
    expect(result?.rows[2]?.mountedOn).toBe('/run/containerd/io.containerd.runtime.v2.task/k8s.io/3c9a41f07d2b/rootfs');
  });

  it('reads df -hi suffixed counts', async () => {
    const { result } = await readInodes('df-coreutils-9.1-human-inodes.txt');
    expect(result?.humanReadable).toBe(true);
    expect(result?.rows[2]).toMatchObject({ inodes: 16 * 1024 ** 2, used: 398 * 1024, free: 16 * 1024 ** 2, usePercent: 3 });
    expect(result?.rows[0]).toMatchObject({ inodes: Math.round(3 * 1024 ** 2), used: 114 });
  });
});
