#!/bin/sh
# Writes samples/foreign/: the node of samples/roots/oom-burstable-containerd (the same node, boot
# and OOM kills as podmortem's own sample) packed as other collectors pack it: a sos report
# (.tar.xz), the EKS log collector (.tar.gz, `./` entries, no top folder), the Rancher log
# collector (.tar.gz, one `<host>-<date>/` folder), a copy of /var/log (.tar.gz), and two lone
# files (raw dmesg, `journalctl -o export`). Each takes what its collector takes (see
# src/bundle/layout-*.ts): e.g. EKS and Rancher copy only kube-system pod logs. Text the node's
# fake tools print in one form is written in the collector's form: `dmesg --ctime` and syslog
# stamps from /proc/stat's btime, `journalctl` short text from the export's realtime stamps.
# Fixed mtimes, owners, modes and entry order, `gzip -n`, single-threaded xz: byte-identical
# archives on every run (with GNU tar).
#
#   sh samples/foreign.sh [OUTPUT_DIR]      (run by samples/regenerate.sh; default samples/foreign)
set -eu
export LC_ALL=C TZ=UTC
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/samples/foreign}
mkdir -p "$out"
out=$(cd "$out" && pwd)
NOW=1795774502 # 2026-11-27T10:15:02Z, the collection time of podmortem's own sample
root=$repo/samples/roots/oom-burstable-containerd
data=$root/.tools/data
host=$(cat "$root/etc/hostname")
btime=$(awk '$1 == "btime" { print $2 }' "$root/proc/stat")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Epoch seconds to calendar fields, in awk (mawk has no strftime): days-from-civil inverted.
CIVIL='
function civil(t,   z, era, doe, yoe, doy, mp) {
	t = int(t); z = int(t / 86400) + 719468
	era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
	D = doy - int((153 * mp + 2) / 5) + 1; M = mp < 10 ? mp + 3 : mp - 9; Y = yoe + era * 400 + (M <= 2)
	WD = substr("ThuFriSatSunMonTueWed", (int(t / 86400) % 7) * 3 + 1, 3)
	MN = substr("JanFebMarAprMayJunJulAugSepOctNovDec", (M - 1) * 3 + 1, 3)
	HMS = sprintf("%02d:%02d:%02d", int(t % 86400 / 3600), int(t % 3600 / 60), t % 60)
}'

# `dmesg --ctime`: the seconds since boot replaced by btime + seconds (what dmesg -T prints).
dmesg_ctime() {
	awk -v btime="$btime" "$CIVIL"'
	match($0, /^\[ *[0-9]+\.[0-9]+\]/) {
		stamp = substr($0, 2, RLENGTH - 2); sub(/^ +/, "", stamp); civil(btime + stamp)
		printf "[%s %s %2d %s %d]%s\n", WD, MN, D, HMS, Y, substr($0, RLENGTH + 1); next
	}
	{ print }' "$data/dmesg.txt"
}

# rsyslog's kern.log (imklog, traditional format): the kernel's own stamp stays in the text.
kern_log() {
	awk -v btime="$btime" -v host="$host" "$CIVIL"'
	match($0, /^\[ *[0-9]+\.[0-9]+\]/) {
		stamp = substr($0, 2, RLENGTH - 2); sub(/^ +/, "", stamp); civil(btime + stamp)
		printf "%s %2d %s %s kernel: %s\n", MN, D, HMS, host, $0
	}' "$data/dmesg.txt"
}

# `journalctl` default short text of export files, entries in time order (as journalctl merges).
journal_text() {
	awk "$CIVIL"'
	function flush() {
		if (msg != "") printf "%s\t%s %02d %s %s %s%s: %s\n", rt, MN, D, HMS, hostname, ident, (pid != "" ? "[" pid "]" : ""), msg
		rt = 0; msg = ""; ident = ""; pid = ""; hostname = ""
	}
	/^$/ { flush(); next }
	/^__REALTIME_TIMESTAMP=/ { rt = substr($0, 22); civil(rt / 1000000) }
	/^_HOSTNAME=/ { hostname = substr($0, 11) }
	/^SYSLOG_IDENTIFIER=/ { ident = substr($0, 19) }
	/^_PID=/ { pid = substr($0, 6) }
	/^MESSAGE=/ { msg = substr($0, 9) }
	END { flush() }' "$@" | sort -s -t "$(printf '\t')" -k1,1 | cut -f2-
}

# The kube-system pod folders and their container links: what EKS and Rancher copy of pod logs.
kube_system_pods() {
	mkdir -p "$1"
	cp -R "$root"/var/log/pods/kube-system_* "$1/"
}

# tar of DIR's MEMBER with everything that could differ between runs fixed.
pack() {
	tar --sort=name --mtime="@$NOW" --owner=0 --group=0 --numeric-owner --mode='u=rwX,go=rX' \
		--format=gnu -C "$1" -cf - "$2"
}

# sos report 4.0 (`sos report -o kernel,logs,memory,process,cgroups,container_log`): command
# output under sos_commands/<plugin>/, files at their host paths, root links to some outputs.
# container_log copies /var/log/containers/*.log, and sos copies a link's target with the link.
build_sos() {
	name=sosreport-$host-2026-11-27-pmsampl
	s=$tmp/sos/$name
	mkdir -p "$s/sos_commands/kernel" "$s/sos_commands/logs" "$s/sos_commands/memory" "$s/sos_reports" \
		"$s/proc/sys/kernel/random" "$s/sys/fs" "$s/var/log/containers"
	cp "$data/dmesg.txt" "$s/sos_commands/kernel/dmesg"
	cp "$data/uname.txt" "$s/sos_commands/kernel/uname_-a"
	cp "$data/free.txt" "$s/sos_commands/memory/free"
	echo "Archived and active journals take up 48.0M in the file system." >"$s/sos_commands/logs/journalctl_--disk-usage"
	journal_text "$data/kernel.export" "$data/kubelet.export" "$data/runtime.export" >"$s/sos_commands/logs/journalctl_--no-pager"
	cp "$s/sos_commands/logs/journalctl_--no-pager" "$s/sos_commands/logs/journalctl_--no-pager_--catalog_--boot"
	cp "$root/proc/stat" "$root/proc/meminfo" "$root/proc/vmstat" "$s/proc/"
	cp "$root/proc/sys/kernel/random/boot_id" "$s/proc/sys/kernel/random/"
	cp -R "$root/sys/fs/cgroup" "$s/sys/fs/"
	cp -P "$root"/var/log/containers/*.log "$s/var/log/containers/"
	for link in "$root"/var/log/containers/*.log; do
		target=$(readlink "$link")
		mkdir -p "$s${target%/*}"
		cp "$root$target" "$s$target"
	done
	ln -s sos_commands/kernel/uname_-a "$s/uname"
	ln -s sos_commands/memory/free "$s/free"
	printf 'sosreport: 4.0\ncgroups: unversioned\ncontainer_log: unversioned\nkernel: unversioned\nlogs: unversioned\nmemory: unversioned\nprocess: unversioned\n' >"$s/version.txt"
	printf '{"version": "4.0", "cmdline": "sos report --batch -o kernel,logs,memory,process,cgroups,container_log"}\n' >"$s/sos_reports/manifest.json"
	pack "$tmp/sos" "$name" | xz -T1 -6 --check=crc64 -c >"$out/sos-oom-burstable-containerd.tar.xz"
}

# EKS log collector 0.7 (`tar --create --gzip --directory=<dir> .`): `./` names, no top folder.
build_eks() {
	e=$tmp/eks
	mkdir -p "$e/kernel" "$e/kubelet" "$e/containerd" "$e/system" "$e/networking" "$e/storage"
	cp "$data/dmesg.txt" "$e/kernel/dmesg.current"
	dmesg_ctime >"$e/kernel/dmesg.human.current"
	cp "$data/uname.txt" "$e/kernel/uname.txt"
	journal_text "$data/kubelet.export" >"$e/kubelet/kubelet.log"
	journal_text "$data/runtime.export" >"$e/containerd/containerd-log.txt"
	kube_system_pods "$e/var_log"
	for link in "$root"/var/log/containers/kube-proxy*; do cp "$root$(readlink "$link")" "$e/var_log/${link##*/}"; done
	cp "$root/proc/stat" "$e/system/procstat.txt"
	cp "$data/top.txt" "$e/system/top.txt"
	cp "$data/ip-route.txt" "$e/networking/iproute.txt"
	cp "$data/df-inodes.txt" "$e/storage/inodes.txt"
	pack "$e" . | gzip -n -9 >"$out/eks-oom-burstable-containerd.tar.gz"
}

# Rancher v2.x logs collector on a kubeadm node: systeminfo/, journald/<unit>, kubeadm/podlogs
# (system namespaces only) and kubeadm/containers-varlogs (`cp -rp`: the links themselves).
build_rancher() {
	name=$host-2026-11-27_10_15_02
	r=$tmp/rancher/$name
	mkdir -p "$r/systeminfo" "$r/journald" "$r/networking" "$r/kubeadm"
	dmesg_ctime >"$r/systeminfo/dmesg"
	cp "$data/top.txt" "$r/systeminfo/top"
	cp "$data/free.txt" "$r/systeminfo/free"
	cp "$data/vmstat.txt" "$r/systeminfo/vmstat"
	cp "$data/df-inodes.txt" "$r/systeminfo/dfi"
	echo "$host" >"$r/systeminfo/hostname"
	journal_text "$data/kubelet.export" >"$r/journald/kubelet"
	journal_text "$data/runtime.export" >"$r/journald/containerd"
	kube_system_pods "$r/kubeadm/podlogs"
	mkdir "$r/kubeadm/containers-varlogs"
	cp -P "$root"/var/log/containers/*.log "$r/kubeadm/containers-varlogs/"
	cp "$data/ip-route.txt" "$r/networking/iproute"
	pack "$tmp/rancher" "$name" | gzip -n -9 >"$out/rancher-oom-burstable-containerd.tar.gz"
}

# `tar -C /var -czf log.tar.gz log` on the node, with rsyslog writing kern.log beside the journal.
build_var_log() {
	v=$tmp/var-log/log
	mkdir -p "$v/containers"
	cp -R "$root/var/log/pods" "$v/"
	cp -P "$root"/var/log/containers/*.log "$v/containers/"
	kern_log >"$v/kern.log"
	pack "$tmp/var-log" log | gzip -n -9 >"$out/var-log-oom-burstable-containerd.tar.gz"
}

build_sos
build_eks
build_rancher
build_var_log
cp "$data/dmesg.txt" "$out/dmesg-oom-burstable-containerd.txt"
cp "$data/kernel.export" "$out/journal-oom-burstable-containerd.export"
ls "$out"/*
