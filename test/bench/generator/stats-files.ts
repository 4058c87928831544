/**
 * `stats/` and `system/`: one snapshot of the node's vital signs as procps, sysstat, iproute2
 * and coreutils print them on Debian 12, with the pods' processes in `ps.txt` (collector
 * format: tab-separated, a header line, the memory cgroup path per pid).
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import { podSlice, type AttemptPlan, type BundlePlan } from './bundle-plan.js';
import type { SmallFile } from './cgroup-files.js';

function psFile(plan: BundlePlan): string {
  const { node } = plan;
  const rows = [
    '1\t0\tS\t0\t13732\t168012\t0\tsystemd\t/init.scope\t/sbin/init',
    `${node.containerdPid}\t1\tS\t0\t88412\t2451300\t-999\tcontainerd\t/system.slice/containerd.service\t/usr/bin/containerd`,
    `${node.kubeletPid}\t1\tS\t0\t131288\t2197420\t-999\tkubelet\t/system.slice/kubelet.service\t/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf`,
    '2\t0\tS\t0\t-\t-\t0\tkthreadd\t\t',
  ];
  for (const pod of plan.pods) {
    for (const container of pod.containers) {
      const attempt = container.attempts.at(-1) as AttemptPlan;
      if (attempt.end !== 'running') continue;
      const rssKb = Math.floor((container.memoryLimit ?? 256 * 1024 * 1024) / 1024 / 3);
      rows.push(
        `${attempt.pid}\t${attempt.pid - 9}\tS\t1000\t${rssKb}\t${rssKb * 3}\t${container.oomScoreAdj}\t${container.comm}\t${podSlice(pod)}/cri-containerd-${attempt.containerId}.scope\t${container.comm} --config /etc/app/config.yaml`,
      );
    }
  }
  return `PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS\n${rows.join('\n')}\n`;
}

function vmstatFile(plan: BundlePlan, random: SeededRandom): string {
  const rows = [0, 1, 2, 3, 4].map((second) => {
    const stamp = new Date(plan.node.collectedMs - (4 - second) * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const cols = [
      random.int(6),
      random.int(2),
      0,
      812_344 + random.int(90_000),
      210_032,
      9_231_792,
      0,
      0,
      random.int(900),
      random.int(4000),
      random.int(9000),
      random.int(20_000),
      random.int(60),
      random.int(15),
      random.int(90),
      random.int(5),
      0,
      0,
    ];
    return `${cols.map((col, index) => String(col).padStart(index >= 3 && index <= 5 ? 12 : 4)).join(' ')} ${stamp}`;
  });
  return `--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu---------- -----timestamp-----\n   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu                 UTC\n${rows.join('\n')}\n`;
}

function topFile(plan: BundlePlan): string {
  const header = `top - 10:15:03 up 3 days,  7:21,  0 user,  load average: 5.41, 4.82, 4.10
Tasks: 412 total,   3 running, 409 sleeping,   0 stopped,   0 zombie
%Cpu(s): 41.2 us,  9.8 sy,  0.0 ni, 46.1 id,  1.9 wa,  0.0 hi,  1.0 si,  0.0 st
MiB Mem :  31842.6 total,    793.3 free,  21104.0 used,   9945.3 buff/cache
MiB Swap:      0.0 total,      0.0 free,      0.0 used.  10738.6 avail Mem

    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND
`;
  const rows = plan.pods.slice(0, 30).map((pod, index) => {
    const attempt = pod.containers[0]?.attempts.at(-1) as AttemptPlan;
    return `${String(attempt.pid).padStart(7)} 1000      20   0 ${String(2_100_000 + index * 1000).padStart(7)} ${String(400_000 + index * 977).padStart(6)}  21340 S  ${(30 - index).toFixed(1).padStart(4)}   ${(1.2).toFixed(1)} ${String(100 + index).padStart(5)}:12.34 ${pod.containers[0]?.comm ?? 'app'}`;
  });
  return header + rows.join('\n') + '\n';
}

function iostatFile(plan: BundlePlan): string {
  const stamp = new Date(plan.node.collectedMs).toISOString().slice(0, 19);
  const report = `${stamp}+0000
avg-cpu:  %user   %nice %system %iowait  %steal   %idle
          41.20    0.00    9.80    1.90    0.00   47.10

Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util
nvme0n1         26.34    366.90     5.63  17.60    0.09    13.93  212.74  18357.57    10.07   4.60    1.06    86.29    3.59     49.50     0.03   0.76    0.06    13.77    0.16    0.02    0.31  21.17

`;
  return `Linux ${plan.node.kernelRelease} (${plan.node.name}) \t${stamp.slice(0, 10)} \t_x86_64_\t(${plan.node.cpus} CPU)\n\n${report}${report}${report}`;
}

function ssFile(plan: BundlePlan): string {
  return `Netid State  Recv-Q Send-Q           Local Address:Port  Peer Address:PortProcess
udp   UNCONN 0      0                127.0.0.53%lo:53         0.0.0.0:*    users:(("systemd-resolve",pid=612,fd=13))
tcp   LISTEN 0      4096                   0.0.0.0:22         0.0.0.0:*    users:(("sshd",pid=901,fd=3))
tcp   LISTEN 0      4096                 127.0.0.1:10248      0.0.0.0:*    users:(("kubelet",pid=${plan.node.kubeletPid},fd=30))
tcp   LISTEN 0      4096                         *:10250            *:*    users:(("kubelet",pid=${plan.node.kubeletPid},fd=21))
tcp   LISTEN 0      4096                 127.0.0.1:42311      0.0.0.0:*    users:(("containerd",pid=${plan.node.containerdPid},fd=12))
tcp   LISTEN 0      4096                         *:10256            *:*    users:(("kube-proxy",pid=2001,fd=12))
`;
}

const MEMINFO = (total: number) => `MemTotal:       ${total} kB
MemFree:          812344 kB
MemAvailable:   10996412 kB
Buffers:          210032 kB
Cached:          9231792 kB
SwapCached:            0 kB
Active:         14213344 kB
Inactive:        6512200 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Dirty:              9644 kB
Writeback:             0 kB
AnonPages:      21183364 kB
Mapped:          1028812 kB
Shmem:            412332 kB
Slab:             784440 kB
SReclaimable:     566400 kB
SUnreclaim:       218040 kB
KernelStack:       31520 kB
PageTables:       115720 kB
CommitLimit:    16270860 kB
Committed_AS:   38765520 kB
HugePages_Total:       0
Hugepagesize:       2048 kB
`;

export function statsFiles(plan: BundlePlan, random: SeededRandom): SmallFile[] {
  const totalKb = plan.node.memoryBytes / 1024;
  const btime = Math.floor(plan.node.bootMs / 1000);
  const vmstatKeys = [
    'nr_free_pages 203086',
    'nr_zone_inactive_anon 1815',
    'nr_zone_active_anon 5296180',
    'nr_inactive_file 1628050',
    'nr_active_file 1925286',
    `oom_kill ${plan.ooms.length}`,
    'pgfault 912384122',
    'pgmajfault 18812',
    'pgscan_kswapd 812344',
    'pgsteal_kswapd 790211',
    'workingset_refault_file 120993',
  ];
  return [
    { path: 'stats/ps.txt', content: psFile(plan) },
    { path: 'stats/top.txt', content: topFile(plan) },
    { path: 'stats/vmstat.txt', content: vmstatFile(plan, random) },
    { path: 'stats/iostat.txt', content: iostatFile(plan) },
    { path: 'stats/ss.txt', content: ssFile(plan) },
    {
      path: 'stats/ip-route.txt',
      content: `default via 10.0.0.1 dev eth0 proto dhcp src ${plan.node.ip} metric 100 \n10.0.0.0/18 dev eth0 proto kernel scope link src ${plan.node.ip} metric 100 \n10.244.0.0/16 dev cni0 proto kernel scope link src 10.244.3.1 \n`,
    },
    // An IPv4 cluster's node: IPv6 is on, with link-local routes only (as `ip -6 route` prints them).
    { path: 'stats/ip6-route.txt', content: 'fe80::/64 dev eth0 proto kernel metric 256 pref medium\nfe80::/64 dev cni0 proto kernel metric 256 pref medium\n' },
    { path: 'stats/meminfo.txt', content: MEMINFO(totalKb) },
    { path: 'stats/proc-vmstat.txt', content: `${vmstatKeys.join('\n')}\n` },
    {
      path: 'stats/proc-stat.txt',
      content: `cpu  ${random.int(9_000_000)} 0 1308211 17866712 135021 0 87011 4 0 0\ncpu0 4060112 0 705000 8915900 84000 0 31000 1 0 0\nctxt 3789712211\nbtime ${btime}\nprocesses 912345\nprocs_running 3\nprocs_blocked 0\n`,
    },
    { path: 'stats/loadavg.txt', content: `5.41 4.82 4.10 3/1621 ${random.between(900_000, 4_000_000)}\n` },
    { path: 'stats/pressure/cpu', content: 'some avg10=12.23 avg60=10.90 avg300=9.29 total=913785064\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' },
    { path: 'stats/pressure/memory', content: 'some avg10=3.82 avg60=2.55 avg300=1.12 total=81918381\nfull avg10=1.82 avg60=1.05 avg300=0.52 total=42849700\n' },
    { path: 'stats/pressure/io', content: 'some avg10=0.91 avg60=0.80 avg300=0.70 total=2914612\nfull avg10=0.50 avg60=0.41 avg300=0.33 total=1711214\n' },
    {
      path: 'stats/df.txt',
      content:
        'Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/nvme0n1p1    101430960 71002672  26145320      74% /\ntmpfs             16271300        0  16271300       0% /dev/shm\n/dev/nvme1n1     206292968 93012212 102774276      48% /var/lib/containerd\n',
    },
    {
      path: 'stats/df-inodes.txt',
      content:
        'Filesystem       Inodes   IUsed    IFree IUse% Mounted on\n/dev/nvme0n1p1  6451200  812344  5638856   13% /\ntmpfs           4067825       1  4067824    1% /dev/shm\n/dev/nvme1n1   13107200 3121224  9985976   24% /var/lib/containerd\n',
    },
    {
      path: 'stats/free.txt',
      content: `               total        used        free      shared  buff/cache   available\nMem:        ${totalKb}    21610496      812344      412332    10184160    10996412\nSwap:              0           0           0\n`,
    },
  ];
}

export function systemFiles(plan: BundlePlan): SmallFile[] {
  const { node } = plan;
  const listed = (ms: number) => `${new Date(ms).toUTCString().slice(0, 3)} ${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  return [
    { path: 'system/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n' },
    { path: 'system/uname.txt', content: `Linux ${node.name} ${node.kernelRelease} #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64 GNU/Linux\n` },
    {
      path: 'system/kubelet-flags.txt',
      content:
        [
          '/usr/bin/kubelet',
          '--config=/var/lib/kubelet/config.yaml',
          '--kubeconfig=/etc/kubernetes/kubelet.conf',
          '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
          `--node-ip=${node.ip}`,
          '--v=2',
        ].join('\n') + '\n',
    },
    {
      path: 'system/journal-boots.txt',
      content: `IDX BOOT ID                          FIRST ENTRY                 LAST ENTRY\n  0 ${node.bootId} ${listed(node.bootMs)} ${listed(node.collectedMs)}\n`,
    },
    { path: 'system/journal-disk-usage.txt', content: 'Archived and active journals take up 3.9G in the file system.\n' },
    {
      path: 'system/kubelet-unit.txt',
      content:
        '# /lib/systemd/system/kubelet.service\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf\n[Service]\nEnvironment="KUBELET_KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf"\n',
    },
    {
      path: 'system/kubelet-kubeconfig.yaml',
      content: 'apiVersion: v1\nkind: Config\nusers:\n- name: default-auth\n  user:\n    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n    client-key: <redacted>\n',
    },
  ];
}
