
# ---------------------------------------------------------------------------------------------
# Items: one command output or one file copy each, bounded by the budget, recorded in the
# manifest whatever happens (ok, missing, failed, timeout, truncated, skipped-budget, skipped-window,
# skipped-unsafe).
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

# budget_cap WANT: CAP = what an item may still take; false when the budget is used up. A round
# of pod logs may set CEILING below BUDGET, to leave the rest to the next round.
budget_cap() {
	CAP=$((${CEILING:-$BUDGET} - USED))
	[ "$1" -lt "$CAP" ] && CAP=$1
	[ "$CAP" -gt 0 ]
}

skip_for_budget() {
	record_item "$1" "$2" skipped-budget '' 0 0 "${3:-budget of $BUDGET bytes used up}"
}

# skip_unsafe PATH WHAT WHY: a path refused because reading it would leave the host root, or
# whose name cannot be listed (15-host-paths.sh).
skip_unsafe() {
	record_item "$1" "$2" skipped-unsafe '' 0 0 "$3"
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
# keeps the end of a long output instead of the start, -r redacts secrets (every item is redacted:
# -r only marks the ones known to hold them), -c caps this item, -w
# says what ran. True when the item holds output (ok or truncated).
cmd_item() {
	_ci_local=0
	QUIET_FAIL=0
	_ci_keep='head'
	_ci_redact=1
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
	_cp_redact=1
	if [ "$1" = -r ]; then
		_cp_redact=1
		shift
	fi
	_cp_what=${2#"$ROOT"}
	if ! resolve_in_root "$2"; then
		skip_unsafe "$1" "$_cp_what" "$REFUSED: not read"
		return 1
	fi
	if [ ! -e "$HOST_FILE" ]; then
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
	# head -c reads one byte past CAP (a cut is told from a fit) and caps itself: no FIFO, no reader.
	run_capped "$OPT_TIMEOUT" self "$CAP" "$BUNDLE/$1" head -c "$((CAP + 1))" "$HOST_FILE"
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
	REDACT_NOTE=
	if [ "$4" = 1 ] && [ "$OPT_REDACT" = 1 ] && [ "$_si_bytes" -gt 0 ]; then
		redact_file "$_si_file" "$1" "$_si_bytes"
		[ "$REDACT_CHANGED" = 1 ] && _si_bytes=$(byte_count "$_si_file")
		if [ "$_si_bytes" -gt $((${CEILING:-$BUDGET} - USED)) ]; then
			_si_bytes=$((${CEILING:-$BUDGET} - USED))
			cut_file "$_si_file" head "$_si_bytes"
			_si_note="kept the first $_si_bytes bytes (budget)"
		fi
	fi
	[ -n "$_si_note" ] && _si_cut=1
	duration_ms "$5"
	if [ "$TIMED_OUT" = 1 ]; then
		_si_status=timeout
		_si_note="killed after $OPT_TIMEOUT s (by $TIMED_BY); $(error_text "$WORK/err")"
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
	[ -n "$REDACT_NOTE" ] && _si_note="${_si_note:+$_si_note; }$REDACT_NOTE"
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

# log_item PATH SRC SIZE MTIME WHAT [WANT]: copies a log file whose size is known (pod log,
# kern.log), SRC as list_newest resolved it, WHAT its host path, at most WANT bytes (default
# --max-file-size). A long plain file keeps its end (at least 4 KiB, or WANT when less); a .gz
# file is copied whole or skipped, since a cut gzip is useless. A live log grows while it is
# read: only the SIZE bytes listed are taken.
log_item() {
	_li_path=$1
	_li_what=$5
	_li_src=$2
	_li_size=$3
	_li_want=${6:-$MAX_FILE}
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
		budget_cap "$_li_want"
		if [ "$CAP" -lt "$_li_size" ]; then
			if [ "$CAP" -lt 4096 ] && [ "$CAP" -lt "$_li_want" ]; then
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
	# head -c SIZE or tail -c CAP: the command caps itself (CAP >= SIZE there); a .gz is read whole
	# by cat and goes through the reader.
	_li_keep=self
	[ "$1" = cat ] && _li_keep='head'
	run_capped "$OPT_TIMEOUT" "$_li_keep" "$CAP" "$BUNDLE/$_li_path" "$@"
	settle_item "$_li_path" "$_li_what" head 1 "$_li_start" '' "$_li_note"
	_li_ok=$?
	[ -e "$BUNDLE/$_li_path" ] && command -v touch >/dev/null 2>&1 && touch -r "$_li_src" "$BUNDLE/$_li_path" 2>/dev/null
	return "$_li_ok"
}
