import type { ForeignLayout } from './format-layout.js';

/**
 * The Amazon EKS log collector (`eks-log-collector.sh`): `eks_<instance>_<date>_<version>.tar.gz`,
 * entries named `./kernel/…` with no top folder. Checked against awslabs/amazon-eks-ami
 * `log-collector-script/linux/eks-log-collector.sh` (get_kernel_info, get_k8s_info,
 * get_containerd_info, get_common_logs, get_system_services, get_networking_info):
 *
 * - `kernel/dmesg.current` is raw `dmesg`, `kernel/dmesg.human.current` is `dmesg --ctime`, and
 *   `kernel/dmesg.boot` a copy of `/var/log/dmesg`: all kernel text, recognised by content;
 * - `kubelet/kubelet.log`, `containerd/containerd-log.txt`, `docker/docker.log` are `journalctl -u`
 *   in its default short text form, which the journal reader reads;
 * - `var_log/` holds copies of `/var/log/messages` and other logs, pod folders of kube-system pods
 *   (`var_log/<ns>_<pod>_<uid>/<container>/<n>.log`, copied with `--dereference`) and container
 *   log links copied as files (`var_log/<pod>_<ns>_<container>-<id>.log`: only names are read);
 * - `system/{top,ps,netstat,procstat}.txt` are `top -b -n 1`, `ps fauxwww`, `netstat -plant` and
 *   `/proc/stat`; `networking/iproute.txt` is `ip route show table all`; `storage/inodes.txt` is `df -i`.
 */
export const EKS_LAYOUT: ForeignLayout = {
  format: 'eks',
  title: 'EKS log collector',
  facts: 'awslabs/amazon-eks-ami log-collector-script/linux/eks-log-collector.sh',
  paths: {
    kernel: ['kernel/dmesg.current', 'kernel/dmesg.human.current', 'kernel/dmesg.boot', 'var_log/messages*', 'var_log/kern.log*', 'var_log/syslog*'],
    uname: ['kernel/uname.txt'],
    journal: ['kubelet/kubelet.log', 'containerd/containerd-log.txt', 'docker/docker.log'],
    podLogs: ['var_log/*_*_*/*/*'],
    containerLinks: ['var_log/*_*_*.log'],
    top: ['system/top.txt'],
    ps: ['system/ps.txt'],
    procStat: ['system/procstat.txt'],
    sockets: ['system/netstat.txt'],
    routes: ['networking/iproute.txt'],
    dfInodes: ['storage/inodes.txt'],
  },
};
