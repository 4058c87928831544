
# ---------------------------------------------------------------------------------------------
# Running one command under a time limit. A hung `df` on a dead NFS mount must cost at most
# --timeout seconds, so every command and every read of a host file goes through run_capped
# (or run_limited). Usage:
#   run_capped SECS head|tail LIMIT OUT CMD...   output capped into OUT; sets RC, TIMED_OUT
#   run_limited SECS ERRFILE OUTFILE CMD...      output into OUTFILE; returns CMD's exit code
#   stop_running                                 kills what runs now (the signal traps)
# Each command runs in its own process group (setsid), and whatever stops it stops the group:
# a wrapper's grandchild (a `ps` blocked on /proc/<pid>/cmdline) must not outlive it. The shell
# waits with the `wait` builtin, so a signal's trap runs at once, not when the command ends.
# ---------------------------------------------------------------------------------------------

# The command now running, its watchdog and the reader that caps its output (for stop_running).
RUN_PID=
RUN_DOG=
RUN_READER=

# Which `timeout` exists: std (coreutils, busybox >= 1.30: `timeout -k 2 SECS`), old (busybox
# before 1.30: `timeout -t SECS`) or none. Coreutils' timeout kills the command's whole group;
# busybox's kills the command only, which is why the group is ours (setsid) and why the
# watchdog stays as a backstop in every case. Without setsid (and with busybox timeout or none)
# only the command itself can be stopped.
detect_timeout() {
	TIMEOUT_KIND=none
	if command -v timeout >/dev/null 2>&1; then
		if timeout -k 1 5 true </dev/null >/dev/null 2>&1; then
			TIMEOUT_KIND=std
		elif timeout -t 5 true </dev/null >/dev/null 2>&1; then
			TIMEOUT_KIND=old
		fi
	fi
	SETSID=
	command -v setsid >/dev/null 2>&1 && setsid true </dev/null >/dev/null 2>&1 && SETSID=setsid
	mkfifo "$WORK/probe.fifo" || refuse "cannot create a FIFO in $WORK (mkfifo)"
	rm -f "$WORK/probe.fifo"
	FIFO_N=0
}

# kill_group SIGNAL PID: the group PID leads (a group exists only if setsid or coreutils'
# timeout made it, so this never reaches the collector's own group), then PID itself.
kill_group() {
	kill -s "$1" -- "-$2" 2>/dev/null
	kill -s "$1" "$2" 2>/dev/null
	return 0
}

# run_limited SECS ERRFILE OUTFILE CMD...: runs CMD in the background with stdin from /dev/null
# (under `sh -s` stdin is the script itself), stdout to OUTFILE (- keeps the collector's own),
# stderr to ERRFILE, and waits.
# When RUN_READER is set (run_capped), the reader of OUTFILE is waited for too.
# RUN_NO_DOG=1 (the redaction's awk over a file in $WORK) runs no watchdog when a timeout tool
# exists: such a command can only hang by computing, which the timeout tool's TERM ends, and a
# stuck $WORK would hang the collector's own writes first. That saves three processes an item.
run_limited() {
	_rl_secs=$1
	_rl_err=$2
	_rl_out=$3
	shift 3
	_rl_dog=$_rl_secs
	case $TIMEOUT_KIND in
	std) set -- timeout -k 2 "$_rl_secs" "$@" ;;
	old) set -- timeout -t "$_rl_secs" "$@" ;;
	esac
	# With a timeout tool, the watchdog only steps in if that tool failed to stop the command.
	[ "$TIMEOUT_KIND" = none ] || _rl_dog=$((_rl_secs + 4))
	# A test, not an rm: the mark exists only after a timeout, and this runs for every item.
	[ -e "$WORK/timed-out" ] && rm -f "$WORK/timed-out"
	# shellcheck disable=SC2086 # SETSID is one word or nothing
	if [ "$_rl_out" = - ]; then
		$SETSID "$@" </dev/null 2>"$_rl_err" &
	else
		$SETSID "$@" </dev/null >"$_rl_out" 2>"$_rl_err" &
	fi
	RUN_PID=$!
	if [ "${RUN_NO_DOG:-0}" = 0 ] || [ "$TIMEOUT_KIND" = none ]; then
		# shellcheck disable=SC2086 # SETSID is one word or nothing
		$SETSID sh -c "$WATCHDOG_SH" watchdog "$RUN_PID" "$_rl_dog" "$RUN_READER" "$WORK/timed-out" </dev/null >/dev/null 2>&1 &
		RUN_DOG=$!
	fi
	wait "$RUN_PID"
	_rl_rc=$?
	# Whatever the command left running in its group (a daemonized helper) goes with it. The
	# command itself is reaped, so its PID is no longer ours: only the group is named.
	kill -s KILL -- "-$RUN_PID" 2>/dev/null
	RUN_PID=
	if [ -n "$RUN_READER" ]; then
		wait "$RUN_READER"
		RUN_READER=
	fi
	if [ -n "$RUN_DOG" ]; then
		kill_group KILL "$RUN_DOG"
		wait "$RUN_DOG" 2>/dev/null
		RUN_DOG=
	fi
	return "$_rl_rc"
}

# The watchdog, a program of its own run in its own group (so stopping it stops its `sleep`
# too): $1 PID, $2 SECS, $3 READER (or empty), $4 the timed-out mark. It polls once a second;
# after SECS it marks, sends TERM to PID's group and PID, and KILL two seconds later. A READER
# still waiting two seconds after PID has gone is held by a process stuck in the kernel (KILL
# cannot end it): the reader is ended instead, so the run goes on.
# shellcheck disable=SC2016 # a program for sh, expanded there
WATCHDOG_SH='
n=0
grace=0
while :; do
	if kill -0 "$1" 2>/dev/null; then
		if [ "$n" = "$2" ]; then
			: >"$4"
			kill -s TERM -- "-$1" 2>/dev/null
			kill -s TERM "$1" 2>/dev/null
			sleep 2
			kill -s KILL -- "-$1" 2>/dev/null
			kill -s KILL "$1" 2>/dev/null
			grace=2
		fi
	elif [ -z "$3" ] || ! kill -0 "$3" 2>/dev/null; then
		exit 0
	elif [ "$grace" -ge 2 ]; then
		kill -s KILL "$3" 2>/dev/null
		exit 0
	else
		grace=$((grace + 1))
	fi
	sleep 1
	n=$((n + 1))
done
'

# stop_running: ends the command now running (its whole group), its reader and its watchdog.
# shellcheck disable=SC2317 # called by the exit and signal traps
stop_running() {
	[ -n "$RUN_DOG" ] && kill_group KILL "$RUN_DOG"
	[ -n "$RUN_PID" ] && kill_group KILL "$RUN_PID"
	[ -n "$RUN_READER" ] && kill -s KILL "$RUN_READER" 2>/dev/null
	return 0
}

# run_capped SECS KEEP LIMIT OUT CMD...: runs CMD into OUT keeping at most LIMIT+1 bytes (KEEP=head
# keeps the start, tail the end), so the caller can tell a cut (more than LIMIT bytes) from a fit.
# Sets RC (the command's exit code), TIMED_OUT (0/1), TIMED_BY (timeout or watchdog: what stopped
# it) and ELAPSED_CS; stderr lands in $WORK/err.
# KEEP=self: CMD is `head -c` or `tail -c` of at most LIMIT+1 bytes, which caps its own output:
# it writes to OUT directly, without a FIFO and a reader (two processes per item).
run_capped() {
	_rc_secs=$1
	_rc_keep=$2
	_rc_limit=$(($3 + 1))
	_rc_out=$4
	shift 4
	real_cs
	_rc_start=$REAL_CS
	# The output goes through a FIFO of its own to head or tail, so a straggler that keeps the
	# write end open (stuck in the kernel, or out of reach without setsid) can be left behind
	# with its FIFO instead of holding this run or the next command's output.
	if [ "$_rc_keep" = self ]; then
		run_limited "$_rc_secs" "$WORK/err" "$_rc_out" "$@"
		RC=$?
	else
		FIFO_N=$((FIFO_N + 1))
		_rc_fifo=$WORK/out.$FIFO_N.fifo
		mkfifo "$_rc_fifo"
		"$_rc_keep" -c "$_rc_limit" <"$_rc_fifo" >"$_rc_out" &
		RUN_READER=$!
		run_limited "$_rc_secs" "$WORK/err" "$_rc_fifo" "$@"
		RC=$?
	fi
	# The used FIFO stays in $WORK (removed whole at exit): an rm per item costs a process, and
	# a straggler may still hold it open anyway.
	real_cs
	ELAPSED_CS=$((REAL_CS - _rc_start))
	TIMED_OUT=0
	TIMED_BY=timeout
	if [ -e "$WORK/timed-out" ]; then
		TIMED_OUT=1
		TIMED_BY=watchdog
	else
		case $RC in
		124 | 137 | 143) [ "$ELAPSED_CS" -ge $((_rc_secs * 100 - 10)) ] && TIMED_OUT=1 ;;
		esac
	fi
}

# SHORT_SECS: the limit of a small read (a host file's first line, the kubelet's pid), at most
# 5 seconds or --timeout when that is less.
short_secs() {
	SHORT_SECS=5
	[ "$OPT_TIMEOUT" -lt 5 ] && SHORT_SECS=$OPT_TIMEOUT
	return 0
}

# host_line VAR FILE [BYTES]: the first line of a host file (at most BYTES, default 4096) into
# VAR, read under SHORT_SECS: a FIFO or a stuck mount there must not hang the run.
host_line() {
	_hl_var=$1
	eval "$_hl_var="
	[ -r "$2" ] || return 1
	short_secs
	run_capped "$SHORT_SECS" self "${3:-4096}" "$WORK/host-line" head -c "${3:-4096}" "$2"
	[ "$RC" = 0 ] || return 1
	IFS= read -r _hl_line <"$WORK/host-line"
	eval "$_hl_var=\$_hl_line"
}
