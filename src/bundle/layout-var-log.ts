import type { ForeignLayout } from './format-layout.js';

/**
 * A copy of a node's `/var/log` (`cp -a /var/log`, `tar -C /var -czf log.tgz log`), at the top of
 * the input or under one or two folders. What a copy holds:
 *
 * - `pods/<ns>_<pod>_<uid>/<container>/<n>.log`: the kubelet's pod logs, read as in a podmortem bundle;
 * - `containers/<pod>_<ns>_<container>-<id>.log`: links to `/var/log/pods/…`, absolute, so dangling
 *   in a copy; the link's name still gives pod, namespace, container and container id (a copy made
 *   with `cp -L` holds the logs again as plain files: only their names are read);
 * - `kern.log*` (Debian, Ubuntu), `messages*` (RHEL, Amazon Linux, SUSE), `syslog*`, `dmesg*`: syslog
 *   and boot-time kernel text, told apart by content by the kernel reader;
 * - `journal/<machine-id>/*.journal`: systemd's binary journal. It is not parsed (its format is
 *   systemd's own, with compression); the journal reader lists it as a parse issue that says how
 *   to export it (sources/journal/binary-journal.ts).
 */
export const VAR_LOG_LAYOUT: ForeignLayout = {
  format: 'var-log',
  title: 'a copy of /var/log',
  facts: 'the kubelet and systemd-journald file layout (kubernetes/kubernetes pkg/kubelet/kuberuntime/logs, systemd-journald(8))',
  paths: {
    kernel: ['kern.log*', 'messages*', 'syslog*', 'dmesg*'],
    journal: ['journal/*/*.journal', 'journal/*/*.journal~'],
    podLogs: ['pods/**'],
    containerLinks: ['containers/*'],
  },
};
