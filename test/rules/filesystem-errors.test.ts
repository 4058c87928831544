import { describe, expect, it } from 'vitest';
import { filesystemErrors } from '../../src/rules/filesystem-errors.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';
import { dmesg, journalKernel, type KernelLine } from './kernel-signal-text.js';

/** ext4 on a failing disk, kernel 5.15 (test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt). */
const EXT4_READ_ONLY: KernelLine[] = [
  [1500.0002, 'blk_update_request: I/O error, dev sda, sector 1953328 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0'],
  [1500.1, 'EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm kubelet: reading directory lblock 0'],
  [1500.1001, 'Aborting journal on device sda1-8.'],
  [1500.1002, 'EXT4-fs (sda1): Remounting filesystem read-only'],
];

const XFS_SHUTDOWN: KernelLine[] = [
  [1600.000001, 'XFS (nvme1n1): metadata I/O error in "xfs_buf_ioend+0x1a/0x20" at daddr 0x3c0 len 8 error 5'],
  [1600.000101, 'XFS (nvme1n1): Corruption of in-memory data (0x8) detected at xfs_trans_cancel+0x9c/0xb0 (fs/xfs/xfs_trans.c:1104).  Shutting down filesystem.'],
  [1600.000201, 'XFS (nvme1n1): Please unmount the filesystem and rectify the problem(s)'],
];

/** samples/roots/node-pressure-cgroupfs: errors on the data volume, no remount (yet). */
const EXT4_ERRORS: KernelLine[] = [
  [72951.200976, 'EXT4-fs error (device nvme1n1p1): __ext4_find_entry:1658: inode #524289: comm containerd: reading directory lblock 0'],
  [72951.202045, 'EXT4-fs warning (device nvme1n1p1): ext4_end_bio:343: I/O error 10 writing to inode 524412 starting block 5150295)'],
];

describe('filesystem-errors', () => {
  it('reports an ext4 filesystem remounted read-only, its journal abort folded in, as critical', async () => {
    const { findings } = await checkRule(filesystemErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(EXT4_READ_ONLY) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'read-only',
        severity: 'critical',
        subject: { device: 'sda1' },
        time: utcAt(1500.1002),
        data: expect.objectContaining({
          device: 'sda1',
          fs: 'ext4',
          problems: ['error', 'journal-abort', 'remount-read-only'],
          errors: 1,
          warnings: 0,
          writesStopped: true,
          corruption: false,
          worstAt: utcAt(1500.1002),
          firstTime: utcAt(1500.1),
          ioErrorsOnDisk: 1,
        }),
      }),
    ]);
    expect(findings[0]?.evidence.map((e) => e.line)).toEqual([2, 3, 4]);
  });

  it('reports an XFS shutdown on corruption as critical', async () => {
    const { findings } = await checkRule(filesystemErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(XFS_SHUTDOWN) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'shutdown',
        severity: 'critical',
        data: expect.objectContaining({ device: 'nvme1n1', fs: 'xfs', corruption: true, writesStopped: true, errors: 1, worstAt: utcAt(1600.000101) }),
      }),
    ]);
  });

  it('reports errors without a remount as a warning, once across dmesg and the journal', async () => {
    const { findings } = await checkRule(filesystemErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(EXT4_ERRORS), 'journal/kernel.export': journalKernel(EXT4_ERRORS) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'errors',
        severity: 'warning',
        data: expect.objectContaining({ device: 'nvme1n1p1', fs: 'ext4', errors: 1, warnings: 1, writesStopped: false, ioErrorsOnDisk: 0 }),
      }),
    ]);
  });

  it('reports btrfs forced read-only', async () => {
    const btrfs = dmesg([
      [3000.1, 'BTRFS error (device sdb1): bdev /dev/sdb1 errs: wr 1, rd 0, flush 0, corrupt 0, gen 0'],
      [3000.2, 'BTRFS error (device sdb1): error writing primary super block to device 1'],
      [3000.3, 'BTRFS info (device sdb1: state EA): forced readonly'],
    ]);
    const { findings } = await checkRule(filesystemErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': btrfs });
    expect(findings.map((f) => [f.messageId, f.severity, f.data.device, f.data.fs, f.data.errors])).toEqual([['read-only', 'critical', 'sdb1', 'btrfs', 2]]);
  });

  it('does not fire on mount messages', async () => {
    const mounts = dmesg([
      [4.120001, 'EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.'],
      [4.5, 'XFS (nvme1n1): Mounting V5 Filesystem'],
      [4.6, 'XFS (nvme1n1): Ending clean mount'],
    ]);
    const { run, findings } = await checkRule(filesystemErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': mounts });
    expect(run).toEqual({ ruleId: 'filesystem-errors', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});
