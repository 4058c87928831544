import type { ForeignLayout } from './format-layout.js';

/**
 * A sos report (`sos report`, Red Hat, SUSE, Ubuntu): `sosreport-<host>-<date>-<id>/`. Plugins copy
 * files at their host paths (`var/log/messages`, `proc/meminfo`, `sys/fs/cgroup/…`) and write
 * command output to `sos_commands/<plugin>/<command with spaces as _>` (sosreport/sos
 * `sos/report/plugins/{kernel,logs,process,memory,filesys,networking}.py`). The top-level names
 * `dmesg`, `df`, `free`, `ps`, `uname`, … are relative links into `sos_commands`: aliases of files
 * read here, not refused entries (sos 4.0 links `uname`, `free`, `ps`, `df`, `netstat`; no `dmesg`).
 * `journalctl --no-pager …` outputs are short text (logs plugin: the whole journal, this boot, last
 * boot; other plugins: their units); `journalctl_--disk-usage` is one line of size, not journal.
 * `ps` is `ps auxwww` only: the other `ps_*` outputs list threads (`ps auxwwwm`, `ps -elfL`) or
 * other columns and would be read as bad rows. `sos_reports/manifest.json` is sos's own manifest,
 * not podmortem's. Checked against a real `sos report` 4.0 (Debian's sosreport
 * package, test/bundle/real-sos.test.ts).
 * When sos ran comes from the date plugin (`date`, `date --utc`: sos/report/plugins/date.py), the
 * host plugin's `uptime` and the `start_time` of that manifest (only that field is read);
 * `proc/stat` gives `btime` (time-model.ts).
 */
export const SOS_LAYOUT: ForeignLayout = {
  format: 'sos',
  title: 'sos report',
  facts: 'sosreport/sos sos/report/plugins (kernel, logs, process, memory, filesys, networking)',
  paths: {
    kernel: ['sos_commands/kernel/dmesg', 'var/log/messages*', 'var/log/syslog*', 'var/log/kern.log*'],
    journal: ['sos_commands/logs/journalctl_--no-pager*', 'sos_commands/*/journalctl_--no-pager*'],
    journalDiskUsage: ['sos_commands/logs/journalctl_--disk-usage'],
    uname: ['sos_commands/kernel/uname_-a'],
    osRelease: ['etc/os-release'],
    procStat: ['proc/stat'],
    meminfo: ['proc/meminfo'],
    procVmstat: ['proc/vmstat'],
    pressure: ['proc/pressure/*'],
    cgroup: ['sys/fs/cgroup/**'],
    ps: ['sos_commands/process/ps_auxwww', 'sos_commands/process/ps_auxfwww'],
    free: ['sos_commands/memory/free', 'sos_commands/memory/free_-m', 'sos_commands/memory/free*'],
    df: ['sos_commands/filesys/df_-al_*'],
    dfInodes: ['sos_commands/filesys/df_-ali_*'],
    routes: ['sos_commands/networking/ip_route_show_table_all', 'sos_commands/networking/ip_-4_route*'],
    ipv6Routes: ['sos_commands/networking/ip_-6_route*'],
    collectionClock: ['sos_commands/date/date_--utc', 'sos_commands/date/date', 'sos_commands/host/uptime', 'sos_reports/manifest.json'],
    podLogs: ['var/log/pods/**'],
    containerLinks: ['var/log/containers/*'],
  },
};
