import type { ForeignLayout } from './format-layout.js';

/**
 * The Rancher v2.x logs collector (`rancher2_logs_collector.sh`): `<host>-<date>.tar.gz` with one
 * `<host>-<date>/` folder. From rancherlabs/support-tools `collection/rancher/v2.x/logs-collector`
 * (README and script): `systeminfo/` holds `dmesg -T`, `ps`, `top`, `vmstat`, `free`, `df -h`
 * (`dfh`) and `df -i` (`dfi`); `journald/<unit>` is `journalctl -u <unit>` text; `systemlogs/`
 * copies syslog files; `networking/` holds `iproute` and `ssanp` (`ss -anp`); the distribution's
 * folder (`rke2/`, `k3s/`, `rke/`, `kubeadm/`) holds `podlogs/<ns>_<pod>_<uid>/…` and
 * `containers-varlogs/` (container log links copied as files: only their names are read).
 * `systeminfo/date` and `systeminfo/uptime` (`date`, `uptime`) say when it ran.
 * Its `kubectl/` output (pods, events, nodes) has no reader yet.
 */
export const RANCHER_LAYOUT: ForeignLayout = {
  format: 'rancher',
  title: 'Rancher log collector',
  facts: 'rancherlabs/support-tools collection/rancher/v2.x/logs-collector',
  paths: {
    kernel: ['systeminfo/dmesg', 'systemlogs/kern.log*', 'systemlogs/messages*', 'systemlogs/syslog*'],
    journal: ['journald/*'],
    podLogs: ['*/podlogs/**'],
    containerLinks: ['*/containers-varlogs/*'],
    ps: ['systeminfo/ps'],
    top: ['systeminfo/top'],
    vmstat: ['systeminfo/vmstat'],
    free: ['systeminfo/free'],
    df: ['systeminfo/dfh'],
    dfInodes: ['systeminfo/dfi'],
    collectionClock: ['systeminfo/date', 'systeminfo/uptime'],
    routes: ['networking/iproute'],
    sockets: ['networking/ssanp'],
  },
};
