#!/bin/sh
# podmortem-collect.sh: archive a Kubernetes node's evidence (kernel log, journals, pod logs,
# cgroup memory state, runtime state, stat snapshots) into one bundle for `podmortem analyze`.
#
# POSIX sh (dash, busybox ash), LC_ALL=C, no network, no Node.js or Python. Every command runs
# under a timeout, in its own process group; every item lands in manifest.json with its status, so a partial bundle says
# what it lacks. Bundle format v1: see DESIGN.md §2 and src/bundle/layout.ts in the podmortem repo.
#
# This file is generated from src/collector/lib/*.sh by src/collector/build.sh: edit those.

COLLECTOR_NAME=podmortem-collect
COLLECTOR_VERSION=0.1.0

# The help text is the reference for every option; a test checks that each option parsed in
# parse_options appears here.
usage() {
	cat <<'USAGE'
Usage: podmortem-collect.sh [options]

Archives this Kubernetes node's evidence into podmortem-<node>-<UTC>.tar.gz for
`podmortem analyze`. Run it as root on the node, or inside
`kubectl debug node/<name> --profile=sysadmin` (the host is then read under /host).

Options:
  --since WHEN          start of the window for journals and logs: a duration back
                        from now (30m, 12h, 2d) or a UTC time ("2026-11-27 08:00:00",
                        2026-11-27T08:00:00Z). Default: 48h.
  --budget SIZE         total bytes to collect, before compression (K, M, G
                        suffixes). Filled in priority order: anchors, kernel,
                        cgroup, runtime, stats, journals, then pod logs newest
                        first. Default: 256M.
  --max-file-size SIZE  cap for one pod log or log file copy; the end of a longer
                        file is kept (a .gz file is kept whole or skipped).
                        Default: 16M.
  --max-journal-size SIZE
                        cap for one journal export; the newest entries are kept.
                        Default: 64M.
  --timeout SECONDS     time limit for each command. Default: 30.
  --output-dir DIR      where the archive is written (and staged). Default:
                        /var/tmp, or /host/var/tmp in a debug pod.
  --stdout              write the archive to standard output and every message to
                        standard error (for `kubectl debug ... -i -- sh -s -- --stdout`).
  --root DIR            read a host root mounted at DIR instead of /; commands run
                        as found on PATH, without chroot (mode root-dir).
  --node NAME           node name for the bundle. Default: the kubelet's
                        --hostname-override, else the host name.
  --no-redact           keep secrets in collected files (tokens, keys, passwords are
                        replaced by <redacted> by default).
  --version             print the collector version.
  -h, --help            print this help.

Run modes (detected, recorded in manifest.json as collection.mode):
  host       root on the node: commands and files of this system.
  chroot     debug pod with /host: host commands via `chroot /host`.
  nsenter    debug pod where chroot is denied: `nsenter -t 1 -m -u -i -n -p`.
  read-only  debug pod where both are denied: files under /host only, plus the
             pod's own dmesg/top/vmstat/free/ss/ip (host PID and network namespaces).
  root-dir   --root DIR.

Exit codes:
  0  bundle written (items that could not be collected are listed in manifest.json)
  1  no bundle: the archive could not be written
  2  refused to start: bad option, not root, no room for the budget, a basic
     tool (awk, tar, gzip, ...) is missing, or another collector is writing the
     same archive (its lock folder <archive>.lock exists)
  130, 143, 129  stopped by SIGINT, SIGTERM, SIGHUP: the running command's
     process group is killed; no .part file, staging folder or lock is left

Test hooks (environment): PODMORTEM_NOW=<epoch seconds> freezes the clock (start,
end, durations) for reproducible samples; PODMORTEM_HOST_MOUNT=<dir> replaces /host
when detecting a debug pod.
USAGE
}
