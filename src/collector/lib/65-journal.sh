
# ---------------------------------------------------------------------------------------------
# Journals, exported (`journalctl -o export`: boot id, monotonic and realtime stamps per entry)
# for every boot in the window: matches with --since, never -k or -b, which mean the current
# boot only. Over the cap, the newest entries are kept.
# ---------------------------------------------------------------------------------------------

KUBELET_MATCHES='_SYSTEMD_UNIT=kubelet.service _SYSTEMD_UNIT=k3s.service _SYSTEMD_UNIT=k3s-agent.service _SYSTEMD_UNIT=rke2-agent.service _SYSTEMD_UNIT=rke2-server.service + UNIT=kubelet.service + SYSLOG_IDENTIFIER=kubelet'
RUNTIME_MATCHES='_SYSTEMD_UNIT=containerd.service _SYSTEMD_UNIT=crio.service _SYSTEMD_UNIT=docker.service _SYSTEMD_UNIT=cri-docker.service + UNIT=containerd.service UNIT=crio.service UNIT=docker.service + SYSLOG_IDENTIFIER=containerd SYSLOG_IDENTIFIER=crio SYSLOG_IDENTIFIER=dockerd'
KERNEL_MATCHES='_TRANSPORT=kernel'

# JOURNAL_DIR: how journalctl finds the host's journal. On the host (and through chroot or
# nsenter) it finds it itself; with --root, or in read-only mode with the image's journalctl,
# it is pointed at the host's journal folder: the persistent one, unless it holds no journal
# file while the volatile one does (journald keeps the journal in /run/log/journal with
# Storage=volatile, or until it is told to flush, and packages create an empty
# /var/log/journal).
journal_source() {
	JOURNAL_DIR=
	JOURNAL_DIR_MISSING=0
	case $MODE in
	root-dir | read-only)
		if [ -d "$ROOT/var/log/journal" ] && { has_journal_files "$ROOT/var/log/journal" || ! has_journal_files "$ROOT/run/log/journal"; }; then
			JOURNAL_DIR=$ROOT/var/log/journal
		elif [ -d "$ROOT/run/log/journal" ]; then
			JOURNAL_DIR=$ROOT/run/log/journal
		else
			JOURNAL_DIR_MISSING=1
		fi
		;;
	esac
	confine_journal_dir
}

# JOURNAL_REFUSED: why the chosen journal folder is not read, empty when it is. journalctl -D
# opens whatever the folder's names point to, so a folder holding links is refused whole.
confine_journal_dir() {
	JOURNAL_REFUSED=
	[ -n "$JOURNAL_DIR" ] || return 0
	if ! resolve_in_root "$JOURNAL_DIR"; then
		JOURNAL_REFUSED="journal folder ${JOURNAL_DIR#"$ROOT"} $REFUSED: not read"
	elif [ -n "$(find "$HOST_FILE" -maxdepth 3 -type l 2>/dev/null | head -n 1)" ]; then
		JOURNAL_REFUSED="journal folder ${JOURNAL_DIR#"$ROOT"} holds links, which journalctl would follow: not read"
	else
		JOURNAL_DIR=$HOST_FILE
	fi
}

# has_journal_files DIR: journald's files, in DIR/<machine id>[.<namespace>]/ (~ marks one
# that was not closed cleanly).
has_journal_files() {
	for _hj_file in "$1"/*/*.journal "$1"/*/*.journal~; do
		[ -f "$_hj_file" ] && return 0
	done
	return 1
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
	if [ -n "$JOURNAL_REFUSED" ]; then
		skip_unsafe "$_jc_path" "journalctl $(journal_shown)$*" "$JOURNAL_REFUSED"
		return 1
	fi
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
	if [ -n "$JOURNAL_REFUSED" ]; then
		skip_unsafe "$_ji_path" "$_ji_what" "$JOURNAL_REFUSED"
		return 1
	fi
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
	settle_item "$_ji_path" "$_ji_what" head 1 "$_ji_start" "$RC" "$_ji_note"
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
