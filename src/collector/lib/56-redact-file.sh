
# ---------------------------------------------------------------------------------------------
# redact_file: REDACT_AWK's rules over one collected file, with the rules that span lines
# (key blocks, YAML block scalars, argv-per-line flags, env pairs), gzip for rotated .gz logs,
# and journal exports kept byte-valid. Every item goes through it (settle_item).
# ---------------------------------------------------------------------------------------------

# The file is read twice (first pass: which key blocks have an END line), once for a journal.
# A journal export (JOURNAL=1) is `NAME=value` lines, or `NAME`, a 64-bit little-endian length,
# the bytes and a newline for a binary value (systemd JOURNAL_EXPORT_FORMATS): a binary value
# is read whole by its length, redacted line by line and written back with its new length, so
# field names and framing never change.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
REDACT_MAIN_AWK='
# Inside a key block: true when the line is part of it (dropped).
function pem_line() {
	if (l ~ PEMEND) { inpem = 0; print line; return 1 }
	if (inpem == 3) return 1
	if (inpem == 1 && l ~ /^[a-z-]+: /) return 1
	if (l ~ /^[ \t]*$/) return 1
	if (l ~ /^[ \t]*[a-z0-9+\/=]+[ \t]*$/) { inpem = 2; return 1 }
	inpem = 0
	return 0
}
# `token: |` (or >, with chomping and indentation indicators) of a secret key opens a block.
function block_start() {
	if (!(pending && l ~ PAIRBLOCK) && (TL !~ /[|>][-+0-9]*[ \t]*(#.*)?$/ || TL !~ KVBLOCK && T !~ ENVBLOCK)) return 0
	match(line, /^[ \t]*(-[ \t]+)*/)
	BLOCK = RLENGTH; blockseen = 0
	return 1
}
# Inside the block: blank lines and lines indented deeper than its key are the value.
function block_line() {
	if (l ~ /^[ \t]*$/) { print line; return 1 }
	match(line, /^[ \t]*/)
	if (RLENGTH <= BLOCK) { BLOCK = -1; return 0 }
	print substr(line, 1, RLENGTH) R
	if (!blockseen) { blockseen = 1; N++ }
	return 1
}
# The line after a lone secret flag is its value (a YAML `- x`, a JSON "x", a bare word),
# unless it is the next flag.
function arg_value(   pre, s) {
	match(l, /^[ \t]*(-[ \t]+)?/)
	pre = RLENGTH
	s = substr(l, pre + 1)
	if (s ~ /^(\\?"|\047)?-/ || !find_value(s, "rest")) return
	set_line(splice(line, pre + VSTART, VLEN, R)); N++
}
# A binary journal field: BUF gathers its bytes until the length they announce is complete.
function journal_binary(   v, i, n, P, old, new) {
	BUF = BUF $0 "\n"
	if (NEED < 0 && length(BUF) >= 8) {
		v = 0
		for (i = 8; i >= 1; i--) v = v * 256 + ORD[substr(BUF, i, 1)]
		NEED = 8 + v + 1
	}
	if (NEED < 0 || length(BUF) < NEED) return
	BIN = 0
	old = substr(BUF, 9, NEED - 9)
	n = split(old, P, "\n")
	for (i = 1; i <= n; i++) { set_line(P[i]); redact_line(); P[i] = line (i < n ? "\n" : "") }
	new = joined(P, n)
	if (new == old || length(BUF) != NEED) { print BNAME; printf "%s", BUF; return }
	print BNAME
	v = length(new)
	for (i = 1; i <= 8; i++) { printf "%c", v % 256; v = int(v / 256) }
	print new
}
# A file with a line over 64 KiB is read with } as the record separator (LONG=1): busybox awk
# takes time proportional to the string in every regex, split and substr, so a 16 MB line must
# never be one string. Records are gathered into pieces of about 2 KiB (each piece costs a
# compile of every rule in busybox awk) and a piece ends at a } or a newline, where no value
# is cut. Rules that span lines are off.
function long_record(   n, i, L) {
	n = split($0, L, "\n")
	LB = LB (FNR > 1 ? "}" : "") L[1]
	for (i = 2; i <= n; i++) { long_piece("\n"); LB = L[i] }
	if (length(LB) >= 2048) long_piece("")
}
function long_piece(end) { set_line(LB); redact_line(); printf "%s%s", line, end; LB = "" }
function journal_line() {
	if (BIN) journal_binary()
	else if ($0 ~ /^[A-Za-z0-9_]+$/) { BIN = 1; BNAME = $0; BUF = ""; NEED = -1 }
	else { set_line($0); redact_line(); print line }
}
BEGIN {
	KVBLOCK = KV BLOCKHEAD; ENVBLOCK = ENVKV BLOCKHEAD; PAIRBLOCK = PAIRVALUE BLOCKHEAD
}
LONG { long_record(); next }
END { if (LONG) { long_piece(TRAIL ? "}" : "") } }
# Literal regexes: busybox awk would compile PEMBEGIN and PEMEND again on every line.
!JOURNAL && FNR == NR {
	if ($0 !~ /-----[A-Za-z]+ [A-Za-z0-9 ]*[Kk][Ee][Yy]-----/) next
	l = tolower($0)
	if (l ~ /-----begin [a-z0-9 ]*private key-----/ && l !~ /-----end [a-z0-9 ]*private key-----/) open = FNR
	else if (l ~ /-----end [a-z0-9 ]*private key-----/ && open) { closed[open] = 1; open = 0 }
	next
}
JOURNAL { journal_line(); next }
{
	set_line($0)
	# A key block with an END line is dropped whole. Without one, only its header lines
	# (Proc-Type, DEK-Info) and base64 lines are: any other line ends it.
	if (inpem && pem_line()) next
	if (BLOCK >= 0 && block_line()) next
	if (!hinted()) {
		if (pending && l ~ PAIRBLOCK) { block_start(); pending = argnext = 0; print line; next }
		if (argnext) arg_value()
		if (pending && l ~ PAIRVALUE) redact_after(PAIRVALUE)
		argnext = pending = 0
		print line
		next
	}
	if (l ~ /private key/ && l ~ PEMBEGIN && l !~ PEMEND) { print line; print R; N++; inpem = closed[FNR] ? 3 : 1; next }
	# The patterns that end a line are tried on its last 4 KiB: each one is a key and little
	# else, and a whole 16 MB line would be scanned from every place a key starts.
	T = length(line) > 4096 ? substr(line, length(line) - 4095) : line
	TL = tolower(T)
	head = TL ~ /name|key/ && (TL ~ PAIRHEAD || T ~ ENVPAIRHEAD)
	if (block_start()) { pending = head; print line; next }
	if (argnext) arg_value()
	argnext = l ~ /^[ \t]*(-[ \t]+)?(\\?"|\047)?-/ && l ~ ARGFLAG
	if (pending && l ~ PAIRVALUE) redact_after(PAIRVALUE)
	pending = head
	redact_line()
	print line
}
END { print N > ENVIRON["PM_REDACT_COUNT"] }
'

# redact_file FILE PATH [BYTES]: redacts FILE in place (a .gz through gzip, a journal export by
# its fields) and adds PATH's count to the manifest. BYTES, FILE's size when the caller knows it,
# spares a file too small to hold a long line the awk that looks for one. REDACT_NOTE says what
# could not be redacted; REDACT_CHANGED=1 when FILE changed (its size must be read again).
# The redacted copy is written to $WORK/redacted, emptied (not removed: no process) when unused.
redact_file() {
	PM_REDACT_COUNT=$WORK/redact-count
	export PM_REDACT_COUNT
	echo 0 >"$PM_REDACT_COUNT"
	REDACT_NOTE=
	REDACT_CHANGED=0
	REDACT_BYTES=${3:-}
	_rf_out=$WORK/redacted
	_rf_ok=0
	case $2 in
	*.gz)
		# The plain text's size is not known: the long-line check runs.
		REDACT_BYTES=
		# -n: no name or time in the header (older busybox gzip has no -n; stdin has neither).
		run_limited "$OPT_TIMEOUT" "$WORK/redact-errors" "$1.plain" gzip -dc "$1" && [ ! -e "$WORK/timed-out" ] &&
			redact_run 0 "$1.plain" "$1.plain.r" &&
			{ gzip -c -n "$1.plain.r" 2>/dev/null || gzip -c <"$1.plain.r"; } >"$_rf_out" && _rf_ok=1
		rm -f "$1.plain" "$1.plain.r"
		;;
	*.export)
		if awk_keeps_nul || ! has_nul "$1"; then
			redact_run 1 "$1" "$_rf_out" && _rf_ok=1
		else
			# This awk splits lines at NUL bytes: it would break the binary fields.
			REDACT_NOTE='not redacted: binary journal fields and an awk that cannot carry NUL bytes'
			warn "$2 $REDACT_NOTE"
			return 0
		fi
		;;
	*) redact_run 0 "$1" "$_rf_out" && _rf_ok=1 ;;
	esac
	read -r _rf_count <"$PM_REDACT_COUNT"
	if [ "$_rf_ok" = 1 ]; then
		# Nothing replaced: the file stays byte for byte as collected.
		if [ "${_rf_count:-0}" = 0 ]; then
			: >"$_rf_out"
		else
			mv "$_rf_out" "$1"
			REDACT_CHANGED=1
		fi
	else
		# Unredacted text must not reach the bundle: drop it and say so.
		: >"$1"
		: >"$_rf_out"
		REDACT_CHANGED=1
		warn "redaction failed or ran over $OPT_TIMEOUT s for $2: its content was dropped"
		_rf_count=1
	fi
	if [ "${_rf_count:-0}" != 0 ]; then
		printf '%s\t%s\n' "$2" "$_rf_count" >>"$WORK/redactions"
	fi
}

# redact_run JOURNAL IN OUT: the rules over IN into OUT.
redact_run() {
	if [ "$1" = 1 ]; then
		redact_limited "$3" -v JOURNAL=1 "$REDACT_AWK$REDACT_MAIN_AWK" "$2"
	elif [ "${REDACT_BYTES:-65537}" -gt 65536 ] && awk 'length($0) > 65536 { long = 1; exit } END { exit !long }' "$2"; then
		# The last record ends at the end of the file, not at a }: one is added back if the
		# file ended with one.
		_rr_trail=0
		[ "$(tail -c 1 "$2")" = '}' ] && _rr_trail=1
		redact_limited "$3" -v LONG=1 -v TRAIL="$_rr_trail" -v RS='}' "$REDACT_AWK$REDACT_MAIN_AWK" "$2"
	else
		redact_limited "$3" -v JOURNAL=0 "$REDACT_AWK$REDACT_MAIN_AWK" "$2" "$2"
	fi
}

# redact_limited OUT AWK-ARGS...: awk under --timeout, like every command, so a pathological
# file cannot hang the run; false when it failed or ran over.
redact_limited() {
	_rd_out=$1
	shift
	RUN_NO_DOG=1
	run_limited "$OPT_TIMEOUT" "$WORK/redact-errors" "$_rd_out" awk "$@"
	_rd_rc=$?
	RUN_NO_DOG=0
	[ "$_rd_rc" = 0 ] && [ ! -e "$WORK/timed-out" ]
}

has_nul() {
	[ "$(tr -d '\000' <"$1" | wc -c)" -ne "$(wc -c <"$1")" ]
}

# Whether awk keeps NUL bytes inside a line (mawk, gawk); busybox awk ends the line there.
awk_keeps_nul() {
	if [ -z "${AWK_KEEPS_NUL:-}" ]; then
		AWK_KEEPS_NUL=0
		[ "$(printf 'a\000b\n' | awk '{ print length($0) }')" = 3 ] && AWK_KEEPS_NUL=1
	fi
	[ "$AWK_KEEPS_NUL" = 1 ]
}
