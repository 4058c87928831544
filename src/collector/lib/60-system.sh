
# ---------------------------------------------------------------------------------------------
# Time anchors and system facts. Kernel stamps are seconds since boot: the analyzer converts
# them with the anchors (wall clock, uptime, btime, boot id, zone) taken here, never with dmesg -T.
# ---------------------------------------------------------------------------------------------

# Anchors go straight into the manifest. Wall clock and uptime are read back to back.
collect_anchors() {
	if [ -n "${PODMORTEM_NOW:-}" ]; then
		_ca_wall=$(utc_text "$NOW" iso)
	else
		_ca_wall=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
		case $_ca_wall in
		*N*) _ca_wall=$(date -u +%Y-%m-%dT%H:%M:%SZ) ;;
		esac
	fi
	_ca_uptime=
	_ca_boot=
	host_line _ca_uptime "$PROC/uptime" 64
	_ca_uptime=${_ca_uptime%% *}
	_ca_btime=
	if [ -r "$PROC/stat" ]; then
		short_secs
		# shellcheck disable=SC2016 # an awk program
		run_capped "$SHORT_SECS" head 64 "$WORK/btime" awk '$1 == "btime" { print $2; exit }' "$PROC/stat"
		[ "$RC" = 0 ] && read -r _ca_btime <"$WORK/btime"
	fi
	host_line _ca_boot "$PROC/sys/kernel/random/boot_id" 64
	host_timezone
	meta wallClockUtc "$_ca_wall"
	meta uptimeSeconds "$_ca_uptime"
	meta btime "$_ca_btime"
	meta bootId "$_ca_boot"
	meta timezone "$TIMEZONE"
	meta utcOffset "$UTC_OFFSET"
}

# The host's zone name (/etc/timezone, or where /etc/localtime points) and its UTC offset now,
# computed from the host's own zone file so a debug pod's zone does not leak in.
host_timezone() {
	TIMEZONE=
	if resolve_in_root "$ROOT/etc/timezone" && [ -r "$HOST_FILE" ]; then
		host_line TIMEZONE "$HOST_FILE" 256
		TIMEZONE=$(printf '%s' "$TIMEZONE" | tr -d ' \t\r')
	elif [ -L "$ROOT/etc/localtime" ] && command -v readlink >/dev/null 2>&1; then
		TIMEZONE=$(readlink "$ROOT/etc/localtime")
		TIMEZONE=${TIMEZONE##*zoneinfo/}
	elif [ ! -e "$ROOT/etc/localtime" ]; then
		TIMEZONE=UTC
	fi
	# TZ=:file needs an absolute path (a relative one is looked up in the zone database).
	if [ -n "$TIMEZONE" ] && resolve_in_root "$ROOT/usr/share/zoneinfo/$TIMEZONE" && [ -f "$HOST_FILE" ]; then
		_ht_tz=":$HOST_FILE"
	elif resolve_in_root "$ROOT/etc/localtime" && [ -f "$HOST_FILE" ]; then
		_ht_tz=":$HOST_FILE"
	else
		_ht_tz=UTC0
	fi
	case $_ht_tz in
	:/* | UTC0) ;;
	*) _ht_tz=":$PWD/${_ht_tz#:}" ;;
	esac
	UTC_OFFSET=$(TZ=$_ht_tz date -d "@$NOW" +%z 2>/dev/null)
}

# The kubelet's PID (KUBELET_PID, empty when it does not run) and its arguments, one per line,
# in $WORK/kubelet-args. Its comm is `kubelet`; /proc/<pid>/comm and cmdline are read under the
# time limit (cmdline may block on a stuck process).
find_kubelet() {
	KUBELET_PID=
	: >"$WORK/kubelet-args"
	short_secs
	run_capped "$SHORT_SECS" head 64 "$WORK/kubelet-pid" sh -c "$FIND_COMM_SH" sh "$PROC" kubelet
	read -r KUBELET_PID <"$WORK/kubelet-pid" 2>/dev/null
	case $KUBELET_PID in
	'' | *[!0-9]*) KUBELET_PID= ;;
	esac
	[ -n "$KUBELET_PID" ] || return 0
	# shellcheck disable=SC2016 # expanded by the inner sh
	run_capped "$SHORT_SECS" head 1048576 "$WORK/kubelet-args" sh -c 'tr "\000" "\n" <"$1"' sh "$PROC/$KUBELET_PID/cmdline"
}

# The first process in the /proc folder $1 whose comm is one of the other arguments: its PID.
# shellcheck disable=SC2016 # a program for sh, expanded there
FIND_COMM_SH='
proc=$1
shift
for dir in "$proc"/[0-9]*; do
	[ -r "$dir/comm" ] || continue
	# A real /proc holds no links here; a host root read with --root might.
	{ [ -L "$dir" ] || [ -L "$dir/comm" ] || [ -L "$dir/cmdline" ]; } && continue
	comm=$(head -c 64 "$dir/comm" 2>/dev/null)
	for name in "$@"; do
		[ "$comm" = "$name" ] || continue
		echo "${dir##*/}"
		exit 0
	done
done
'

# kubelet_flag NAME: the value of --NAME=value or --NAME value in the kubelet's arguments.
kubelet_flag() {
	_kf_next=0
	while IFS= read -r _kf_arg; do
		if [ "$_kf_next" = 1 ]; then
			printf '%s\n' "$_kf_arg"
			return 0
		fi
		case $_kf_arg in
		"--$1="*)
			printf '%s\n' "${_kf_arg#*=}"
			return 0
			;;
		"--$1") _kf_next=1 ;;
		esac
	done <"$WORK/kubelet-args"
	return 1
}

# The node name: --node, else the kubelet's --hostname-override, else the host name.
node_name() {
	NODE=$OPT_NODE
	[ -n "$NODE" ] || NODE=$(kubelet_flag hostname-override)
	if [ -z "$NODE" ]; then
		if [ "$MODE" = root-dir ] && resolve_in_root "$ROOT/etc/hostname" && [ -r "$HOST_FILE" ]; then
			host_line NODE "$HOST_FILE" 256
			NODE=$(printf '%s' "$NODE" | tr -d ' \t\r')
		elif command -v uname >/dev/null 2>&1; then
			NODE=$(uname -n)
		fi
	fi
	NODE=$(printf '%s' "$NODE" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9._-' '_')
	[ -n "$NODE" ] || NODE=node
}

# os-release, uname, and the kubelet's flags, unit files and kubeconfig (secrets redacted).
collect_system() {
	if [ -e "$ROOT/etc/os-release" ]; then
		copy_item system/os-release "$ROOT/etc/os-release"
	else
		copy_item system/os-release "$ROOT/usr/lib/os-release"
	fi
	cmd_item system/uname.txt uname -a
	if [ -n "$KUBELET_PID" ]; then
		cmd_item -l -r -w "/proc/$KUBELET_PID/cmdline" system/kubelet-flags.txt cat "$WORK/kubelet-args"
	else
		record_item system/kubelet-flags.txt "/proc/<kubelet pid>/cmdline" missing '' 0 0 'no kubelet process is running'
	fi
	set --
	for _cs_unit in "$ROOT"/etc/systemd/system/kubelet.service "$ROOT"/run/systemd/system/kubelet.service \
		"$ROOT"/usr/lib/systemd/system/kubelet.service "$ROOT"/lib/systemd/system/kubelet.service \
		"$ROOT"/etc/systemd/system/kubelet.service.d/*.conf "$ROOT"/run/systemd/system/kubelet.service.d/*.conf \
		"$ROOT"/usr/lib/systemd/system/kubelet.service.d/*.conf "$ROOT"/lib/systemd/system/kubelet.service.d/*.conf \
		"$ROOT"/etc/default/kubelet "$ROOT"/etc/sysconfig/kubelet "$ROOT"/var/lib/kubelet/kubeadm-flags.env; do
		[ -e "$_cs_unit" ] || [ -L "$_cs_unit" ] || continue
		case $_cs_unit in
		*"$NL"* | *"$TAB"* | *"$CR"*) skip_unsafe system/kubelet-unit.txt "${_cs_unit#"$ROOT"}" "$ODD_NAME_NOTE" ;;
		*) if resolve_in_root "$_cs_unit"; then
			set -- "$@" "${_cs_unit#"$ROOT"}" "$HOST_FILE"
		else
			skip_unsafe system/kubelet-unit.txt "${_cs_unit#"$ROOT"}" "$REFUSED: not read"
		fi ;;
		esac
	done
	cmd_item -l -r -w "kubelet.service and drop-ins, kubelet environment files" system/kubelet-unit.txt \
		sh -c "$UNIT_FILES_SH" sh "$@"
	_cs_kubeconfig=$(kubelet_flag kubeconfig) || _cs_kubeconfig=/etc/kubernetes/kubelet.conf
	copy_item -r system/kubelet-kubeconfig.yaml "$ROOT$_cs_kubeconfig"
}

# Prints the kubelet's unit file, drop-ins and environment files the way `systemctl cat` does
# (`# /path` then the content), from the files, so it works in every mode. Arguments: pairs of
# the host path and the file to read (resolved inside the root).
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
UNIT_FILES_SH='
found=1
while [ "$#" -ge 2 ]; do
	if [ -f "$2" ]; then
		printf "# %s\n" "$1"
		cat "$2"
		printf "\n"
		found=0
	fi
	shift 2
done
# 127 makes the item "missing", like a command that is not there.
[ "$found" = 0 ] || { echo "no kubelet unit or environment file" >&2; exit 127; }
'
