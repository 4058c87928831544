
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
