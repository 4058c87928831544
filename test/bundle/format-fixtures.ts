/**
 * One small bundle per layout, podmortem's own (a hand-made bundle without manifest) and each
 * foreign one, built to the layout's paths (see `src/bundle/layout-*.ts` for where each path was
 * checked); the `satisfies` below makes a format without a fixture a compile error. All hold the
 * same real kernel OOM kill: java (pid 41234) of container `api` of pod
 * `shop/checkout-7d9f8b6c5-x2x9q`, Burstable, killed at its own limit.
 * Each fixture holds that fact in the forms its collector writes (raw dmesg, `dmesg -T`, syslog,
 * journalctl text, pod log folders, container link names).
 */
import type { BundleSpec } from '../helpers/bundle.js';
import { CONTAINER_ID, oomReport, POD_UID } from '../helpers/kernel-text.js';
import type { INPUT_FORMATS, InputFormat } from '../../src/bundle/index.js';

export const NAMESPACE = 'shop';
export const POD = 'checkout-7d9f8b6c5-x2x9q';
export const CONTAINER = 'api';
const POD_DIR = `${NAMESPACE}_${POD}_${POD_UID}`;
const LINK_NAME = `${POD}_${NAMESPACE}_${CONTAINER}-${CONTAINER_ID}.log`;
/** Boot at 2026-11-27T09:56:30Z: the kill at 931.47 s since boot is 10:12:01 UTC. */
const KILL_AT = 931.472465;
const DMESG = oomReport(KILL_AT);

/** The kill as `dmesg -T` / `--ctime` prints it (node-local wall time, here UTC). */
const DMESG_T = DMESG.replace(/^\[ *[\d.]+\]/gm, '[Fri Nov 27 10:12:01 2026]');
/** The kill as rsyslog writes it to kern.log / messages, the monotonic stamp kept in the text. */
const SYSLOG =
  DMESG.split('\n')
    .filter(Boolean)
    .map((line) => `Nov 27 10:12:01 worker-3 kernel: ${line}`)
    .join('\n') + '\n';

/** The attempt that was killed and the one after it: CRI log lines. */
const ATTEMPT_0 = ['2026-11-27T10:11:58.100000000Z stdout F loading catalog', '2026-11-27T10:12:00.900000000Z stdout F cache size 498 MiB'].join('\n') + '\n';
const ATTEMPT_1 = '2026-11-27T10:12:05.000000000Z stdout F starting\n';

/** journalctl's default short form, as `journalctl -u kubelet` prints it. */
const KUBELET_TEXT = `Nov 27 10:12:04 worker-3 kubelet[1234]: I1127 10:12:04.100000    1234 kuberuntime_container.go:808] "Container exited" pod="${NAMESPACE}/${POD}" containerName="${CONTAINER}" exitCode=137\n`;

/** systemd's binary journal file magic: a copy of /var/log/journal holds these. */
const BINARY_JOURNAL = Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(248, 1)]);

export interface FormatFixture {
  format: InputFormat;
  spec: BundleSpec;
  /** The collector's own top folder, if it writes one. */
  wrapper?: string;
  /** The layout holds pod logs or link names: the kill is named. */
  names: boolean;
}

export const FORMAT_FIXTURES = {
  // Hand-made, without the collector's top folder: that folder's name is itself evidence (node,
  // collection time), which the entry-order test's bare shapes would not have. The samples keep it.
  podmortem: {
    format: 'podmortem',
    names: true,
    spec: {
      'kernel/dmesg.txt': DMESG,
      'containers.txt': `${LINK_NAME}\t/var/log/pods/${POD_DIR}/${CONTAINER}/1.log\n`,
      'journal/kubelet.txt': KUBELET_TEXT,
      [`pods/${POD_DIR}/${CONTAINER}/0.log`]: ATTEMPT_0,
      [`pods/${POD_DIR}/${CONTAINER}/1.log`]: ATTEMPT_1,
      'system/os-release': 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
    },
  },
  'var-log': {
    format: 'var-log',
    wrapper: 'log/',
    names: true,
    spec: {
      'kern.log': SYSLOG,
      'syslog.1': 'Nov 27 09:56:40 worker-3 systemd[1]: Started kubelet.service.\n',
      [`pods/${POD_DIR}/${CONTAINER}/0.log`]: ATTEMPT_0,
      [`pods/${POD_DIR}/${CONTAINER}/1.log`]: ATTEMPT_1,
      [`containers/${LINK_NAME}`]: { symlink: `/var/log/pods/${POD_DIR}/${CONTAINER}/1.log` },
      'journal/0123456789abcdef0123456789abcdef/system.journal': BINARY_JOURNAL,
      'apt/history.log': 'Start-Date: 2026-11-20  10:00:00\n',
    },
  },
  eks: {
    format: 'eks',
    names: true,
    spec: {
      // The collector keeps both: raw stamps and `--ctime`. The kill is in each, and is one kill.
      'kernel/dmesg.current': DMESG,
      'kernel/dmesg.human.current': DMESG_T,
      'kernel/uname.txt': 'Linux ip-10-0-0-31.ec2.internal 6.1.112-124.190.amzn2023.x86_64 #1 SMP Fri Nov 1 2026 x86_64 GNU/Linux\n',
      'kubelet/kubelet.log': KUBELET_TEXT,
      'containerd/containerd-log.txt': '-- No entries --\n',
      [`var_log/${POD_DIR}/${CONTAINER}/0.log`]: ATTEMPT_0,
      [`var_log/${POD_DIR}/${CONTAINER}/1.log`]: ATTEMPT_1,
      [`var_log/${LINK_NAME}`]: ATTEMPT_1,
      'system/procstat.txt': 'cpu  100 0 100 1000 0 0 0 0 0 0\ncpu0 100 0 100 1000 0 0 0 0 0 0\nbtime 1795773390\n',
      'ipamd/ipam.json': '{}\n',
      'networking/resolv.conf': 'nameserver 10.0.0.2\n',
    },
  },
  rancher: {
    format: 'rancher',
    wrapper: 'worker-3-2026-11-27_10_15_02/',
    names: true,
    spec: {
      'systeminfo/dmesg': DMESG_T,
      'journald/kubelet': KUBELET_TEXT,
      [`rke2/podlogs/${POD_DIR}/${CONTAINER}/0.log`]: ATTEMPT_0,
      [`rke2/podlogs/${POD_DIR}/${CONTAINER}/1.log`]: ATTEMPT_1,
      [`rke2/containers-varlogs/${LINK_NAME}`]: ATTEMPT_1,
      'systeminfo/hostname': 'worker-3\n',
    },
  },
  sos: {
    format: 'sos',
    wrapper: 'sosreport-worker-3-2026-11-27-xkqbzrt/',
    names: true,
    spec: {
      'sos_commands/kernel/dmesg': DMESG,
      dmesg: { symlink: 'sos_commands/kernel/dmesg' },
      'var/log/messages': SYSLOG,
      'sos_commands/logs/journalctl_--no-pager_--unit_kubelet': KUBELET_TEXT,
      'proc/stat': 'cpu  100 0 100 1000 0 0 0 0 0 0\ncpu0 100 0 100 1000 0 0 0 0 0 0\nbtime 1795773390\n',
      'proc/meminfo': 'MemTotal:        8000000 kB\nMemFree:          100000 kB\nMemAvailable:     200000 kB\n',
      [`var/log/pods/${POD_DIR}/${CONTAINER}/0.log`]: ATTEMPT_0,
      [`var/log/pods/${POD_DIR}/${CONTAINER}/1.log`]: ATTEMPT_1,
      [`var/log/containers/${LINK_NAME}`]: { symlink: `/var/log/pods/${POD_DIR}/${CONTAINER}/1.log` },
      'sos_reports/manifest.json': '{"version": "4.7.2"}\n',
      'version.txt': 'sosreport: 4.7.2\n',
    },
  },
} satisfies Record<(typeof INPUT_FORMATS)[number], FormatFixture>;
