
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
	settle_item kernel/dmesg.txt /dev/kmsg tail 1 "$_km_start" '' '' "dmesg failed; read /dev/kmsg for 3 s instead"
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
