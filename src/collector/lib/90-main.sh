
# ---------------------------------------------------------------------------------------------
# The archive, the closing report, and main: checks, then items in priority order (anchors and
# system facts, kernel, cgroup, runtime, stats, journals, pod logs), manifest, archive.
# ---------------------------------------------------------------------------------------------

# write_archive: tar.gz of the bundle folder with manifest.json as its first entry, so a
# streaming reader sees it first. GNU tar makes it reproducible (sorted names, fixed owner, and
# with PODMORTEM_NOW a fixed mtime); busybox tar writes the same paths. The archive is written
# under this run's own PART name and renamed when complete; tar and gzip run as one limited
# command, so a signal stops them at once.
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
		run_limited "$ARCHIVE_SECS" "$WORK/tar-errors" - sh -c "$ARCHIVE_SH" sh "$WORK" "$@"
		_wa_gzip=$?
		_wa_status=
		[ -s "$WORK/tar-status" ] && read -r _wa_status <"$WORK/tar-status"
		if [ "$_wa_status" != 0 ] || [ "$_wa_gzip" != 0 ]; then
			fail "tar failed (tar ${_wa_status:-killed}, gzip $_wa_gzip): $(error_text "$WORK/tar-errors")"
		fi
		return 0
	fi
	run_limited "$ARCHIVE_SECS" "$WORK/tar-errors" "$PART" sh -c "$ARCHIVE_SH" sh "$WORK" "$@"
	_wa_gzip=$?
	_wa_status=
	[ -s "$WORK/tar-status" ] && read -r _wa_status <"$WORK/tar-status"
	if [ "$_wa_status" != 0 ] || [ "$_wa_gzip" != 0 ]; then
		rm -f "$PART"
		fail "could not write $ARCHIVE (tar ${_wa_status:-killed}, gzip $_wa_gzip): $(error_text "$WORK/tar-errors")"
	fi
	mv "$PART" "$ARCHIVE" || fail "could not rename $PART to $ARCHIVE"
	PART=
}

# Longest an archive may take to write (tar and gzip of at most the budget).
ARCHIVE_SECS=3600

# tar | gzip of the bundle: $1 is the staging folder, the rest tar's arguments. Exits with
# gzip's status and leaves tar's in $1/tar-status.
# shellcheck disable=SC2016 # a program for sh, expanded there
ARCHIVE_SH='
work=$1
shift
{
	tar -cf - -C "$work" "$@"
	echo $? >"$work/tar-status"
} | gzip -c
'

# No bundle: exit 1 (the staging folder is removed by the exit trap).
fail() {
	printf 'podmortem-collect: error: %s\n' "$*" >&2
	exit 1
}

# What a run leaves only while it runs: the staging folder, the archive's PART file and the
# lock. Removed on every exit, signals included.
WORK=
PART=
LOCK=

# shellcheck disable=SC2317 # called by the exit trap
cleanup() {
	stop_running
	[ -n "$WORK" ] && [ -d "$WORK" ] && rm -rf "$WORK"
	[ -n "$PART" ] && rm -f "$PART"
	[ -n "$LOCK" ] && rm -rf "$LOCK"
	return 0
}

# SIGINT, SIGTERM, SIGHUP: stop the running command's group now; the exit trap cleans up.
# shellcheck disable=SC2317 # called by the signal traps
on_signal() {
	trap '' INT TERM HUP
	stop_running
	printf 'podmortem-collect: stopped by %s: no bundle written\n' "$2" >&2
	exit "$1"
}

# A random word for this run's file names: two runs in two pods share the output folder and
# may have the same PID in their own PID namespaces.
random_word() {
	_rw_word=$(tr -dc 'a-z0-9' </dev/urandom 2>/dev/null | head -c 8)
	printf '%s\n' "${_rw_word:-0}"
}

# One run at a time writes a given archive name (same node, same second): the lock is a folder
# next to it, made with mkdir (atomic on every file system); the loser is refused.
take_archive_lock() {
	[ "$OPT_STDOUT" = 1 ] && return 0
	ARCHIVE=$OUTPUT_DIR/$TOP.tar.gz
	if ! mkdir "$ARCHIVE.lock" 2>/dev/null; then
		refuse "another collector is writing $ARCHIVE (lock folder $ARCHIVE.lock); wait for it, or remove that folder if no collector is running"
	fi
	LOCK=$ARCHIVE.lock
	PART=$ARCHIVE.$$-$RUN_WORD.part
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
	RUN_WORD=$(random_word)
	trap cleanup EXIT
	trap 'on_signal 130 SIGINT' INT
	trap 'on_signal 143 SIGTERM' TERM
	trap 'on_signal 129 SIGHUP' HUP
	WORK=$OUTPUT_DIR/.podmortem-work.$$-$RUN_WORD
	mkdir "$WORK" || refuse "cannot create a staging folder in $OUTPUT_DIR"
	: >"$WORK/items"
	: >"$WORK/meta"
	detect_timeout
	check_free_space
	lower_priority
	locate_pseudo_filesystems
	find_kubelet
	node_name
	TOP=podmortem-$NODE-$(utc_text "$NOW" stamp)
	take_archive_lock
	BUNDLE=$WORK/$TOP
	mkdir "$BUNDLE" || refuse "cannot create $BUNDLE"
}

main() {
	export LC_ALL=C
	umask 077
	MISSING_TOOLS=
	prepare "$@"
	say "$COLLECTOR_NAME $COLLECTOR_VERSION: node $NODE, mode $MODE${ROOT:+ ($ROOT)}, since $(utc_text "$SINCE" iso), budget $(human_size "$BUDGET")"
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
	warn_if_not_kubernetes_node
	report_result
	return 0
}

main "$@"
exit $?
