
# ---------------------------------------------------------------------------------------------
# manifest.json, rendered once at the end by awk from tab-separated records. It must be valid
# JSON whatever a command printed into a note: quotes, backslashes and control characters are
# escaped, bytes that are not UTF-8 become U+FFFD.
# ---------------------------------------------------------------------------------------------

# shellcheck disable=SC2016 # a program for sh or awk, expanded there
MANIFEST_AWK='
function utf8len(s, i, n,   b, k, lo, hi, j, c) {
	b = ORD[substr(s, i, 1)]
	if (b >= 194 && b <= 223) { k = 2; lo = 128; hi = 191 }
	else if (b == 224) { k = 3; lo = 160; hi = 191 }
	else if (b == 237) { k = 3; lo = 128; hi = 159 }
	else if (b >= 225 && b <= 239) { k = 3; lo = 128; hi = 191 }
	else if (b == 240) { k = 4; lo = 144; hi = 191 }
	else if (b >= 241 && b <= 243) { k = 4; lo = 128; hi = 191 }
	else if (b == 244) { k = 4; lo = 128; hi = 143 }
	else return 0
	if (i + k - 1 > n) return 0
	c = ORD[substr(s, i + 1, 1)]
	if (c < lo || c > hi) return 0
	for (j = 2; j < k; j++) { c = ORD[substr(s, i + j, 1)]; if (c < 128 || c > 191) return 0 }
	return k
}
function jstr(s,   out, i, n, c, o, k) {
	if (index(s, "\"") == 0 && index(s, "\\") == 0 && s !~ SPECIAL) return "\"" s "\""
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		o = ORD[c] + 0
		if (c == "\"") out = out "\\\""
		else if (c == "\\") out = out "\\\\"
		else if (o < 32 || o == 127) out = out sprintf("\\u%04x", o)
		else if (o < 128) out = out c
		else if ((k = utf8len(s, i, n)) > 0) { out = out substr(s, i, k); i += k - 1 }
		else out = out "\\ufffd"
	}
	return "\"" out "\""
}
function jstrnull(s) { return s == "" ? "null" : jstr(s) }
function jnum(s) { return s ~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/ ? s : "null" }
BEGIN {
	FS = "\t"
	SPECIAL = "["
	for (i = 1; i < 256; i++) {
		c = sprintf("%c", i)
		ORD[c] = i
		if (i < 32 || i >= 127) SPECIAL = SPECIAL c
	}
	SPECIAL = SPECIAL "]"
}
FILENAME == ARGV[1] { META[$1] = substr($0, length($1) + 2); next }
FILENAME == ARGV[2] {
	ITEMS[++NITEMS] = sprintf("{\"path\": %s, \"what\": %s, \"status\": %s, \"exitCode\": %s, \"bytes\": %s, \"durationMs\": %s, \"note\": %s}", \
		jstr($1), jstr($2), jstr($3), jnum($4), jnum($5), jnum($6), jstrnull($7))
	next
}
FILENAME == ARGV[3] { if ($2 ~ /^[0-9]+$/) REDACTIONS[++NRED] = sprintf("{\"path\": %s, \"count\": %s}", jstr($1), $2); next }
FILENAME == ARGV[4] { if ($0 != "") MISSING[++NMISS] = jstr($0); next }
FILENAME == ARGV[5] {
	PODS[++NPODS] = sprintf("{\"container\": %s, \"round\": %s, \"keptBytes\": %s, \"logBytes\": %s, \"files\": %s, \"keptFiles\": %s, \"note\": %s}", \
		jstr($1), jstr($2), jnum($3), jnum($4), jnum($5), jnum($6), jstrnull($7))
	next
}
END {
	printf "{\n  \"format\": \"podmortem-bundle\",\n  \"formatVersion\": 1,\n"
	printf "  \"collector\": {\"name\": %s, \"version\": %s},\n", jstr(META["collectorName"]), jstr(META["collectorVersion"])
	printf "  \"node\": %s,\n", jstrnull(META["node"])
	printf "  \"collection\": {\"start\": %s, \"end\": %s, \"since\": %s, \"mode\": %s, \"root\": %s, ", \
		jstrnull(META["start"]), jstrnull(META["end"]), jstrnull(META["since"]), jstrnull(META["mode"]), jstrnull(META["root"])
	printf "\"budgetBytes\": %s, \"usedBytes\": %s, \"redact\": %s, \"modeNote\": %s},\n", \
		jnum(META["budgetBytes"]), jnum(META["usedBytes"]), (META["redact"] == "1" ? "true" : "false"), jstrnull(META["modeNote"])
	printf "  \"anchors\": {\"wallClockUtc\": %s, \"uptimeSeconds\": %s, \"btime\": %s, \"bootId\": %s, \"timezone\": %s, \"utcOffset\": %s},\n", \
		jstrnull(META["wallClockUtc"]), jnum(META["uptimeSeconds"]), jnum(META["btime"]), jstrnull(META["bootId"]), jstrnull(META["timezone"]), jstrnull(META["utcOffset"])
	printf "  \"items\": ["
	for (i = 1; i <= NITEMS; i++) printf "%s\n    %s", (i > 1 ? "," : ""), ITEMS[i]
	printf "%s],\n  \"missingTools\": [", (NITEMS ? "\n  " : "")
	for (i = 1; i <= NMISS; i++) printf "%s%s", (i > 1 ? ", " : ""), MISSING[i]
	printf "],\n  \"redactions\": ["
	for (i = 1; i <= NRED; i++) printf "%s\n    %s", (i > 1 ? "," : ""), REDACTIONS[i]
	printf "%s],\n  \"podLogs\": [", (NRED ? "\n  " : "")
	for (i = 1; i <= NPODS; i++) printf "%s\n    %s", (i > 1 ? "," : ""), PODS[i]
	printf "%s]\n}\n", (NPODS ? "\n  " : "")
}
'

# meta KEY VALUE: one scalar for the manifest (values are one line).
meta() {
	printf '%s\t%s\n' "$1" "$(one_line "$2")" >>"$WORK/meta"
}

# write_manifest FILE: the manifest from everything recorded so far.
write_manifest() {
	: >>"$WORK/items"
	: >>"$WORK/redactions"
	: >>"$WORK/missing-tools"
	: >>"$WORK/pod-containers"
	awk "$MANIFEST_AWK" "$WORK/meta" "$WORK/items" "$WORK/redactions" "$WORK/missing-tools" "$WORK/pod-containers" >"$1"
}
