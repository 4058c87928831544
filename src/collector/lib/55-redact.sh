
# ---------------------------------------------------------------------------------------------
# Redaction at collection: secrets never reach the bundle. REDACT_AWK is the rule set, run by
# redact_file (56-redact-file.sh) over every item. The manifest keeps how many values were
# replaced per file, never the values.
# ---------------------------------------------------------------------------------------------

# Rules. Key names are matched on the lower-cased line, env names case-sensitively; the value
# is spliced out of the original line:
#   key/value   token: x · --token=x · --password x · "password": "x" · \"secret\":\"x\" ·
#               auth = "x" (keys ending in password, passwd, passphrase, secret, token, apikey,
#               credential(s), client-key-data, private-key, ...)
#   env names   DB_PASS=x · GH_PAT: x · "API_TOKEN=x" (see ENVNAME)
#   env pairs   {"name":"DB_PASSWORD","value":"x"} on one line, or "key": "GH_PAT" / name: then
#               "value": on the next line (crictl inspect, pod specs)
#   argv        --token alone on its line, the value on the next (/proc cmdline dumps, YAML
#               `args:` lists `- --token` / `- x`, JSON arrays); ["--token","x"] · [--token, x]
#   YAML blocks token: | · password: >- · key: |2+ : every more indented (or blank) line after
#               it is the value
#   headers     Authorization: Basic x · "Authorization": "Bearer x" · -H 'Authorization: x' ·
#               Bearer x (the scheme is kept, the credentials go)
#   PEM         -----BEGIN ... PRIVATE KEY----- blocks (their base64 lines)
#   tokens      JWTs (eyJ...) · bootstrap tokens abcdef.0123456789abcdef
#   URLs        scheme://user:password@host
# Linear time: a rule that matches a line marks where its values start with one gsub (a newline
# never occurs inside a line, so it is a safe mark), splits there, fixes each piece once, and
# joins the pieces pairwise. Nothing rescans the line per match.
#
# ENVNAME: an upper-case env name with one `_`-separated word that names a secret: *PASS,
# PASSWORD, PASSWD, PASSPHRASE, *TOKEN, *SECRET, *KEY, *CRED, CREDENTIAL (each with an optional
# S), or exactly PAT. Why this shape: upper case only, so lower-case config keys and JSON fields
# such as "key": "memory.max", oom_score_adj or memory.events are never taken for env names;
# whole words, so PATH, PATCH, PATTERN, KEYBOARD, PASSIVE or PASSTHROUGH are not secrets
# while GH_PAT, DB_PASS, SSH_KEY, AWS_SECRET_ACCESS_KEY, API_TOKEN_FILE are. The price is a
# few harmless hits (BYPASS, MONKEY): their values are replaced too.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
REDACT_AWK='
function splice(s, at, len, text) { return substr(s, 1, at - 1) text substr(s, at + len) }
function set_line(s) { line = s; l = tolower(s) }
# Joins Q[1..n] pairwise: O(total length x log n), where a left-to-right join is quadratic.
function joined(Q, n,   step, i) {
	for (step = 1; step < n; step *= 2)
		for (i = 1; i + step <= n; i += 2 * step) Q[i] = Q[i] Q[i + step]
	return n ? Q[1] : ""
}
# Sets VSTART/VLEN to the value at the start of s (after a key), without its quotes. mode:
# nodash (a value starting with - is the next flag), url (user:password@), rest (a whole line).
# A bare value never opens an object or a list ("authorization": { is the kubelet section).
function find_value(s, mode,   skip) {
	# A list (TOML, flow YAML, JSON): its first element is the value.
	if (mode != "url" && substr(s, 1, 1) == "[") {
		match(s, /^\[[ \t]*/); skip = RLENGTH
		if (!find_value(substr(s, skip + 1), mode)) return 0
		VSTART += skip
		return 1
	}
	if (mode == "url") { if (!match(s, /^[^\/ \t@"]+@/)) return 0; VSTART = 1; VLEN = RLENGTH - 1 }
	else if (substr(s, 1, 2) == "\\\"") { match(s, /^\\"[^"\\]*/); VSTART = 3; VLEN = RLENGTH - 2 }
	else if (substr(s, 1, 1) == "\"") { match(s, /^"[^"]*/); VSTART = 2; VLEN = RLENGTH - 1 }
	else if (substr(s, 1, 1) == "\047") { match(s, /^\047[^\047]*/); VSTART = 2; VLEN = RLENGTH - 1 }
	else if (mode == "nodash" && substr(s, 1, 1) == "-") return 0
	else if (mode == "rest") { if (!match(s, /^.*[^ \t,]/)) return 0; VSTART = 1; VLEN = RLENGTH }
	else { match(s, /^[^][{} \t,;&"\047\\]+/); VSTART = 1; VLEN = RLENGTH }
	return VLEN > 0 && substr(s, VSTART, VLEN) != R
}
# Replaces the value after every match of re (which ends where a value starts); cs matches the
# original line instead of the lower-cased one.
function redact_after(re, mode, cs,   t, n, i, P, Q, pos, k) {
	t = cs ? line : l
	if (!gsub(re, "&\n", t)) return
	n = split(t, P, "\n")
	pos = 1
	for (i = 1; i <= n; i++) {
		k = length(P[i]); Q[i] = substr(line, pos, k); pos += k
		if (i > 1 && find_value(P[i], mode)) { Q[i] = splice(Q[i], VSTART, VLEN, R); N++ }
	}
	set_line(joined(Q, n))
}
# Replaces every whole match of re; with bounded, only where no [a-z0-9.] touches either end.
function redact_match(re, bounded,   t, n, i, P, Q, pos, k, before, after) {
	t = l
	if (!gsub(re, "\n&\n", t)) return
	n = split(t, P, "\n")
	pos = 1
	for (i = 1; i <= n; i++) { k = length(P[i]); Q[i] = substr(line, pos, k); pos += k }
	for (i = 2; i < n; i += 2) {
		before = P[i - 1] == "" ? (i > 2 ? "x" : "") : substr(P[i - 1], length(P[i - 1]), 1)
		after = P[i + 1] == "" ? (i + 1 < n ? "x" : "") : substr(P[i + 1], 1, 1)
		if (bounded && (before ~ /[a-z0-9.]/ || after ~ /[a-z0-9.]/)) continue
		Q[i] = R; N++
	}
	set_line(joined(Q, n))
}
# A cheap first look: a line with none of these words (or a bootstrap token) is left alone.
# A regex literal, because busybox awk compiles a regex held in a string at every use. pat as
# a word only (GH_PAT, PAT_X), so every path= line is not looked at twice.
function hinted() {
	return l ~ /pass|secret|token|key|cred|auth|bearer|eyj|:\/\/|private|(^|[^a-z0-9])pat([^a-z0-9]|$)|[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]\.[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]/
}
# The rules that need no other line. Each is tried only where a literal regex finds what it
# needs (busybox awk compiles a rule held in a string at every use: about 1 ms a line).
function redact_line() {
	if (!hinted()) return
	if (l ~ /private key/) redact_match(PEMLINE, 0)
	if (l ~ /value/) { redact_after(PAIR); redact_after(ENVPAIR, "", 1) }
	if (l ~ /(pass|secret|token|key|cred|auth|pat)[a-z0-9_.-]*(\\?")?[ \t]*[:=]/) {
		redact_after(KV)
		redact_after(ENVKV, "", 1)
		redact_after(AUTH)
	}
	if (l ~ /--[a-z0-9_.-]*(pass|secret|token|key|cred)/) { redact_after(FLAG, "nodash"); redact_after(FLAGQ, "nodash") }
	if (l ~ /bearer/) redact_after("bearer[ \t]+")
	if (l ~ /eyj/) redact_match(JWT, 0)
	if (l ~ /[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]\.[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]/) redact_match(BOOT, 1)
	if (l ~ /:\/\//) redact_after(URL, "url")
}
BEGIN {
	R = "<redacted>"
	KEYS = "(password|passwd|passphrase|secret|token|apikey|api_key|api-key|accesskey|access_key|access-key|secretkey|secret_key|privatekey|private_key|private-key|client-key-data|credential|credentials)"
	KEYNAME = "([a-z0-9_.-]*" KEYS "|auth)"
	Q = "(\\\\?\")?"
	SEP = Q "[ \t]*[:=][ \t]*"
	KV = "(^|[^a-z0-9_.-])" KEYNAME SEP
	ENVNAME = "([A-Z0-9]+_)*([A-Z0-9]*(PASS|PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|KEY|CRED|CREDENTIAL)S?|PAT)(_[A-Z0-9]+)*"
	ENVKV = "(^|[^A-Za-z0-9_.-])" ENVNAME SEP
	FLAG = "--[a-z0-9_.-]*" KEYS "[ \t]+"
	FLAGQ = "--[a-z0-9_.-]*" KEYS "(\\\\?\"|\047)?[ \t]*,[ \t]*"
	ARGFLAG = "^[ \t]*(-[ \t]+)?(\\\\?\"|\047)?--?[a-z0-9_.-]*" KEYS "(\\\\?\"|\047)?,?[ \t]*$"
	AUTH = "authorization" SEP "(\\[[ \t]*)?(\\\\?\"|\047)?([a-z][a-z0-9_-]*[ \t]+)?"
	PAIR = "[nk][ae][my]e?" Q "[ \t]*:[ \t]*" Q "[a-z0-9_.-]*" KEYS Q "[ \t]*,[ \t]*" Q "value" SEP
	# name or key in any case; a leading group of alternatives makes gsub quadratic in mawk.
	NAMEKEY = "[NnKk][AaEe][MmYy][Ee]?"
	ENVPAIR = NAMEKEY Q "[ \t]*:[ \t]*" Q ENVNAME Q "[ \t]*,[ \t]*" Q "[Vv]alue" SEP
	PAIRHEAD = "[nk][ae][my]e?\"?[ \t]*:[ \t]*\"?[a-z0-9_.-]*" KEYS "\"?,?[ \t]*$"
	ENVPAIRHEAD = NAMEKEY "\"?[ \t]*:[ \t]*\"?" ENVNAME "\"?,?[ \t]*$"
	PAIRVALUE = "^[ \t-]*\"?value\"?[ \t]*:[ \t]*"
	BLOCKHEAD = "[|>][-+0-9]*[ \t]*(#.*)?$"
	PEMBEGIN = "-----begin [a-z0-9 ]*private key-----"
	PEMEND = "-----end [a-z0-9 ]*private key-----"
	PEMLINE = PEMBEGIN ".*" PEMEND
	JWT = "eyj[a-z0-9_-]+\\.eyj[a-z0-9_-]+\\.[a-z0-9_-]+"
	AN = "[a-z0-9]"
	BOOT = AN AN AN AN AN AN "\\." AN AN AN AN AN AN AN AN AN AN AN AN AN AN AN AN
	URL = "://[^/ \t:@\"]+:"
	N = 0; BLOCK = -1
	if (JOURNAL) for (i = 1; i < 256; i++) ORD[sprintf("%c", i)] = i
}
'
