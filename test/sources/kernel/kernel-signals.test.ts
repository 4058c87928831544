import { describe, expect, it } from 'vitest';
import { detectKernelSignal, KERNEL_LIMITS, type KernelSignal, type KernelSignalKind } from '../../../src/sources/kernel/index.js';
import { readFixture, readKernel } from './read-kernel.js';

/** The signal fields only (no stamp, file, line, excerpt), for compact expectations. */
function fieldsOf(signal: KernelSignal): Record<string, unknown> {
  const { stamp: _stamp, file: _file, excerpt: _excerpt, ...fields } = signal;
  return fields;
}

async function signalsOf(name: string): Promise<Record<string, unknown>[]> {
  return (await readFixture(name)).data.signals.map(fieldsOf);
}

const linesOf = (signals: Record<string, unknown>[], kind: KernelSignalKind) => signals.filter((signal) => signal.kind === kind);

describe('kernel signals in a dmesg with one of each kind', () => {
  it('hung tasks: comm (which may hold ":"), pid, seconds', async () => {
    expect(linesOf(await signalsOf('kernel-signals-dmesg-kernel-5.15.txt'), 'hung-task')).toEqual([
      { line: 6, kind: 'hung-task', comm: 'containerd', pid: 918, blockedSeconds: 122 },
      { line: 10, kind: 'hung-task', comm: 'kworker/u8:2', pid: 1234, blockedSeconds: 122 },
    ]);
  });

  it('soft and hard lockups, RCU stalls', async () => {
    const signals = await signalsOf('kernel-signals-dmesg-kernel-5.15.txt');
    expect(linesOf(signals, 'lockup')).toEqual([
      { line: 11, kind: 'lockup', type: 'soft', cpu: 3, seconds: 22, comm: 'java', pid: 4242 },
      { line: 15, kind: 'lockup', type: 'hard', cpu: 2, seconds: null, comm: null, pid: null },
    ]);
    expect(linesOf(signals, 'rcu-stall')).toEqual([{ line: 12, kind: 'rcu-stall', flavor: 'rcu_sched', detection: 'self', cpus: [] }]);
  });

  it('I/O errors of the SCSI, block, buffer and NVMe layers', async () => {
    expect(linesOf(await signalsOf('kernel-signals-dmesg-kernel-5.15.txt'), 'io-error')).toEqual([
      { line: 16, kind: 'io-error', form: 'scsi', device: 'sda', error: 'command failed', sector: null, operation: null, logicalBlock: null, result: 'hostbyte=DID_OK driverbyte=DRIVER_SENSE' },
      { line: 19, kind: 'io-error', form: 'block', device: 'sda', error: 'critical medium', sector: 1953120, operation: 'READ', logicalBlock: null, result: null },
      { line: 20, kind: 'io-error', form: 'block', device: 'sda', error: 'I/O', sector: 1953328, operation: 'WRITE', logicalBlock: null, result: null },
      { line: 21, kind: 'io-error', form: 'buffer', device: 'sda1', error: 'I/O', sector: null, operation: null, logicalBlock: 243910, result: null },
      { line: 30, kind: 'io-error', form: 'nvme', device: 'nvme0', error: 'timeout', sector: null, operation: null, logicalBlock: null, result: null },
    ]);
  });

  it('filesystem errors, journal abort, read-only remount, XFS shutdown', async () => {
    expect(linesOf(await signalsOf('kernel-signals-dmesg-kernel-5.15.txt'), 'filesystem').map(({ line, fs, device, problem }) => [line, fs, device, problem])).toEqual([
      [24, 'ext4', 'sda1', 'error'],
      [25, 'jbd2', 'sda1-8', 'journal-abort'],
      [26, 'ext4', 'sda1', 'remount-read-only'],
      [27, 'xfs', 'nvme1n1', 'error'],
      [28, 'xfs', 'nvme1n1', 'shutdown'],
    ]);
  });

  it('NIC link changes with interface, driver and speed; SATA links and "not ready" are not NIC links', async () => {
    expect(linesOf(await signalsOf('kernel-signals-dmesg-kernel-5.15.txt'), 'nic-link')).toEqual([
      { line: 5, kind: 'nic-link', interface: 'eth0', driver: 'ena', state: 'up', speed: '10Gbps' },
      { line: 31, kind: 'nic-link', interface: 'eth1', driver: 'e1000e', state: 'down', speed: null },
      { line: 32, kind: 'nic-link', interface: 'eth1', driver: 'e1000e', state: 'up', speed: '1000 Mbps' },
      { line: 33, kind: 'nic-link', interface: 'ens1f0', driver: 'mlx5_core', state: 'down', speed: null },
    ]);
  });

  it('hardware errors: the MCE headline and bank, EDAC corrected errors; MCE detail lines are not separate errors', async () => {
    expect(linesOf(await signalsOf('kernel-signals-dmesg-kernel-5.15.txt'), 'hardware-error')).toEqual([
      { line: 34, kind: 'hardware-error', source: 'mce', corrected: null, cpu: null, bank: null, count: null, location: null },
      { line: 35, kind: 'hardware-error', source: 'mce', corrected: false, cpu: 0, bank: 5, count: null, location: null },
      { line: 38, kind: 'hardware-error', source: 'edac', corrected: true, cpu: null, bank: null, count: 1, location: 'CPU_SrcID#0_Ha#0_Chan#1_DIMM#0' },
    ]);
  });

  it('AppArmor denials (hex-encoded names decoded) and SELinux denials in kernel form', async () => {
    const signals = await signalsOf('kernel-signals-dmesg-kernel-5.15.txt');
    expect(linesOf(signals, 'apparmor-denied')).toEqual([
      {
        line: 39,
        kind: 'apparmor-denied',
        operation: 'open',
        profile: 'cri-containerd.apparmor.d',
        name: '/etc/shadow',
        pid: 10233,
        comm: 'cat',
        requestedMask: 'r',
        deniedMask: 'r',
        auditId: '1704112268.123:812',
      },
      {
        line: 40,
        kind: 'apparmor-denied',
        operation: 'exec',
        profile: 'cri-containerd.apparmor.d',
        name: '/tmp/my script 1.sh',
        pid: 10240,
        comm: 'sh',
        requestedMask: 'x',
        deniedMask: 'x',
        auditId: '1704112268.223:813',
      },
    ]);
    expect(linesOf(signals, 'selinux-denied')).toEqual([
      {
        line: 41,
        kind: 'selinux-denied',
        permissions: ['read', 'write'],
        pid: 5120,
        comm: 'nginx',
        name: 'app.sock',
        scontext: 'system_u:system_r:container_t:s0:c12,c345',
        tcontext: 'system_u:object_r:var_run_t:s0',
        tclass: 'sock_file',
        permissive: false,
        auditId: '1704112368.001:820',
      },
    ]);
  });

  it('counts every kind and keeps stamp, file, line and an excerpt with each', async () => {
    const { data } = await readFixture('kernel-signals-dmesg-kernel-5.15.txt');
    expect(data.signalCounts).toEqual({ 'hung-task': 2, 'io-error': 5, filesystem: 5, 'apparmor-denied': 2, 'selinux-denied': 1, 'nic-link': 4, 'hardware-error': 3, lockup: 2, 'rcu-stall': 1 });
    const hung = data.signals[0]!;
    expect([hung.file, hung.line, hung.stamp.monotonic, hung.excerpt]).toEqual([
      'kernel/kernel-signals-dmesg-kernel-5.15.txt',
      6,
      1222.123456,
      'INFO: task containerd:918 blocked for more than 122 seconds.',
    ]);
    expect(data.counts.suppressedCallbacks).toEqual({ blk_update_request: 59, buffer_io_error: 19980 });
  });
});

describe('audit.log', () => {
  it('finds SELinux denials (AVC and USER_AVC, enforcing and permissive), not grants or syscall records', async () => {
    expect(
      (await signalsOf('audit-log-selinux-avc.txt')).map(({ line, permissions, comm, name, tclass, permissive, auditId }) => [line, permissions, comm, name, tclass, permissive, auditId]),
    ).toEqual([
      [2, ['read', 'write'], 'nginx', 'app.sock', 'sock_file', false, '1704112368.001:820'],
      [5, ['write'], 'java', '/var/lib/data/app.lock', 'file', true, '1704112400.500:833'],
      [6, ['start'], null, '/etc/systemd/system/kubelet.service', 'service', false, '1704112500.000:840'],
    ]);
  });

  it('gives the same denial the same audit id in dmesg and audit.log, so the model can merge them', async () => {
    const kernelForm = (await signalsOf('kernel-signals-dmesg-kernel-5.15.txt')).find((signal) => signal.kind === 'selinux-denied');
    const auditForm = (await signalsOf('audit-log-selinux-avc.txt'))[0];
    expect(kernelForm?.auditId).toBe(auditForm?.auditId);
  });
});

describe('detectKernelSignal on look-alikes', () => {
  it.each([
    'ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)',
    'IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready',
    'IPv6: ADDRCONF(NETDEV_CHANGE): veth9c1d2e3f: link becomes ready',
    'EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.',
    'XFS (nvme1n1): Please unmount the filesystem and rectify the problem(s)',
    'mce: [Hardware Error]: TSC 2f1d8a7c03e1 ADDR 3f21c6e40 MISC 86',
    'EDAC sbridge MC1: HANDLING MCE MEMORY ERROR',
    'audit: type=1400 audit(1704112600.000:850): avc:  granted  { setsecparam } for  pid=1',
    'apparmor="ALLOWED" operation="open" profile="p" name="/x" pid=1 comm="x"',
    'pcieport 0000:00:1c.0: pciehp: Slot(0): Link Down',
    // Google's gve: no interface named, and no "up" ever follows.
    'gve 0000:00:04.0: Device link is down.',
    'random error here',
  ])('%s is not a signal', (text) => {
    expect(detectKernelSignal(text, '')).toBeNull();
  });

  it.each([
    ['print_req_error: I/O error, dev nvme0n1, sector 1234', { kind: 'io-error', form: 'block', device: 'nvme0n1', sector: 1234, operation: null }],
    ['I/O error, dev sda, sector 0 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0', { kind: 'io-error', form: 'block', device: 'sda', error: 'I/O', operation: 'READ' }],
    ['Buffer I/O error on device dm-2, logical block 5120733', { kind: 'io-error', form: 'buffer', device: 'dm-2', logicalBlock: 5120733 }],
    ['sd 2:0:0:0: [sdc] tag#9 UNKNOWN(0x2003) Result: hostbyte=0x00 driverbyte=0x06 cmd_age=31s', { kind: 'io-error', form: 'scsi', device: 'sdc', result: 'hostbyte=0x00 driverbyte=0x06' }],
    ['nvme0n1: I/O Cmd(0x2) @ LBA 5782264, 8 blocks, I/O Error (sct 0x2 / sc 0x81) MORE', { kind: 'io-error', form: 'nvme', device: 'nvme0n1' }],
    ['EXT4-fs warning (device dm-3): ext4_end_bio:343: I/O error 10 writing to inode 4718601 starting block 19032', { kind: 'filesystem', fs: 'ext4', device: 'dm-3', problem: 'warning' }],
    ['XFS (sda1): Corruption detected. Unmount and run xfs_repair', { kind: 'filesystem', fs: 'xfs', problem: 'corruption' }],
    ['BTRFS error (device sda1: state EA): bdev /dev/sda1 errs: wr 1, rd 0', { kind: 'filesystem', fs: 'btrfs', device: 'sda1', problem: 'error' }],
    ['BTRFS: error (device sdb1: state A) in btrfs_run_delayed_refs:2150: errno=-5 IO failure', { kind: 'filesystem', fs: 'btrfs', device: 'sdb1', problem: 'error' }],
    ['BTRFS info (device sda1): forced readonly', { kind: 'filesystem', fs: 'btrfs', problem: 'remount-read-only' }],
    ['NMI watchdog: BUG: soft lockup - CPU#0 stuck for 23s! [kworker/0:1:123]', { kind: 'lockup', cpu: 0, comm: 'kworker/0:1', pid: 123 }],
    ['INFO: rcu_sched_state detected stalls on CPUs/tasks: { 1 6} (detected by 3, t=15011 jiffies)', { kind: 'rcu-stall', flavor: 'rcu_sched', detection: 'other', cpus: [1, 6] }],
    ['INFO: rcu_sched_state detected stall on CPU 1 (t=15000 jiffies)', { kind: 'rcu-stall', cpus: [1] }],
    ['rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 3-... } 11 jiffies s: 203 root: 0x8/.', { kind: 'rcu-stall', flavor: 'rcu_preempt', detection: 'expedited' }],
    ['{1}[Hardware Error]: event severity: corrected', { kind: 'hardware-error', source: 'apei', corrected: true }],
    // MCi_STATUS 8c00…: VAL set, UC clear → corrected; 0400…: VAL clear → not rated
    ['mce: [Hardware Error]: CPU 2: Machine Check: 0 Bank 7: 8c00004000010090', { kind: 'hardware-error', source: 'mce', corrected: true, cpu: 2, bank: 7 }],
    ['mce: [Hardware Error]: CPU 1: Machine Check Exception: 5 Bank 4: f200000000000000', { kind: 'hardware-error', source: 'mce', corrected: false, cpu: 1, bank: 4 }],
    ['mce: [Hardware Error]: CPU 3: Machine Check: 0 Bank 1: 400000000000000', { kind: 'hardware-error', source: 'mce', corrected: null, cpu: 3, bank: 1 }],
    ['EDAC MC0: 1 UE memory read error on CPU_SrcID#0_MC#0_Chan#0_DIMM#0 (channel:0 slot:0 page:0x1)', { kind: 'hardware-error', source: 'edac', corrected: false, count: 1 }],
    ['e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx', { kind: 'nic-link', interface: 'eth0', driver: 'e1000e', state: 'up', speed: '1000 Mbps' }],
    ['igb 0000:01:00.0 eno1: igb: eno1 NIC Link is Down', { kind: 'nic-link', interface: 'eno1', driver: 'igb', state: 'down' }],
    ['eth0: link down', { kind: 'nic-link', interface: 'eth0', driver: null, state: 'down' }],
    ['bond0: (slave eth1): link status definitely down, disabling slave', { kind: 'nic-link', interface: 'eth1', state: 'down' }],
  ])('%s', (text, expected) => {
    expect(detectKernelSignal(text, '')).toMatchObject(expected);
  });
});

describe('signal bounds', () => {
  it(`keeps the first ${KERNEL_LIMITS.signalsPerKind} of a kind and counts all`, async () => {
    const lines = Array.from({ length: 600 }, (_, index) => `[${1000 + index}.000000] INFO: task java:${index + 1} blocked for more than 120 seconds.\n`).join('');
    const { data } = await readKernel({ 'kernel/dmesg.txt': lines });
    expect(data.signalCounts['hung-task']).toBe(600);
    expect(data.signals).toHaveLength(KERNEL_LIMITS.signalsPerKind);
    expect(data.signals.at(-1)).toMatchObject({ kind: 'hung-task', pid: KERNEL_LIMITS.signalsPerKind, line: KERNEL_LIMITS.signalsPerKind });
  });
});
