
# ---------------------------------------------------------------------------------------------
# The closing lines: what was collected (sizes in binary units, as --budget takes them), where
# the archive is, how to carry it off the node, and the next step. Progress goes through say:
# to stderr with --stdout, whose stdout is the archive alone.
#
#   report_result    (after write_archive)
# ---------------------------------------------------------------------------------------------

report_result() {
	_rr_counts=$(awk -F '\t' '{ n[$3]++ } END {
		split("ok truncated missing failed timeout skipped-budget skipped-window", order, " ")
		for (i = 1; i <= 7; i++) if (n[order[i]]) printf "%s%s %d", (shown++ ? ", " : ""), order[i], n[order[i]]
	}' "$WORK/items")
	say "items: $_rr_counts ($(human_size "$USED") of $(human_size "$BUDGET") used; see manifest.json)"
	if [ "$OPT_STDOUT" = 1 ]; then
		say "next: podmortem analyze <the file standard output went to>"
		return 0
	fi
	_rr_size=$(byte_count "$ARCHIVE")
	archive_sha256
	_rr_sum=$SHA256
	say "archive: $ARCHIVE"
	say "size:    $(human_size "$_rr_size")"
	say "sha256:  $_rr_sum"
	case $MODE in
	chroot | nsenter | read-only)
		debug_pod_identity
		say "fetch it from your workstation while this pod runs:"
		say "  kubectl cp $DEBUG_POD:$ARCHIVE ./$TOP.tar.gz$DEBUG_CONTAINER"
		;;
	*) say_how_to_copy ;;
	esac
	say "next, where podmortem is installed: podmortem analyze $TOP.tar.gz"
}

# Run as root under umask 077, the archive is root's with mode 0600: `scp node:<archive> .` as
# a normal user fails with "Permission denied". Say the two ways that work.
say_how_to_copy() {
	[ "$(id -u 2>/dev/null)" = 0 ] || return 0
	say "it is readable by root only; to copy it as a normal user, first run on this node:"
	say "  sudo chown \"\$USER\" $ARCHIVE"
	say "or copy it from your workstation through sudo:"
	say "  ssh <node> sudo cat $ARCHIVE > $TOP.tar.gz"
}

# SHA256 of the final archive, read after the rename (under the lock, so it is this run's file).
archive_sha256() {
	SHA256='(sha256sum not found)'
	command -v sha256sum >/dev/null 2>&1 || return 0
	run_capped "$ARCHIVE_SECS" head 4096 "$WORK/sha256" sha256sum "$ARCHIVE"
	SHA256='(sha256sum failed)'
	[ "$RC" = 0 ] && read -r SHA256 _rr_rest <"$WORK/sha256"
	return 0
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
