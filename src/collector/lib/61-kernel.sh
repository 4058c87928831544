
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
	if ! list_newest "$2" 1 "$3" >"$WORK/log-list"; then
		skip_unsafe "$1/*" "${2#"$ROOT"}" "folder $REFUSED: not read"
		return 1
	fi
	while IFS=$TAB read -r _lf_mtime _lf_size _lf_src _lf_name _lf_why; do
		_lf_found=1
		if [ "$_lf_src" = - ]; then
			skip_unsafe "$1/$_lf_name" "${2#"$ROOT"}/$_lf_name" "$_lf_why"
		else
			log_item "$1/$_lf_name" "$_lf_src" "$_lf_size" "$_lf_mtime" "${2#"$ROOT"}/$_lf_name"
		fi
	done <"$WORK/log-list"
	[ "$_lf_found" = 1 ] || record_item "$1/*" "${2#"$ROOT"}/ $3" missing '' 0 0 "$4"
}
