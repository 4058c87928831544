
# ---------------------------------------------------------------------------------------------
# Redaction at collection: secrets never reach the bundle. Applied to kubelet config and flags,
# kubeconfigs, unit files, runtime config, crictl JSON and process arguments. The manifest keeps
# how many values were replaced per file, never the values.
# ---------------------------------------------------------------------------------------------

# Rules, matched on the lower-cased line, spliced into the original:
#   key/value   token: x · --token=x · --password x · "password": "x" · \"secret\":\"x\" ·
#               DB_PASSWORD=x · auth = "x" (keys ending in password, secret, token, apikey,
#               credentials, client-key-data, private-key, ...)
#   env pairs   {"name":"DB_PASSWORD","value":"x"} on one line, or "key": "..." then "value": on
#               the next line (crictl inspect)
#   PEM         -----BEGIN ... PRIVATE KEY----- blocks (their base64 lines)
#   tokens      Bearer x · Authorization: Basic x · JWTs (eyJ...) · bootstrap tokens abcdef.0123456789abcdef
#   URLs        scheme://user:password@host
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
REDACT_AWK='
function splice(s, at, len, text) { return substr(s, 1, at - 1) text substr(s, at + len) }
# Sets VSTART/VLEN to the value at position p of lower-case line l, without its quotes.
function find_value(l, p,   rest) {
	rest = substr(l, p)
	if (substr(rest, 1, 2) == "\\\"") { match(substr(rest, 3), /^[^"\\]*/); VSTART = p + 2 }
	else if (substr(rest, 1, 1) == "\"") { match(substr(rest, 2), /^[^"]*/); VSTART = p + 1 }
	else if (substr(rest, 1, 1) == "\047") { match(substr(rest, 2), /^[^\047]*/); VSTART = p + 1 }
	else if (NODASH && substr(rest, 1, 1) == "-") return 0
	else if (URL) { if (!match(rest, /^[^\/ \t@"]+@/)) return 0; VSTART = p; RLENGTH-- }
	else { match(rest, /^[^ \t,;&"\047}\\]+/); VSTART = p }
	VLEN = RLENGTH
	return VLEN > 0 && substr(l, VSTART, VLEN) != "<redacted>"
}
# Replaces the value after every match of re (which ends where the value starts).
function redact_after(re,   pos, l, vp) {
	pos = 1
	while (pos <= length(line)) {
		l = tolower(line)
		if (!match(substr(l, pos), re)) return
		vp = pos + RSTART - 1 + RLENGTH
		if (find_value(l, vp)) {
			line = splice(line, VSTART, VLEN, R); N++
			pos = VSTART + length(R)
		} else pos = vp + 1
	}
}
# Replaces every whole match of re; with bounded, only where no [a-z0-9.] touches either end.
function redact_match(re, bounded,   pos, l, at, before, after) {
	pos = 1
	while (pos <= length(line)) {
		l = tolower(line)
		if (!match(substr(l, pos), re)) return
		at = pos + RSTART - 1
		before = at > 1 ? substr(l, at - 1, 1) : ""
		after = substr(l, at + RLENGTH, 1)
		if (bounded && (before ~ /[a-z0-9.]/ || after ~ /[a-z0-9.]/)) { pos = at + 1; continue }
		line = splice(line, at, RLENGTH, R); N++
		pos = at + length(R)
	}
}
BEGIN {
	R = "<redacted>"
	PEMBEGIN = "-----begin [a-z0-9 ]*private key-----"
	PEMEND = "-----end [a-z0-9 ]*private key-----"
	KEYS = "(password|passwd|secret|token|apikey|api_key|api-key|accesskey|access_key|access-key|secretkey|secret_key|privatekey|private_key|private-key|client-key-data|credential|credentials)"
	KEYNAME = "([a-z0-9_.-]*" KEYS "|auth)"
	SEP = "(\\\\?\")?[ \t]*[:=][ \t]*"
	KV = "(^|[^a-z0-9_.-])" KEYNAME SEP
	FLAG = "--[a-z0-9_.-]*" KEYS "[ \t]+"
	PAIR = "(name|key)(\\\\?\")?[ \t]*:[ \t]*(\\\\?\")?[a-z0-9_.-]*" KEYS "(\\\\?\")?[ \t]*,[ \t]*(\\\\?\")?value" SEP
	PAIRHEAD = "(name|key)\"?[ \t]*:[ \t]*\"?[a-z0-9_.-]*" KEYS "\"?,?[ \t]*$"
	PAIRVALUE = "^[ \t-]*\"?value\"?[ \t]*:[ \t]*"
	AN = "[a-z0-9]"
	BOOT = AN AN AN AN AN AN "\\." AN AN AN AN AN AN AN AN AN AN AN AN AN AN AN AN
	N = 0
}
# First pass (the file is read twice): which key blocks have an END line.
FNR == NR {
	l = tolower($0)
	if (l ~ PEMBEGIN && l !~ PEMEND) open = FNR
	else if (l ~ PEMEND && open) { closed[open] = 1; open = 0 }
	next
}
{
	line = $0
	l = tolower(line)
	# A key block with an END line is dropped whole. Without one, only its header lines
	# (Proc-Type, DEK-Info) and base64 lines are: any other line ends it.
	if (inpem) {
		if (l ~ PEMEND) { inpem = 0; print line; next }
		if (inpem == 3) next
		if (inpem == 1 && l ~ /^[a-z-]+: /) next
		if (l ~ /^[ \t]*$/) next
		if (l ~ /^[ \t]*[a-z0-9+\/=]+[ \t]*$/) { inpem = 2; next }
		inpem = 0
	}
	if (l ~ PEMBEGIN && l !~ PEMEND) {
		print line; print R; N++; inpem = closed[FNR] ? 3 : 1; next
	}
	if (pending && l ~ PAIRVALUE) redact_after(PAIRVALUE)
	pending = (l ~ PAIRHEAD)
	redact_match("-----begin [a-z0-9 ]*private key-----.*-----end [a-z0-9 ]*private key-----", 0)
	redact_after(PAIR)
	redact_after(KV)
	NODASH = 1; redact_after(FLAG); NODASH = 0
	redact_after("bearer[ \t]+")
	redact_after("authorization[ \t]*[:=][ \t]*\"?basic[ \t]+")
	redact_match("eyj[a-z0-9_-]+\\.eyj[a-z0-9_-]+\\.[a-z0-9_-]+", 0)
	redact_match(BOOT, 1)
	URL = 1; redact_after("://[^/ \t:@\"]+:"); URL = 0
	print line
}
END { print N > ENVIRON["PM_REDACT_COUNT"] }
'

# redact_file FILE PATH: redacts FILE in place and adds PATH's count to the manifest.
redact_file() {
	PM_REDACT_COUNT=$WORK/redact-count
	export PM_REDACT_COUNT
	echo 0 >"$PM_REDACT_COUNT"
	# Under the time limit, like every command: a pathological line must not hang the run.
	if run_limited "$OPT_TIMEOUT" "$WORK/redact-errors" "$1.redacted" awk "$REDACT_AWK" "$1" "$1" && [ ! -e "$WORK/timed-out" ]; then
		mv "$1.redacted" "$1"
	else
		# Unredacted text must not reach the bundle: drop it and say so.
		: >"$1"
		rm -f "$1.redacted"
		warn "redaction failed or ran over $OPT_TIMEOUT s for $2: its content was dropped"
		echo 1 >"$PM_REDACT_COUNT"
	fi
	read -r _rf_count <"$PM_REDACT_COUNT"
	if [ "${_rf_count:-0}" != 0 ]; then
		printf '%s\t%s\n' "$2" "$_rf_count" >>"$WORK/redactions"
	fi
}
