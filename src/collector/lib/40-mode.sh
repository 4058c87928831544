
# ---------------------------------------------------------------------------------------------
# Where we run (host, debug pod via chroot / nsenter / read-only, --root), and the checks made
# before anything is written: basic tools, root, output folder, free space.
# ---------------------------------------------------------------------------------------------

CORE_TOOLS='awk cat date find grep gzip head mkdir mkfifo mv rm sed sort stat tail tar tr wc'

check_core_tools() {
	_ct_missing=
	for _ct_tool in $CORE_TOOLS; do
		command -v "$_ct_tool" >/dev/null 2>&1 || _ct_missing="$_ct_missing $_ct_tool"
	done
	[ -z "$_ct_missing" ] || refuse "basic tools not found:$_ct_missing (needed to build the bundle)"
}

# A debug pod made by `kubectl debug node/<name>` mounts the host's / at /host.
looks_like_host_root() {
	[ -d "$1" ] && { [ -e "$1/etc/os-release" ] || [ -e "$1/usr/lib/os-release" ] || [ -d "$1/var/log/pods" ]; }
}

# Sets MODE, ROOT (prefix for host files, empty on the host itself) and MODE_NOTE.
detect_mode() {
	HOST_MOUNT=${PODMORTEM_HOST_MOUNT:-/host}
	MODE_NOTE=
	if [ -n "$OPT_ROOT" ]; then
		MODE=root-dir
		ROOT=${OPT_ROOT%/}
		return 0
	fi
	if ! looks_like_host_root "$HOST_MOUNT"; then
		MODE=host
		ROOT=
		return 0
	fi
	ROOT=${HOST_MOUNT%/}
	if _dm_err=$(chroot "$ROOT" /bin/sh -c 'exit 0' </dev/null 2>&1); then
		MODE=chroot
		return 0
	fi
	_dm_chroot_err=$(printf '%s' "$_dm_err" | head -n 1)
	if _dm_err=$(nsenter -t 1 -m -u -i -n -p /bin/sh -c 'exit 0' </dev/null 2>&1); then
		MODE=nsenter
		MODE_NOTE="chroot $ROOT was denied ($_dm_chroot_err); host commands run through nsenter"
		return 0
	fi
	MODE=read-only
	MODE_NOTE="chroot $ROOT was denied ($_dm_chroot_err) and nsenter too ($(printf '%s' "$_dm_err" | head -n 1)): only files under $ROOT were read, and dmesg/top/vmstat/free/ss/ip from the pod itself"
}

# Host files: /proc and /sys of the host. A debug pod shares the host's PID namespace, so its
# own /proc serves when /host/proc is not mounted; /sys/fs/cgroup must be the host's.
locate_pseudo_filesystems() {
	if resolve_in_root "$ROOT/proc" && [ -r "$HOST_FILE/meminfo" ]; then
		PROC=${HOST_FILE%/}
	else
		PROC=/proc
	fi
	if resolve_in_root "$ROOT/sys/fs/cgroup" && [ -d "$HOST_FILE" ]; then
		CGROUP_FS=${HOST_FILE%/}
	else
		CGROUP_FS=/sys/fs/cgroup
	fi
}

# --root and PODMORTEM_HOST_MOUNT read fake trees in tests and samples: no root needed there.
check_root_user() {
	[ "$MODE" = root-dir ] && return 0
	[ -n "${PODMORTEM_HOST_MOUNT:-}" ] && return 0
	if command -v id >/dev/null 2>&1; then
		_cr_uid=$(id -u)
	else
		_cr_uid=$(awk '$1 == "Uid:" { print $2 }' /proc/self/status)
	fi
	[ "$_cr_uid" = 0 ] && return 0
	refuse "run as root: sudo sh podmortem-collect.sh on the node, or inside kubectl debug node/<name> --profile=sysadmin (uid is $_cr_uid)"
}

# The output folder must exist and take the budget: staged files (up to the budget) plus the
# archive (assumed half of it); with --stdout only the staged files.
check_output_dir() {
	if [ -z "$OPT_OUTPUT_DIR" ]; then
		case $MODE in
		chroot | nsenter | read-only) OUTPUT_DIR=$ROOT/var/tmp ;;
		*) OUTPUT_DIR=/var/tmp ;;
		esac
	else
		OUTPUT_DIR=${OPT_OUTPUT_DIR%/}
		[ -n "$OUTPUT_DIR" ] || OUTPUT_DIR=/
	fi
	[ -d "$OUTPUT_DIR" ] || refuse "output folder does not exist: $OUTPUT_DIR (use --output-dir)"
	[ -w "$OUTPUT_DIR" ] || refuse "output folder is not writable: $OUTPUT_DIR (use --output-dir)"
	OUTPUT_DIR=$(cd "$OUTPUT_DIR" && pwd) || refuse "cannot enter the output folder: $OUTPUT_DIR"
}

# Runs after WORK exists (the timeout fallback needs it). df itself runs under the time limit.
check_free_space() {
	if [ "$OPT_STDOUT" = 1 ]; then
		_fs_need=$BUDGET
	else
		_fs_need=$((BUDGET + BUDGET / 2))
	fi
	if ! command -v df >/dev/null 2>&1; then
		warn "df not found: free space in $OUTPUT_DIR not checked"
		return 0
	fi
	run_capped 10 head 4096 "$WORK/df-out" df -Pk "$OUTPUT_DIR"
	_fs_avail=$(awk 'NR > 1 && $4 ~ /^[0-9]+$/ { avail = $4 } END { print avail }' "$WORK/df-out")
	if [ -z "$_fs_avail" ]; then
		warn "could not read free space of $OUTPUT_DIR (df exit $RC): not checked"
		return 0
	fi
	_fs_avail=$((_fs_avail * 1024))
	[ "$_fs_avail" -ge "$_fs_need" ] && return 0
	rm -rf "$WORK"
	refuse "not enough room in $OUTPUT_DIR: $(human_size "$_fs_avail") free, $(human_size "$_fs_need") needed for a $(human_size "$BUDGET") budget; use --budget SIZE or --output-dir DIR"
}

# Low CPU and I/O priority for this shell and everything it starts.
lower_priority() {
	command -v renice >/dev/null 2>&1 && renice -n 19 -p $$ >/dev/null 2>&1
	command -v ionice >/dev/null 2>&1 && ionice -c 3 -p $$ >/dev/null 2>&1
	return 0
}

