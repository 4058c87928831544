/**
 * Kernel messages of the generated node (Debian 12 cloud kernel 6.1, cgroup v2, containerd with
 * the systemd cgroup driver): the start of boot, full memcg OOM reports of the planned kills
 * (with `memory.oom.group` group kills), and the background noise of a busy node (veth churn,
 * conntrack drops, AppArmor denials, segfaults, SYN floods). A record is one printk: its text
 * may hold several lines (the memcg stats block), and its time is microseconds since boot.
 */
import { SeededRandom } from '../../helpers/seeded-random.js';
import type { NodePlan, OomPlan, PodPlan } from './bundle-plan.js';

export interface KernelRecord {
  us: number;
  /** printk level 0–7. */
  level: number;
  text: string;
}

const HARDWARE = 'Hardware name: Amazon EC2 m5.2xlarge/, BIOS 1.0 10/16/2017';

export function bootRecords(node: NodePlan): KernelRecord[] {
  const lines = [
    `Linux version ${node.kernelRelease} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)`,
    `Command line: BOOT_IMAGE=/boot/vmlinuz-${node.kernelRelease} root=PARTUUID=5f7a6d2e-01 ro console=tty0 console=ttyS0,115200 earlyprintk=ttyS0,115200 consoleblank=0 systemd.unified_cgroup_hierarchy=1`,
    'BIOS-provided physical RAM map:',
    'BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable',
    'BIOS-e820: [mem 0x0000000000100000-0x00000000bffe9fff] usable',
    'NX (Execute Disable) protection: active',
    'SMBIOS 2.7 present.',
    'DMI: Amazon EC2 m5.2xlarge/, BIOS 1.0 10/16/2017',
    'Hypervisor detected: KVM',
    'kvm-clock: Using msrs 4b564d01 and 4b564d00',
    `Memory: 32521884K/33541752K available (14336K kernel code, 2335K rwdata, 9052K rodata, 2768K init, 18008K bss, 1019608K reserved, 0K cma-reserved)`,
    'SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=8, Nodes=1',
    'rcu: Hierarchical RCU implementation.',
    'Console: colour dummy device 80x25',
    'ACPI: Core revision 20220331',
    'clocksource: tsc-early: mask: 0xffffffffffffffff max_cycles: 0x2a1f0f8a7c9, max_idle_ns: 440795230123 ns',
    'smp: Brought up 1 node, 8 CPUs',
    'devtmpfs: initialized',
    'NET: Registered PF_NETLINK/PF_ROUTE protocol family',
    'nvme nvme0: pci function 0000:00:04.0',
    'nvme nvme0: 2/0/0 default/read/poll queues',
    ' nvme0n1: p1 p14 p15',
    'EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Quota mode: none.',
    "systemd[1]: Inserted module 'autofs4'",
    'systemd[1]: systemd 252.31-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)',
    'systemd[1]: Detected virtualization amazon.',
    'ena 0000:00:05.0: ENA device version: 0.10',
    'ena 0000:00:05.0 eth0: renamed from ens5',
    'audit: type=1400 audit(1795839061.380:2): apparmor="STATUS" operation="profile_load" profile="unconfined" name="cri-containerd.apparmor.d" pid=812 comm="apparmor_parser"',
    'Bridge firewalling registered',
    'overlayfs: upper fs does not support RENAME_WHITEOUT.',
  ];
  return lines.map((text, index) => ({ us: index * 61_237 + (index > 20 ? 2_500_000 : 0), level: 6, text }));
}

function pageLine(task: OomPlan['tasks'][number], uid: number, adj: number): string {
  return `[${String(task.pid).padStart(7)}] ${String(uid).padStart(5)} ${String(task.pid).padStart(5)} ${String(task.totalVmPages).padStart(8)} ${String(task.rssPages).padStart(8)} ${String(task.rssPages * 9 + 45_056).padStart(8)} ${'0'.padStart(8)} ${String(adj).padStart(13)} ${task.comm}`;
}

function killLine(task: OomPlan['tasks'][number], uid: number, adj: number): string {
  return `Memory cgroup out of memory: Killed process ${task.pid} (${task.comm}) total-vm:${task.totalVmPages * 4}kB, anon-rss:${task.rssPages * 4 - 2596}kB, file-rss:2596kB, shmem-rss:0kB, UID:${uid} pgtables:${Math.floor((task.rssPages * 9 + 45_056) / 1024)}kB oom_score_adj:${adj}`;
}

function memcgStats(limitBytes: number, random: SeededRandom): string {
  const anon = Math.floor(limitBytes * 0.985);
  const fields: [string, number][] = [
    ['anon', anon],
    ['file', random.int(4_000_000)],
    ['kernel', 4_976_640],
    ['kernel_stack', 409_600],
    ['pagetables', 1_359_872],
    ['sec_pagetables', 0],
    ['percpu', 0],
    ['sock', 0],
    ['vmalloc', 0],
    ['shmem', 0],
    ['file_mapped', 528_384],
    ['file_dirty', 0],
    ['file_writeback', 0],
    ['swapcached', 0],
    ['anon_thp', 0],
    ['inactive_anon', anon - 32_768],
    ['active_anon', 32_768],
    ['inactive_file', 606_208],
    ['active_file', 557_056],
    ['unevictable', 0],
    ['slab_reclaimable', 520_192],
    ['slab_unreclaimable', 2_129_920],
    ['pgfault', random.int(900_000)],
    ['pgmajfault', random.int(40)],
    ['oom_kill', 0],
    ['oom_group_kill', 0],
  ];
  return fields.map(([key, value]) => `${key} ${value}`).join('\n');
}

/** One memcg OOM report as kernel 6.1 prints it, kill and reap included; the same in dmesg and the journal. */
export function oomReport(oom: OomPlan): KernelRecord[] {
  const { container, memcg } = oom;
  const random = new SeededRandom(Number.parseInt(oom.attempt.containerId.slice(0, 8), 16));
  const victim = oom.tasks[0] as OomPlan['tasks'][number];
  const adj = container.oomScoreAdj;
  const uid = container.style === 'nginx' ? 101 : 1000;
  const limitKb = Math.floor((container.memoryLimit ?? 0) / 1024);
  const scope = memcg.slice(memcg.lastIndexOf('/') + 1);
  const invoker = container.style === 'java' ? 'C2 CompilerThre' : victim.comm;
  const stack = [
    'dump_stack_lvl+0x44/0x5c',
    'dump_header+0x4a/0x211',
    'oom_kill_process.cold+0xb/0x10',
    'out_of_memory+0x1fd/0x4c0',
    'mem_cgroup_out_of_memory+0x134/0x150',
    'try_charge_memcg+0x696/0x780',
    'charge_memcg+0x39/0xf0',
    '__mem_cgroup_charge+0x28/0x80',
    '__handle_mm_fault+0xc0a/0x1390',
    'handle_mm_fault+0xdb/0x2d0',
    'do_user_addr_fault+0x191/0x550',
    'exc_page_fault+0x70/0x170',
    'asm_exc_page_fault+0x22/0x30',
  ];
  const texts: [number, string][] = [
    [4, `${invoker} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${adj}`],
    [4, `CPU: ${random.int(8)} PID: ${victim.pid + random.int(40)} Comm: ${invoker} Not tainted 6.1.0-27-cloud-amd64 #1  Debian 6.1.115-1`],
    [4, HARDWARE],
    [4, 'Call Trace:'],
    [4, ' <TASK>'],
    ...stack.map((frame): [number, string] => [4, ` ${frame}`]),
    [4, `RIP: 0033:0x7f${random.hex(10)}`],
    [4, ' </TASK>'],
    [6, `memory: usage ${limitKb}kB, limit ${limitKb}kB, failcnt ${random.between(10, 9000)}`],
    [6, 'swap: usage 0kB, limit 0kB, failcnt 0'],
    [6, `Memory cgroup stats for ${memcg}:`],
    [6, memcgStats(container.memoryLimit ?? 0, random)],
    [6, 'Tasks state (memory values in pages):'],
    [6, '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name'],
    ...[...oom.tasks].sort((a, b) => a.pid - b.pid).map((task): [number, string] => [6, pageLine(task, uid, adj)]),
    [6, `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=${scope},mems_allowed=0,oom_memcg=${memcg},task_memcg=${memcg},task=${victim.comm},pid=${victim.pid},uid=${uid}`],
    [3, killLine(victim, uid, adj)],
  ];
  if (oom.groupKill) {
    texts.push([6, `Tasks in ${memcg} are going to be killed due to memory.oom.group set`]);
    for (const task of oom.tasks) texts.push([3, killLine(task, uid, adj)]);
  }
  const records = texts.map(([level, text], index) => ({ us: oom.monotonicUs - 200 + index * 3, level, text }));
  records.push({ us: oom.monotonicUs + random.between(20_000, 2_100_000), level: 6, text: `oom_reaper: reaped process ${victim.pid} (${victim.comm}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB` });
  return records;
}

/** Background kernel chatter of a busy node; `podOf` gives pods whose veths and processes it names. */
export function kernelNoise(random: SeededRandom, pods: readonly PodPlan[]): (us: number) => KernelRecord[] {
  return (us) => {
    const pod = random.pick(pods);
    const veth = `veth${random.hex(8)}`;
    const port = random.between(2, 120);
    const roll = random.int(100);
    const at = (level: number, text: string, offset = 0): KernelRecord => ({ us: us + offset, level, text });
    if (roll < 45) {
      return [
        at(6, `cni0: port ${port}(${veth}) entered blocking state`),
        at(6, `cni0: port ${port}(${veth}) entered disabled state`, 4),
        at(6, `device ${veth} entered promiscuous mode`, 9),
        at(6, `eth0: renamed from tmp${random.hex(5)}`, 1800),
        at(6, `IPv6: ADDRCONF(NETDEV_CHANGE): ${veth}: link becomes ready`, 1900),
        at(6, `cni0: port ${port}(${veth}) entered forwarding state`, 1905),
      ];
    }
    if (roll < 60) return [at(6, `cni0: port ${port}(${veth}) entered disabled state`), at(6, `device ${veth} left promiscuous mode`, 60)];
    if (roll < 75) return [at(4, `net_ratelimit: ${random.between(2, 400)} callbacks suppressed`), at(4, 'nf_conntrack: nf_conntrack: table full, dropping packet', 2)];
    if (roll < 85) return [at(6, `IPVS: rr: TCP 10.96.${random.int(255)}.${random.int(255)}:${random.pick([80, 443, 8080, 9090])} - no destination available`)];
    if (roll < 91) return [at(6, `TCP: request_sock_TCP: Possible SYN flooding on port ${pod.podIp}:${random.pick([8080, 8443, 9000])}. Sending cookies.  Check SNMP counters.`)];
    if (roll < 97) {
      return [
        at(
          5,
          `audit: type=1400 audit(${Math.floor(us / 1e6) + 1_795_600_000}.${random.int(1000)}:${random.int(90_000)}): apparmor="DENIED" operation="open" class="file" profile="cri-containerd.apparmor.d" name="/proc/sys/kernel/${random.pick(['shmmax', 'sem', 'msgmnb'])}" pid=${random.between(2000, 4_000_000)} comm="${pod.containers[0]?.comm ?? 'sh'}" requested_mask="r" denied_mask="r" fsuid=0 ouid=0`,
        ),
      ];
    }
    const comm = pod.containers[0]?.comm ?? 'app';
    return [
      at(
        6,
        `${comm}[${random.between(2000, 4_000_000)}]: segfault at ${random.hex(4)} ip 00007f${random.hex(10)} sp 00007ff${random.hex(9)} error 4 in libc.so.6[7f${random.hex(7)}000+195000] likely on CPU ${random.int(8)} (core ${random.int(4)}, socket 0)`,
      ),
      at(6, `Code: 0f 1f 84 00 00 00 00 00 f3 0f 1e fa 48 89 f8 48 89 fa c5 f9 ef c0 25 ff 0f 00 00 3d e0 0f 00 00 <c5> fd 74 0f c5 fd d7 c1 85 c0 74 ${random.hex(2)} f3 0f bc c0`, 3),
    ];
  };
}
