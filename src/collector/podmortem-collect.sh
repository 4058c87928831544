#!/bin/sh
# podmortem-collect.sh: archive a Kubernetes node's evidence (kernel log, journals, pod logs,
# cgroup memory state, runtime state, stat snapshots) into one bundle for `podmortem analyze`.
#
# POSIX sh (dash, busybox ash), LC_ALL=C, no network, no Node.js or Python. Every command runs
# under a timeout; every item lands in manifest.json with its status, so a partial bundle says
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
  2  refused to start: bad option, not root, no room for the budget, or a basic
     tool (awk, tar, gzip, ...) is missing

Test hooks (environment): PODMORTEM_NOW=<epoch seconds> freezes the clock (start,
end, durations) for reproducible samples; PODMORTEM_HOST_MOUNT=<dir> replaces /host
when detecting a debug pod.
USAGE
}

# ---------------------------------------------------------------------------------------------
# Messages, clock, one-line text, tool lookup.
# ---------------------------------------------------------------------------------------------

TAB=$(printf '\t')
CR=$(printf '\r')
NL='
'

# Progress goes to stdout, unless stdout carries the archive (--stdout).
say() {
	if [ "${OPT_STDOUT:-0}" = 1 ]; then
		printf '%s\n' "$*" >&2
	else
		printf '%s\n' "$*"
	fi
}

warn() {
	printf 'podmortem-collect: warning: %s\n' "$*" >&2
}

# Refusals: one clear line, exit 2, nothing written.
refuse() {
	printf 'podmortem-collect: error: %s\n' "$*" >&2
	exit 2
}

# Epoch seconds now; PODMORTEM_NOW freezes it so regenerated samples are byte-identical.
epoch_now() {
	if [ -n "${PODMORTEM_NOW:-}" ]; then
		printf '%s\n' "$PODMORTEM_NOW"
	else
		date +%s
	fi
}

# UTC text of an epoch: iso (2026-11-27T10:15:02Z), stamp (20261127T101502Z) or journal
# (2026-11-27 10:15:02 UTC, what journalctl --since accepts).
utc_text() {
	case $2 in
	iso) date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ ;;
	stamp) date -u -d "@$1" +%Y%m%dT%H%M%SZ ;;
	journal) date -u -d "@$1" '+%Y-%m-%d %H:%M:%S UTC' ;;
	esac
}

# A fork-free stopwatch: REAL_CS = centiseconds since boot, from this system's /proc/uptime.
real_cs() {
	REAL_CS=0
	[ -r /proc/uptime ] || return 0
	read -r _clk_up _clk_rest </proc/uptime
	_clk_up=${_clk_up%.*}${_clk_up#*.}
	while :; do
		case $_clk_up in
		0?*) _clk_up=${_clk_up#0} ;;
		*) break ;;
		esac
	done
	case $_clk_up in
	'' | *[!0-9]*) return 0 ;;
	esac
	REAL_CS=$_clk_up
}

# Milliseconds since START_CS for the manifest; 0 when the clock is frozen.
duration_ms() {
	real_cs
	if [ -n "${PODMORTEM_NOW:-}" ]; then
		DURATION_MS=0
	else
		DURATION_MS=$(((REAL_CS - $1) * 10))
	fi
}

# Manifest fields are one line: tabs and newlines (rare, from stderr or odd names) become spaces.
one_line() {
	case $1 in
	*"$TAB"* | *"$NL"* | *"$CR"*) printf '%s' "$1" | tr '\t\n\r' '   ' ;;
	*) printf '%s' "$1" ;;
	esac
}

# First bytes of a command's stderr, as one line, for an item's note.
error_text() {
	[ -s "$1" ] || return 0
	head -c 240 "$1" | tr '\t\n\r' '   ' | sed 's/ *$//'
}

# Directories searched for host tools when they run through chroot or nsenter.
HOST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Tools the pod's own image may run in read-only mode: they see the host's kernel, PID and
# network namespaces, which a `kubectl debug node` pod shares (journalctl reads the host's
# journal folder with -D).
IMAGE_TOOLS=' dmesg top vmstat iostat free ss netstat ip uname journalctl '

# host_has TOOL: can TOOL run for the host in the current mode?
host_has() {
	case $MODE in
	chroot | nsenter)
		_hh_ifs=$IFS
		IFS=:
		for _hh_dir in $HOST_PATH; do
			if [ -x "$ROOT$_hh_dir/$1" ]; then
				IFS=$_hh_ifs
				return 0
			fi
		done
		IFS=$_hh_ifs
		return 1
		;;
	read-only)
		case $IMAGE_TOOLS in
		*" $1 "*) command -v "$1" >/dev/null 2>&1 ;;
		*) return 1 ;;
		esac
		;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# tool_unavailable TOOL: sets NOTE to why TOOL cannot run and records it in missingTools when it
# was looked for and not found (in read-only mode, only the image's own tools are looked for).
tool_unavailable() {
	if [ "$MODE" = read-only ]; then
		case $IMAGE_TOOLS in
		*" $1 "*) NOTE="$1 not found in the debug image (read-only mode)" ;;
		*)
			NOTE="read-only mode: host command $1 not run"
			return 0
			;;
		esac
	else
		NOTE="$1 not found"
	fi
	case " $MISSING_TOOLS " in
	*" $1 "*) ;;
	*)
		MISSING_TOOLS="$MISSING_TOOLS $1"
		printf '%s\n' "$1" >>"$WORK/missing-tools"
		;;
	esac
}

# ---------------------------------------------------------------------------------------------
# Running one command under a time limit. A hung `df` on a dead NFS mount must cost at most
# --timeout seconds, so every command goes through run_limited.
# ---------------------------------------------------------------------------------------------

# Which `timeout` exists: std (coreutils, busybox >= 1.30: `timeout -k 5 SECS`), old (busybox
# before 1.30: `timeout -t SECS`) or none (the sleep-loop watchdog in run_watched).
detect_timeout() {
	TIMEOUT_KIND=none
	command -v timeout >/dev/null 2>&1 || return 0
	if timeout -k 1 5 true </dev/null >/dev/null 2>&1; then
		TIMEOUT_KIND=std
	elif timeout -t 5 true </dev/null >/dev/null 2>&1; then
		TIMEOUT_KIND=old
	fi
}

# run_limited SECS ERRFILE CMD...: runs CMD with stdin from /dev/null (under `sh -s` stdin is
# the script itself), stderr to ERRFILE, stdout inherited. Returns CMD's exit code.
run_limited() {
	_rl_secs=$1
	_rl_err=$2
	shift 2
	case $TIMEOUT_KIND in
	std) timeout -k 5 "$_rl_secs" "$@" </dev/null 2>"$_rl_err" ;;
	old) timeout -t "$_rl_secs" "$@" </dev/null 2>"$_rl_err" ;;
	*) run_watched "$_rl_secs" "$_rl_err" "$@" ;;
	esac
}

# The portable fallback: the command runs in the background; a watchdog polls it once a second
# and, after SECS, marks $WORK/timed-out, sends TERM, and KILL two seconds later.
run_watched() {
	_rw_secs=$1
	_rw_err=$2
	shift 2
	"$@" </dev/null 2>"$_rw_err" &
	_rw_pid=$!
	(
		_rw_n=0
		while kill -0 "$_rw_pid" 2>/dev/null; do
			if [ "$_rw_n" -ge "$_rw_secs" ]; then
				: >"$WORK/timed-out"
				kill -TERM "$_rw_pid" 2>/dev/null
				sleep 2
				kill -KILL "$_rw_pid" 2>/dev/null
				exit 0
			fi
			sleep 1
			_rw_n=$((_rw_n + 1))
		done
	) </dev/null >/dev/null 2>&1 &
	_rw_dog=$!
	wait "$_rw_pid"
	_rw_rc=$?
	kill "$_rw_dog" 2>/dev/null
	wait "$_rw_dog" 2>/dev/null
	return "$_rw_rc"
}

# run_capped SECS KEEP LIMIT OUT CMD...: runs CMD into OUT keeping at most LIMIT+1 bytes (KEEP=head
# keeps the start, tail the end), so the caller can tell a cut (more than LIMIT bytes) from a fit.
# Sets RC (the command's exit code), TIMED_OUT (0/1) and ELAPSED_CS; stderr lands in $WORK/err.
run_capped() {
	_rc_secs=$1
	_rc_keep=$2
	_rc_limit=$(($3 + 1))
	_rc_out=$4
	shift 4
	rm -f "$WORK/timed-out" "$WORK/rc"
	real_cs
	_rc_start=$REAL_CS
	if [ "$_rc_keep" = tail ]; then
		{
			run_limited "$_rc_secs" "$WORK/err" "$@"
			echo $? >"$WORK/rc"
		} | tail -c "$_rc_limit" >"$_rc_out"
	else
		{
			run_limited "$_rc_secs" "$WORK/err" "$@"
			echo $? >"$WORK/rc"
		} | head -c "$_rc_limit" >"$_rc_out"
	fi
	real_cs
	ELAPSED_CS=$((REAL_CS - _rc_start))
	RC=255
	[ -s "$WORK/rc" ] && read -r RC <"$WORK/rc"
	TIMED_OUT=0
	if [ -e "$WORK/timed-out" ]; then
		TIMED_OUT=1
	else
		case $RC in
		124 | 137 | 143) [ "$ELAPSED_CS" -ge $((_rc_secs * 100 - 10)) ] && TIMED_OUT=1 ;;
		esac
	fi
}

# ---------------------------------------------------------------------------------------------
# Options. Each one is documented in usage(); bad values are refused before anything is written.
# ---------------------------------------------------------------------------------------------

OPT_SINCE=48h
OPT_BUDGET=256M
OPT_MAX_FILE=16M
OPT_MAX_JOURNAL=64M
OPT_TIMEOUT=30
OPT_OUTPUT_DIR=
OPT_STDOUT=0
OPT_ROOT=
OPT_NODE=
OPT_REDACT=1

parse_options() {
	while [ $# -gt 0 ]; do
		_po_opt=$1
		_po_val=
		_po_inline=0
		case $_po_opt in
		--*=*)
			_po_val=${_po_opt#*=}
			_po_opt=${_po_opt%%=*}
			_po_inline=1
			;;
		esac
		case $_po_opt in
		--since | --budget | --max-file-size | --max-journal-size | --timeout | --output-dir | --root | --node)
			if [ "$_po_inline" = 0 ]; then
				[ $# -ge 2 ] || refuse "$_po_opt needs a value (see --help)"
				_po_val=$2
				shift
			fi
			;;
		--stdout | --no-redact | --version | -h | --help)
			[ "$_po_inline" = 0 ] || refuse "$_po_opt takes no value"
			;;
		esac
		case $_po_opt in
		--since) OPT_SINCE=$_po_val ;;
		--budget) OPT_BUDGET=$_po_val ;;
		--max-file-size) OPT_MAX_FILE=$_po_val ;;
		--max-journal-size) OPT_MAX_JOURNAL=$_po_val ;;
		--timeout) OPT_TIMEOUT=$_po_val ;;
		--output-dir) OPT_OUTPUT_DIR=$_po_val ;;
		--root) OPT_ROOT=$_po_val ;;
		--node) OPT_NODE=$_po_val ;;
		--stdout) OPT_STDOUT=1 ;;
		--no-redact) OPT_REDACT=0 ;;
		--version)
			printf '%s %s\n' "$COLLECTOR_NAME" "$COLLECTOR_VERSION"
			exit 0
			;;
		-h | --help)
			usage
			exit 0
			;;
		*) refuse "unknown option: $_po_opt (see --help)" ;;
		esac
		shift
	done
	validate_options
}

# Sizes become bytes; every value is checked before anything is written.
validate_options() {
	BUDGET=$(size_bytes "$OPT_BUDGET") || refuse "--budget: expected a size such as 256M, 1G or 1048576, got: $OPT_BUDGET"
	MAX_FILE=$(size_bytes "$OPT_MAX_FILE") || refuse "--max-file-size: expected a size such as 16M, got: $OPT_MAX_FILE"
	MAX_JOURNAL=$(size_bytes "$OPT_MAX_JOURNAL") || refuse "--max-journal-size: expected a size such as 64M, got: $OPT_MAX_JOURNAL"
	case $OPT_TIMEOUT in
	'' | *[!0-9]* | 0) refuse "--timeout: expected whole seconds of at least 1, got: $OPT_TIMEOUT" ;;
	esac
	[ "$BUDGET" -ge 65536 ] || refuse "--budget: at least 64K is needed for the manifest and anchors"
	case $OPT_NODE in
	*[!A-Za-z0-9._-]*) refuse "--node: use letters, digits, '.', '_' and '-' only" ;;
	esac
	if [ -n "$OPT_ROOT" ] && [ ! -d "$OPT_ROOT" ]; then
		refuse "--root: not a directory: $OPT_ROOT"
	fi
	return 0
}

# size_bytes 256M -> 268435456 (K, M, G are powers of 1024; KiB/MB spellings accepted).
size_bytes() {
	_sb_num=${1%%[!0-9]*}
	_sb_unit=${1#"$_sb_num"}
	[ -n "$_sb_num" ] || return 1
	case $_sb_unit in
	'' | B | b) printf '%s\n' "$((_sb_num))" ;;
	K | k | KB | kB | KiB) printf '%s\n' "$((_sb_num * 1024))" ;;
	M | m | MB | MiB) printf '%s\n' "$((_sb_num * 1048576))" ;;
	G | g | GB | GiB) printf '%s\n' "$((_sb_num * 1073741824))" ;;
	*) return 1 ;;
	esac
}

# since_epoch NOW WHEN: the window start as epoch seconds. WHEN is 30m / 12h / 2d / 90s or a UTC
# time "YYYY-MM-DD HH:MM:SS" (a T and a trailing Z are accepted).
since_epoch() {
	_se_when=$2
	case $_se_when in
	*[0-9]s | *[0-9]m | *[0-9]h | *[0-9]d)
		_se_num=${_se_when%?}
		case $_se_num in
		'' | *[!0-9]*) return 1 ;;
		esac
		case $_se_when in
		*s) printf '%s\n' "$(($1 - _se_num))" ;;
		*m) printf '%s\n' "$(($1 - _se_num * 60))" ;;
		*h) printf '%s\n' "$(($1 - _se_num * 3600))" ;;
		*d) printf '%s\n' "$(($1 - _se_num * 86400))" ;;
		esac
		;;
	[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T\ ][0-9][0-9]:[0-9][0-9]:[0-9][0-9] | \
		[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T\ ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z)
		_se_when=${_se_when%Z}
		_se_day=${_se_when%?????????}
		_se_time=${_se_when#???????????}
		date -u -d "$_se_day $_se_time" +%s 2>/dev/null
		;;
	*) return 1 ;;
	esac
}

# ---------------------------------------------------------------------------------------------
# Where we run (host, debug pod via chroot / nsenter / read-only, --root), and the checks made
# before anything is written: basic tools, root, output folder, free space.
# ---------------------------------------------------------------------------------------------

CORE_TOOLS='awk cat date find grep gzip head mkdir mv rm sed sort stat tail tar tr wc'

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
	if [ -r "$ROOT/proc/meminfo" ]; then
		PROC=$ROOT/proc
	else
		PROC=/proc
	fi
	if [ -d "$ROOT/sys/fs/cgroup" ]; then
		CGROUP_FS=$ROOT/sys/fs/cgroup
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
	refuse "not enough room in $OUTPUT_DIR: $((_fs_avail / 1048576)) MiB free, $((_fs_need / 1048576)) MiB needed for a $((BUDGET / 1048576)) MiB budget; use --budget SIZE or --output-dir DIR"
}

# Low CPU and I/O priority for this shell and everything it starts.
lower_priority() {
	command -v renice >/dev/null 2>&1 && renice -n 19 -p $$ >/dev/null 2>&1
	command -v ionice >/dev/null 2>&1 && ionice -c 3 -p $$ >/dev/null 2>&1
	return 0
}


# ---------------------------------------------------------------------------------------------
# Items: one command output or one file copy each, bounded by the budget, recorded in the
# manifest whatever happens (ok, missing, failed, timeout, truncated, skipped-budget, skipped-window).
# ---------------------------------------------------------------------------------------------

USED=0

# record_item PATH WHAT STATUS EXIT BYTES DURATION_MS NOTE (EXIT and NOTE may be empty = null).
record_item() {
	_ri_path=$1
	_ri_what=$2
	_ri_note=$7
	case $_ri_path$_ri_what$_ri_note in
	*"$TAB"* | *"$NL"* | *"$CR"*)
		_ri_path=$(one_line "$_ri_path")
		_ri_what=$(one_line "$_ri_what")
		_ri_note=$(one_line "$_ri_note")
		;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$_ri_path" "$_ri_what" "$3" "$4" "$5" "$6" "$_ri_note" >>"$WORK/items"
}

# budget_cap WANT: CAP = what an item may still take; false when the budget is used up.
budget_cap() {
	CAP=$((BUDGET - USED))
	[ "$1" -lt "$CAP" ] && CAP=$1
	[ "$CAP" -gt 0 ]
}

skip_for_budget() {
	record_item "$1" "$2" skipped-budget '' 0 0 "${3:-budget of $BUDGET bytes used up}"
}

byte_count() {
	if [ -e "$1" ]; then
		_bc_n=$(wc -c <"$1")
		echo $((_bc_n))
	else
		echo 0
	fi
}

# make_parent PATH: the folder of a bundle path.
make_parent() {
	case $1 in
	*/*) [ -d "$BUNDLE/${1%/*}" ] || mkdir -p "$BUNDLE/${1%/*}" ;;
	esac
}

# cut_file FILE KEEP LIMIT: keeps the first (head) or last (tail) LIMIT bytes of FILE.
cut_file() {
	"$2" -c "$3" "$1" >"$1.cut" && mv "$1.cut" "$1"
}

# cmd_item [-l] [-q] [-t] [-r] [-c CAP] [-w WHAT] PATH TOOL [ARG...]: runs a host command (through
# chroot or nsenter in a debug pod) under the time limit into PATH. -l runs TOOL here instead (a
# snippet reading host files), -q records nothing on failure (the caller tries another form), -t
# keeps the end of a long output instead of the start, -r redacts secrets, -c caps this item, -w
# says what ran. True when the item holds output (ok or truncated).
cmd_item() {
	_ci_local=0
	QUIET_FAIL=0
	_ci_keep='head'
	_ci_redact=0
	_ci_cap=$MAX_FILE
	_ci_what=
	while :; do
		case $1 in
		-l) _ci_local=1 ;;
		-q) QUIET_FAIL=1 ;;
		-t) _ci_keep='tail' ;;
		-r) _ci_redact=1 ;;
		-c)
			_ci_cap=$2
			shift
			;;
		-w)
			_ci_what=$2
			shift
			;;
		*) break ;;
		esac
		shift
	done
	_ci_path=$1
	shift
	[ -n "$_ci_what" ] || _ci_what=$*
	if [ "$_ci_local" = 0 ] && ! host_has "$1"; then
		tool_unavailable "$1"
		[ "$QUIET_FAIL" = 1 ] || record_item "$_ci_path" "$_ci_what" missing '' 0 0 "$NOTE"
		return 1
	fi
	if ! budget_cap "$_ci_cap"; then
		skip_for_budget "$_ci_path" "$_ci_what"
		return 1
	fi
	if [ "$_ci_local" = 0 ]; then
		case $MODE in
		chroot) set -- chroot "$ROOT" "$@" ;;
		nsenter) set -- nsenter -t 1 -m -u -i -n -p "$@" ;;
		esac
	fi
	make_parent "$_ci_path"
	real_cs
	_ci_start=$REAL_CS
	run_capped "$OPT_TIMEOUT" "$_ci_keep" "$CAP" "$BUNDLE/$_ci_path" "$@"
	settle_item "$_ci_path" "$_ci_what" "$_ci_keep" "$_ci_redact" "$_ci_start" "$RC"
}

# copy_item [-r] PATH SRC: copies a small file (config, /proc, /sys) under the time limit.
copy_item() {
	_cp_redact=0
	if [ "$1" = -r ]; then
		_cp_redact=1
		shift
	fi
	_cp_what=${2#"$ROOT"}
	if [ ! -e "$2" ]; then
		record_item "$1" "$_cp_what" missing '' 0 0 'file not found'
		return 1
	fi
	if ! budget_cap "$MAX_FILE"; then
		skip_for_budget "$1" "$_cp_what"
		return 1
	fi
	make_parent "$1"
	QUIET_FAIL=0
	real_cs
	_cp_start=$REAL_CS
	run_capped "$OPT_TIMEOUT" head "$CAP" "$BUNDLE/$1" cat "$2"
	settle_item "$1" "$_cp_what" head "$_cp_redact" "$_cp_start" ''
}

# settle_item PATH WHAT KEEP REDACT START_CS EXIT [CUT_NOTE [OK_NOTE]]: after run_capped wrote PATH:
# cut it to CAP, redact it, count it against the budget, record its status. CUT_NOTE marks an item
# the caller cut on purpose (truncated when the command itself succeeded); OK_NOTE is the note of
# an item that is ok.
settle_item() {
	_si_file=$BUNDLE/$1
	_si_bytes=$(byte_count "$_si_file")
	_si_cut=0
	_si_note=${7:-}
	if [ "$_si_bytes" -gt "$CAP" ]; then
		cut_file "$_si_file" "$3" "$CAP"
		_si_bytes=$CAP
		_si_note="kept the first $CAP bytes"
		[ "$3" = tail ] && _si_note="kept the last $CAP bytes"
	fi
	if [ "$4" = 1 ] && [ "$OPT_REDACT" = 1 ] && [ "$_si_bytes" -gt 0 ]; then
		redact_file "$_si_file" "$1"
		_si_bytes=$(byte_count "$_si_file")
		if [ "$_si_bytes" -gt $((BUDGET - USED)) ]; then
			_si_bytes=$((BUDGET - USED))
			cut_file "$_si_file" head "$_si_bytes"
			_si_note="kept the first $_si_bytes bytes (budget)"
		fi
	fi
	[ -n "$_si_note" ] && _si_cut=1
	duration_ms "$5"
	if [ "$TIMED_OUT" = 1 ]; then
		_si_status=timeout
		_si_note="killed after $OPT_TIMEOUT s; $(error_text "$WORK/err")"
	elif [ "$RC" = 0 ] || { [ "$RC" = 141 ] && [ "$_si_cut" = 1 ]; }; then
		_si_status=ok
		[ "$_si_cut" = 1 ] && _si_status=truncated
		[ "$_si_cut" = 0 ] && _si_note=${8:-}
	elif [ "$RC" = 126 ] || [ "$RC" = 127 ]; then
		_si_status=missing
		_si_note="not found on the host: $(error_text "$WORK/err")"
	else
		_si_status=failed
		_si_note="exit $RC: $(error_text "$WORK/err")"
	fi
	if [ "$_si_status" != ok ] && [ "$_si_status" != truncated ]; then
		if [ "$_si_bytes" = 0 ] || [ "$QUIET_FAIL" = 1 ]; then
			rm -f "$_si_file"
			[ "$QUIET_FAIL" = 1 ] && return 1
			_si_bytes=0
		fi
	fi
	USED=$((USED + _si_bytes))
	record_item "$1" "$2" "$_si_status" "$6" "$_si_bytes" "$DURATION_MS" "$_si_note"
	[ "$_si_status" = ok ] || [ "$_si_status" = truncated ]
}

# log_item PATH SRC SIZE MTIME: copies a log file whose size is known (pod log, kern.log). A long
# plain file keeps its end; a .gz file is copied whole or skipped, since a cut gzip is useless.
# A live log grows while it is read: only the SIZE bytes listed are taken.
log_item() {
	_li_path=$1
	_li_what=${2#"$ROOT"}
	_li_src=$2
	[ -L "$2" ] && _li_src=$(host_link_target "$2")
	_li_size=$3
	if [ "$4" -lt "$SINCE" ]; then
		record_item "$1" "$_li_what" skipped-window '' 0 0 "older than the window (--since $OPT_SINCE): last written $(utc_text "$4" iso)"
		return 1
	fi
	_li_note=
	case $1 in
	*.gz)
		if [ "$_li_size" -gt "$MAX_FILE" ]; then
			skip_for_budget "$1" "$_li_what" "compressed file of $_li_size bytes is over --max-file-size; a cut .gz is useless"
			return 1
		fi
		budget_cap "$_li_size"
		if [ "$CAP" -lt "$_li_size" ]; then
			skip_for_budget "$1" "$_li_what" "compressed file of $_li_size bytes does not fit the $CAP bytes left of the budget"
			return 1
		fi
		set -- cat "$_li_src"
		;;
	*)
		budget_cap "$MAX_FILE"
		if [ "$CAP" -lt "$_li_size" ]; then
			if [ "$CAP" -lt 4096 ]; then
				skip_for_budget "$1" "$_li_what"
				return 1
			fi
			_li_note="kept the last $CAP of $_li_size bytes"
			set -- tail -c "$CAP" "$_li_src"
		else
			CAP=$_li_size
			set -- head -c "$_li_size" "$_li_src"
		fi
		;;
	esac
	make_parent "$_li_path"
	QUIET_FAIL=0
	real_cs
	_li_start=$REAL_CS
	run_capped "$OPT_TIMEOUT" head "$CAP" "$BUNDLE/$_li_path" "$@"
	settle_item "$_li_path" "$_li_what" head 0 "$_li_start" '' "$_li_note"
	_li_ok=$?
	[ -e "$BUNDLE/$_li_path" ] && command -v touch >/dev/null 2>&1 && touch -r "$_li_src" "$BUNDLE/$_li_path" 2>/dev/null
	return "$_li_ok"
}

# ---------------------------------------------------------------------------------------------
# Redaction at collection: secrets never reach the bundle. Applied to kubelet config and flags,
# kubeconfigs, unit files, runtime config, crictl JSON and process arguments. The manifest keeps
# how many values were replaced per file, never the values.
# ---------------------------------------------------------------------------------------------

# Rules, matched on the lower-cased line, spliced into the original:
#   key/value   token: x · --token=x · --password x · "password": "x" · \"secret\":\"x\" ·
#               DB_PASSWORD=x · auth = "x" (keys ending in password, secret, token, apikey,
#               credentials, client-key-data, private-key, ...)
#   env pairs   {"name":"DB_PASSWORD","value":"x"} on one line, or "key": "..." then "value": on
#               the next line (crictl inspect)
#   PEM         -----BEGIN ... PRIVATE KEY----- blocks (their base64 lines)
#   tokens      Bearer x · Authorization: Basic x · JWTs (eyJ...) · bootstrap tokens abcdef.0123456789abcdef
#   URLs        scheme://user:password@host
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
REDACT_AWK='
function splice(s, at, len, text) { return substr(s, 1, at - 1) text substr(s, at + len) }
# Sets VSTART/VLEN to the value at position p of lower-case line l, without its quotes.
function find_value(l, p,   rest) {
	rest = substr(l, p)
	if (substr(rest, 1, 2) == "\\\"") { match(substr(rest, 3), /^[^"\\]*/); VSTART = p + 2 }
	else if (substr(rest, 1, 1) == "\"") { match(substr(rest, 2), /^[^"]*/); VSTART = p + 1 }
	else if (substr(rest, 1, 1) == "\047") { match(substr(rest, 2), /^[^\047]*/); VSTART = p + 1 }
	else if (NODASH && substr(rest, 1, 1) == "-") return 0
	else if (URL) { if (!match(rest, /^[^\/ \t@"]+@/)) return 0; VSTART = p; RLENGTH-- }
	else { match(rest, /^[^ \t,;&"\047}\\]+/); VSTART = p }
	VLEN = RLENGTH
	return VLEN > 0 && substr(l, VSTART, VLEN) != "<redacted>"
}
# Replaces the value after every match of re (which ends where the value starts).
function redact_after(re,   pos, l, vp) {
	pos = 1
	while (pos <= length(line)) {
		l = tolower(line)
		if (!match(substr(l, pos), re)) return
		vp = pos + RSTART - 1 + RLENGTH
		if (find_value(l, vp)) {
			line = splice(line, VSTART, VLEN, R); N++
			pos = VSTART + length(R)
		} else pos = vp + 1
	}
}
# Replaces every whole match of re; with bounded, only where no [a-z0-9.] touches either end.
function redact_match(re, bounded,   pos, l, at, before, after) {
	pos = 1
	while (pos <= length(line)) {
		l = tolower(line)
		if (!match(substr(l, pos), re)) return
		at = pos + RSTART - 1
		before = at > 1 ? substr(l, at - 1, 1) : ""
		after = substr(l, at + RLENGTH, 1)
		if (bounded && (before ~ /[a-z0-9.]/ || after ~ /[a-z0-9.]/)) { pos = at + 1; continue }
		line = splice(line, at, RLENGTH, R); N++
		pos = at + length(R)
	}
}
BEGIN {
	R = "<redacted>"
	PEMBEGIN = "-----begin [a-z0-9 ]*private key-----"
	PEMEND = "-----end [a-z0-9 ]*private key-----"
	KEYS = "(password|passwd|secret|token|apikey|api_key|api-key|accesskey|access_key|access-key|secretkey|secret_key|privatekey|private_key|private-key|client-key-data|credential|credentials)"
	KEYNAME = "([a-z0-9_.-]*" KEYS "|auth)"
	SEP = "(\\\\?\")?[ \t]*[:=][ \t]*"
	KV = "(^|[^a-z0-9_.-])" KEYNAME SEP
	FLAG = "--[a-z0-9_.-]*" KEYS "[ \t]+"
	PAIR = "(name|key)(\\\\?\")?[ \t]*:[ \t]*(\\\\?\")?[a-z0-9_.-]*" KEYS "(\\\\?\")?[ \t]*,[ \t]*(\\\\?\")?value" SEP
	PAIRHEAD = "(name|key)\"?[ \t]*:[ \t]*\"?[a-z0-9_.-]*" KEYS "\"?,?[ \t]*$"
	PAIRVALUE = "^[ \t-]*\"?value\"?[ \t]*:[ \t]*"
	AN = "[a-z0-9]"
	BOOT = AN AN AN AN AN AN "\\." AN AN AN AN AN AN AN AN AN AN AN AN AN AN AN AN
	N = 0
}
# First pass (the file is read twice): which key blocks have an END line.
FNR == NR {
	l = tolower($0)
	if (l ~ PEMBEGIN && l !~ PEMEND) open = FNR
	else if (l ~ PEMEND && open) { closed[open] = 1; open = 0 }
	next
}
{
	line = $0
	l = tolower(line)
	# A key block with an END line is dropped whole. Without one, only its header lines
	# (Proc-Type, DEK-Info) and base64 lines are: any other line ends it.
	if (inpem) {
		if (l ~ PEMEND) { inpem = 0; print line; next }
		if (inpem == 3) next
		if (inpem == 1 && l ~ /^[a-z-]+: /) next
		if (l ~ /^[ \t]*$/) next
		if (l ~ /^[ \t]*[a-z0-9+\/=]+[ \t]*$/) { inpem = 2; next }
		inpem = 0
	}
	if (l ~ PEMBEGIN && l !~ PEMEND) {
		print line; print R; N++; inpem = closed[FNR] ? 3 : 1; next
	}
	if (pending && l ~ PAIRVALUE) redact_after(PAIRVALUE)
	pending = (l ~ PAIRHEAD)
	redact_match("-----begin [a-z0-9 ]*private key-----.*-----end [a-z0-9 ]*private key-----", 0)
	redact_after(PAIR)
	redact_after(KV)
	NODASH = 1; redact_after(FLAG); NODASH = 0
	redact_after("bearer[ \t]+")
	redact_after("authorization[ \t]*[:=][ \t]*\"?basic[ \t]+")
	redact_match("eyj[a-z0-9_-]+\\.eyj[a-z0-9_-]+\\.[a-z0-9_-]+", 0)
	redact_match(BOOT, 1)
	URL = 1; redact_after("://[^/ \t:@\"]+:"); URL = 0
	print line
}
END { print N > ENVIRON["PM_REDACT_COUNT"] }
'

# redact_file FILE PATH: redacts FILE in place and adds PATH's count to the manifest.
redact_file() {
	PM_REDACT_COUNT=$WORK/redact-count
	export PM_REDACT_COUNT
	echo 0 >"$PM_REDACT_COUNT"
	if awk "$REDACT_AWK" "$1" "$1" >"$1.redacted" 2>>"$WORK/redact-errors"; then
		mv "$1.redacted" "$1"
	else
		# Unredacted text must not reach the bundle: drop it and say so.
		: >"$1"
		rm -f "$1.redacted"
		warn "redaction failed for $2: its content was dropped"
		echo 1 >"$PM_REDACT_COUNT"
	fi
	read -r _rf_count <"$PM_REDACT_COUNT"
	if [ "${_rf_count:-0}" != 0 ]; then
		printf '%s\t%s\n' "$2" "$_rf_count" >>"$WORK/redactions"
	fi
}

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
	[ -r "$PROC/uptime" ] && read -r _ca_uptime _ca_idle <"$PROC/uptime"
	_ca_btime=
	if [ -r "$PROC/stat" ]; then
		while read -r _ca_key _ca_value _ca_rest; do
			[ "$_ca_key" = btime ] && _ca_btime=$_ca_value && break
		done <"$PROC/stat"
	fi
	_ca_boot=
	[ -r "$PROC/sys/kernel/random/boot_id" ] && read -r _ca_boot <"$PROC/sys/kernel/random/boot_id"
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
	if [ -r "$ROOT/etc/timezone" ]; then
		read -r TIMEZONE <"$ROOT/etc/timezone"
	elif [ -L "$ROOT/etc/localtime" ] && command -v readlink >/dev/null 2>&1; then
		TIMEZONE=$(readlink "$ROOT/etc/localtime")
		TIMEZONE=${TIMEZONE##*zoneinfo/}
	elif [ ! -e "$ROOT/etc/localtime" ]; then
		TIMEZONE=UTC
	fi
	# TZ=:file needs an absolute path (a relative one is looked up in the zone database).
	case $ROOT in
	/* | '') _ht_root=$ROOT ;;
	*) _ht_root=$PWD/$ROOT ;;
	esac
	if [ -n "$TIMEZONE" ] && [ -f "$_ht_root/usr/share/zoneinfo/$TIMEZONE" ]; then
		_ht_tz=":$_ht_root/usr/share/zoneinfo/$TIMEZONE"
	elif [ -f "$_ht_root/etc/localtime" ]; then
		_ht_tz=":$_ht_root/etc/localtime"
	else
		_ht_tz=UTC0
	fi
	UTC_OFFSET=$(TZ=$_ht_tz date -d "@$NOW" +%z 2>/dev/null)
}

# The kubelet's PID (KUBELET_PID, empty when it does not run) and its arguments, one per line,
# in $WORK/kubelet-args. Its comm is `kubelet`; /proc/<pid>/cmdline may block on a stuck
# process, so it is read under the time limit.
find_kubelet() {
	KUBELET_PID=
	: >"$WORK/kubelet-args"
	for _fk_dir in "$PROC"/[0-9]*; do
		[ -r "$_fk_dir/comm" ] || continue
		read -r _fk_comm 2>/dev/null <"$_fk_dir/comm" || continue
		if [ "$_fk_comm" = kubelet ]; then
			KUBELET_PID=${_fk_dir##*/}
			break
		fi
	done
	[ -n "$KUBELET_PID" ] || return 0
	# shellcheck disable=SC2016 # expanded by the inner sh
	run_capped 5 head 1048576 "$WORK/kubelet-args" sh -c 'tr "\000" "\n" <"$1"' sh "$PROC/$KUBELET_PID/cmdline"
}

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
		if [ "$MODE" = root-dir ] && [ -r "$ROOT/etc/hostname" ]; then
			read -r NODE <"$ROOT/etc/hostname"
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
	cmd_item -l -r -w "kubelet.service and drop-ins, kubelet environment files" system/kubelet-unit.txt \
		sh -c "$UNIT_FILES_SH" sh "$ROOT"
	_cs_kubeconfig=$(kubelet_flag kubeconfig) || _cs_kubeconfig=/etc/kubernetes/kubelet.conf
	copy_item -r system/kubelet-kubeconfig.yaml "$ROOT$_cs_kubeconfig"
}

# Prints the kubelet's unit file, drop-ins and environment files the way `systemctl cat` does
# (`# /path` then the content), from the files, so it works in every mode. $1 is the root.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
UNIT_FILES_SH='
found=1
for f in "$1"/etc/systemd/system/kubelet.service "$1"/run/systemd/system/kubelet.service \
	"$1"/usr/lib/systemd/system/kubelet.service "$1"/lib/systemd/system/kubelet.service \
	"$1"/etc/systemd/system/kubelet.service.d/*.conf "$1"/run/systemd/system/kubelet.service.d/*.conf \
	"$1"/usr/lib/systemd/system/kubelet.service.d/*.conf "$1"/lib/systemd/system/kubelet.service.d/*.conf \
	"$1"/etc/default/kubelet "$1"/etc/sysconfig/kubelet "$1"/var/lib/kubelet/kubeadm-flags.env; do
	[ -f "$f" ] || continue
	printf "# %s\n" "${f#"$1"}"
	cat "$f"
	printf "\n"
	found=0
done
# 127 makes the item "missing", like a command that is not there.
[ "$found" = 0 ] || { echo "no kubelet unit or environment file" >&2; exit 127; }
'

# ---------------------------------------------------------------------------------------------
# Kernel messages: raw dmesg (`[seconds.micro] msg`, never -T), /dev/kmsg when dmesg is refused,
# and copies of kern.log / messages / syslog (the only kernel record of earlier boots when there
# is no persistent journal).
# ---------------------------------------------------------------------------------------------

collect_kernel() {
	say "kernel messages"
	if ! cmd_item -q -t kernel/dmesg.txt dmesg; then
		if [ "$MODE" != root-dir ] && [ -r /dev/kmsg ]; then
			kmsg_item
		else
			cmd_item -t kernel/dmesg.txt dmesg
		fi
	fi
	collect_log_files kernel "$ROOT/var/log" 'kern.log* messages* syslog*' \
		'no kern.log, messages or syslog file in /var/log'
}

# /dev/kmsg never ends (a read blocks for the next record), so it is read for 3 seconds and
# turned into `dmesg -r` lines. Record: `6,1234,86412301290,-;message` -> `<6>[86412.301290] message`.
kmsg_item() {
	if ! budget_cap "$MAX_FILE"; then
		skip_for_budget kernel/dmesg.txt /dev/kmsg
		return 1
	fi
	make_parent kernel/dmesg.txt
	QUIET_FAIL=0
	real_cs
	_km_start=$REAL_CS
	run_capped 3 tail "$MAX_FILE" "$WORK/kmsg" cat /dev/kmsg
	awk -F';' '
		/^[0-9]/ {
			split($1, h, ",")
			msg = substr($0, length($1) + 2)
			printf "<%d>[%5d.%06d] %s\n", h[1], int(h[3] / 1000000), h[3] % 1000000, msg
		}' "$WORK/kmsg" >"$BUNDLE/kernel/dmesg.txt"
	TIMED_OUT=0
	RC=0
	settle_item kernel/dmesg.txt /dev/kmsg tail 0 "$_km_start" '' '' "dmesg failed; read /dev/kmsg for 3 s instead"
}

# collect_log_files GROUP DIR 'PATTERN...' MISSING_NOTE: copies DIR/PATTERN files newest first into
# GROUP/, keeping the end of long ones; .gz files whole or not at all.
collect_log_files() {
	_lf_found=0
	list_newest "$2" 1 "$3" >"$WORK/log-list"
	while read -r _lf_mtime _lf_size _lf_path; do
		_lf_found=1
		log_item "$1/${_lf_path##*/}" "$_lf_path" "$_lf_size" "$_lf_mtime"
	done <"$WORK/log-list"
	[ "$_lf_found" = 1 ] || record_item "$1/*" "${2#"$ROOT"}/ $3" missing '' 0 0 "$4"
}

# list_newest DIR DEPTH 'PATTERN...': `mtime size path` of the files DEPTH levels below DIR whose
# names match a pattern, newest first. A symbolic link (pod logs of dockershim nodes point into
# /var/lib/docker) is listed with its target's size and time, resolved inside the host root.
list_newest() {
	[ -d "$1" ] || return 0
	set -f
	_ln_names=
	for _ln_pattern in $3; do
		if [ -z "$_ln_names" ]; then
			_ln_names="-name $_ln_pattern"
		else
			_ln_names="$_ln_names -o -name $_ln_pattern"
		fi
	done
	# shellcheck disable=SC2086 # the -name list is split on purpose; globbing is off
	{
		find "$1" -mindepth "$2" -maxdepth "$2" -type f \( $_ln_names \) ! -name '*.tmp' -exec stat -c '%Y %s %n' {} +
		find "$1" -mindepth "$2" -maxdepth "$2" -type l \( $_ln_names \) ! -name '*.tmp' | while IFS= read -r _ln_link; do
			_ln_target=$(host_link_target "$_ln_link")
			[ -f "$_ln_target" ] || continue
			printf '%s %s\n' "$(stat -c '%Y %s' "$_ln_target")" "$_ln_link"
		done
	} 2>/dev/null </dev/null | sort -k1,1nr -k3,3
	set +f
}

# Where a link inside the host root points, inside the host root (an absolute target is the
# host's path, not ours).
host_link_target() {
	_hl_target=$(readlink "$1")
	case $_hl_target in
	/*) printf '%s\n' "$ROOT$_hl_target" ;;
	*) printf '%s\n' "${1%/*}/$_hl_target" ;;
	esac
}

# ---------------------------------------------------------------------------------------------
# cgroup memory state of every kubepods cgroup (kubepods, QoS, pod, container): limits, usage,
# peaks and OOM counters survive the killed process, so they prove an OOM kill even when the
# kernel ring buffer has rotated. Written as cgroup/<path below the memory hierarchy>/<file>.
# ---------------------------------------------------------------------------------------------

CGROUP_FILES='memory.max memory.current memory.peak memory.high memory.swap.max memory.events memory.events.local memory.oom.group memory.stat memory.limit_in_bytes memory.usage_in_bytes memory.max_usage_in_bytes memory.failcnt memory.oom_control'

# v2 keeps kubepods at the top of /sys/fs/cgroup; v1 (and hybrid) under /sys/fs/cgroup/memory.
collect_cgroup() {
	say "cgroup memory state"
	_cg_found=0
	for _cg_top in "$CGROUP_FS"/kubepods* "$CGROUP_FS"/memory/kubepods*; do
		[ -d "$_cg_top" ] || continue
		_cg_found=1
		cgroup_tree_item "$_cg_top"
	done
	[ "$_cg_found" = 1 ] || record_item cgroup/kubepods "${CGROUP_FS#"$ROOT"}/kubepods*" missing '' 0 0 \
		"no kubepods cgroup under ${CGROUP_FS#"$ROOT"} (cgroup v2) or ${CGROUP_FS#"$ROOT"}/memory (v1)"
}

# One item per kubepods tree. If the tree is over its cap, memory.stat files (most of the
# bytes) are dropped first.
cgroup_tree_item() {
	_ct_rel=${1#"$CGROUP_FS"/}
	_ct_rel=${_ct_rel#memory/}
	_ct_path=cgroup/$_ct_rel
	_ct_what="${1#"$ROOT"}/**/{memory.*}"
	if ! budget_cap "$MAX_FILE"; then
		skip_for_budget "$_ct_path" "$_ct_what"
		return 1
	fi
	mkdir -p "$BUNDLE/$_ct_path"
	real_cs
	_ct_start=$REAL_CS
	run_capped "$OPT_TIMEOUT" head 65536 "$WORK/cgroup-out" sh -c "$CGROUP_COPY_SH" sh "$1" "$BUNDLE/$_ct_path" "$CGROUP_FILES"
	_ct_bytes=$(tree_bytes "$BUNDLE/$_ct_path")
	_ct_note=
	if [ "$_ct_bytes" -gt "$CAP" ]; then
		find "$BUNDLE/$_ct_path" -name memory.stat -type f -exec rm -f {} +
		_ct_bytes=$(tree_bytes "$BUNDLE/$_ct_path")
		_ct_note="memory.stat files dropped to fit $CAP bytes"
	fi
	if [ "$_ct_bytes" -gt "$CAP" ]; then
		rm -rf "${BUNDLE:?}/$_ct_path"
		skip_for_budget "$_ct_path" "$_ct_what" "the tree's $_ct_bytes bytes do not fit the $CAP bytes left"
		return 1
	fi
	duration_ms "$_ct_start"
	_ct_status=ok
	if [ "$TIMED_OUT" = 1 ]; then
		_ct_status=timeout
		_ct_note="killed after $OPT_TIMEOUT s; the tree may be incomplete"
	elif [ -n "$_ct_note" ]; then
		_ct_status=truncated
	elif [ "$RC" != 0 ] || [ -s "$WORK/err" ]; then
		# A cgroup removed while it was read is normal on a busy node: keep what was read.
		_ct_note="some files could not be read: $(error_text "$WORK/err")"
	fi
	USED=$((USED + _ct_bytes))
	record_item "$_ct_path" "$_ct_what" "$_ct_status" '' "$_ct_bytes" "$DURATION_MS" "$_ct_note"
}

tree_bytes() {
	_tb_n=$(find "$1" -type f -exec cat {} + 2>/dev/null | wc -c)
	echo $((_tb_n))
}

# Copies the memory interface files of every cgroup below $1 into $2 (same relative paths), one
# `cp` per cgroup. Runs as its own `sh` so the whole walk is under the time limit.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
CGROUP_COPY_SH='
src=$1 dest=$2 files=$3
cd "$src" || exit 1
find . -maxdepth 6 -type d | sort | while IFS= read -r dir; do
	set --
	for f in $files; do
		[ -f "$dir/$f" ] && set -- "$@" "$dir/$f"
	done
	[ $# -gt 0 ] || continue
	mkdir -p "$dest/$dir" && cp "$@" "$dest/$dir/"
done
'

# ---------------------------------------------------------------------------------------------
# Container runtime state: crictl JSON (container id -> pod, exit reason such as OOMKilled,
# finish time), and the runtime and kubelet configuration files. All redacted: pod annotations
# can carry whole specs with env values, registry configs carry credentials.
# ---------------------------------------------------------------------------------------------

# How many exited containers are inspected at most (each is one crictl call).
MAX_INSPECT=100

collect_runtime() {
	say "container runtime state"
	cmd_item -r runtime/crictl-ps.json crictl ps -a -o json
	cmd_item -r runtime/crictl-pods.json crictl pods -o json
	collect_exited_containers
	copy_item -r runtime/containerd-config.toml "$ROOT/etc/containerd/config.toml"
	copy_item -r runtime/crio.conf "$ROOT/etc/crio/crio.conf"
	for _cr_conf in "$ROOT"/etc/crio/crio.conf.d/*; do
		[ -f "$_cr_conf" ] && copy_item -r "runtime/crio.conf.d/${_cr_conf##*/}" "$_cr_conf"
	done
	_cr_config=$(kubelet_flag config) || _cr_config=/var/lib/kubelet/config.yaml
	copy_item -r runtime/kubelet-config.yaml "$ROOT$_cr_config"
}

# `crictl inspect` of each exited container: its exit code, reason and finish time are what
# tell an OOM kill from a crash. The ids come from `crictl ps -a --state exited -q`.
collect_exited_containers() {
	host_has crictl || return 0
	_ce_ids=$WORK/exited-ids
	_ce_argv="crictl ps -a --state exited -q"
	case $MODE in
	chroot) set -- chroot "$ROOT" ;;
	nsenter) set -- nsenter -t 1 -m -u -i -n -p ;;
	*) set -- ;;
	esac
	# shellcheck disable=SC2086 # a fixed argument list
	run_capped "$OPT_TIMEOUT" head 1048576 "$_ce_ids" "$@" $_ce_argv
	if [ "$RC" != 0 ] || [ "$TIMED_OUT" = 1 ]; then
		record_item "runtime/inspect/*.json" "$_ce_argv" failed "$RC" 0 0 "listing exited containers failed: $(error_text "$WORK/err")"
		return 1
	fi
	_ce_count=0
	while IFS= read -r _ce_id; do
		case $_ce_id in
		'' | *[!0-9a-f]*) continue ;;
		esac
		_ce_count=$((_ce_count + 1))
		if [ "$_ce_count" -gt "$MAX_INSPECT" ]; then
			skip_for_budget "runtime/inspect/$_ce_id.json" "crictl inspect $_ce_id" "more than $MAX_INSPECT exited containers"
			continue
		fi
		cmd_item -r "runtime/inspect/$_ce_id.json" crictl inspect "$_ce_id"
	done <"$_ce_ids"
}

# ---------------------------------------------------------------------------------------------
# Stat snapshots: what the node looked like at collection time. Rate tools take several samples
# because their first report is an average since boot.
# ---------------------------------------------------------------------------------------------

collect_stats() {
	say "stat snapshots"
	cmd_item stats/top.txt top -b -n 1
	cmd_item -q stats/vmstat.txt vmstat -w -t 1 5 || cmd_item stats/vmstat.txt vmstat 1 5
	cmd_item stats/iostat.txt iostat -x -t 1 3
	cmd_item -l -r -w "/proc/<pid>/{stat,status,oom_score_adj,cgroup,cmdline}" stats/ps.txt \
		sh -c "$PS_SH" sh "$PROC"
	either_item stats/ss.txt 'ss -tulpn' stats/netstat-tulpn.txt 'netstat -tulpn'
	either_item stats/ip-route.txt 'ip route' stats/netstat-rn.txt 'netstat -rn'
	copy_item stats/proc-net-route.txt "$PROC/net/route"
	copy_item stats/meminfo.txt "$PROC/meminfo"
	copy_item stats/proc-vmstat.txt "$PROC/vmstat"
	copy_item stats/proc-stat.txt "$PROC/stat"
	copy_item stats/loadavg.txt "$PROC/loadavg"
	for _cs_pressure in cpu memory io; do
		copy_item "stats/pressure/$_cs_pressure" "$PROC/pressure/$_cs_pressure"
	done
	cmd_item stats/df.txt df -P
	cmd_item stats/df-inodes.txt df -P -i
	cmd_item stats/free.txt free
}

# either_item PATH 'CMD' FALLBACK_PATH 'FALLBACK_CMD': the first tool the host has; one missing
# item under PATH when it has neither.
either_item() {
	# shellcheck disable=SC2086 # fixed command lines, split on purpose
	if host_has "${2%% *}"; then
		cmd_item "$1" $2
	elif host_has "${4%% *}"; then
		cmd_item "$3" $4
	else
		tool_unavailable "${2%% *}"
		_ei_note=$NOTE
		tool_unavailable "${4%% *}"
		record_item "$1" "$2" missing '' 0 0 "$_ei_note; $NOTE"
	fi
}

# The process table from /proc, because ps on busybox nodes has no oom_score_adj or cgroup
# column. Tab-separated with a header; ARGS is the command line with NULs as spaces. Runs as
# its own sh (reading /proc/<pid>/cmdline can block on a stuck process); $1 is the proc root.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
PS_SH='
export PM_PROC="$1"
for dir in "$1"/[0-9]*; do
	[ -d "$dir" ] || continue
	printf "%s\t" "${dir##*/}"
	tr "\000\n\t" "   " 2>/dev/null <"$dir/cmdline"
	printf "\n"
done | awk "$PM_PS_AWK"
'

# One line in per pid (`<pid>\t<args>`); the rest is read from /proc/<pid>/{stat,status,...}.
# shellcheck disable=SC2016,SC2089 # an awk program, passed on in the environment
PS_AWK='
# A field is one cell: a tab or carriage return from a broken /proc file must not shift columns.
function clean(value) { gsub(/[\t\r]/, " ", value); return value == "" ? "-" : value }
function first(file,   line) {
	line = "-"
	if ((getline line < file) <= 0) line = "-"
	close(file)
	return line
}
BEGIN {
	FS = "\t"; OFS = "\t"
	P = ENVIRON["PM_PROC"]
	print "PID", "PPID", "STATE", "UID", "RSS_KB", "VSZ_KB", "OOM_SCORE_ADJ", "COMM", "CGROUP", "ARGS"
}
{
	pid = $1
	args = substr($0, length(pid) + 2)
	sub(/ +$/, "", args)
	if (length(args) > 4096) args = substr(args, 1, 4096)
	dir = P "/" pid
	state = "-"; ppid = "-"
	stat = first(dir "/stat")
	if (stat != "-") {
		sub(/^.*\) /, "", stat)
		split(stat, f, " ")
		state = f[1]; ppid = f[2]
	}
	name = "-"; uid = "-"; rss = "-"; vsz = "-"
	file = dir "/status"
	while ((getline line < file) > 0) {
		split(line, v, /[ \t]+/)
		if (line ~ /^Name:/) { name = line; sub(/^Name:[ \t]*/, "", name) }
		else if (line ~ /^Uid:/) uid = v[2]
		else if (line ~ /^VmRSS:/) rss = v[2]
		else if (line ~ /^VmSize:/) vsz = v[2]
	}
	close(file)
	adj = first(dir "/oom_score_adj")
	cgroup = "-"; unified = ""
	file = dir "/cgroup"
	while ((getline line < file) > 0) {
		if (line ~ /^[0-9]+:([^:]*,)?memory(,[^:]*)?:/) { sub(/^[0-9]+:[^:]*:/, "", line); cgroup = line }
		else if (line ~ /^0::/) unified = substr(line, 4)
	}
	close(file)
	if (cgroup == "-" && unified != "") cgroup = unified
	print pid, clean(ppid), clean(state), clean(uid), clean(rss), clean(vsz), clean(adj), clean(name), clean(cgroup), args
}
'
PM_PS_AWK=$PS_AWK
# shellcheck disable=SC2090
export PM_PS_AWK

# ---------------------------------------------------------------------------------------------
# Journals, exported (`journalctl -o export`: boot id, monotonic and realtime stamps per entry)
# for every boot in the window: matches with --since, never -k or -b, which mean the current
# boot only. Over the cap, the newest entries are kept.
# ---------------------------------------------------------------------------------------------

KUBELET_MATCHES='_SYSTEMD_UNIT=kubelet.service _SYSTEMD_UNIT=k3s.service _SYSTEMD_UNIT=k3s-agent.service _SYSTEMD_UNIT=rke2-agent.service _SYSTEMD_UNIT=rke2-server.service + UNIT=kubelet.service + SYSLOG_IDENTIFIER=kubelet'
RUNTIME_MATCHES='_SYSTEMD_UNIT=containerd.service _SYSTEMD_UNIT=crio.service _SYSTEMD_UNIT=docker.service _SYSTEMD_UNIT=cri-docker.service + UNIT=containerd.service UNIT=crio.service UNIT=docker.service + SYSLOG_IDENTIFIER=containerd SYSLOG_IDENTIFIER=crio SYSLOG_IDENTIFIER=dockerd'
KERNEL_MATCHES='_TRANSPORT=kernel'

# JOURNAL_ARGS: how journalctl finds the host's journal. On the host (and through chroot or
# nsenter) it finds it itself; with --root, or in read-only mode with the image's journalctl,
# it is pointed at the host's journal folder (persistent first, else volatile).
journal_source() {
	JOURNAL_DIR=
	JOURNAL_DIR_MISSING=0
	case $MODE in
	root-dir | read-only)
		if [ -d "$ROOT/var/log/journal" ]; then
			JOURNAL_DIR=$ROOT/var/log/journal
		elif [ -d "$ROOT/run/log/journal" ]; then
			JOURNAL_DIR=$ROOT/run/log/journal
		else
			JOURNAL_DIR_MISSING=1
		fi
		;;
	esac
}

# The -D option as the manifest shows it: the host's path, not where it is mounted here.
journal_shown() {
	[ -n "$JOURNAL_DIR" ] && printf -- '-D %s ' "${JOURNAL_DIR#"$ROOT"}"
}

collect_journals() {
	say "journals since $(utc_text "$SINCE" iso)"
	journal_source
	journal_item journal/kubelet.export "$KUBELET_MATCHES"
	journal_item journal/runtime.export "$RUNTIME_MATCHES"
	journal_item journal/kernel.export "$KERNEL_MATCHES"
	journal_cmd_item system/journal-boots.txt --list-boots --no-pager
	journal_cmd_item system/journal-disk-usage.txt --disk-usage --no-pager
}

# journal_cmd_item PATH ARG...: journalctl with the journal source of this mode.
journal_cmd_item() {
	_jc_path=$1
	shift
	if [ "$JOURNAL_DIR_MISSING" = 1 ]; then
		record_item "$_jc_path" "journalctl $*" missing '' 0 0 "no journal folder under $ROOT (var/log/journal, run/log/journal)"
		return 1
	fi
	if [ -n "$JOURNAL_DIR" ]; then
		cmd_item -w "journalctl $(journal_shown)$*" "$_jc_path" journalctl -D "$JOURNAL_DIR" "$@"
	else
		cmd_item "$_jc_path" journalctl "$@"
	fi
}

# journal_item PATH 'MATCHES': the export of MATCHES in the window. When it is over the cap, a
# reverse read finds the cursor of the oldest entry that still fits and the export is read
# again from that cursor (journalctl takes --cursor instead of --since), so the newest entries
# are kept, in their order.
journal_item() {
	_ji_path=$1
	JI_MATCHES=$2
	_ji_since=$(utc_text "$SINCE" journal)
	_ji_until=$(utc_text "$NOW" journal)
	_ji_what="journalctl $(journal_shown)-o export --no-pager --since '$_ji_since' --until '$_ji_until' $2"
	if [ "$JOURNAL_DIR_MISSING" = 1 ]; then
		record_item "$_ji_path" "$_ji_what" missing '' 0 0 "no journal folder under $ROOT (var/log/journal, run/log/journal)"
		return 1
	fi
	if ! host_has journalctl; then
		tool_unavailable journalctl
		record_item "$_ji_path" "$_ji_what" missing '' 0 0 "$NOTE"
		return 1
	fi
	if ! budget_cap "$MAX_JOURNAL"; then
		skip_for_budget "$_ji_path" "$_ji_what"
		return 1
	fi
	make_parent "$_ji_path"
	QUIET_FAIL=0
	real_cs
	_ji_start=$REAL_CS
	journal_run "$BUNDLE/$_ji_path" --since "$_ji_since" --until "$_ji_until"
	_ji_note=
	if [ "$TIMED_OUT" = 0 ] && [ "$(byte_count "$BUNDLE/$_ji_path")" -gt "$CAP" ]; then
		journal_run "$WORK/journal-reverse" --since "$_ji_since" --until "$_ji_until" --reverse
		_ji_cursor=$(grep -a '^__CURSOR=' "$WORK/journal-reverse" | tail -n 2 | head -n 1)
		_ji_cursor=${_ji_cursor#__CURSOR=}
		if [ -n "$_ji_cursor" ] && [ "$TIMED_OUT" = 0 ]; then
			journal_run "$BUNDLE/$_ji_path" "--cursor=$_ji_cursor" --until "$_ji_until"
			_ji_note="kept the newest entries that fit $CAP bytes (from cursor $_ji_cursor)"
		fi
		rm -f "$WORK/journal-reverse"
	fi
	settle_item "$_ji_path" "$_ji_what" head 0 "$_ji_start" "$RC" "$_ji_note"
}

# journal_run OUT WINDOW_ARG...: one `journalctl -o export` of JI_MATCHES into OUT, at most CAP
# bytes (plus one, to tell a cut), through chroot or nsenter in a debug pod.
journal_run() {
	_jr_out=$1
	shift
	# shellcheck disable=SC2086 # the matches are single words joined by spaces
	set -- -o export --no-pager "$@" $JI_MATCHES
	[ -n "$JOURNAL_DIR" ] && set -- -D "$JOURNAL_DIR" "$@"
	case $MODE in
	chroot) set -- chroot "$ROOT" journalctl "$@" ;;
	nsenter) set -- nsenter -t 1 -m -u -i -n -p journalctl "$@" ;;
	*) set -- journalctl "$@" ;;
	esac
	run_capped "$OPT_TIMEOUT" head "$CAP" "$_jr_out" "$@"
}

# ---------------------------------------------------------------------------------------------
# Pod logs: the mirror of /var/log/pods (rotated and .gz files included), newest first until
# the budget is used. /var/log/containers holds links to the same files: only its link table
# is kept (containers.txt), never a second copy of the logs.
# ---------------------------------------------------------------------------------------------

collect_pod_logs() {
	say "pod logs"
	_pl_links=$ROOT/var/log/containers
	if [ -d "$_pl_links" ]; then
		cmd_item -l -w "readlink /var/log/containers/*" containers.txt sh -c "$LINK_TABLE_SH" sh "$_pl_links"
	else
		record_item containers.txt /var/log/containers missing '' 0 0 'folder not found'
	fi
	pod_logs_dir
	_pl_dir=$ROOT$POD_LOGS_DIR
	if [ ! -d "$_pl_dir" ]; then
		record_item 'pods/*' "$POD_LOGS_DIR" missing '' 0 0 'folder not found'
		return 1
	fi
	list_newest "$_pl_dir" 3 '*.log *.log.*' >"$WORK/pod-logs"
	if [ ! -s "$WORK/pod-logs" ]; then
		record_item 'pods/*' "$POD_LOGS_DIR" missing '' 0 0 'no pod log files'
		return 1
	fi
	while read -r _pl_mtime _pl_size _pl_file; do
		log_item "pods/${_pl_file#"$_pl_dir"/}" "$_pl_file" "$_pl_size" "$_pl_mtime"
	done <"$WORK/pod-logs"
}

# The kubelet's podLogsDir (configurable since 1.30), default /var/log/pods.
pod_logs_dir() {
	POD_LOGS_DIR=/var/log/pods
	[ -f "$BUNDLE/runtime/kubelet-config.yaml" ] || return 0
	_pd_dir=$(sed -n 's/^podLogsDir:[ 	]*"\{0,1\}\([^"]*\)"\{0,1\}[ 	]*$/\1/p' "$BUNDLE/runtime/kubelet-config.yaml")
	case $_pd_dir in
	/*) POD_LOGS_DIR=${_pd_dir%/} ;;
	esac
}

# `<file name>\t<link target>` for each entry of the folder $1, in name order (an entry that is
# not a link has an empty target).
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
LINK_TABLE_SH='
cd "$1" || exit 1
for name in * .[!.]*; do
	[ -e "$name" ] || [ -L "$name" ] || continue
	target=
	if [ -L "$name" ]; then
		if command -v readlink >/dev/null 2>&1; then
			target=$(readlink "$name")
		else
			target=$(ls -ld "$name")
			target=${target#* -> }
		fi
	fi
	printf "%s\t%s\n" "$name" "$target"
done
'

# ---------------------------------------------------------------------------------------------
# manifest.json, rendered once at the end by awk from tab-separated records. It must be valid
# JSON whatever a command printed into a note: quotes, backslashes and control characters are
# escaped, bytes that are not UTF-8 become U+FFFD.
# ---------------------------------------------------------------------------------------------

# shellcheck disable=SC2016 # a program for sh or awk, expanded there
MANIFEST_AWK='
function utf8len(s, i, n,   b, k, lo, hi, j, c) {
	b = ORD[substr(s, i, 1)]
	if (b >= 194 && b <= 223) { k = 2; lo = 128; hi = 191 }
	else if (b == 224) { k = 3; lo = 160; hi = 191 }
	else if (b == 237) { k = 3; lo = 128; hi = 159 }
	else if (b >= 225 && b <= 239) { k = 3; lo = 128; hi = 191 }
	else if (b == 240) { k = 4; lo = 144; hi = 191 }
	else if (b >= 241 && b <= 243) { k = 4; lo = 128; hi = 191 }
	else if (b == 244) { k = 4; lo = 128; hi = 143 }
	else return 0
	if (i + k - 1 > n) return 0
	c = ORD[substr(s, i + 1, 1)]
	if (c < lo || c > hi) return 0
	for (j = 2; j < k; j++) { c = ORD[substr(s, i + j, 1)]; if (c < 128 || c > 191) return 0 }
	return k
}
function jstr(s,   out, i, n, c, o, k) {
	if (index(s, "\"") == 0 && index(s, "\\") == 0 && s !~ SPECIAL) return "\"" s "\""
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		o = ORD[c] + 0
		if (c == "\"") out = out "\\\""
		else if (c == "\\") out = out "\\\\"
		else if (o < 32 || o == 127) out = out sprintf("\\u%04x", o)
		else if (o < 128) out = out c
		else if ((k = utf8len(s, i, n)) > 0) { out = out substr(s, i, k); i += k - 1 }
		else out = out "\\ufffd"
	}
	return "\"" out "\""
}
function jstrnull(s) { return s == "" ? "null" : jstr(s) }
function jnum(s) { return s ~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/ ? s : "null" }
BEGIN {
	FS = "\t"
	SPECIAL = "["
	for (i = 1; i < 256; i++) {
		c = sprintf("%c", i)
		ORD[c] = i
		if (i < 32 || i >= 127) SPECIAL = SPECIAL c
	}
	SPECIAL = SPECIAL "]"
}
FILENAME == ARGV[1] { META[$1] = substr($0, length($1) + 2); next }
FILENAME == ARGV[2] {
	ITEMS[++NITEMS] = sprintf("{\"path\": %s, \"what\": %s, \"status\": %s, \"exitCode\": %s, \"bytes\": %s, \"durationMs\": %s, \"note\": %s}", \
		jstr($1), jstr($2), jstr($3), jnum($4), jnum($5), jnum($6), jstrnull($7))
	next
}
FILENAME == ARGV[3] { if ($2 ~ /^[0-9]+$/) REDACTIONS[++NRED] = sprintf("{\"path\": %s, \"count\": %s}", jstr($1), $2); next }
FILENAME == ARGV[4] { if ($0 != "") MISSING[++NMISS] = jstr($0); next }
END {
	printf "{\n  \"format\": \"podmortem-bundle\",\n  \"formatVersion\": 1,\n"
	printf "  \"collector\": {\"name\": %s, \"version\": %s},\n", jstr(META["collectorName"]), jstr(META["collectorVersion"])
	printf "  \"node\": %s,\n", jstrnull(META["node"])
	printf "  \"collection\": {\"start\": %s, \"end\": %s, \"since\": %s, \"mode\": %s, \"root\": %s, ", \
		jstrnull(META["start"]), jstrnull(META["end"]), jstrnull(META["since"]), jstrnull(META["mode"]), jstrnull(META["root"])
	printf "\"budgetBytes\": %s, \"usedBytes\": %s, \"redact\": %s, \"modeNote\": %s},\n", \
		jnum(META["budgetBytes"]), jnum(META["usedBytes"]), (META["redact"] == "1" ? "true" : "false"), jstrnull(META["modeNote"])
	printf "  \"anchors\": {\"wallClockUtc\": %s, \"uptimeSeconds\": %s, \"btime\": %s, \"bootId\": %s, \"timezone\": %s, \"utcOffset\": %s},\n", \
		jstrnull(META["wallClockUtc"]), jnum(META["uptimeSeconds"]), jnum(META["btime"]), jstrnull(META["bootId"]), jstrnull(META["timezone"]), jstrnull(META["utcOffset"])
	printf "  \"items\": ["
	for (i = 1; i <= NITEMS; i++) printf "%s\n    %s", (i > 1 ? "," : ""), ITEMS[i]
	printf "%s],\n  \"missingTools\": [", (NITEMS ? "\n  " : "")
	for (i = 1; i <= NMISS; i++) printf "%s%s", (i > 1 ? ", " : ""), MISSING[i]
	printf "],\n  \"redactions\": ["
	for (i = 1; i <= NRED; i++) printf "%s\n    %s", (i > 1 ? "," : ""), REDACTIONS[i]
	printf "%s]\n}\n", (NRED ? "\n  " : "")
}
'

# meta KEY VALUE: one scalar for the manifest (values are one line).
meta() {
	printf '%s\t%s\n' "$1" "$(one_line "$2")" >>"$WORK/meta"
}

# write_manifest FILE: the manifest from everything recorded so far.
write_manifest() {
	: >>"$WORK/items"
	: >>"$WORK/redactions"
	: >>"$WORK/missing-tools"
	awk "$MANIFEST_AWK" "$WORK/meta" "$WORK/items" "$WORK/redactions" "$WORK/missing-tools" >"$1"
}

# ---------------------------------------------------------------------------------------------
# The archive, the closing report, and main: checks, then items in priority order (anchors and
# system facts, kernel, cgroup, runtime, stats, journals, pod logs), manifest, archive.
# ---------------------------------------------------------------------------------------------

# write_archive: tar.gz of the bundle folder with manifest.json as its first entry, so a
# streaming reader sees it first. GNU tar makes it reproducible (sorted names, fixed owner, and
# with PODMORTEM_NOW a fixed mtime); busybox tar writes the same paths.
write_archive() {
	set -- "$TOP/manifest.json"
	for _wa_entry in "$BUNDLE"/*; do
		[ "${_wa_entry##*/}" = manifest.json ] || set -- "$@" "$TOP/${_wa_entry##*/}"
	done
	if tar --sort=name --owner=0 --group=0 --numeric-owner -cf - -C "$WORK" "$TOP/manifest.json" </dev/null >/dev/null 2>&1; then
		set -- --sort=name --owner=0 --group=0 --numeric-owner "$@"
		[ -n "${PODMORTEM_NOW:-}" ] && set -- "--mtime=@$NOW" "$@"
	fi
	rm -f "$WORK/tar-status"
	if [ "$OPT_STDOUT" = 1 ]; then
		{
			tar -cf - -C "$WORK" "$@" </dev/null 2>"$WORK/tar-errors"
			echo $? >"$WORK/tar-status"
		} | gzip -c
		read -r _wa_status <"$WORK/tar-status"
		[ "$_wa_status" = 0 ] || fail "tar failed ($_wa_status): $(error_text "$WORK/tar-errors")"
		return 0
	fi
	ARCHIVE=$OUTPUT_DIR/$TOP.tar.gz
	{
		tar -cf - -C "$WORK" "$@" </dev/null 2>"$WORK/tar-errors"
		echo $? >"$WORK/tar-status"
	} | gzip -c >"$ARCHIVE.part"
	_wa_gzip=$?
	read -r _wa_status <"$WORK/tar-status"
	if [ "$_wa_status" != 0 ] || [ "$_wa_gzip" != 0 ]; then
		rm -f "$ARCHIVE.part"
		fail "could not write $ARCHIVE (tar $_wa_status, gzip $_wa_gzip): $(error_text "$WORK/tar-errors")"
	fi
	mv "$ARCHIVE.part" "$ARCHIVE" || fail "could not rename $ARCHIVE.part"
}

# No bundle: exit 1 (the staging folder is removed by the exit trap).
fail() {
	printf 'podmortem-collect: error: %s\n' "$*" >&2
	exit 1
}

# The closing lines: what was collected, where the archive is, how to fetch it from a debug pod.
report_result() {
	_rr_counts=$(awk -F '\t' '{ n[$3]++ } END {
		split("ok truncated missing failed timeout skipped-budget skipped-window", order, " ")
		for (i = 1; i <= 7; i++) if (n[order[i]]) printf "%s%s %d", (shown++ ? ", " : ""), order[i], n[order[i]]
	}' "$WORK/items")
	say "items: $_rr_counts ($USED of $BUDGET bytes used; see manifest.json)"
	[ "$OPT_STDOUT" = 1 ] && return 0
	_rr_size=$(byte_count "$ARCHIVE")
	_rr_sum='(sha256sum not found)'
	command -v sha256sum >/dev/null 2>&1 && _rr_sum=$(sha256sum "$ARCHIVE" | awk '{ print $1 }')
	say "archive: $ARCHIVE"
	say "size:    $_rr_size bytes"
	say "sha256:  $_rr_sum"
	case $MODE in
	chroot | nsenter | read-only)
		debug_pod_identity
		say "fetch it from your workstation while this pod runs:"
		say "  kubectl cp $DEBUG_POD:$ARCHIVE ./$TOP.tar.gz$DEBUG_CONTAINER"
		;;
	esac
}

# The debug pod's namespace/name and container, from our own cgroup's pod uid and the host's
# /var/log/pods/<ns>_<pod>_<uid>/<container>/ folders; placeholders when that fails.
debug_pod_identity() {
	DEBUG_POD='<namespace>/<debug-pod>'
	DEBUG_CONTAINER=' -c <container>'
	_di_uid=$(sed -n 's/.*pod\([0-9a-f]\{8\}[-_][0-9a-f]\{4\}[-_][0-9a-f]\{4\}[-_][0-9a-f]\{4\}[-_][0-9a-f]\{12\}\).*/\1/p' /proc/self/cgroup 2>/dev/null | head -n 1 | tr _ -)
	[ -n "$_di_uid" ] || return 0
	for _di_dir in "$ROOT"/var/log/pods/*_"$_di_uid"; do
		[ -d "$_di_dir" ] || return 0
		_di_name=${_di_dir##*/}
		_di_name=${_di_name%_"$_di_uid"}
		DEBUG_POD="${_di_name%%_*}/${_di_name#*_}"
		for _di_container in "$_di_dir"/*; do
			[ -d "$_di_container" ] && DEBUG_CONTAINER=" -c ${_di_container##*/}"
		done
	done
}

# shellcheck disable=SC2317 # called by the exit trap
cleanup() {
	[ -n "${WORK:-}" ] && [ -d "$WORK" ] && rm -rf "$WORK"
}

# Everything up to the first item: refusals happen here, before anything is written.
prepare() {
	parse_options "$@"
	check_core_tools
	detect_mode
	# chroot and nsenter look the host's tools up in PATH: make sure it has the usual folders.
	case $MODE in
	chroot | nsenter) PATH=$PATH:$HOST_PATH ;;
	esac
	check_root_user
	check_output_dir
	NOW=$(epoch_now)
	SINCE=$(since_epoch "$NOW" "$OPT_SINCE") || refuse "--since: expected 30m, 12h, 2d or a UTC time like \"2026-11-27 08:00:00\", got: $OPT_SINCE"
	[ "$SINCE" -lt "$NOW" ] || refuse "--since: the window must start in the past"
	WORK=$OUTPUT_DIR/.podmortem-work.$$
	mkdir "$WORK" || refuse "cannot create a staging folder in $OUTPUT_DIR"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	: >"$WORK/items"
	: >"$WORK/meta"
	detect_timeout
	check_free_space
	lower_priority
	locate_pseudo_filesystems
	find_kubelet
	node_name
	TOP=podmortem-$NODE-$(utc_text "$NOW" stamp)
	BUNDLE=$WORK/$TOP
	mkdir "$BUNDLE" || refuse "cannot create $BUNDLE"
}

main() {
	export LC_ALL=C
	umask 077
	MISSING_TOOLS=
	prepare "$@"
	say "$COLLECTOR_NAME $COLLECTOR_VERSION: node $NODE, mode $MODE${ROOT:+ ($ROOT)}, since $(utc_text "$SINCE" iso), budget $BUDGET bytes"
	if [ "$MODE" = read-only ]; then
		warn "$MODE_NOTE"
		warn "for a complete bundle run it in: kubectl debug node/$NODE -it --profile=sysadmin --image=busybox"
	fi
	collect_anchors
	collect_system
	collect_kernel
	collect_cgroup
	collect_runtime
	collect_stats
	collect_journals
	collect_pod_logs
	meta collectorName "$COLLECTOR_NAME"
	meta collectorVersion "$COLLECTOR_VERSION"
	meta node "$NODE"
	meta start "$(utc_text "$NOW" iso)"
	meta end "$(utc_text "$(epoch_now)" iso)"
	meta since "$(utc_text "$SINCE" iso)"
	meta mode "$MODE"
	meta root "${ROOT:-/}"
	meta modeNote "$MODE_NOTE"
	meta budgetBytes "$BUDGET"
	meta usedBytes "$USED"
	meta redact "$OPT_REDACT"
	write_manifest "$BUNDLE/manifest.json"
	write_archive
	report_result
	return 0
}

main "$@"
exit $?
