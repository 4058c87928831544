
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
